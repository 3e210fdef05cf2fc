/**
 * dta-mcp over HTTP as an OAuth resource server, attacked: each request is refused with
 * the right status and a Bearer challenge naming the resource metadata, and none reaches
 * the upstream API or the token endpoint.
 * @see https://modelcontextprotocol.io/specification/2025-06-18/basic/authorization
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { INITIALIZE, connectAs, postMcp, startOAuthHarness, type OAuthHarness } from './oauth-support.ts';

let h: OAuthHarness;

beforeAll(async () => {
  h = await startOAuthHarness();
});
afterAll(() => h.close());
beforeEach(() => h.sandbox.reset());

function forge(token: string): string {
  const [head, payload, signature] = token.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  claims.sub = 'mallory-admin';
  return `${head}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}

type Attack = [name: string, headers: () => Promise<Record<string, string>>, status: number, query?: string];

const attacks: Attack[] = [
  ['no token', async () => ({}), 401],
  ['"Bearer" with nothing', async () => ({ authorization: 'Bearer ' }), 401],
  ['a token that is not a JWT', async () => ({ authorization: 'Bearer not-a-jwt' }), 401],
  ['Basic credentials', async () => ({ authorization: `Basic ${Buffer.from('alice:password').toString('base64')}` }), 401],
  ['a token in the query string', async () => ({}), 400, `access_token=${'x'.repeat(20)}`],
  ["the upstream's own audience", async () => ({ authorization: `Bearer ${(await h.sandbox.issueUserTokens('alice')).accessToken}` }), 401],
  ['no audience', async () => ({ authorization: `Bearer ${await h.sandbox.issueMcpToken('alice', { audience: null })}` }), 401],
  ['an expired token', async () => ({ authorization: `Bearer ${await h.sandbox.issueMcpToken('alice', { ttlSec: -120 })}` }), 401],
  ['nbf in the future', async () => ({ authorization: `Bearer ${await h.sandbox.issueMcpToken('alice', { nbfSec: 600 })}` }), 401],
  ['an unknown kid', async () => ({ authorization: `Bearer ${await h.sandbox.issueMcpToken('alice', { foreign: true })}` }), 401],
  ['the wrong issuer', async () => ({ authorization: `Bearer ${await h.sandbox.issueMcpToken('alice', { issuer: 'https://evil.example' })}` }), 401],
  ['a payload edited after signing', async () => ({ authorization: `Bearer ${forge(await h.sandbox.issueMcpToken('alice'))}` }), 401],
  ['alg none', async () => ({ authorization: `Bearer ${await h.sandbox.issueMcpToken('alice', { unsigned: true })}` }), 401],
];

describe('refused before anything happens', () => {
  it.each(attacks)('%s: answers %i with a Bearer challenge, and nothing reaches the upstream', async (_name, headers, status, query) => {
    const url = query ? `${h.http.url}?${query}` : h.http.url;
    const response = await postMcp(url, INITIALIZE, await headers());
    expect(response.status).toBe(status);
    const challenge = response.headers.get('www-authenticate') ?? '';
    expect(challenge).toMatch(/^Bearer /);
    expect(challenge).toContain('resource_metadata="http://127.0.0.1:');
    expect(response.headers.get('mcp-session-id')).toBeNull();
    expect(h.sandbox.requests).toHaveLength(0);
    expect(h.sandbox.tokenRequests).toHaveLength(0);
  });

  it('serves RFC 9728 metadata at the root and the path-aware URL, naming the issuer and the resource', async () => {
    for (const path of ['/.well-known/oauth-protected-resource', '/.well-known/oauth-protected-resource/mcp']) {
      const response = await fetch(new URL(path, h.http.url));
      expect(response.status).toBe(200);
      const metadata = (await response.json()) as { resource: string; authorization_servers: string[] };
      expect(metadata.resource).toBe(h.http.url);
      expect(metadata.authorization_servers).toEqual([h.sandbox.issuer]);
    }
  });

  it('refuses a valid token sent from a foreign Origin', async () => {
    const token = await h.sandbox.issueMcpToken('alice');
    const response = await postMcp(h.http.url, INITIALIZE, { authorization: `Bearer ${token}`, origin: 'https://evil.example' });
    expect(response.status).toBe(403);
  });

  it("refuses user A's session id presented with user B's token, and leaks nothing of A's", async () => {
    const a = await connectAs(h.http.url, await h.sandbox.issueMcpToken('alice'));
    const sessionId = (a.transport as { sessionId?: string }).sessionId as string;
    const bToken = await h.sandbox.issueMcpToken('bob');
    const response = await postMcp(
      h.http.url,
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'get-user-profile', arguments: {} } },
      { authorization: `Bearer ${bToken}`, 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' },
    );
    expect([403, 404]).toContain(response.status);
    expect(await response.text()).not.toMatch(/alice/);
    expect(h.sandbox.requests).toHaveLength(0);
    await a.close();
  });

  it('answers 403 insufficient_scope with the scope to ask for when a required scope is missing', async () => {
    const scoped = await startOAuthHarness({ auth: { requiredScopes: ['mcp.tools'] } });
    try {
      const token = await scoped.sandbox.issueMcpToken('alice', { scope: 'profile' });
      const response = await postMcp(scoped.http.url, INITIALIZE, { authorization: `Bearer ${token}` });
      expect(response.status).toBe(403);
      expect(response.headers.get('www-authenticate')).toMatch(/error="insufficient_scope".*scope="profile mcp\.tools"/);
      const ok = await postMcp(scoped.http.url, INITIALIZE, { authorization: `Bearer ${await scoped.sandbox.issueMcpToken('alice', { scope: 'mcp.tools' })}` });
      expect(ok.status).toBe(200);
    } finally {
      await scoped.close();
    }
  });

  it('refuses every call while the JWKS endpoint is down, stays up, and accepts once it is back', async () => {
    const fresh = await startOAuthHarness();
    try {
      const token = await fresh.sandbox.issueMcpToken('alice');
      fresh.sandbox.faults.jwksDown = true;
      const refused = await postMcp(fresh.http.url, INITIALIZE, { authorization: `Bearer ${token}` });
      expect(refused.status).toBe(503);
      expect(fresh.sandbox.requests).toHaveLength(0);
      fresh.sandbox.faults.jwksDown = false;
      const accepted = await postMcp(fresh.http.url, INITIALIZE, { authorization: `Bearer ${token}` });
      expect(accepted.status).toBe(200);
    } finally {
      await fresh.close();
    }
  });
});
