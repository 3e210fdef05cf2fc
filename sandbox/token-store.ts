/**
 * Refresh-token families and access-token revocation.
 *
 * Every authorization (issueUserTokens, an authorization code, a token exchange, a
 * device grant) starts a family. Each refresh rotates: the
 * presented refresh token is marked used and a new one joins the family. Presenting a
 * used token again means it leaked (or a client lost a race), so the whole family is
 * revoked, access tokens included.
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.14.2 (refresh token rotation)
 * @see RFC 6749 §10.4
 *
 * All checks and state changes happen synchronously, so concurrent requests see a
 * consistent order without locks.
 */
import { randomBytes } from 'node:crypto';

export interface Family {
  id: number;
  sub: string;
  clientId: string;
  scope: string;
  /** The `aud` of its access tokens; undefined: the upstream API. */
  audience?: string;
  revoked: boolean;
  accessJtis: Set<string>;
}

interface RefreshRecord {
  family: Family;
  /** Epoch ms. */
  expiresAt: number;
  used: boolean;
}

export type CheckResult =
  | { ok: true; family: Family }
  | { ok: false; reason: 'unknown' | 'expired' | 'revoked' | 'wrong_client' | 'reused' };

export class TokenStore {
  readonly #refresh = new Map<string, RefreshRecord>();
  readonly #revokedJtis = new Set<string>();
  #nextFamily = 1;

  constructor(private readonly refreshTtlSec: number) {}

  startFamily(sub: string, clientId: string, scope: string, audience?: string): Family {
    return { id: this.#nextFamily++, sub, clientId, scope, audience, revoked: false, accessJtis: new Set() };
  }

  /** A new opaque refresh token in the family. */
  addRefreshToken(family: Family): string {
    const token = randomBytes(32).toString('base64url');
    this.#refresh.set(token, { family, expiresAt: Date.now() + this.refreshTtlSec * 1000, used: false });
    return token;
  }

  /** Links an access token to its family; one signed after the family was revoked is born revoked. */
  addAccessToken(family: Family, jti: string): void {
    family.accessJtis.add(jti);
    if (family.revoked) this.#revokedJtis.add(jti);
  }

  /**
   * Checks a refresh token presented by `clientId`. A used one revokes its family.
   * A good one stays usable until `consume` (call it with no await in between).
   */
  check(token: string, clientId: string): CheckResult {
    const rec = this.#refresh.get(token);
    if (!rec) return { ok: false, reason: 'unknown' };
    // Another client presenting it proves nothing about reuse by the owner: no revocation.
    if (rec.family.clientId !== clientId) return { ok: false, reason: 'wrong_client' };
    if (rec.family.revoked) return { ok: false, reason: 'revoked' };
    if (rec.used) {
      this.revokeFamily(rec.family);
      return { ok: false, reason: 'reused' };
    }
    if (rec.expiresAt <= Date.now()) return { ok: false, reason: 'expired' };
    return { ok: true, family: rec.family };
  }

  /** Marks a refresh token used: presenting it again is reuse. */
  consume(token: string): void {
    const rec = this.#refresh.get(token);
    if (rec) rec.used = true;
  }

  revokeFamily(family: Family): void {
    family.revoked = true;
    for (const jti of family.accessJtis) this.#revokedJtis.add(jti);
  }

  revokeAccess(jti: string): void {
    this.#revokedJtis.add(jti);
  }

  isAccessRevoked(jti: string): boolean {
    return this.#revokedJtis.has(jti);
  }
}
