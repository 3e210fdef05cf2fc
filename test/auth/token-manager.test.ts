/**
 * The token manager against the sandbox token endpoint (real HTTP on loopback), whose
 * refresh tokens rotate and whose reuse detection revokes the family: any double refresh
 * would show up as invalid_grant here.
 */
import { createServer } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createOAuthRefresher } from '../../runtime/auth/refreshers/oauth-refresh.ts';
import { MemoryTokenStore } from '../../runtime/auth/stores/memory-store.ts';
import { TokenManager } from '../../runtime/auth/token-manager.ts';
import { AuthRequiredError, TokenRefreshError } from '../../runtime/errors.ts';
import { startSandbox, type Sandbox } from '../../sandbox/index.ts';
import { captureLogger, type CapturedLogger } from './helpers.ts';

let sb: Sandbox;
let store: MemoryTokenStore;
let logger: CapturedLogger;
let manager: TokenManager;

beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.close());

beforeEach(() => {
  sb.reset();
  store = new MemoryTokenStore();
  logger = captureLogger();
  manager = new TokenManager({
    store,
    logger,
    refresher: createOAuthRefresher({ tokenUrl: sb.tokenUrl, clientId: 'dta-mcp', clientSecret: 'dta-mcp-secret' }),
  });
});

async function expiredSession(user: string): Promise<{ accessToken: string; refreshToken: string }> {
  const tokens = await sb.issueUserTokens(user, { accessTtlSec: 0 });
  await manager.setupUserSession(user, tokens);
  return tokens;
}

function refreshRequests(): number {
  return sb.tokenRequests.filter((r) => r.grantType === 'refresh_token').length;
}

describe('TokenManager with the OAuth refresh_token grant', () => {
  it('turns 100 concurrent calls with an expired token into one refresh and 100 identical new tokens', async () => {
    const old = await expiredSession('alice');
    const tokens = await Promise.all(Array.from({ length: 100 }, () => manager.getValidToken('alice')));
    expect(refreshRequests()).toBe(1);
    expect(sb.tokenRequests[0]?.status).toBe(200);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).not.toBe(old.accessToken);
  });

  it('gives users A and B refreshing at once each their own tokens', async () => {
    await expiredSession('alice');
    await expiredSession('bob');
    const calls = Array.from({ length: 20 }, (_, i) => (i % 2 ? 'alice' : 'bob'));
    const results = await Promise.all(calls.map(async (user) => ({ user, token: await manager.getValidToken(user) })));
    expect(refreshRequests()).toBe(2);
    for (const { user, token } of results) {
      const sub = JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString()).sub;
      expect(sub).toBe(user);
    }
    const byUser = new Set(results.map((r) => `${r.user}:${r.token}`));
    expect(byUser.size).toBe(2);
  });

  it('stores the rotated refresh token before handing out the new access token', async () => {
    const old = await expiredSession('alice');
    const token = await manager.getValidToken('alice');
    const stored = await store.get('alice');
    expect(stored?.accessToken).toBe(token);
    expect(stored?.refreshToken).toBeDefined();
    expect(stored?.refreshToken).not.toBe(old.refreshToken);
  });

  it('keeps the old refresh token when the response carries none', async () => {
    const old = await expiredSession('alice');
    sb.faults.omitRefreshToken = true;
    const token = await manager.getValidToken('alice');
    expect(token).not.toBe(old.accessToken);
    expect((await store.get('alice'))?.refreshToken).toBe(old.refreshToken);
  });

  it('refreshes after a rejection only while the rejected token is still stored', async () => {
    const tokens = await sb.issueUserTokens('alice');
    await manager.setupUserSession('alice', tokens);
    const first = await manager.refreshUserToken('alice', { rejectedAccessToken: tokens.accessToken });
    const again = await manager.refreshUserToken('alice', { rejectedAccessToken: tokens.accessToken });
    expect(first.accessToken).not.toBe(tokens.accessToken);
    expect(again.accessToken).toBe(first.accessToken);
    expect(refreshRequests()).toBe(1);
    expect(first).not.toHaveProperty('refreshToken');
  });

  it('clears the session and asks the user to re-authorize on invalid_grant', async () => {
    const old = await expiredSession('alice');
    sb.faults.tokenEndpointStatus = 400;
    const error = await manager.getValidToken('alice').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthRequiredError);
    expect((error as AuthRequiredError).message).toContain('invalid_grant');
    expect((error as Error).message).not.toContain(old.refreshToken);
    expect(await store.get('alice')).toBeUndefined();
    sb.reset();
    await expect(manager.getValidToken('alice')).rejects.toBeInstanceOf(AuthRequiredError);
    expect(refreshRequests()).toBe(0);
  });

  it('does not clear a session whose refresh token was rotated while the failing refresh ran', async () => {
    const old = await expiredSession('alice');
    const rotated = await sb.issueUserTokens('alice');
    let swapped = false;
    manager = new TokenManager({
      store,
      refresher: async () => {
        // Another replica rotated meanwhile; then our grant is refused.
        await store.set('alice', { ...rotated, issuedAt: Date.now() });
        swapped = true;
        throw new AuthRequiredError('refused (invalid_grant)');
      },
    });
    await expect(manager.refreshUserToken('alice', { rejectedAccessToken: old.accessToken })).rejects.toBeInstanceOf(AuthRequiredError);
    expect(swapped).toBe(true);
    expect((await store.get('alice'))?.refreshToken).toBe(rotated.refreshToken);
  });

  it.each([500, 503])('keeps the tokens and gives a retryable error when the token endpoint answers %i', async (status) => {
    const old = await expiredSession('alice');
    sb.faults.tokenEndpointStatus = status;
    const error = await manager.getValidToken('alice').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenRefreshError);
    expect((error as TokenRefreshError).retryable).toBe(true);
    expect((await store.get('alice'))?.refreshToken).toBe(old.refreshToken);
    sb.reset();
    expect(await manager.getValidToken('alice')).not.toBe(old.accessToken);
  });

  it('keeps the tokens and gives a retryable error when the token endpoint is unreachable', async () => {
    const closedPort = await freePort();
    manager = new TokenManager({
      store,
      refresher: createOAuthRefresher({ tokenUrl: `http://127.0.0.1:${closedPort}/oauth/token`, clientId: 'dta-mcp', clientSecret: 'x' }),
    });
    const old = await expiredSession('alice');
    await expect(manager.getValidToken('alice')).rejects.toBeInstanceOf(TokenRefreshError);
    expect((await store.get('alice'))?.refreshToken).toBe(old.refreshToken);
  });

  it('keeps the tokens and gives a retryable error when the token endpoint times out', async () => {
    manager = new TokenManager({
      store,
      refresher: createOAuthRefresher({ tokenUrl: sb.tokenUrl, clientId: 'dta-mcp', clientSecret: 'dta-mcp-secret', timeoutMs: 50 }),
    });
    const old = await expiredSession('alice');
    sb.faults.tokenEndpointDelayMs = 1_000;
    const error = await manager.getValidToken('alice').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenRefreshError);
    expect((error as Error).message).toContain('timeout');
    expect((await store.get('alice'))?.refreshToken).toBe(old.refreshToken);
  });

  it('still serves a valid token when an early refresh fails transiently', async () => {
    const tokens = await sb.issueUserTokens('alice', { accessTtlSec: 3600 });
    await manager.setupUserSession('alice', tokens);
    // Only Date is faked: the sockets keep real timers. 56 min in: inside the buffer, not expired.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 56 * 60_000 });
    try {
      sb.faults.tokenEndpointStatus = 503;
      expect(await manager.getValidToken('alice')).toBe(tokens.accessToken);
      expect(sb.tokenRequests.map((r) => r.status)).toEqual([503]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('authenticates with client_secret_post and sends resource and audience when configured', async () => {
    manager = new TokenManager({
      store,
      refresher: createOAuthRefresher({
        tokenUrl: sb.tokenUrl,
        clientId: 'dta-mcp',
        clientSecret: 'dta-mcp-secret',
        authMethod: 'client_secret_post',
        resource: 'https://api.example.com/',
        audience: 'dta-wide',
      }),
    });
    await expiredSession('alice');
    await manager.getValidToken('alice');
    expect(sb.tokenRequests[0]).toMatchObject({ status: 200, authMethod: 'post', resource: 'https://api.example.com/', audience: 'dta-wide' });
  });

  it('never writes a token into a log line', async () => {
    const old = await expiredSession('alice');
    const fresh = await manager.getValidToken('alice');
    sb.faults.tokenEndpointStatus = 400;
    await manager.refreshUserToken('alice', { rejectedAccessToken: fresh }).catch(() => undefined);
    const text = logger.text();
    expect(logger.lines.length).toBeGreaterThan(0);
    for (const secret of [old.accessToken, old.refreshToken, fresh, 'dta-mcp-secret']) expect(text).not.toContain(secret);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
