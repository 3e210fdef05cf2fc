/**
 * The sandbox's public contract. Other suites code against these shapes: extend them
 * (new optional fields), never change them.
 */

export interface SandboxOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Lifetime of access tokens from the token endpoint; default 3600. */
  accessTokenTtlSec?: number;
  /** Lifetime of each refresh token (sliding: every rotation starts a new one); default 86400. */
  refreshTokenTtlSec?: number;
  /** Confidential clients; default [{ clientId: 'dta-mcp', clientSecret: 'dta-mcp-secret' }]. */
  clients?: { clientId: string; clientSecret: string }[];
}

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** First value of each query parameter. */
  query: Record<string, string>;
  /** Lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Raw text as received ('' when the body was rejected as too large). */
  body: string;
  /** Present when a valid (verified, unexpired, unrevoked) token was presented. */
  auth?: { kind: 'user' | 'service'; sub: string; token: string };
  status: number;
}

export interface TokenRequest {
  grantType: string;
  clientId?: string;
  refreshToken?: string;
  status: number;
  /** The OAuth error code answered, if any. */
  error?: string;
  authMethod?: 'basic' | 'post';
  /** Extensions: parameters recorded when present. */
  scope?: string;
  resource?: string;
  audience?: string;
}

export interface SandboxFaults {
  /** Token endpoint answers this status (with an OAuth error body) instead of working; undefined = normal. */
  tokenEndpointStatus?: number;
  /** Delay every token endpoint answer by this many ms. */
  tokenEndpointDelayMs?: number;
  /** Omit refresh_token from refresh_token-grant responses (client must keep the old one). */
  omitRefreshToken?: boolean;
  /** The next N API requests answer 401 invalid_token whatever token they carry. */
  unauthorizedNext?: number;
  /** Every API request answers 401 (e.g. to test "a second 401 is an error"). */
  alwaysUnauthorized?: boolean;
  /**
   * API requests with a valid token answer this status with a body, and a
   * WWW-Authenticate header, that echo the request's credentials verbatim, as upstreams'
   * debug and validation errors often do.
   */
  echoCredentials?: { status: 400 | 403 | 500 };
}

export interface IssueUserTokensOptions {
  /** Access token lifetime; <= 0 mints an already-expired token. Default: accessTokenTtlSec. */
  accessTtlSec?: number;
  /** Default 'profile settings.write activity.read'. */
  scope?: string;
  /** Extension: the client the tokens are issued to; default the first configured client. */
  clientId?: string;
}

export interface IssuedUserTokens {
  accessToken: string;
  refreshToken: string;
  /** Absolute expiry of the access token, epoch milliseconds. */
  expiresAt: number;
}

export interface Sandbox {
  /** e.g. http://127.0.0.1:54321 */
  url: string;
  /** url + '/oauth/token' */
  tokenUrl: string;
  /** The `iss` of every token; equals url. */
  issuer: string;
  /** API requests, in the order they were answered (not token, JWKS or metadata requests). */
  requests: RecordedRequest[];
  tokenRequests: TokenRequest[];
  /** Mint tokens for a user as if they had completed the authorization-code flow. */
  issueUserTokens(userId: string, opts?: IssueUserTokensOptions): Promise<IssuedUserTokens>;
  faults: SandboxFaults;
  /** Revoke one access token (API answers 401 for it from now on). */
  revokeAccessToken(token: string): void;
  /** Clears requests, tokenRequests and faults in place (not issued tokens, not stored settings). */
  reset(): void;
  close(): Promise<void>;
}
