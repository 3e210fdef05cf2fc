/**
 * Removes credentials from text that leaves the server (tool results, log lines).
 *
 * Two layers: the exact credentials a call used (known secrets, collected by the auth
 * middleware), and anything shaped like one (a JWT, `Bearer …`/`Basic …`, an
 * Authorization value, an access_token/refresh_token/client_secret field). Upstreams echo
 * both in debug and validation errors. Patterns are compiled once; known secrets are
 * looked for with `includes` before anything is replaced.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1 (b64token)
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-3 (JWS compact serialization)
 */

export const REDACTED = '[REDACTED]';

/** Where the auth middleware reports each credential it attaches (a Set will do). */
export interface SecretSink {
  add(secret: string): unknown;
}

/** Shorter known secrets are not searched for: they would match ordinary text. */
const MIN_SECRET_CHARS = 8;
/** A credential-shaped value after `Bearer`/`Basic` or `token=` is at least this long. */
const MIN_SHAPED_CHARS = 16;

const QUOTED = String.raw`"(?:[^"\\]|\\.)*"|'[^'\\]*'`;
type Rule = [RegExp, (match: string, ...groups: string[]) => string];

const redactValue = (_m: string, q: string, key: string, sep: string, value: string): string =>
  `${q}${key}${q}${sep}${value.startsWith('"') ? `"${REDACTED}"` : value.startsWith("'") ? `'${REDACTED}'` : REDACTED}`;

const RULES: readonly Rule[] = [
  // Header-like keys whose whole value is a credential: `Authorization: Bearer x`, JSON or form.
  [
    new RegExp(String.raw`(["']?)\b((?:proxy-)?authorization|cookie|set-cookie|x-api-key|api[-_]?key)\1(\s*[:=]\s*)(${QUOTED}|[^\s"'\\,;&][^\r\n"'\\,;&]*)`, 'gi'),
    redactValue,
  ],
  // OAuth fields: quoted values whatever their length, bare ones when credential-shaped.
  [
    new RegExp(String.raw`(["']?)\b((?:access|refresh|id)_token|client_secret|password|secret|token)\1(\s*[:=]\s*)(${QUOTED}|[\w\-.~+/%]{${MIN_SHAPED_CHARS},}=*)`, 'gi'),
    redactValue,
  ],
  [new RegExp(String.raw`\b(Bearer|Basic)(\s+)[\w\-.~+/]{${MIN_SHAPED_CHARS},}=*`, 'gi'), (_m, scheme, space) => `${scheme}${space}${REDACTED}`],
  [/\beyJ[\w-]{4,}(?:\.[\w-]*){2,4}/g, () => REDACTED],
];

/** The call's own credentials, and anything credential-shaped, replaced by `[REDACTED]`. */
export function scrubSecrets(text: string, knownSecrets: Iterable<string> = []): string {
  let out = scrubKnownSecrets(text, knownSecrets);
  for (const [pattern, replace] of RULES) {
    pattern.lastIndex = 0;
    out = out.replace(pattern, replace);
  }
  return out;
}

/**
 * Only the given credentials (also URL-encoded), for texts where token-shaped data may be
 * legitimate (a successful response): cheap when nothing matches.
 */
export function scrubKnownSecrets(text: string, knownSecrets: Iterable<string>): string {
  return replaceForms(text, formsOf(knownSecrets));
}

/**
 * `value` with every string holding a known secret scrubbed; the same reference when none
 * does. The secrets' forms are worked out once for the whole value, not once per string.
 */
export function scrubKnownSecretsDeep<T>(value: T, knownSecrets: ReadonlySet<string>): T {
  if (knownSecrets.size === 0) return value;
  const forms = formsOf(knownSecrets);
  return walk(value, (s) => replaceForms(s, forms)) as T;
}

function replaceForms(text: string, forms: readonly string[]): string {
  let out = text;
  for (const form of forms) {
    if (out.includes(form)) out = out.replaceAll(form, REDACTED);
  }
  return out;
}

function walk(value: unknown, scrub: (s: string) => string): unknown {
  if (typeof value === 'string') return scrub(value);
  if (Array.isArray(value)) {
    const items = value.map((v) => walk(v, scrub));
    return items.some((v, i) => v !== value[i]) ? items : value;
  }
  if (typeof value === 'object' && value !== null) {
    let changed = false;
    const copy: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) {
      copy[key] = walk(v, scrub);
      changed ||= copy[key] !== v;
    }
    return changed ? copy : value;
  }
  return value;
}

/**
 * The forms of the last set of secrets seen, for as long as it holds the same number of
 * them (a call's set only grows: a refresh adds a token): one set is scrubbed from several
 * strings and results per call.
 */
let lastSet: { set: ReadonlySet<string>; size: number; forms: string[] } | undefined;

/** Each secret and its URL-encoded form, longest first (so a secret inside another goes with it). */
function formsOf(knownSecrets: Iterable<string>): string[] {
  if (knownSecrets instanceof Set) {
    if (lastSet?.set === knownSecrets && lastSet.size === knownSecrets.size) return lastSet.forms;
    const forms = computeForms(knownSecrets);
    lastSet = { set: knownSecrets, size: knownSecrets.size, forms };
    return forms;
  }
  return computeForms(knownSecrets);
}

function computeForms(knownSecrets: Iterable<string>): string[] {
  const forms = new Set<string>();
  for (const secret of knownSecrets) {
    if (secret.length < MIN_SECRET_CHARS) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
  }
  return [...forms].sort((a, b) => b.length - a.length);
}
