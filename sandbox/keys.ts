/**
 * The sandbox's signing keys: a ring of ES256 pairs, the newest one signing. Rotation
 * adds a key and keeps the old ones published (tokens they signed stay valid) until they
 * are retired. Verification picks the key by the token's `kid`, among published keys only.
 * Access tokens follow the RFC 9068 JWT profile (typ "at+jwt").
 * @see https://www.rfc-editor.org/rfc/rfc9068
 * @see https://www.rfc-editor.org/rfc/rfc7517#section-5 (JWK Set)
 */
import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import type { CryptoKey, JSONWebKeySet, JWK, JWTHeaderParameters, JWTPayload } from 'jose';

export const AUDIENCE = 'dta-wide';
const ALG = 'ES256';
const TYP = 'at+jwt';

export type TokenKind = 'user' | 'service';

export interface AccessClaims {
  sub: string;
  kind: TokenKind;
  scope: string;
  clientId: string;
  /** Default AUDIENCE (the upstream API). */
  audience?: string;
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
  clientId?: string;
  /** Epoch seconds. */
  exp?: number;
  iat?: number;
  aud: string | string[];
}

export type VerifyFailure = 'malformed' | 'expired' | 'invalid';

/** How to sign a raw payload: with a ring key (by kid), or a key no JWKS publishes. */
export interface RawSignOptions {
  kid?: string;
  foreign?: boolean;
  unsigned?: boolean;
  typ?: string;
}

export interface Signer {
  /** The published keys; a fresh object on every read. */
  readonly jwks: JSONWebKeySet;
  readonly currentKid: string;
  sign(claims: AccessClaims, ttlSec: number): Promise<SignedAccessToken>;
  /** Verifies an access token for `audience` (default AUDIENCE): signature by a published key, issuer, typ, expiry. */
  verify(token: string, audience?: string): Promise<VerifiedAccessToken | { failure: VerifyFailure }>;
  /** Signs any payload as given (no claims added): for forged tokens in tests. */
  signRaw(payload: JWTPayload, opts?: RawSignOptions): Promise<string>;
  /** Adds a key that signs from now on; returns its kid. */
  rotate(): Promise<string>;
  /** Unpublishes all keys but the current one; returns how many. */
  retireOld(): number;
}

interface RingKey {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  jwk: JWK;
  published: boolean;
}

export async function createSigner(issuer: string): Promise<Signer> {
  const ring = new Map<string, RingKey>();
  let current = await newKey();
  ring.set(current.kid, current);

  const keyFor = (header: JWTHeaderParameters): CryptoKey => {
    const key = header.kid === undefined ? undefined : ring.get(header.kid);
    // A retired key verifies nothing: the JWKS no longer vouches for it.
    if (!key?.published) throw Object.assign(new Error('unknown kid'), { code: 'ERR_JWKS_NO_MATCHING_KEY' });
    return key.publicKey;
  };

  return {
    get jwks() {
      return { keys: [...ring.values()].filter((k) => k.published).map((k) => ({ ...k.jwk })) };
    },
    get currentKid() {
      return current.kid;
    },
    sign: (claims, ttlSec) => sign(current, issuer, claims, ttlSec),
    verify: (token, audience = AUDIENCE) => verify(keyFor, issuer, audience, token),
    async signRaw(payload, opts = {}) {
      const typ = opts.typ ?? TYP;
      if (opts.unsigned) return unsignedJwt(payload, typ);
      let key: RingKey | undefined = current;
      if (opts.foreign) key = { ...(await newKey()), kid: opts.kid ?? randomUUID() };
      else if (opts.kid !== undefined) key = ring.get(opts.kid);
      if (!key) throw new Error(`signRaw: no key with kid ${opts.kid}`);
      return new SignJWT(payload).setProtectedHeader({ alg: ALG, kid: key.kid, typ }).sign(key.privateKey);
    },
    async rotate() {
      current = await newKey();
      ring.set(current.kid, current);
      return current.kid;
    },
    retireOld() {
      let retired = 0;
      for (const key of ring.values()) {
        if (key !== current && key.published) {
          key.published = false;
          retired++;
        }
      }
      return retired;
    },
  };
}

async function newKey(): Promise<RingKey> {
  const { privateKey, publicKey } = await generateKeyPair(ALG);
  const kid = randomUUID();
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: ALG, use: 'sig' };
  return { kid, privateKey, publicKey, jwk, published: true };
}

async function sign(key: RingKey, issuer: string, claims: AccessClaims, ttlSec: number): Promise<SignedAccessToken> {
  const iat = Math.floor(Date.now() / 1000);
  // ttl <= 0 gives an already-expired token: tests use it to exercise refresh paths.
  const exp = iat + Math.floor(ttlSec);
  const jti = randomUUID();
  const token = await new SignJWT({ kind: claims.kind, scope: claims.scope, client_id: claims.clientId })
    .setProtectedHeader({ alg: ALG, kid: key.kid, typ: TYP })
    .setSubject(claims.sub)
    .setIssuer(issuer)
    .setAudience(claims.audience ?? AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .setJti(jti)
    .sign(key.privateKey);
  return { token, jti, exp };
}

async function verify(
  keyFor: (header: JWTHeaderParameters) => CryptoKey,
  issuer: string,
  audience: string,
  token: string,
): Promise<VerifiedAccessToken | { failure: VerifyFailure }> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keyFor, { issuer, audience, algorithms: [ALG], typ: TYP }));
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'ERR_JWT_EXPIRED') return { failure: 'expired' };
    if (code === 'ERR_JWS_INVALID' || code === 'ERR_JWT_INVALID') return { failure: 'malformed' };
    return { failure: 'invalid' };
  }
  const { sub, jti, kind, scope, client_id: clientId, exp, iat, aud } = payload;
  if (typeof sub !== 'string' || typeof jti !== 'string' || (kind !== 'user' && kind !== 'service') || aud === undefined) {
    return { failure: 'invalid' };
  }
  return {
    sub,
    jti,
    kind,
    scope: typeof scope === 'string' ? scope.split(' ').filter(Boolean) : [],
    ...(typeof clientId === 'string' ? { clientId } : {}),
    exp,
    iat,
    aud,
  };
}

function unsignedJwt(payload: JWTPayload, typ: string): string {
  const part = (v: object): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ alg: 'none', typ })}.${part(payload)}.`;
}

/** The `aud` of a JWT as a list, without verifying it ([] when it has none or is not a JWT). */
export function unverifiedAudiences(token: string): string[] {
  const payload = token.split('.')[1];
  if (!payload) return [];
  try {
    const { aud } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { aud?: unknown };
    if (typeof aud === 'string') return [aud];
    return Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
  } catch {
    return [];
  }
}
