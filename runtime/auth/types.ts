/**
 * Auth contracts shared by the token manager, stores, refreshers and the upstream
 * middleware. User keys are stable identities (never session ids, never tool args).
 */

export interface UserTokens {
  accessToken: string;
  refreshToken?: string;
  /** Absolute expiry of the access token, epoch milliseconds. */
  expiresAt?: number;
  tokenType?: string;
  scope?: string;
}

/** What a refresher returns: new tokens; a missing refreshToken means "keep the old one". */
export type RefreshResult = UserTokens;

/**
 * Exchanges a refresh token for new tokens. The default is the OAuth2 refresh_token
 * grant; any async function can be one (the seed's CQRS command, say).
 * Throws AuthRequiredError when the grant is rejected (invalid_grant, other 4xx),
 * TokenRefreshError when the failure may be transient (5xx, timeout, network).
 */
export type Refresher = (
  refreshToken: string,
  ctx: { userKey: string; signal?: AbortSignal },
) => Promise<RefreshResult>;

/**
 * A source of bearer tokens for one call: the upstream middleware asks it for a token,
 * and after a 401 asks for a fresh one, passing the token that was rejected so that
 * concurrent 401s share one refresh (single-flight).
 */
export interface CredentialSource {
  getToken(signal?: AbortSignal): Promise<string>;
  refreshAfterRejection(rejectedToken: string, signal?: AbortSignal): Promise<string>;
  /**
   * False when a rejected token cannot be replaced (a static key): the middleware then
   * returns the 401 as it is instead of retrying with the same token. Default true.
   */
  readonly canRefresh?: boolean;
}
