/**
 * The credentials step (withCredentials) with the runtime's upstream client against the
 * sandbox upstream: one refresh for concurrent 401s, one byte-identical retry, never a
 * third request.
 */
import type { Client } from 'openapi-fetch';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOAuthRefresher } from '../../runtime/auth/refreshers/oauth-refresh.ts';
import { createServiceAccount } from '../../runtime/auth/service-account.ts';
import { MemoryTokenStore } from '../../runtime/auth/stores/memory-store.ts';
import { TokenManager } from '../../runtime/auth/token-manager.ts';
import { userCredentialSource } from '../../runtime/auth/user-credentials.ts';
import { AuthRequiredError } from '../../runtime/errors.ts';
import type { CredentialSource } from '../../runtime/auth/types.ts';
import { withCredentials } from '../../runtime/upstream/attach-credentials.ts';
import { dispatchWith } from '../../runtime/upstream/dispatch.ts';
import { asTypedClient, createUpstreamClient } from '../../runtime/upstream/http-client.ts';
import { startSandbox, type Sandbox } from '../../sandbox/index.ts';

/** The slice of openapi/dta-wide.yaml these tests call. */
interface paths {
  '/user/profile': {
    get: { parameters: { query?: never }; responses: { 200: { content: { 'application/json': { id: string } } } } };
  };
  '/user/settings': {
    put: {
      parameters: { query?: never };
      requestBody: { content: { 'application/json': Record<string, unknown> } };
      responses: { 200: { content: { 'application/json': Record<string, unknown> } } };
    };
  };
  '/system/errors': {
    get: { parameters: { query?: never }; responses: { 200: { content: { 'application/json': { count: number } } } } };
  };
}

let sb: Sandbox;
let manager: TokenManager;

beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.close());

beforeEach(() => {
  sb.reset();
  manager = new TokenManager({
    store: new MemoryTokenStore(),
    refresher: createOAuthRefresher({ tokenUrl: sb.tokenUrl, clientId: 'dta-mcp', clientSecret: 'dta-mcp-secret' }),
  });
});

/** A typed client whose every call goes through the credentials step for `source`. */
function clientWith(source: CredentialSource): Client<paths> {
  const client = asTypedClient(createUpstreamClient(sb.url)) as unknown as Client<paths>;
  const send = withCredentials(dispatchWith(), source);
  const bound = {} as Record<string, unknown>;
  for (const method of ['GET', 'PUT'] as const) {
    bound[method] = (path: never, init: object = {}) => (client[method] as (p: never, i: object) => unknown)(path, { ...init, send });
  }
  return bound as unknown as Client<paths>;
}

async function clientFor(user: string) {
  await manager.setupUserSession(user, await sb.issueUserTokens(user));
  return clientWith(userCredentialSource(manager, user));
}

const refreshes = () => sb.tokenRequests.filter((r) => r.grantType === 'refresh_token').length;

describe('withCredentials', () => {
  it('attaches the user bearer token', async () => {
    const client = await clientFor('alice');
    const { data, response } = await client.GET('/user/profile');
    expect(response.status).toBe(200);
    expect(data?.id).toBe('alice');
    expect(sb.requests[0]?.auth).toMatchObject({ kind: 'user', sub: 'alice' });
  });

  it('answers concurrent 401s with one refresh and one retry each', async () => {
    const client = await clientFor('alice');
    const current = await manager.getValidToken('alice');
    sb.revokeAccessToken(current);
    const results = await Promise.all(Array.from({ length: 20 }, () => client.GET('/user/profile')));
    expect(results.map((r) => r.response.status)).toEqual(Array(20).fill(200));
    expect(refreshes()).toBe(1);
    expect(sb.requests.filter((r) => r.status === 401)).toHaveLength(20);
    expect(sb.requests).toHaveLength(40);
  });

  it('replays a PUT body byte for byte on the retry', async () => {
    const client = await clientFor('alice');
    sb.faults.unauthorizedNext = 1;
    const body = { theme: 'dark', language: 'ko-KR', notifications: false };
    const { response } = await client.PUT('/user/settings', { body });
    expect(response.status).toBe(200);
    const [first, retry] = sb.requests;
    expect(first?.status).toBe(401);
    expect(retry?.status).toBe(200);
    expect(retry?.method).toBe('PUT');
    expect(retry?.path).toBe(first?.path);
    expect(retry?.body).toBe(first?.body);
    expect(retry?.body).toBe(JSON.stringify(body));
    expect(retry?.headers['content-type']).toBe(first?.headers['content-type']);
    expect(retry?.headers.authorization).not.toBe(first?.headers.authorization);
  });

  it('returns a second 401 as it is, without a third request', async () => {
    const client = await clientFor('alice');
    sb.faults.alwaysUnauthorized = true;
    const { response, error } = await client.GET('/user/profile');
    expect(response.status).toBe(401);
    expect(error).toBeDefined();
    expect(sb.requests).toHaveLength(2);
    expect(refreshes()).toBe(1);
  });

  it('fails the call with AuthRequiredError when the refresh is refused', async () => {
    const client = await clientFor('alice');
    sb.faults.unauthorizedNext = 1;
    sb.faults.tokenEndpointStatus = 400;
    await expect(client.GET('/user/profile')).rejects.toBeInstanceOf(AuthRequiredError);
    expect(sb.requests).toHaveLength(1);
  });

  it('serves service-account calls the same way', async () => {
    const account = createServiceAccount({
      tokenUrl: sb.tokenUrl,
      clientId: 'dta-mcp',
      clientSecret: 'dta-mcp-secret',
      scope: 'system.read',
    });
    const client = clientWith(account);
    sb.faults.unauthorizedNext = 1;
    const { response } = await client.GET('/system/errors');
    expect(response.status).toBe(200);
    expect(sb.requests.map((r) => r.status)).toEqual([401, 200]);
    expect(sb.tokenRequests.map((r) => r.grantType)).toEqual(['client_credentials', 'client_credentials']);
  });

  it('does not retry a 401 for a static key that cannot be refreshed', async () => {
    const client = clientWith(createServiceAccount({ staticToken: 'not-a-valid-key' }));
    const { response } = await client.GET('/system/errors');
    expect(response.status).toBe(401);
    expect(sb.requests).toHaveLength(1);
  });
});
