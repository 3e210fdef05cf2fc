/**
 * Authorization codes: single-use, short-lived (60 s by default), bound to the client,
 * the redirect URI and a PKCE S256 challenge. A code presented a second time is a sign
 * it leaked: the tokens issued from it are revoked.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2 (single use, revoke on reuse)
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.6 (S256 verification)
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Family } from './token-store.ts';

export interface CodeGrant {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  scope: string;
  /** The user who signed in. */
  sub: string;
  /** RFC 8707 resource asked at the authorization endpoint. */
  resource?: string;
}

interface CodeRecord extends CodeGrant {
  /** Epoch ms. */
  expiresAt: number;
  used: boolean;
  /** The tokens issued from the code, once redeemed. */
  family?: Family;
}

export class CodeStore {
  readonly #codes = new Map<string, CodeRecord>();

  constructor(private readonly ttlSec: number) {}

  issue(grant: CodeGrant): string {
    const code = randomBytes(32).toString('base64url');
    this.#codes.set(code, { ...grant, expiresAt: Date.now() + this.ttlSec * 1000, used: false });
    return code;
  }

  /** The live record (callers mark it used with no await in between check and mark). */
  get(code: string): CodeRecord | undefined {
    return this.#codes.get(code);
  }
}

/** BASE64URL(SHA256(verifier)) === challenge, for a syntactically valid verifier. */
export function pkceMatches(verifier: string, challenge: string): boolean {
  if (!/^[A-Za-z0-9\-._~]{43,128}$/.test(verifier)) return false;
  return createHash('sha256').update(verifier).digest('base64url') === challenge;
}
