/**
 * Verifies JWT access tokens against the issuer's JWKS (jose): signature, `iss`, `aud`,
 * `exp` and `nbf` with a small clock tolerance. Keys are cached; a token signed with an
 * unknown `kid` makes jose fetch the JWKS again, at most once per cooldown, so a flood of
 * made-up kids cannot hammer the authorization server.
 * @see https://www.rfc-editor.org/rfc/rfc9068 (JWT profile for access tokens)
 * @see https://modelcontextprotocol.io/specification/2025-06-18/basic/authorization#token-handling
 */
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import { discoverJwksUri } from './discovery.ts';
import { InboundAuthError } from './errors.ts';
import { scopesOf, userKeyOf, type TokenVerifier, type VerifiedCaller } from './types.ts';

export interface JwtVerifierOptions {
  issuer: string;
  audience: string;
  /** Default: discovered from the issuer's metadata. */
  jwksUri?: string;
  clockToleranceSec?: number;
  /** Minimum time between JWKS refetches for unknown kids; default 30 s. */
  cooldownMs?: number;
  timeoutMs?: number;
}

export function createJwtVerifier(options: JwtVerifierOptions): TokenVerifier {
  let keys: ReturnType<typeof createRemoteJWKSet> | undefined;
  let pending: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;

  async function keySet(): Promise<ReturnType<typeof createRemoteJWKSet>> {
    if (keys) return keys;
    // Discovery once; a failure is retried on the next request (the server stays up).
    pending ??= (async () => {
      const uri = options.jwksUri ?? (await discoverJwksUri(options.issuer, options.timeoutMs));
      keys = createRemoteJWKSet(new URL(uri), {
        cooldownDuration: options.cooldownMs ?? 30_000,
        timeoutDuration: options.timeoutMs ?? 5_000,
      });
      return keys;
    })().finally(() => {
      pending = undefined;
    });
    return pending;
  }

  return {
    async verify(token) {
      let jwks: ReturnType<typeof createRemoteJWKSet>;
      try {
        jwks = await keySet();
      } catch {
        throw new InboundAuthError('unavailable', 'The authorization server could not be reached to verify the token.');
      }
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, jwks, {
          issuer: options.issuer,
          audience: options.audience,
          clockTolerance: options.clockToleranceSec ?? 30,
          requiredClaims: ['exp', 'sub'],
        }));
      } catch (error) {
        throw classify(error);
      }
      return callerOf(payload, token, options.issuer);
    },
  };
}

function callerOf(payload: JWTPayload, token: string, issuer: string): VerifiedCaller {
  const subject = payload.sub as string;
  const clientId = typeof payload.client_id === 'string' ? payload.client_id : typeof payload.azp === 'string' ? payload.azp : undefined;
  return {
    issuer,
    subject,
    userKey: userKeyOf(issuer, subject),
    scopes: scopesOf(payload.scope ?? payload.scp),
    ...(clientId ? { clientId } : {}),
    expiresAt: payload.exp as number,
    token,
  };
}

/** By jose's error classes and codes, never by message text. */
function classify(error: unknown): InboundAuthError {
  if (error instanceof errors.JWTExpired) return new InboundAuthError('invalid_token', 'The token has expired.');
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new InboundAuthError('invalid_token', `The token's "${error.claim}" claim is not acceptable here.`);
  }
  if (error instanceof errors.JWKSNoMatchingKey) return new InboundAuthError('invalid_token', 'The token was signed with an unknown key.');
  if (error instanceof errors.JWKSTimeout) return new InboundAuthError('unavailable', 'The authorization server keys could not be fetched in time.');
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWSInvalid ||
    error instanceof errors.JWTInvalid ||
    error instanceof errors.JOSEAlgNotAllowed ||
    error instanceof errors.JOSENotSupported
  ) {
    return new InboundAuthError('invalid_token', 'The token is not a valid signed JWT from the expected issuer.');
  }
  if (error instanceof errors.JOSEError && error.code === 'ERR_JOSE_GENERIC') {
    // jose's remote JWKS answered something other than 200 OK.
    return new InboundAuthError('unavailable', 'The authorization server keys could not be fetched.');
  }
  if (error instanceof errors.JOSEError) return new InboundAuthError('invalid_token', 'The token could not be verified.');
  // fetch failed (network): the keys are unreachable, not the token's fault.
  return new InboundAuthError('unavailable', 'The authorization server keys could not be fetched.');
}
