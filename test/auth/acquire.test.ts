/**
 * Acquire: the token manager fills a session that does not exist, or cannot be
 * refreshed, through a caller-supplied acquirer (token exchange, client_credentials),
 * under the same single-flight and lock as a refresh.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createAuth, type Auth } from '../../runtime/auth/index.ts';
import { MemoryTokenStore } from '../../runtime/auth/stores/memory-store.ts';
import { TokenManager, type Acquire } from '../../runtime/auth/token-manager.ts';
import { AuthRequiredError } from '../../runtime/errors.ts';
import type { UserTokens } from '../../runtime/auth/types.ts';
import { REDIS_URL, randomPrefix } from './helpers.ts';

function counting(ttlMs = 3_600_000, refreshToken?: string): Acquire & { calls: number } {
  const acquire = (async (): Promise<UserTokens> => {
    acquire.calls += 1;
    await new Promise((r) => setTimeout(r, 20));
    return { accessToken: `acquired-${acquire.calls}`, expiresAt: Date.now() + ttlMs, ...(refreshToken ? { refreshToken } : {}) };
  }) as unknown as Acquire & { calls: number };
  acquire.calls = 0;
  return acquire;
}

describe('TokenManager.getValidToken with an acquirer', () => {
  it('acquires once for 40 concurrent first calls of one user and hands every caller that token', async () => {
    const manager = new TokenManager({ store: new MemoryTokenStore() });
    const acquire = counting();
    const tokens = await Promise.all(Array.from({ length: 40 }, () => manager.getValidToken('alice', undefined, acquire)));
    expect(acquire.calls).toBe(1);
    expect(new Set(tokens)).toEqual(new Set(['acquired-1']));
    expect(await manager.hasSession('alice')).toBe(true);
  });

  it('still says "sign in" when there is no session and no acquirer', async () => {
    const manager = new TokenManager({ store: new MemoryTokenStore() });
    await expect(manager.getValidToken('alice')).rejects.toBeInstanceOf(AuthRequiredError);
  });

  it('acquires again when the session is due and has no refresh token', async () => {
    const manager = new TokenManager({ store: new MemoryTokenStore() });
    await manager.setupUserSession('alice', { accessToken: 'old', expiresAt: Date.now() + 1_000 });
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 2_000 });
    try {
      const acquire = counting();
      expect(await manager.getValidToken('alice', undefined, acquire)).toBe('acquired-1');
    } finally {
      vi.useRealTimers();
    }
  });

  it('acquires again when the refresh grant is rejected, instead of asking the user to sign in', async () => {
    const manager = new TokenManager({
      store: new MemoryTokenStore(),
      refresher: async () => {
        throw new AuthRequiredError('invalid_grant');
      },
    });
    await manager.setupUserSession('alice', { accessToken: 'old', refreshToken: 'r', expiresAt: Date.now() - 1 });
    const acquire = counting();
    expect(await manager.getValidToken('alice', undefined, acquire)).toBe('acquired-1');
  });

  it('acquires again after a 401 on a token that cannot be refreshed, once for concurrent rejections', async () => {
    const manager = new TokenManager({ store: new MemoryTokenStore() });
    const acquire = counting();
    const first = await manager.getValidToken('alice', undefined, acquire);
    const next = await Promise.all(
      Array.from({ length: 10 }, () => manager.refreshUserToken('alice', { rejectedAccessToken: first, acquire })),
    );
    expect(acquire.calls).toBe(2);
    expect(new Set(next.map((t) => t.accessToken))).toEqual(new Set(['acquired-2']));
  });
});

describe('acquire across two replicas on one Redis', () => {
  const keyPrefix = randomPrefix('acquire');
  const key = randomBytes(32).toString('base64');
  const replica = (): Auth =>
    createAuth({ encryption: { keys: [{ id: 'k1', key }] }, store: { kind: 'redis', url: REDIS_URL, keyPrefix } });
  const a = replica();
  const b = replica();

  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('acquires once between them for 40 concurrent first calls split across both', async () => {
    const acquire = counting();
    const tokens = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).tokenManager.getValidToken('carol', undefined, acquire)),
    );
    expect(acquire.calls).toBe(1);
    expect(new Set(tokens).size).toBe(1);
  });
});
