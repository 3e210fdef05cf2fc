/**
 * How inbound tokens are verified: JWKS keys cached, an unknown kid refetched at most
 * once per cooldown, a rotated signing key picked up; or RFC 7662 introspection.
 * And without inbound auth, an anonymous HTTP caller gets no credentials at all.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { connectHttp, serveOverHttp, startHarness, textOf } from './support.ts';
import { INITIALIZE, connectAs, postMcp, startOAuthHarness, type OAuthHarness } from './oauth-support.ts';

describe('JWKS verification', () => {
  let h: OAuthHarness;
  beforeAll(async () => {
    h = await startOAuthHarness();
  });
  afterAll(() => h.close());
  beforeEach(() => h.sandbox.reset());

  it('fetches the keys once for many verified requests', async () => {
    for (const user of ['a1', 'a2', 'a3', 'a4']) {
      const response = await postMcp(h.http.url, INITIALIZE, { authorization: `Bearer ${await h.sandbox.issueMcpToken(user)}` });
      expect(response.status).toBe(200);
    }
    expect(h.sandbox.jwksRequests).toBeLessThanOrEqual(1);
  });

  it('refetches at most once for a flood of tokens with unknown kids', async () => {
    await postMcp(h.http.url, INITIALIZE, { authorization: `Bearer ${await h.sandbox.issueMcpToken('warm')}` });
    h.sandbox.reset();
    const forged = await Promise.all(Array.from({ length: 20 }, () => h.sandbox.issueMcpToken('x', { foreign: true })));
    const statuses = await Promise.all(forged.map(async (t) => (await postMcp(h.http.url, INITIALIZE, { authorization: `Bearer ${t}` })).status));
    expect(new Set(statuses)).toEqual(new Set([401]));
    expect(h.sandbox.jwksRequests).toBeLessThanOrEqual(1);
  });
});

describe('signing key rotation', () => {
  it('accepts tokens signed with a new key once the refetch cooldown (30 s) has passed, with one refetch', async () => {
    const h = await startOAuthHarness();
    try {
      await postMcp(h.http.url, INITIALIZE, { authorization: `Bearer ${await h.sandbox.issueMcpToken('before')}` });
      await h.sandbox.rotateSigningKey();
      h.sandbox.reset();
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 31_000 });
      const token = await h.sandbox.issueMcpToken('after', { ttlSec: 3600 });
      const response = await postMcp(h.http.url, INITIALIZE, { authorization: `Bearer ${token}` });
      expect(response.status).toBe(200);
      expect(h.sandbox.jwksRequests).toBe(1);
    } finally {
      vi.useRealTimers();
      await h.close();
    }
  });
});

describe('introspection (RFC 7662)', () => {
  it('accepts an active token for this audience, asks once per token, and refuses other audiences', async () => {
    const h = await startOAuthHarness({
      auth: (sb) => ({ introspection: { url: sb.introspectionUrl, clientId: 'dta-mcp', clientSecret: 'dta-mcp-secret' } }),
    });
    try {
      const token = await h.sandbox.issueMcpToken('ina');
      const client = await connectAs(h.http.url, token);
      const result = await client.callTool({ name: 'get-user-profile', arguments: {} });
      expect(JSON.parse(textOf(result))).toMatchObject({ id: 'ina' });
      expect(h.sandbox.introspectionRequests).toBe(1);
      expect(h.sandbox.jwksRequests).toBe(0);
      const upstreamAudience = (await h.sandbox.issueUserTokens('ina')).accessToken;
      expect((await postMcp(h.http.url, INITIALIZE, { authorization: `Bearer ${upstreamAudience}` })).status).toBe(401);
      expect((await postMcp(h.http.url, INITIALIZE, { authorization: 'Bearer made-up-opaque-token' })).status).toBe(401);
      await client.close();
    } finally {
      await h.close();
    }
  });
});

describe('without inbound auth', () => {
  it('gives an anonymous HTTP caller only tools that need no credentials', async () => {
    const h = await startHarness({ config: (c) => ({ ...c, user: undefined }) });
    const http = await serveOverHttp(h.runtime);
    try {
      const client = await connectHttp(http.url);
      const time = await client.callTool({ name: 'get-current-time', arguments: {} });
      expect(time.isError).toBeFalsy();
      for (const name of ['query-recent-errors', 'get-user-profile']) {
        const refused = await client.callTool({ name, arguments: {} });
        expect(refused.isError).toBe(true);
        expect(textOf(refused)).toMatch(/not authenticated/);
      }
      expect(h.sandbox.requests).toHaveLength(0);
      await client.close();
    } finally {
      await http.close();
      await h.close();
    }
  });
});

describe('beyond loopback', () => {
  it('starts on 0.0.0.0 with http.auth, and still refuses a caller without a token', async () => {
    const h = await startOAuthHarness({ http: { host: '0.0.0.0', allowedHosts: ['127.0.0.1'] } });
    try {
      const url = h.http.url.replace('0.0.0.0', '127.0.0.1');
      expect((await postMcp(url, INITIALIZE)).status).toBe(401);
      const client = await connectAs(url, await h.sandbox.issueMcpToken('zed'));
      expect((await client.listTools()).tools.length).toBeGreaterThan(0);
      await client.close();
    } finally {
      await h.close();
    }
  });
});
