/**
 * Who signed in, for the local user key `${issuer}#${sub}`: the access token's `sub` when
 * it is a JWT, else the ID token's, else the userinfo endpoint's, else "local". The
 * tokens come straight from the token endpoint over TLS (or loopback), so reading their
 * claims without verifying a signature only names the user; it grants nothing.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation (TLS in place of signature checks, code flow)
 */
import { decodeJwt } from 'jose';

export const UNKNOWN_SUBJECT = 'local';

export async function subjectOf(tokens: { accessToken: string; idToken?: string }, userinfoUrl: string | undefined): Promise<string> {
  for (const token of [tokens.accessToken, tokens.idToken]) {
    const sub = token ? claimSub(token) : undefined;
    if (sub) return sub;
  }
  if (userinfoUrl) {
    try {
      const res = await fetch(userinfoUrl, {
        headers: { authorization: `Bearer ${tokens.accessToken}`, accept: 'application/json' },
        redirect: 'error',
        signal: AbortSignal.timeout(10_000),
      });
      const body: unknown = res.ok ? await res.json() : undefined;
      const sub = (body as { sub?: unknown } | undefined)?.sub;
      if (typeof sub === 'string' && sub !== '') return sub;
    } catch {
      // No name from userinfo: fall through to the default.
    }
  }
  return UNKNOWN_SUBJECT;
}

function claimSub(token: string): string | undefined {
  try {
    const sub = decodeJwt(token).sub;
    return typeof sub === 'string' && sub !== '' ? sub : undefined;
  } catch {
    return undefined;
  }
}
