/**
 * The sandbox's signing key: an ES256 pair generated at start, published as a JWKS,
 * used to sign and verify access tokens (RFC 9068 JWT profile: typ "at+jwt").
 * @see https://www.rfc-editor.org/rfc/rfc9068
 */
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import type { CryptoKey, JSONWebKeySet, JWTPayload } from 'jose';

export const AUDIENCE = 'dta-wide';
const ALG = 'ES256';
const TYP = 'at+jwt';

export type TokenKind = 'user' | 'service';

export interface AccessClaims {
  sub: string;
  kind: TokenKind;
  scope: string;
  clientId: string;
}

export interface SignedAccessToken {
  token: string;
  jti: string;
  /** Epoch seconds. */
  exp: number;
}

export interface VerifiedAccessToken {
  sub: string;
  kind: TokenKind;
  scope: string[];
  jti: string;
}

export type VerifyFailure = 'malformed' | 'expired' | 'invalid';

export interface Signer {
  jwks: JSONWebKeySet;
  sign(claims: AccessClaims, ttlSec: number): Promise<SignedAccessToken>;
  verify(token: string): Promise<VerifiedAccessToken | { failure: VerifyFailure }>;
}

export async function createSigner(issuer: string): Promise<Signer> {
  const { privateKey, publicKey } = await generateKeyPair(ALG);
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' };
  return {
    jwks: { keys: [jwk] },
    sign: (claims, ttlSec) => sign(privateKey, kid, issuer, claims, ttlSec),
    verify: (token) => verify(publicKey, issuer, token),
  };
}

async function sign(
  key: CryptoKey,
  kid: string,
  issuer: string,
  claims: AccessClaims,
  ttlSec: number,
): Promise<SignedAccessToken> {
  const iat = Math.floor(Date.now() / 1000);
  // ttl <= 0 gives an already-expired token: tests use it to exercise refresh paths.
  const exp = iat + Math.floor(ttlSec);
  const jti = randomUUID();
  const token = await new SignJWT({ kind: claims.kind, scope: claims.scope, client_id: claims.clientId })
    .setProtectedHeader({ alg: ALG, kid, typ: TYP })
    .setSubject(claims.sub)
    .setIssuer(issuer)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .setJti(jti)
    .sign(key);
  return { token, jti, exp };
}

async function verify(
  key: CryptoKey,
  issuer: string,
  token: string,
): Promise<VerifiedAccessToken | { failure: VerifyFailure }> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, key, { issuer, audience: AUDIENCE, algorithms: [ALG], typ: TYP }));
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'ERR_JWT_EXPIRED') return { failure: 'expired' };
    if (code === 'ERR_JWS_INVALID' || code === 'ERR_JWT_INVALID') return { failure: 'malformed' };
    return { failure: 'invalid' };
  }
  const { sub, jti, kind, scope } = payload;
  if (typeof sub !== 'string' || typeof jti !== 'string' || (kind !== 'user' && kind !== 'service')) {
    return { failure: 'invalid' };
  }
  return { sub, jti, kind, scope: typeof scope === 'string' ? scope.split(' ').filter(Boolean) : [] };
}
