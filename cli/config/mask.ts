/**
 * Secrets out of anything printed: every value under a secret-named key becomes `****`
 * (whole, not a tail: a tail narrows a guess), a URL's user:password too, and any other
 * string that repeats a masked value (one `${VAR}` used under two keys) loses it.
 */

const MASK = '****';

/** clientSecret, accessToken, refreshToken, staticToken, encryptionKeys, password, token, secret, … */
const SECRET_KEY = /^(token|secret|password|encryptionKeys)$|(Secret|Token|Password|Keys)$/;

export function maskSecrets<T>(value: T): T {
  const secrets = new Set<string>();
  const masked = walk(value, undefined, secrets);
  // Longest first, so a secret containing another is removed whole.
  const known = [...secrets].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  return scrub(masked, known) as T;
}

function walk(value: unknown, key: string | undefined, secrets: Set<string>): unknown {
  if (key !== undefined && SECRET_KEY.test(key) && value !== undefined && value !== null && typeof value !== 'object') {
    secrets.add(String(value));
    return MASK;
  }
  if (Array.isArray(value)) return value.map((v) => walk(v, key, secrets));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k, secrets)]));
  }
  if (typeof value === 'string') return maskUserinfo(value, secrets);
  return value;
}

/** `redis://user:pass@host` -> `redis://****@host`. */
function maskUserinfo(text: string, secrets: Set<string>): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)([^/@\s]+)@/i, (_m, scheme: string, userinfo: string) => {
    const password = userinfo.split(':').slice(1).join(':');
    if (password) secrets.add(password);
    return `${scheme}${MASK}@`;
  });
}

function scrub(value: unknown, known: readonly string[]): unknown {
  if (typeof value === 'string') return known.reduce((text, secret) => text.split(secret).join(MASK), value);
  if (Array.isArray(value)) return value.map((v) => scrub(v, known));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, known)]));
  return value;
}
