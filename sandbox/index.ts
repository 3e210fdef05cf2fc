/**
 * The sandbox upstream: a real HTTP server on 127.0.0.1 implementing
 * openapi/dta-wide.yaml plus an OAuth2 token endpoint, for tests and the demo.
 *
 * - `POST /oauth/token`: client_credentials and refresh_token grants; Basic or body
 *   client auth; refresh tokens rotate on every use and a reused one revokes its whole
 *   family, access tokens included (see token-store.ts, oauth.ts).
 * - `GET /.well-known/jwks.json`, `GET /.well-known/oauth-authorization-server`.
 * - The API accepts only unexpired, unrevoked ES256 JWTs from this sandbox
 *   (iss = url, aud = "dta-wide"); routes check the token kind and scope (api.ts).
 * - `requests` / `tokenRequests` record what arrived; `faults` injects failures;
 *   `issueUserTokens` stands in for the authorization-code flow.
 *
 * ```ts
 * const sb = await startSandbox({ accessTokenTtlSec: 60 });
 * const { accessToken, refreshToken } = await sb.issueUserTokens('alice');
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
import { SettingsStore } from './data.ts';
import { clearFaults } from './faults.ts';
import { sendJson } from './http.ts';
import { createSigner } from './keys.ts';
import { handleTokenRequest, issueFromFamily } from './oauth.ts';
import type { OAuthContext } from './oauth.ts';
import { Recorder } from './recorder.ts';
import { TokenStore } from './token-store.ts';
import type { Sandbox, SandboxFaults, SandboxOptions } from './types.ts';

export type {
  IssuedUserTokens,
  IssueUserTokensOptions,
  RecordedRequest,
  Sandbox,
  SandboxFaults,
  SandboxOptions,
  TokenRequest,
} from './types.ts';

export const DEFAULT_CLIENT = { clientId: 'dta-mcp', clientSecret: 'dta-mcp-secret' } as const;
export const DEFAULT_USER_SCOPE = 'profile settings.write activity.read';

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const clientList = options.clients ?? [DEFAULT_CLIENT];
  const firstClient = clientList[0];
  if (!firstClient) throw new Error('startSandbox: clients must not be empty');
  const clients = new Map(clientList.map((c) => [c.clientId, c.clientSecret]));
  const accessTtlSec = options.accessTokenTtlSec ?? 3600;
  const store = new TokenStore(options.refreshTokenTtlSec ?? 86_400);
  const recorder = new Recorder();
  const faults: SandboxFaults = {};
  const settings = new SettingsStore();
  const closing = new AbortController();

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
  const oauth: OAuthContext = { clients, store, signer, recorder, faults, accessTtlSec, closing: closing.signal };
  const api = { signer, store, recorder, faults, settings };
  const metadata = {
    issuer: url,
    token_endpoint: `${url}/oauth/token`,
    jwks_uri: `${url}/.well-known/jwks.json`,
    grant_types_supported: ['client_credentials', 'refresh_token'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    scopes_supported: ['system.read', 'profile', 'settings.write', 'activity.read'],
  };

  dispatch = async (req, res) => {
    const reqUrl = new URL(req.url ?? '/', url);
    if (reqUrl.pathname === '/oauth/token') return handleTokenRequest(oauth, req, res);
    if (reqUrl.pathname === '/.well-known/jwks.json') return sendJson(res, 200, signer.jwks);
    if (reqUrl.pathname === '/.well-known/oauth-authorization-server') return sendJson(res, 200, metadata);
    return handleApiRequest(api, req, res, reqUrl);
  };

  return {
    url,
    tokenUrl: `${url}/oauth/token`,
    issuer: url,
    requests: recorder.requests,
    tokenRequests: recorder.tokenRequests,
    faults,
    async issueUserTokens(userId, opts = {}) {
      const clientId = opts.clientId ?? firstClient.clientId;
      if (!clients.has(clientId)) throw new Error(`issueUserTokens: unknown client ${clientId}`);
      const family = store.startFamily(userId, clientId, opts.scope ?? DEFAULT_USER_SCOPE);
      const issued = await issueFromFamily(oauth, family, opts.accessTtlSec ?? accessTtlSec, family.scope, true);
      if (issued.refreshToken === undefined) throw new Error('issueUserTokens: no refresh token issued');
      return { accessToken: issued.accessToken, refreshToken: issued.refreshToken, expiresAt: issued.expiresAt };
    },
    revokeAccessToken(token) {
      const jti = jtiOf(token);
      if (jti) store.revokeAccess(jti);
    },
    reset() {
      recorder.clear();
      clearFaults(faults);
    },
    close() {
      closing.abort();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
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
