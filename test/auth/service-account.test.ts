import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createServiceAccount } from '../../runtime/auth/service-account.ts';
import { ConfigError, ServiceAccountError, TokenRefreshError } from '../../runtime/errors.ts';
import { startSandbox, type Sandbox } from '../../sandbox/index.ts';

let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox({ accessTokenTtlSec: 60 });
});
afterAll(() => sb.close());
beforeEach(() => sb.reset());
afterEach(() => vi.useRealTimers());

const account = (over: Partial<Parameters<typeof createServiceAccount>[0]> = {}) =>
  createServiceAccount({ tokenUrl: sb.tokenUrl, clientId: 'dta-mcp', clientSecret: 'dta-mcp-secret', scope: 'system.read', ...over });

describe('service account (client_credentials)', () => {
  it('caches the token', async () => {
    const sa = account();
    const first = await sa.getToken();
    expect(await sa.getToken()).toBe(first);
    expect(sb.tokenRequests).toHaveLength(1);
    expect(sb.tokenRequests[0]).toMatchObject({ grantType: 'client_credentials', authMethod: 'basic', scope: 'system.read', status: 200 });
  });

  it('fetches once for concurrent first calls', async () => {
    const sa = account();
    const tokens = await Promise.all(Array.from({ length: 50 }, () => sa.getToken()));
    expect(new Set(tokens).size).toBe(1);
    expect(sb.tokenRequests).toHaveLength(1);
  });

  it('refreshes near expiry (60 s token: 15 s early), not before', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const sa = account();
    const first = await sa.getToken();
    vi.setSystemTime(Date.now() + 44_000);
    expect(await sa.getToken()).toBe(first);
    vi.setSystemTime(Date.now() + 2_000);
    const second = await sa.getToken();
    expect(second).not.toBe(first);
    expect(sb.tokenRequests).toHaveLength(2);
  });

  it('replaces a rejected token once, however many calls saw it rejected', async () => {
    const sa = account();
    const rejected = await sa.getToken();
    const fresh = await Promise.all(Array.from({ length: 10 }, () => sa.refreshAfterRejection(rejected)));
    expect(new Set(fresh).size).toBe(1);
    expect(fresh[0]).not.toBe(rejected);
    expect(await sa.refreshAfterRejection(rejected)).toBe(fresh[0]);
    expect(sb.tokenRequests).toHaveLength(2);
  });

  it('authenticates with client_secret_post and sends audience and resource', async () => {
    await account({ authMethod: 'client_secret_post', audience: 'dta-wide', resource: 'https://api.example.com/' }).getToken();
    expect(sb.tokenRequests[0]).toMatchObject({ authMethod: 'post', audience: 'dta-wide', resource: 'https://api.example.com/', status: 200 });
  });

  it('reports a refused grant as a non-retryable ServiceAccountError without the secret', async () => {
    const error = await account({ clientSecret: 'wrong-secret' }).getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServiceAccountError);
    expect((error as Error).message).toContain('invalid_client');
    expect((error as Error).message).not.toContain('wrong-secret');
  });

  it('reports a 5xx as a retryable TokenRefreshError', async () => {
    sb.faults.tokenEndpointStatus = 502;
    const error = await account().getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenRefreshError);
    expect((error as TokenRefreshError).retryable).toBe(true);
  });

  it('serves a static key as it is and says it cannot refresh', async () => {
    const sa = createServiceAccount({ staticToken: 'static-key' });
    expect(await sa.getToken()).toBe('static-key');
    expect(sa.canRefresh).toBe(false);
    expect(() => createServiceAccount({ staticToken: '' })).toThrow(ConfigError);
  });
});
