/**
 * The sandbox upstream: a real HTTP server on 127.0.0.1 implementing
 * openapi/dta-wide.yaml plus an OAuth 2 authorization server, for tests and the demo.
 *
 * - `POST /oauth/token`: client_credentials, refresh_token (rotation; a reused token
 *   revokes its whole family, see token-store.ts), authorization_code with PKCE,
 *   token exchange (RFC 8693) and device_code (RFC 8628); Basic or body client auth,
 *   client_id only for public clients (oauth.ts and the grant files it registers).
 * - `GET|POST /oauth/authorize`: a sign-in page (users alice, bob, carol; password
 *   "password") that redirects back with a code (authorize.ts).
 * - `POST /oauth/device_authorization` and the `/device` page (device.ts).
 * - `POST /oauth/introspect` (RFC 7662, introspect.ts).
 * - `GET /.well-known/jwks.json` (counted; rotation via rotateSigningKey), and metadata at
 *   `/.well-known/oauth-authorization-server` and `/.well-known/openid-configuration`.
 * - The API accepts only unexpired, unrevoked ES256 JWTs from this sandbox
 *   (iss = url, aud = "dta-wide"); routes check the token kind and scope (api.ts). Tokens
 *   for the MCP server (aud = mcpAudience, see issueMcpToken) are refused and counted.
 * - `requests` / `tokenRequests` record what arrived; `faults` injects failures;
 *   `issueUserTokens` stands in for the authorization-code flow.
 *
 * ```ts
 * const sb = await startSandbox({ accessTokenTtlSec: 60 });
 * const { accessToken, refreshToken } = await sb.issueUserTokens('alice');
 * const mcpToken = await sb.issueMcpToken('alice');   // what an MCP client presents
 * sb.faults.unauthorizedNext = 1;   // the next API call answers 401
 * ...
 * await sb.close();
 * ```
 * Standalone: `node bin/run-ts.js sandbox/main.ts --port 4010`.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleApiRequest, sendInternalError } from './api.ts';
import { handleAuthorize } from './authorize.ts';
import { Clients, DEFAULT_PUBLIC_CLIENT } from './clients.ts';
import { CodeStore } from './codes.ts';
import { handleDeviceAuthorization, handleDevicePage } from './device.ts';
import { DeviceStore } from './device-store.ts';
import { handleDownload, startCdn } from './downloads.ts';
import { authorizationServerMetadata, openidConfiguration } from './discovery.ts';
import { SettingsStore } from './data.ts';
import { clearFaults } from './faults.ts';
import { DEFAULT_USER_SCOPE, issueFromFamily } from './grant.ts';
import type { OAuthContext } from './grant.ts';
import { sendJson } from './http.ts';
import { handleIntrospection } from './introspect.ts';
import { handleJwks } from './jwks.ts';
import { createSigner, unverifiedAudiences } from './keys.ts';
import { issueMcpToken } from './mcp-token.ts';
import { handleDemoToken } from './demo-token.ts';
import { grants, handleTokenRequest } from './oauth.ts';
import { Recorder } from './recorder.ts';
import { TokenStore } from './token-store.ts';
import type { Sandbox, SandboxFaults, SandboxOptions } from './types.ts';
import { DEFAULT_USERS, Users } from './users.ts';

export type {
  IssuedUserTokens,
  IssueMcpTokenOptions,
  IssueUserTokensOptions,
  RecordedRequest,
  Sandbox,
  SandboxFaults,
  SandboxOptions,
  TokenRequest,
} from './types.ts';

export const DEFAULT_CLIENT = { clientId: 'dta-mcp', clientSecret: 'dta-mcp-secret' } as const;
export const DEFAULT_MCP_AUDIENCE = 'dta-mcp';
export { DEFAULT_PUBLIC_CLIENT, DEFAULT_USER_SCOPE, DEFAULT_USERS };

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void> | void;

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const clientList = options.clients ?? [DEFAULT_CLIENT];
  const firstClient = clientList[0];
  if (!firstClient) throw new Error('startSandbox: clients must not be empty');
  const clients = new Clients(clientList, options.publicClients ?? [{ clientId: DEFAULT_PUBLIC_CLIENT }]);
  const accessTtlSec = options.accessTokenTtlSec ?? 3600;
  const mcpAudience = options.mcpAudience ?? DEFAULT_MCP_AUDIENCE;
  const store = new TokenStore(options.refreshTokenTtlSec ?? 86_400);
  const recorder = new Recorder();
  const faults: SandboxFaults = {};
  const settings = new SettingsStore();
  const counters = { jwksRequests: 0, introspectionRequests: 0 };
  const closing = new AbortController();
  const cdn = await startCdn();

  // The issuer is the base URL, known only once listening: route requests after that.
  let dispatch: (req: IncomingMessage, res: ServerResponse) => Promise<void> = async (_req, res) =>
    sendInternalError(res);
  const server = createServer((req, res) => {
    dispatch(req, res).catch(() => sendInternalError(res));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const signer = await createSigner(url);
  const oauth: OAuthContext = {
    issuer: url,
    clients,
    users: new Users(options.users ?? DEFAULT_USERS),
    store,
    codes: new CodeStore(options.authorizationCodeTtlSec ?? 60),
    devices: new DeviceStore(options.deviceCodeTtlSec ?? 600, options.devicePollIntervalSec ?? 5),
    signer,
    recorder,
    faults,
    accessTtlSec,
    mcpAudience,
    closing: closing.signal,
  };
  const api = { signer, store, recorder, faults, settings, closing: closing.signal };
  const grantTypes = Object.keys(grants);

  /** Routes outside the API: an explicit registry by path. */
  const routes: Record<string, Handler> = {
    '/oauth/token': (req, res) => handleTokenRequest(oauth, req, res),
    '/oauth/authorize': (req, res, reqUrl) => handleAuthorize(oauth, req, res, reqUrl),
    '/oauth/introspect': (req, res) => {
      counters.introspectionRequests++;
      return handleIntrospection(oauth, req, res);
    },
    '/oauth/device_authorization': (req, res) => handleDeviceAuthorization(oauth, req, res),
    '/device': (req, res, reqUrl) => handleDevicePage(oauth, req, res, reqUrl),
    '/.well-known/jwks.json': (req, res) => handleJwks({ signer, faults, counters }, req, res),
    '/.well-known/oauth-authorization-server': (_req, res) => sendJson(res, 200, authorizationServerMetadata(url, grantTypes)),
    '/.well-known/openid-configuration': (_req, res) => sendJson(res, 200, openidConfiguration(url, grantTypes)),
  };
  if (options.demoTokens) {
    routes['/demo/mcp-token'] = (req, res) =>
      handleDemoToken((user) => issueMcpToken({ signer, issuer: url, mcpAudience, accessTtlSec }, user), req, res);
  }

  dispatch = async (req, res) => {
    const reqUrl = new URL(req.url ?? '/', url);
    const route = Object.hasOwn(routes, reqUrl.pathname) ? routes[reqUrl.pathname] : undefined;
    if (route) return route(req, res, reqUrl);
    if (handleDownload(cdn, recorder, req, res, reqUrl)) return;
    return handleApiRequest(api, req, res, reqUrl);
  };

  return {
    url,
    tokenUrl: `${url}/oauth/token`,
    issuer: url,
    mcpAudience,
    jwksUrl: `${url}/.well-known/jwks.json`,
    authorizationUrl: `${url}/oauth/authorize`,
    introspectionUrl: `${url}/oauth/introspect`,
    deviceAuthorizationUrl: `${url}/oauth/device_authorization`,
    requests: recorder.requests,
    tokenRequests: recorder.tokenRequests,
    cdnUrl: cdn.url,
    cdnRequests: cdn.requests,
    faults,
    get signingKid() {
      return signer.currentKid;
    },
    get jwksRequests() {
      return counters.jwksRequests;
    },
    get introspectionRequests() {
      return counters.introspectionRequests;
    },
    get mcpAudienceTokensSeen() {
      return recorder.requests.filter((r) => carriesAudience(r.headers.authorization, mcpAudience)).length;
    },
    async issueUserTokens(userId, opts = {}) {
      const clientId = opts.clientId ?? firstClient.clientId;
      if (!clients.has(clientId)) throw new Error(`issueUserTokens: unknown client ${clientId}`);
      const family = store.startFamily(userId, clientId, opts.scope ?? DEFAULT_USER_SCOPE);
      const issued = await issueFromFamily(oauth, family, opts.accessTtlSec ?? accessTtlSec, family.scope, true);
      if (issued.refreshToken === undefined) throw new Error('issueUserTokens: no refresh token issued');
      return { accessToken: issued.accessToken, refreshToken: issued.refreshToken, expiresAt: issued.expiresAt };
    },
    issueMcpToken: (userId, opts) => issueMcpToken({ signer, issuer: url, mcpAudience, accessTtlSec }, userId, opts),
    rotateSigningKey: () => signer.rotate(),
    retireOldKeys: () => signer.retireOld(),
    revokeAccessToken(token) {
      const jti = jtiOf(token);
      if (jti) store.revokeAccess(jti);
    },
    reset() {
      recorder.clear();
      cdn.requests.length = 0;
      clearFaults(faults);
      counters.jwksRequests = 0;
      counters.introspectionRequests = 0;
    },
    async close() {
      closing.abort();
      await cdn.close();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** Whether an Authorization header carries a bearer JWT naming `audience` (decoded, not verified). */
function carriesAudience(authorization: string | undefined, audience: string): boolean {
  const match = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
  return match?.[1] !== undefined && unverifiedAudiences(match[1]).includes(audience);
}

/** The jti of a JWT, without verifying it (revoking an unverifiable token is a no-op). */
function jtiOf(token: string): string | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { jti?: unknown };
    return typeof claims.jti === 'string' ? claims.jti : undefined;
  } catch {
    return undefined;
  }
}
