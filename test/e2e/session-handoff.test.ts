/**
 * Session hand-off over HTTP (the seed's setupUserSession / cleanupUserSession): a user
 * puts their own upstream tokens; a trusted backend may put anyone's; nobody else may.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { textOf } from './support.ts';
import { connectAs, startOAuthHarness, type OAuthHarness } from './oauth-support.ts';

let h: OAuthHarness;
let base: string;

beforeAll(async () => {
  h = await startOAuthHarness();
  base = h.http.url.replace(/\/mcp$/, '');
});
afterAll(() => h.close());
beforeEach(() => h.sandbox.reset());

function put(path: string, token: string, body: unknown): Promise<Response> {
  return fetch(`${base}${path}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

function del(path: string, token: string): Promise<Response> {
  return fetch(`${base}${path}`, { method: 'DELETE', headers: { authorization: `Bearer ${token}` } });
}

const exchanges = () => h.sandbox.tokenRequests.filter((r) => r.grantType.endsWith('token-exchange'));

describe('PUT /sessions/me', () => {
  it("stores the caller's own upstream tokens, which the next tool call uses without an exchange", async () => {
    const upstream = await h.sandbox.issueUserTokens('ivy');
    const inbound = await h.sandbox.issueMcpToken('ivy');
    const response = await put('/sessions/me', inbound, { accessToken: upstream.accessToken, refreshToken: upstream.refreshToken, expiresIn: 3600 });
    expect(response.status).toBe(204);
    const client = await connectAs(h.http.url, inbound);
    const result = await client.callTool({ name: 'get-user-profile', arguments: {} });
    expect(JSON.parse(textOf(result))).toMatchObject({ id: 'ivy' });
    expect(h.sandbox.requests.at(-1)?.auth?.token).toBe(upstream.accessToken);
    expect(exchanges()).toHaveLength(0);
    await client.close();
  });

  it('refuses a body that is not tokens, naming the field, and echoes no value', async () => {
    const inbound = await h.sandbox.issueMcpToken('ivy');
    const response = await put('/sessions/me', inbound, { accessToken: '', refresh: 'secret-value' });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect((JSON.parse(text) as { error_description: string }).error_description).toMatch(/Unknown field: "refresh"/);
    expect(text).not.toContain('secret-value');
  });

  it('needs a verified token like /mcp does', async () => {
    const response = await fetch(`${base}/sessions/me`, { method: 'PUT', body: '{}' });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer resource_metadata=/);
  });
});

describe('PUT and DELETE /sessions/users/<subject>', () => {
  it("refuses a user who tries to put another user's session", async () => {
    const upstream = await h.sandbox.issueUserTokens('mallory');
    const response = await put('/sessions/users/jay', await h.sandbox.issueMcpToken('mallory'), { accessToken: upstream.accessToken });
    expect(response.status).toBe(403);
  });

  it("lets a trusted backend put and end any user's session", async () => {
    const backend = await h.sandbox.issueMcpToken('backend-service', { clientId: 'backend' });
    const upstream = await h.sandbox.issueUserTokens('kim');
    expect((await put('/sessions/users/kim', backend, { accessToken: upstream.accessToken, refreshToken: upstream.refreshToken })).status).toBe(204);
    const kim = await connectAs(h.http.url, await h.sandbox.issueMcpToken('kim'));
    const result = await kim.callTool({ name: 'get-user-profile', arguments: {} });
    expect(h.sandbox.requests.at(-1)?.auth?.token).toBe(upstream.accessToken);
    expect(result.isError).toBeFalsy();

    expect((await del('/sessions/users/kim', backend)).status).toBe(204);
    const auth = h.runtime.credentials.auths.get('dta-wide');
    expect(await auth?.tokenManager.hasSession(`${h.sandbox.issuer}#kim`)).toBe(false);
    await kim.close();
  });

  it('ends the caller\'s own session with DELETE /sessions/me', async () => {
    const inbound = await h.sandbox.issueMcpToken('lee');
    const upstream = await h.sandbox.issueUserTokens('lee');
    await put('/sessions/me', inbound, { accessToken: upstream.accessToken });
    expect((await del('/sessions/me', inbound)).status).toBe(204);
    expect(await h.runtime.credentials.auths.get('dta-wide')?.tokenManager.hasSession(`${h.sandbox.issuer}#lee`)).toBe(false);
  });
});
