/**
 * RFC 8693 token exchange: the caller's verified inbound token (issued for this MCP
 * server) is exchanged at the authorization server for that same user's upstream token.
 * The inbound token goes only to the token endpoint, never to an upstream API.
 * A refused exchange (4xx) means the user must authorize again; 5xx, timeouts and
 * network errors are retryable.
 * @see https://www.rfc-editor.org/rfc/rfc8693#section-2.1
 */
import { AuthRequiredError, TokenRefreshError } from '../../errors.ts';
import { requestToken, type TokenEndpointClient } from '../oauth-token-endpoint.ts';
import type { Acquire } from '../token-manager.ts';

export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

export interface TokenExchangeOptions extends TokenEndpointClient {
  audience?: string;
  resource?: string;
  scope?: string;
}

/** An acquirer that exchanges `subjectToken` (the caller's inbound token). */
export function tokenExchange(options: TokenExchangeOptions, subjectToken: string): Acquire {
  return async ({ signal }) => {
    const result = await requestToken(
      options,
      {
        grant_type: TOKEN_EXCHANGE_GRANT,
        subject_token: subjectToken,
        subject_token_type: ACCESS_TOKEN_TYPE,
        requested_token_type: ACCESS_TOKEN_TYPE,
        audience: options.audience,
        resource: options.resource,
        scope: options.scope,
      },
      signal,
    );
    if (result.ok) return result.tokens;
    if (result.kind === 'rejected') {
      throw new AuthRequiredError(`The authorization server refused to exchange the caller's token (${result.error}); the user must sign in again.`);
    }
    throw new TokenRefreshError(`Token exchange failed temporarily (${result.reason}); try again.`, { cause: result.cause });
  };
}
