import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenCipher } from '../../runtime/auth/crypto/token-cipher.ts';
import { RedisLock } from '../../runtime/auth/redis-lock.ts';
import { RedisTokenStore } from '../../runtime/auth/stores/redis-store.ts';
import { createStoreBackend, stores } from '../../runtime/auth/stores/index.ts';
import type { StoredSession } from '../../runtime/auth/stores/types.ts';
import { silentAuthLogger } from '../../runtime/auth/logger.ts';
import { ConfigError, TokenRefreshError, TokenStoreUnavailableError } from '../../runtime/errors.ts';
import { TokenManager } from '../../runtime/auth/token-manager.ts';
import { REDIS_URL, deferred, randomPrefix, testKey } from './helpers.ts';

const prefix = randomPrefix('redis-store');
const k1 = testKey('k1');
let redis: Redis;
let store: RedisTokenStore;

const session = (n: number, refreshToken = `rt-${n}`): StoredSession => ({
  accessToken: `at-${n}`,
  refreshToken,
  expiresAt: Date.now() + 3_600_000,
  issuedAt: Date.now(),
});

beforeAll(() => {
  redis = new Redis(REDIS_URL);
  store = new RedisTokenStore({ client: redis, keyPrefix: prefix }, createTokenCipher([k1]));
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

describe('Redis store', () => {
  it('is refused without an encryption key', () => {
    expect(() => new RedisTokenStore({ url: REDIS_URL }, undefined)).toThrow(ConfigError);
    expect(() => createStoreBackend({ kind: 'redis', url: REDIS_URL }, { logger: silentAuthLogger })).toThrow(/encryption/);
  });

  it('stores sessions sealed, never in clear', async () => {
    await store.set('alice', session(1));
    const raw = await redis.get(store.keyFor('alice'));
    expect(raw).toMatch(/^v1\.k1\./);
    expect(raw).not.toContain('at-1');
    expect(raw).not.toContain('rt-1');
    expect((await store.get('alice'))?.refreshToken).toBe('rt-1');
  });

  it('sets a TTL on every session key', async () => {
    await store.set('ttl-user', session(1));
    const ttl = await redis.pttl(store.keyFor('ttl-user'));
    expect(ttl).toBeGreaterThan(0);
  });

  it('reads a flipped ciphertext bit as no session', async () => {
    await store.set('alice', session(1));
    const raw = (await redis.get(store.keyFor('alice'))) as string;
    const parts = raw.split('.');
    const body = Buffer.from(parts[3] as string, 'base64url');
    body[0] = (body[0] as number) ^ 0x80;
    parts[3] = body.toString('base64url');
    await redis.set(store.keyFor('alice'), parts.join('.'));
    expect(await store.get('alice')).toBeUndefined();
  });

  it("reads a ciphertext copied to another user's key as no session, never their token", async () => {
    await store.set('alice', session(1));
    await redis.copy(store.keyFor('alice'), store.keyFor('mallory'), 'REPLACE');
    expect(await redis.get(store.keyFor('mallory'))).toBe(await redis.get(store.keyFor('alice')));
    expect(await store.get('mallory')).toBeUndefined();
    expect((await store.get('alice'))?.accessToken).toBe('at-1');
  });

  it('still decrypts records written under a retired key', async () => {
    await store.set('carol', session(3));
    const rotated = new RedisTokenStore({ client: redis, keyPrefix: prefix }, createTokenCipher([testKey('k2'), k1]));
    expect((await rotated.get('carol'))?.accessToken).toBe('at-3');
    await rotated.set('carol', session(4));
    expect(await redis.get(rotated.keyFor('carol'))).toMatch(/^v1\.k2\./);
  });

  it('deletes only when the refresh token still matches (compare-and-delete)', async () => {
    await store.set('dave', session(5, 'rt-rotated'));
    expect(await store.deleteIf('dave', 'rt-failed')).toBe(false);
    expect(await store.get('dave')).toBeDefined();
    expect(await store.deleteIf('dave', 'rt-rotated')).toBe(true);
    expect(await redis.exists(store.keyFor('dave'))).toBe(0);
  });

  it('reports an unreachable Redis as a retryable TokenStoreUnavailableError', async () => {
    const down = new RedisTokenStore({ url: 'redis://127.0.0.1:1', keyPrefix: prefix }, createTokenCipher([k1]));
    const manager = new TokenManager({ store: down });
    const error = await manager.getValidToken('alice').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenStoreUnavailableError);
    expect((error as TokenStoreUnavailableError).retryable).toBe(true);
    await down.close();
  });

  it('is one entry of an explicit registry', () => {
    expect(Object.keys(stores).sort()).toEqual(['file', 'memory', 'redis']);
  });
});

describe('Redis refresh lock', () => {
  it('lets one holder in at a time per key and releases on completion', async () => {
    const lockA = new RedisLock(redis, { keyPrefix: prefix });
    const other = new Redis(REDIS_URL);
    const lockB = new RedisLock(other, { keyPrefix: prefix });
    const gate = deferred<void>();
    const order: string[] = [];
    const a = lockA.withLock('u1', async () => {
      order.push('a-in');
      await gate.promise;
      order.push('a-out');
    });
    await new Promise((r) => setTimeout(r, 20));
    const b = lockB.withLock('u1', async () => void order.push('b-in'));
    await new Promise((r) => setTimeout(r, 50));
    expect(order).toEqual(['a-in']);
    gate.resolve();
    await Promise.all([a, b]);
    expect(order).toEqual(['a-in', 'a-out', 'b-in']);
    expect(await redis.exists(`${prefix}lock:u1`)).toBe(0);
    await other.quit();
  });

  it('gives up after maxWaitMs with a retryable error', async () => {
    await redis.set(`${prefix}lock:stuck`, 'someone-else', 'PX', 10_000);
    const lock = new RedisLock(redis, { keyPrefix: prefix, maxWaitMs: 100 });
    const error = await lock.withLock('stuck', async () => 'never').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenRefreshError);
  });

  it("never releases a lock it no longer owns", async () => {
    const lock = new RedisLock(redis, { keyPrefix: prefix, ttlMs: 50 });
    await lock.withLock('expiring', async () => {
      await new Promise((r) => setTimeout(r, 120)); // our lock expired meanwhile
      await redis.set(`${prefix}lock:expiring`, 'new-owner', 'PX', 10_000);
    });
    expect(await redis.get(`${prefix}lock:expiring`)).toBe('new-owner');
  });
});
