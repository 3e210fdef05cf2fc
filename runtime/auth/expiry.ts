/**
 * Expiry math for access tokens, kept pure so it can be tested with fake clocks.
 *
 * Expiry comes from, in order: the explicit `expiresAt` (e.g. from `expires_in`), the JWT
 * `exp` claim (decoded, not verified: the upstream verifies, we only schedule), or
 * `defaultTtlMs` after the token was stored.
 *
 * A token is refreshed `bufferMs` (default 5 min) before it expires, but the buffer is
 * capped at `maxBufferFraction` (default 1/4) of the token's lifetime: a 60 s token is
 * refreshed 15 s before expiry, not at once and forever in a loop. The lifetime runs from
 * the JWT `iat` when there is one, else from when we stored the token.
 */
// The one function, not jose's index (~45 modules at start-up for a decode).
import { decodeJwt } from 'jose/jwt/decode';
import type { UserTokens } from './types.ts';

export interface ExpiryPolicy {
  /** Refresh this long before expiry; default 5 minutes. */
  bufferMs: number;
  /** The buffer never exceeds this fraction of the token's lifetime; default 0.25. */
  maxBufferFraction: number;
  /** Lifetime assumed when neither `expiresAt` nor a JWT `exp` says; default 1 hour. */
  defaultTtlMs: number;
}

export const DEFAULT_EXPIRY_POLICY: Readonly<ExpiryPolicy> = Object.freeze({
  bufferMs: 5 * 60_000,
  maxBufferFraction: 0.25,
  defaultTtlMs: 60 * 60_000,
});

/** When a token was issued and when it expires, epoch milliseconds. */
export interface TokenTimes {
  issuedAt: number;
  expiresAt: number;
}

/** Resolves a token's issue and expiry times at the moment it is stored (`storedAt`). */
export function resolveTokenTimes(
  tokens: Pick<UserTokens, 'accessToken' | 'expiresAt'>,
  storedAt: number,
  policy: Pick<ExpiryPolicy, 'defaultTtlMs'>,
): TokenTimes {
  const claims = jwtTimes(tokens.accessToken);
  const expiresAt = isFiniteNumber(tokens.expiresAt)
    ? tokens.expiresAt
    : (claims.exp ?? storedAt + policy.defaultTtlMs);
  // A future `iat` (clock skew) would shorten the lifetime; we never start later than now.
  const issuedAt = claims.iat !== undefined ? Math.min(claims.iat, storedAt) : storedAt;
  return { issuedAt, expiresAt };
}

/** The instant from which the token should be refreshed rather than used. */
export function refreshDueAt(times: TokenTimes, policy: Pick<ExpiryPolicy, 'bufferMs' | 'maxBufferFraction'>): number {
  const lifetime = Math.max(0, times.expiresAt - times.issuedAt);
  const buffer = Math.min(policy.bufferMs, lifetime * policy.maxBufferFraction);
  return times.expiresAt - buffer;
}

/** True when the token is expired or inside its refresh buffer at `now`. */
export function isRefreshDue(
  times: TokenTimes,
  now: number,
  policy: Pick<ExpiryPolicy, 'bufferMs' | 'maxBufferFraction'>,
): boolean {
  return now >= refreshDueAt(times, policy);
}

/** `exp` and `iat` of a JWT in epoch ms; empty for opaque tokens. */
export function jwtTimes(token: string): { exp?: number; iat?: number } {
  if (token.split('.').length !== 3) return {};
  try {
    const claims = decodeJwt(token);
    const out: { exp?: number; iat?: number } = {};
    if (isFiniteNumber(claims.exp)) out.exp = claims.exp * 1000;
    if (isFiniteNumber(claims.iat)) out.iat = claims.iat * 1000;
    return out;
  } catch {
    return {};
  }
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
