import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/index.ts';
import type { Sandbox } from '../../sandbox/types.ts';
import { basicAuth, CLIENT_ID, CLIENT_SECRET } from './helpers.ts';
import { PUBLIC_CLIENT } from './login.ts';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.close());
beforeEach(() => sb.reset());

async function introspect(token: string, authorization = basicAuth(CLIENT_ID, CLIENT_SECRET), extra: Record<string, string> = {}) {
  const res = await fetch(sb.introspectionUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(authorization ? { authorization } : {}) },
    body: new URLSearchParams({ token, ...extra }),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

describe('introspection', () => {
  it('describes a live MCP-audience token', async () => {
    const token = await sb.issueMcpToken('alice', { scope: 'profile' });
    const res = await introspect(token);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({
      active: true,
      sub: 'alice',
      aud: sb.mcpAudience,
      iss: sb.issuer,
      scope: 'profile',
      client_id: 'dta-mcp-cli',
      exp: expect.any(Number),
    });
    expect(sb.introspectionRequests).toBe(1);
  });

  it('describes a live upstream token', async () => {
    const { accessToken } = await sb.issueUserTokens('bob');
    expect((await introspect(accessToken)).body).toMatchObject({ active: true, sub: 'bob', aud: 'dta-wide' });
  });

  it.each([
    ['expired', { ttlSec: 0 }],
    ['foreign-signed', { foreign: true }],
    ['from another issuer', { issuer: 'https://evil.example' }],
    ['unsigned', { unsigned: true }],
  ] as const)('answers only { active: false } for an %s token', async (_name, opts) => {
    expect((await introspect(await sb.issueMcpToken('alice', opts))).body).toEqual({ active: false });
  });

  it('answers { active: false } for a revoked token, a refresh token and garbage', async () => {
    const token = await sb.issueMcpToken('alice');
    sb.revokeAccessToken(token);
    expect((await introspect(token)).body).toEqual({ active: false });
    expect((await introspect((await sb.issueUserTokens('alice')).refreshToken)).body).toEqual({ active: false });
    expect((await introspect('not-a-token')).body).toEqual({ active: false });
  });

  it('answers 401 invalid_client without client authentication, with a wrong secret, or for a public client', async () => {
    const token = await sb.issueMcpToken('alice');
    expect((await introspect(token, '')).status).toBe(401);
    expect((await introspect(token, basicAuth(CLIENT_ID, 'nope'))).body.error).toBe('invalid_client');
    expect((await introspect(token, '', { client_id: PUBLIC_CLIENT })).status).toBe(401);
    expect(sb.introspectionRequests).toBe(3);
  });
});
