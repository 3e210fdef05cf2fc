/**
 * The default refresher: the OAuth 2.0 refresh_token grant against a configured token
 * endpoint. A refused grant (invalid_grant, any 4xx) means the user must re-authorize:
 * AuthRequiredError. Anything that may go away (5xx, timeout, network, malformed answer)
 * is a TokenRefreshError and the caller keeps the tokens.
 *
 * A response without refresh_token returns none, which the token manager reads as "keep
 * the current one" (§6: the server MAY issue a new refresh token).
 *
 * @see RFC 6749 §6 (refreshing an access token), §5.2 (error response)
 * @see RFC 6819 §5.2.2.3 (refresh token rotation)
 */
import { AuthRequiredError, TokenRefreshError } from '../../errors.ts';
import { requestToken, type TokenEndpointClient } from '../oauth-token-endpoint.ts';
import type { Refresher } from '../types.ts';

export interface OAuthRefreshOptions extends TokenEndpointClient {
  /** Optional narrower scope (§6: must not exceed the original grant). */
  scope?: string;
  /** RFC 8707 resource indicator. */
  resource?: string;
  /** Non-standard audience parameter some servers (Auth0, Okta) expect. */
  audience?: string;
}

export function createOAuthRefresher(options: OAuthRefreshOptions): Refresher {
  return async (refreshToken, ctx) => {
    const result = await requestToken(
      options,
      {
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        scope: options.scope,
        resource: options.resource,
        audience: options.audience,
      },
      ctx.signal,
    );
    if (result.ok) return result.tokens;
    if (result.kind === 'rejected') {
      throw new AuthRequiredError(
        `The upstream authorization server refused to refresh the session (${result.error}); the user must sign in again.`,
      );
    }
    throw new TokenRefreshError(`Token refresh failed temporarily (${result.reason}); try again.`, { cause: result.cause });
  };
}
