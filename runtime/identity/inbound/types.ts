/**
 * A verified caller: who the inbound bearer token says is calling. Built once where a
 * request enters (http.ts) and handed down; the token itself is kept only for RFC 8693
 * token exchange at the authorization server, never sent to an upstream API.
 */
export interface VerifiedCaller {
  issuer: string;
  subject: string;
  /** The stable user key: issuer and subject (see userKeyOf). */
  userKey: string;
  scopes: string[];
  /** The OAuth client the token was issued to (`client_id`, else `azp`). */
  clientId?: string;
  /** Epoch seconds. */
  expiresAt: number;
  /** The inbound token: for token exchange only. */
  token: string;
}

export interface TokenVerifier {
  /** Resolves the caller, or throws InboundAuthError. */
  verify(token: string): Promise<VerifiedCaller>;
}

/** One user per (issuer, subject): the same `sub` from two issuers is two users. */
export function userKeyOf(issuer: string, subject: string): string {
  return `${issuer}#${subject}`;
}

export function scopesOf(value: unknown): string[] {
  if (typeof value === 'string') return value.split(' ').filter((s) => s !== '');
  if (Array.isArray(value)) return value.filter((s): s is string => typeof s === 'string');
  return [];
}
