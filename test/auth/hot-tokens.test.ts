/**
 * The in-process cache of decrypted sessions: a hit costs no store read (and no decrypt),
 * entries live a few seconds at most, and a 401 or a sign-out drops them. On by default for
 * the process-local memory store only; two managers on one store stand in for a second writer.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryTokenStore } from '../../runtime/auth/stores/memory-store.ts';
import type { TokenStore } from '../../runtime/auth/stores/types.ts';
import { TokenManager } from '../../runtime/auth/token-manager.ts';
import { AuthRequiredError } from '../../runtime/errors.ts';

/** A store that counts reads, so a test can tell a cache hit from a store read. */
function countingStore(inner: TokenStore = new MemoryTokenStore()): TokenStore & { reads: number } {
  const store = {
    kind: inner.kind,
    reads: 0,
    get: async (key: string) => {
      store.reads += 1;
      return inner.get(key);
    },
    set: (key: string, session: Parameters<TokenStore['set']>[1]) => inner.set(key, session),
    delete: (key: string) => inner.delete(key),
    deleteIf: (key: string, refreshToken: string) => inner.deleteIf(key, refreshToken),
    close: () => inner.close(),
  };
  return store;
}

afterEach(() => vi.useRealTimers());

const HOUR = 3_600_000;

describe('TokenManager hot cache', () => {
  it('answers repeated calls from memory: one store read for 100 calls', async () => {
    const store = countingStore();
    const manager = new TokenManager({ store });
    await manager.setupUserSession('alice', { accessToken: 'a1', expiresAt: Date.now() + HOUR });
    for (let i = 0; i < 100; i++) expect(await manager.getValidToken('alice')).toBe('a1');
    expect(store.reads).toBe(0);
  });

  it('reads the store again once an entry is older than its TTL', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const inner = new MemoryTokenStore();
    const store = countingStore(inner);
    const a = new TokenManager({ store, hotCache: { ttlMs: 5_000 } });
    const b = new TokenManager({ store: inner });
    await a.setupUserSession('alice', { accessToken: 'old', expiresAt: Date.now() + HOUR });
    await b.setupUserSession('alice', { accessToken: 'rotated-elsewhere', expiresAt: Date.now() + HOUR });
    expect(await a.getValidToken('alice')).toBe('old');
    vi.setSystemTime(Date.now() + 5_001);
    expect(await a.getValidToken('alice')).toBe('rotated-elsewhere');
    expect(store.reads).toBe(1);
  });

  it('drops the cached token when the upstream rejects it (401), and hands out the stored one', async () => {
    const inner = new MemoryTokenStore();
    const a = new TokenManager({ store: inner, hotCache: { ttlMs: 60_000 } });
    const b = new TokenManager({ store: inner });
    await a.setupUserSession('alice', { accessToken: 'old', expiresAt: Date.now() + HOUR });
    await b.setupUserSession('alice', { accessToken: 'rotated-elsewhere', expiresAt: Date.now() + HOUR });
    expect(await a.getValidToken('alice')).toBe('old');
    const fresh = await a.refreshUserToken('alice', { rejectedAccessToken: 'old' });
    expect(fresh.accessToken).toBe('rotated-elsewhere');
    expect(await a.getValidToken('alice')).toBe('rotated-elsewhere');
  });

  it('forgets the session on sign-out', async () => {
    const manager = new TokenManager({ store: new MemoryTokenStore() });
    await manager.setupUserSession('alice', { accessToken: 'a1', expiresAt: Date.now() + HOUR });
    await manager.getValidToken('alice');
    await manager.cleanupUserSession('alice');
    await expect(manager.getValidToken('alice')).rejects.toBeInstanceOf(AuthRequiredError);
  });

  it('is off by default for a shared store: every call reads it', async () => {
    const store = countingStore();
    const shared = { ...store, kind: 'redis', get: store.get };
    const manager = new TokenManager({ store: shared });
    await manager.setupUserSession('alice', { accessToken: 'a1', expiresAt: Date.now() + HOUR });
    for (let i = 0; i < 10; i++) await manager.getValidToken('alice');
    expect(store.reads).toBe(10);
  });

  it('is off with ttlMs 0: every call reads the store', async () => {
    const store = countingStore();
    const manager = new TokenManager({ store, hotCache: { ttlMs: 0 } });
    await manager.setupUserSession('alice', { accessToken: 'a1', expiresAt: Date.now() + HOUR });
    for (let i = 0; i < 10; i++) await manager.getValidToken('alice');
    expect(store.reads).toBe(10);
  });

  it('never serves a cached token that is due for refresh', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() });
    const manager = new TokenManager({
      store: new MemoryTokenStore(),
      refresher: async () => ({ accessToken: 'refreshed', expiresAt: Date.now() + HOUR }),
    });
    await manager.setupUserSession('alice', { accessToken: 'short', refreshToken: 'r', expiresAt: Date.now() + 4_000 });
    expect(await manager.getValidToken('alice')).toBe('short');
    vi.setSystemTime(Date.now() + 3_900);
    expect(await manager.getValidToken('alice')).toBe('refreshed');
  });
});
