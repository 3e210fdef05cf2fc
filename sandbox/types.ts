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
  clients?: { clientId: string; clientSecret: string; redirectUris?: string[] }[];
  /**
   * Extension: the `aud` of tokens meant for the MCP server (issueMcpToken, the code flow
   * with resource = this value). The API refuses such tokens. Default 'dta-mcp'.
   */
  mcpAudience?: string;
  /**
   * Extension, demo only: `POST /demo/mcp-token` (form `user=NAME`) mints an MCP-audience
   * token for anyone who asks, for pasting into a client. Default off.
   */
  demoTokens?: boolean;
  /**
   * Extension: public clients (no secret, PKCE required), for the authorization-code and
   * device grants. A loopback redirect URI on any port is accepted for them (RFC 8252 §7.3)
   * besides their exact `redirectUris`. Default [{ clientId: 'dta-mcp-cli' }].
   */
  publicClients?: { clientId: string; redirectUris?: string[] }[];
  /** Extension: who can sign in on the authorize and device pages; default alice, bob, carol, each with password 'password'. */
  users?: { username: string; password: string }[];
  /** Extension: lifetime of authorization codes; default 60. <= 0 issues already-expired codes. */
  authorizationCodeTtlSec?: number;
  /** Extension: device grant (RFC 8628) code lifetime, default 600; and minimum polling interval, default 5. */
  deviceCodeTtlSec?: number;
  devicePollIntervalSec?: number;
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
  /** Extension: the user the grant acted for (token exchange: the subject token's sub; code and device grants: who signed in). */
  subject?: string;
}

export interface SandboxFaults {
  /** Token endpoint answers this status (with an OAuth error body) instead of working; undefined = normal. */
  tokenEndpointStatus?: number;
  /** Delay every token endpoint answer by this many ms. */
  tokenEndpointDelayMs?: number;
  /** Extension: delay every API answer that needs a token by this many ms (a slow upstream). */
  apiDelayMs?: number;
  /** Omit refresh_token from refresh_token-grant responses (client must keep the old one). */
  omitRefreshToken?: boolean;
  /** The next N API requests answer 401 invalid_token whatever token they carry. */
  unauthorizedNext?: number;
  /** Every API request answers 401 (e.g. to test "a second 401 is an error"). */
  alwaysUnauthorized?: boolean;
  /** Extension: GET /.well-known/jwks.json answers 503 (still counted in jwksRequests). */
  jwksDown?: boolean;
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

/** Extension: options of issueMcpToken; the odd ones exist to forge tokens for attack tests. */
export interface IssueMcpTokenOptions {
  /** The `aud` claim; default the sandbox's mcpAudience; null leaves `aud` out. */
  audience?: string | string[] | null;
  /** Default 'profile settings.write activity.read'. */
  scope?: string;
  /** Lifetime; <= 0 mints an already-expired token. Default: accessTokenTtlSec. */
  ttlSec?: number;
  /** Sets `nbf` this many seconds from now (positive: not yet valid). Default: no nbf. */
  nbfSec?: number;
  /** The `client_id` claim; default 'dta-mcp-cli'. */
  clientId?: string;
  /** The `iss` claim; default the sandbox's issuer. */
  issuer?: string;
  /** Sign with this key of the ring (also a retired one); default the current signing key. */
  kid?: string;
  /** Sign with a fresh key that no JWKS ever publishes; its header `kid` is `kid` if given, else random. */
  foreign?: boolean;
  /** alg "none", no signature. */
  unsigned?: boolean;
  /** Header `typ`; default 'at+jwt'. */
  typ?: string;
  /** Extra claims, overriding the ones above. */
  claims?: Record<string, unknown>;
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
  /**
   * Extension: the "CDN", another origin that `GET /files/{name}/download` redirects to
   * (302) and that serves the file without a token (sandbox/downloads.ts).
   */
  cdnUrl: string;
  /** Extension: requests that reached the CDN, headers included (cleared by reset). */
  cdnRequests: Array<{ path: string; headers: Record<string, string> }>;
  /** Mint tokens for a user as if they had completed the authorization-code flow. */
  issueUserTokens(userId: string, opts?: IssueUserTokensOptions): Promise<IssuedUserTokens>;
  faults: SandboxFaults;
  /** Extension: the `aud` of tokens for the MCP server (SandboxOptions.mcpAudience). */
  mcpAudience: string;
  /** Extension: url + '/.well-known/jwks.json'. */
  jwksUrl: string;
  /** Extension: url + '/oauth/authorize' (authorization-code flow with a sign-in page). */
  authorizationUrl: string;
  /** Extension: url + '/oauth/introspect' (RFC 7662). */
  introspectionUrl: string;
  /** Extension: url + '/oauth/device_authorization' (RFC 8628). */
  deviceAuthorizationUrl: string;
  /** Extension: a signed access token for the MCP server as audience (or a forged one, see the options). */
  issueMcpToken(userId: string, opts?: IssueMcpTokenOptions): Promise<string>;
  /** Extension: adds a new signing key and signs with it from now on; the old keys stay published. Returns the new kid. */
  rotateSigningKey(): Promise<string>;
  /** Extension: unpublishes every key but the current one (tokens they signed stop verifying). Returns how many. */
  retireOldKeys(): number;
  /** Extension: the kid signing new tokens. */
  readonly signingKid: string;
  /** Extension: GET /.well-known/jwks.json requests since start or reset, answered or faulted. */
  readonly jwksRequests: number;
  /** Extension: requests to the introspection endpoint since start or reset. */
  readonly introspectionRequests: number;
  /**
   * Extension: recorded API requests whose bearer token names mcpAudience in `aud`
   * (decoded, not verified), i.e. an MCP client's token passed through. The API answers them 401.
   */
  readonly mcpAudienceTokensSeen: number;
  /** Revoke one access token (API answers 401 for it from now on). */
  revokeAccessToken(token: string): void;
  /** Clears requests, tokenRequests and faults in place, and zeroes the counters (not issued tokens, keys, or stored settings). */
  reset(): void;
  close(): Promise<void>;
}
