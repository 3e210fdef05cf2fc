/**
 * Verifies opaque (or any) tokens by RFC 7662 introspection: the authorization server
 * says whether the token is active; we still check issuer, audience, exp and nbf. Answers
 * are cached briefly per token (never past its expiry) so a burst costs one round trip.
 * @see https://www.rfc-editor.org/rfc/rfc7662#section-2
 */
import { createHash } from 'node:crypto';
import { InboundAuthError } from './errors.ts';
import { scopesOf, userKeyOf, type TokenVerifier, type VerifiedCaller } from './types.ts';

export interface IntrospectionVerifierOptions {
  issuer: string;
  audience: string;
  url: string;
  clientId: string;
  clientSecret?: string;
  clockToleranceSec?: number;
  timeoutMs?: number;
  /** How long an active answer is reused; default 30 s. */
  cacheMs?: number;
  /** Entries kept; default 10,000. */
  maxEntries?: number;
}

interface Introspected {
  active?: unknown;
  sub?: unknown;
  aud?: unknown;
  iss?: unknown;
  scope?: unknown;
  exp?: unknown;
  nbf?: unknown;
  client_id?: unknown;
}

export function createIntrospectionVerifier(options: IntrospectionVerifierOptions): TokenVerifier {
  const cache = new Map<string, { caller: VerifiedCaller; until: number }>();
  const tolerance = options.clockToleranceSec ?? 30;
  const authorization = `Basic ${Buffer.from(`${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret ?? '')}`).toString('base64')}`;

  return {
    async verify(token) {
      const key = createHash('sha256').update(token).digest('base64url');
      const hit = cache.get(key);
      if (hit && hit.until > Date.now()) return hit.caller;
      if (hit) cache.delete(key);
      const answer = await introspect(token);
      const caller = check(answer, token);
      const until = Math.min(Date.now() + (options.cacheMs ?? 30_000), caller.expiresAt * 1000);
      if (cache.size >= (options.maxEntries ?? 10_000)) {
        const oldest = cache.keys().next();
        if (!oldest.done) cache.delete(oldest.value);
      }
      cache.set(key, { caller, until });
      return caller;
    },
  };

  async function introspect(token: string): Promise<Introspected> {
    let response: Response;
    try {
      response = await fetch(options.url, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({ token, token_type_hint: 'access_token' }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
      });
    } catch {
      throw new InboundAuthError('unavailable', 'The token introspection endpoint could not be reached.');
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw new InboundAuthError('unavailable', 'The token introspection endpoint did not answer.');
    }
    const body = (await response.json().catch(() => undefined)) as Introspected | undefined;
    if (!body || typeof body !== 'object') throw new InboundAuthError('unavailable', 'The token introspection answer was not JSON.');
    return body;
  }

  function check(answer: Introspected, token: string): VerifiedCaller {
    if (answer.active !== true) throw new InboundAuthError('invalid_token', 'The token is not active.');
    const now = Date.now() / 1000;
    if (answer.iss !== undefined && answer.iss !== options.issuer) throw new InboundAuthError('invalid_token', 'The token\'s "iss" claim is not acceptable here.');
    const audiences = typeof answer.aud === 'string' ? [answer.aud] : Array.isArray(answer.aud) ? answer.aud : [];
    if (!audiences.includes(options.audience)) throw new InboundAuthError('invalid_token', 'The token\'s "aud" claim is not acceptable here.');
    if (typeof answer.exp !== 'number') throw new InboundAuthError('invalid_token', 'The token has no expiry.');
    if (answer.exp + tolerance <= now) throw new InboundAuthError('invalid_token', 'The token has expired.');
    if (typeof answer.nbf === 'number' && answer.nbf - tolerance > now) throw new InboundAuthError('invalid_token', 'The token is not valid yet.');
    if (typeof answer.sub !== 'string' || answer.sub === '') throw new InboundAuthError('invalid_token', 'The token names no subject.');
    return {
      issuer: options.issuer,
      subject: answer.sub,
      userKey: userKeyOf(options.issuer, answer.sub),
      scopes: scopesOf(answer.scope),
      ...(typeof answer.client_id === 'string' ? { clientId: answer.client_id } : {}),
      expiresAt: answer.exp,
      token,
    };
  }
}
