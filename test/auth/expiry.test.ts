import { SignJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_EXPIRY_POLICY, refreshDueAt, resolveTokenTimes } from '../../runtime/auth/expiry.ts';
import { MemoryTokenStore } from '../../runtime/auth/stores/memory-store.ts';
import { TokenManager } from '../../runtime/auth/token-manager.ts';
import { AuthRequiredError } from '../../runtime/errors.ts';
import type { Refresher } from '../../runtime/auth/types.ts';

const T0 = Date.UTC(2030, 0, 1);
const MIN = 60_000;

async function jwt(claims: { iat?: number; exp?: number }): Promise<string> {
  const token = new SignJWT({}).setProtectedHeader({ alg: 'HS256' });
  if (claims.iat !== undefined) token.setIssuedAt(claims.iat / 1000);
  if (claims.exp !== undefined) token.setExpirationTime(claims.exp / 1000);
  return token.sign(new Uint8Array(32));
}

describe('expiry math', () => {
  it.each([
    ['an explicit expiresAt wins', { expiresAt: T0 + 10 * MIN }, T0 + 10 * MIN],
    ['an opaque token gets the default lifetime', {}, T0 + DEFAULT_EXPIRY_POLICY.defaultTtlMs],
  ])('%s', (_name, given, want) => {
    expect(resolveTokenTimes({ accessToken: 'opaque', ...given }, T0, DEFAULT_EXPIRY_POLICY).expiresAt).toBe(want);
  });

  it('reads exp and iat from a JWT', async () => {
    const token = await jwt({ iat: T0 - MIN, exp: T0 + 9 * MIN });
    expect(resolveTokenTimes({ accessToken: token }, T0, DEFAULT_EXPIRY_POLICY)).toEqual({ issuedAt: T0 - MIN, expiresAt: T0 + 9 * MIN });
  });

  it.each([
    ['a 1 h token is refreshed 5 min early', 60 * MIN, 55 * MIN],
    ['a 60 s token is refreshed 15 s early, not at once', MIN, 45_000],
    ['a 4 s token is refreshed 1 s early', 4_000, 3_000],
    ['an already-expired token is due at its expiry', -MIN, -MIN],
  ])('%s', (_name, lifetime, dueAfter) => {
    expect(refreshDueAt({ issuedAt: T0, expiresAt: T0 + lifetime }, DEFAULT_EXPIRY_POLICY)).toBe(T0 + dueAfter);
  });
});

describe('TokenManager expiry (fake clock)', () => {
  let refreshes: string[];
  let manager: TokenManager;
  const refresher: Refresher = async (refreshToken) => {
    refreshes.push(refreshToken);
    return { accessToken: `at-${refreshes.length}`, refreshToken: `rt-${refreshes.length}`, expiresAt: Date.now() + 60 * MIN };
  };

  beforeEach(() => {
    vi.useFakeTimers({ now: T0 });
    refreshes = [];
    manager = new TokenManager({ store: new MemoryTokenStore(), refresher });
  });
  afterEach(() => vi.useRealTimers());

  it('uses a fresh token without refreshing', async () => {
    await manager.setupUserSession('alice', { accessToken: 'at-0', refreshToken: 'rt-0', expiresAt: T0 + 60 * MIN });
    vi.advanceTimersByTime(54 * MIN);
    expect(await manager.getValidToken('alice')).toBe('at-0');
    expect(refreshes).toEqual([]);
  });

  it('refreshes inside the 5 minute buffer', async () => {
    await manager.setupUserSession('alice', { accessToken: 'at-0', refreshToken: 'rt-0', expiresAt: T0 + 60 * MIN });
    vi.advanceTimersByTime(56 * MIN);
    expect(await manager.getValidToken('alice')).toBe('at-1');
    expect(refreshes).toEqual(['rt-0']);
  });

  it('refreshes an already-expired access token instead of rejecting it', async () => {
    await manager.setupUserSession('alice', { accessToken: 'at-0', refreshToken: 'rt-0', expiresAt: T0 - MIN });
    expect(await manager.getValidToken('alice')).toBe('at-1');
  });

  it('does not refresh a short-lived token in a loop', async () => {
    const short: Refresher = async (rt) => {
      refreshes.push(rt);
      return { accessToken: `at-${refreshes.length}`, expiresAt: Date.now() + MIN };
    };
    manager = new TokenManager({ store: new MemoryTokenStore(), refresher: short });
    await manager.setupUserSession('alice', { accessToken: 'at-0', refreshToken: 'rt-0', expiresAt: T0 + MIN });
    for (let i = 0; i < 10; i++) await manager.getValidToken('alice');
    expect(refreshes).toEqual([]);
    vi.advanceTimersByTime(46_000);
    await manager.getValidToken('alice');
    await manager.getValidToken('alice');
    expect(refreshes).toEqual(['rt-0']);
  });

  it('takes expiry from the JWT exp when no expiresAt is given', async () => {
    await manager.setupUserSession('alice', { accessToken: await jwt({ iat: T0, exp: T0 + 60 * MIN }), refreshToken: 'rt-0' });
    vi.advanceTimersByTime(54 * MIN);
    await manager.getValidToken('alice');
    expect(refreshes).toEqual([]);
    vi.advanceTimersByTime(2 * MIN);
    expect(await manager.getValidToken('alice')).toBe('at-1');
  });

  it('falls back to the configured default lifetime for opaque tokens', async () => {
    manager = new TokenManager({ store: new MemoryTokenStore(), refresher, expiry: { defaultTtlMs: 20 * MIN } });
    await manager.setupUserSession('alice', { accessToken: 'opaque', refreshToken: 'rt-0' });
    vi.advanceTimersByTime(14 * MIN);
    expect(await manager.getValidToken('alice')).toBe('opaque');
    vi.advanceTimersByTime(2 * MIN);
    expect(await manager.getValidToken('alice')).toBe('at-1');
  });

  it('ends a session without refresh token at expiry with AuthRequiredError', async () => {
    await manager.setupUserSession('alice', { accessToken: 'at-0', expiresAt: T0 + 60 * MIN });
    vi.advanceTimersByTime(61 * MIN);
    await expect(manager.getValidToken('alice')).rejects.toBeInstanceOf(AuthRequiredError);
    expect(refreshes).toEqual([]);
  });

  it('refuses an expired access token without a refresh token at setup', async () => {
    await expect(manager.setupUserSession('alice', { accessToken: 'at-0', expiresAt: T0 - 1 })).rejects.toBeInstanceOf(AuthRequiredError);
  });

  it('requires an access token at setup', async () => {
    await expect(manager.setupUserSession('alice', { accessToken: '' })).rejects.toThrow(/accessToken/);
  });

  it('says whether tokens are expired or inside the buffer', () => {
    expect(manager.isTokenExpired({ accessToken: 'x', expiresAt: T0 + 60 * MIN, issuedAt: T0 })).toBe(false);
    expect(manager.isTokenExpired({ accessToken: 'x', expiresAt: T0 + 4 * MIN, issuedAt: T0 - 56 * MIN })).toBe(true);
    expect(manager.isTokenExpired({ accessToken: 'x', expiresAt: T0 - 1 })).toBe(true);
  });

  it('answers AuthRequiredError for a user with no session', async () => {
    await expect(manager.getValidToken('nobody')).rejects.toBeInstanceOf(AuthRequiredError);
  });

  it('forgets a session on cleanup', async () => {
    await manager.setupUserSession('alice', { accessToken: 'at-0', refreshToken: 'rt-0', expiresAt: T0 + 60 * MIN });
    await manager.cleanupUserSession('alice');
    await expect(manager.getValidToken('alice')).rejects.toBeInstanceOf(AuthRequiredError);
  });
});
