/**
 * The default store: process memory, bounded. Records expire `ttlMs` after they were last
 * written, and beyond `maxUsers` the least recently used user is evicted (a Map keeps
 * insertion order; a read moves the user to the end).
 *
 * Records are sealed like in Redis, so a heap dump shows no token. Without a configured
 * key the store uses a random per-process key: memory dies with the process anyway.
 */
import { createEphemeralTokenCipher, type TokenCipher } from '../crypto/token-cipher.ts';
import type { AuthLogger } from '../logger.ts';
import { ConfigError } from '../../errors.ts';
import { LocalLock } from '../locks.ts';
import type { FromSchema } from 'json-schema-to-ts';
import {
  decodeSession,
  encodeSession,
  type StoreConfig,
  type StoreFactory,
  type StoredSession,
  type TokenStore,
} from './types.ts';

export interface MemoryStoreOptions {
  /** Drop a session this long after its last write; default 7 days. */
  ttlMs?: number;
  /** Keep at most this many users, evicting the least recently used; default 10,000. */
  maxUsers?: number;
}

export const MEMORY_STORE_DEFAULTS = Object.freeze({ ttlMs: 7 * 24 * 3600_000, maxUsers: 10_000 });

interface Entry {
  sealed: string;
  expiresAt: number;
}

export class MemoryTokenStore implements TokenStore {
  readonly kind = 'memory';
  readonly #entries = new Map<string, Entry>();
  readonly #cipher: TokenCipher;
  readonly #ttlMs: number;
  readonly #maxUsers: number;
  readonly #logger: AuthLogger | undefined;

  constructor(options: MemoryStoreOptions = {}, cipher?: TokenCipher, logger?: AuthLogger) {
    this.#ttlMs = options.ttlMs ?? MEMORY_STORE_DEFAULTS.ttlMs;
    this.#maxUsers = options.maxUsers ?? MEMORY_STORE_DEFAULTS.maxUsers;
    if (!(this.#ttlMs > 0) || !Number.isInteger(this.#maxUsers) || this.#maxUsers < 1) {
      throw new ConfigError('Memory store: ttlMs must be > 0 and maxUsers an integer >= 1.');
    }
    this.#cipher = cipher ?? createEphemeralTokenCipher();
    this.#logger = logger;
  }

  /** Number of users currently held (expired entries may count until touched). */
  get size(): number {
    return this.#entries.size;
  }

  async get(userKey: string): Promise<StoredSession | undefined> {
    const entry = this.#entries.get(userKey);
    if (!entry) return undefined;
    if (Date.now() >= entry.expiresAt) {
      this.#entries.delete(userKey);
      return undefined;
    }
    // Touch for LRU order.
    this.#entries.delete(userKey);
    this.#entries.set(userKey, entry);
    const session = decodeSession(this.#cipher.open(userKey, entry.sealed));
    if (!session) this.#logger?.warn({ userKey, store: this.kind }, 'stored session is unreadable; treating as no session');
    return session;
  }

  async set(userKey: string, session: StoredSession): Promise<void> {
    this.#entries.delete(userKey);
    this.#entries.set(userKey, { sealed: this.#cipher.seal(userKey, encodeSession(session)), expiresAt: Date.now() + this.#ttlMs });
    while (this.#entries.size > this.#maxUsers) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) break;
      this.#entries.delete(oldest.value);
      this.#logger?.debug({ userKey: oldest.value, store: this.kind }, 'evicted least recently used session');
    }
  }

  async delete(userKey: string): Promise<void> {
    this.#entries.delete(userKey);
  }

  async deleteIf(userKey: string, expectedRefreshToken: string): Promise<boolean> {
    // Synchronous from read to delete: nothing can interleave in one event loop.
    const entry = this.#entries.get(userKey);
    if (!entry) return false;
    const session = decodeSession(this.#cipher.open(userKey, entry.sealed));
    if (session?.refreshToken !== expectedRefreshToken) return false;
    this.#entries.delete(userKey);
    return true;
  }

  async close(): Promise<void> {
    this.#entries.clear();
  }
}

export const memoryStore: StoreFactory<MemoryStoreOptions> = (options, context) => ({
  store: new MemoryTokenStore(options, context.cipher, context.logger),
  lock: new LocalLock(),
});

const configProperties = {
  maxUsers: { type: 'integer', minimum: 1, description: 'Keep at most this many users (least recently used evicted); default 10,000.' },
  ttlMs: { type: 'integer', minimum: 1, description: 'Drop a session this long after its last write.' },
} as const;

/** `tokens.store: memory` reads `tokens.maxUsers` and `tokens.ttlMs`. */
export const memoryStoreConfig = {
  properties: configProperties,
  fromConfig: (tokens) => ({
    ...(tokens.maxUsers ? { maxUsers: tokens.maxUsers } : {}),
    ...(tokens.ttlMs ? { ttlMs: tokens.ttlMs } : {}),
  }),
} satisfies StoreConfig<FromSchema<{ type: 'object'; properties: typeof configProperties }>, MemoryStoreOptions>;
