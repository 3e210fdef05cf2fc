/**
 * Many users over HTTP, each with their own upstream token: the inbound token says who is
 * calling, RFC 8693 exchange fills that user's session once, and the inbound token never
 * reaches the upstream API.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { textOf } from './support.ts';
import { connectAs, startOAuthHarness, type OAuthHarness } from './oauth-support.ts';

let h: OAuthHarness;

beforeAll(async () => {
  h = await startOAuthHarness({ sandbox: { accessTokenTtlSec: 3600 } });
});
afterAll(() => h.close());
beforeEach(() => h.sandbox.reset());

const exchanges = () => h.sandbox.tokenRequests.filter((r) => r.grantType === 'urn:ietf:params:oauth:grant-type:token-exchange');

describe('three users calling interleaved', () => {
  it("makes every upstream call with the caller's own upstream token", async () => {
    const users = ['ann', 'ben', 'cat'];
    const clients = await Promise.all(users.map(async (u) => ({ user: u, client: await connectAs(h.http.url, await h.sandbox.issueMcpToken(u)) })));
    const rounds = await Promise.all(
      Array.from({ length: 12 }, (_, i) => clients[i % 3]!).map(async ({ user, client }) => ({
        user,
        text: textOf(await client.callTool({ name: 'get-user-profile', arguments: {} })),
      })),
    );
    for (const { user, text } of rounds) expect(JSON.parse(text)).toMatchObject({ id: user });
    const seen = h.sandbox.requests.filter((r) => r.path === '/user/profile');
    expect(seen).toHaveLength(12);
    for (const request of seen) expect(users).toContain(request.auth?.sub);
    expect(exchanges()).toHaveLength(3);
    expect(h.sandbox.mcpAudienceTokensSeen).toBe(0);
    await Promise.all(clients.map(({ client }) => client.close()));
  });

  it('exchanges once per user under 40 concurrent first calls', async () => {
    const token = await h.sandbox.issueMcpToken('dan');
    const clients = await Promise.all(Array.from({ length: 4 }, () => connectAs(h.http.url, token)));
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => clients[i % 4]!.callTool({ name: 'get-user-profile', arguments: {} })),
    );
    for (const result of results) expect(result.isError).toBeFalsy();
    expect(exchanges()).toHaveLength(1);
    expect(exchanges()[0]).toMatchObject({ status: 200, audience: 'dta-wide' });
    await Promise.all(clients.map((c) => c.close()));
  });

  it("keeps one user's settings write invisible to another", async () => {
    const eve = await connectAs(h.http.url, await h.sandbox.issueMcpToken('eve'));
    const fay = await connectAs(h.http.url, await h.sandbox.issueMcpToken('fay'));
    const written = await eve.callTool({ name: 'update-user-settings', arguments: { settings: { nickname: 'eve-secret-theme' } } });
    expect(textOf(written)).toContain('eve-secret-theme');
    const other = await fay.callTool({ name: 'update-user-settings', arguments: { settings: { language: 'fr' } } });
    expect(other.isError).toBeFalsy();
    expect(textOf(other)).not.toContain('eve-secret-theme');
    await Promise.all([eve.close(), fay.close()]);
  });

  it('never sends the inbound token upstream, and logs no token', async () => {
    const token = await h.sandbox.issueMcpToken('gus');
    const gus = await connectAs(h.http.url, token);
    await gus.callTool({ name: 'get-user-activity-log', arguments: {} });
    expect(h.sandbox.mcpAudienceTokensSeen).toBe(0);
    for (const request of h.sandbox.requests) expect(request.headers.authorization ?? '').not.toContain(token);
    const logs = h.logs.join('\n');
    expect(logs).not.toContain(token);
    for (const issued of h.sandbox.requests.map((r) => r.auth?.token).filter(Boolean)) expect(logs).not.toContain(issued);
    await gus.close();
  });
});

describe('upstream tokens that expire mid-run', () => {
  it('renews them without replaying a refresh token, and every call succeeds', async () => {
    const short = await startOAuthHarness({ sandbox: { accessTokenTtlSec: 2 } });
    try {
      const client = await connectAs(short.http.url, await short.sandbox.issueMcpToken('hal', { ttlSec: 3600 }));
      for (let i = 0; i < 3; i += 1) {
        const result = await client.callTool({ name: 'get-user-profile', arguments: {} });
        expect(result.isError).toBeFalsy();
        await new Promise((r) => setTimeout(r, 1_100));
      }
      const refused = short.sandbox.tokenRequests.filter((r) => r.status !== 200);
      expect(refused).toEqual([]);
      expect(short.sandbox.tokenRequests.filter((r) => r.grantType === 'refresh_token').length).toBeGreaterThanOrEqual(1);
      await client.close();
    } finally {
      await short.close();
    }
  });
});
