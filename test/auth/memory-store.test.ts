import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryTokenStore } from '../../runtime/auth/stores/memory-store.ts';
import type { StoredSession } from '../../runtime/auth/stores/types.ts';
import { ConfigError } from '../../runtime/errors.ts';

const session = (n: number, refreshToken = `rt-${n}`): StoredSession => ({
  accessToken: `at-${n}`,
  refreshToken,
  expiresAt: Date.now() + 3_600_000,
  issuedAt: Date.now(),
});

describe('memory store', () => {
  beforeEach(() => vi.useFakeTimers({ now: Date.UTC(2030, 0, 1) }));
  afterEach(() => vi.useRealTimers());

  it('returns what was set, per user', async () => {
    const store = new MemoryTokenStore();
    await store.set('alice', session(1));
    await store.set('bob', session(2));
    expect((await store.get('alice'))?.accessToken).toBe('at-1');
    expect((await store.get('bob'))?.accessToken).toBe('at-2');
    expect(await store.get('carol')).toBeUndefined();
  });

  it('drops a session ttlMs after its last write', async () => {
    const store = new MemoryTokenStore({ ttlMs: 1_000 });
    await store.set('alice', session(1));
    vi.advanceTimersByTime(999);
    expect(await store.get('alice')).toBeDefined();
    vi.advanceTimersByTime(1);
    expect(await store.get('alice')).toBeUndefined();
  });

  it('evicts the least recently used user beyond maxUsers', async () => {
    const store = new MemoryTokenStore({ maxUsers: 2 });
    await store.set('alice', session(1));
    await store.set('bob', session(2));
    await store.get('alice'); // bob is now least recently used
    await store.set('carol', session(3));
    expect(store.size).toBe(2);
    expect(await store.get('bob')).toBeUndefined();
    expect(await store.get('alice')).toBeDefined();
    expect(await store.get('carol')).toBeDefined();
  });

  it('deletes only when the refresh token still matches (compare-and-delete)', async () => {
    const store = new MemoryTokenStore();
    await store.set('alice', session(2, 'rt-new'));
    expect(await store.deleteIf('alice', 'rt-old')).toBe(false);
    expect(await store.get('alice')).toBeDefined();
    expect(await store.deleteIf('alice', 'rt-new')).toBe(true);
    expect(await store.get('alice')).toBeUndefined();
  });

  it('refuses nonsensical bounds', () => {
    expect(() => new MemoryTokenStore({ maxUsers: 0 })).toThrow(ConfigError);
    expect(() => new MemoryTokenStore({ ttlMs: -1 })).toThrow(ConfigError);
  });
});
