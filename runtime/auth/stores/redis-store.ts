/**
 * Sessions in Redis, shared by every replica: one sealed string per user at
 * `<prefix>session:<userKey>`, expiring `ttlMs` after its last write.
 *
 * Encryption is mandatory here (Redis is shared and often persisted), so the store refuses
 * to start without a cipher. Compare-and-delete reads and opens the record, checks its
 * refresh token in Node, then deletes with a Lua compare on the exact sealed value read:
 * if anyone wrote in between, the compare fails and we look again.
 */
import { createRequire } from 'node:module';
import type { Redis } from 'ioredis';
import type { FromSchema } from 'json-schema-to-ts';
import { ConfigError } from '../../errors.ts';
import type { TokenCipher } from '../crypto/token-cipher.ts';
import { errorFields, silentAuthLogger, type AuthLogger } from '../logger.ts';
import { COMPARE_AND_DELETE_LUA, RedisLock, type RedisLockOptions } from '../redis-lock.ts';
import { decodeSession, encodeSession, type StoreConfig, type StoreFactory, type StoredSession, type TokenStore } from './types.ts';

export interface RedisStoreOptions {
  /** e.g. redis://127.0.0.1:6379; the store opens (and closes) its own connection. */
  url?: string;
  /** An existing connection instead of `url`; the caller closes it. */
  client?: Redis;
  /** Prepended to every key; default 'dta-mcp:'. Give each deployment its own. */
  keyPrefix?: string;
  /** Drop a session this long after its last write; default 30 days. */
  ttlMs?: number;
  /** The cross-replica refresh lock (same connection, same prefix). */
  lock?: Omit<RedisLockOptions, 'keyPrefix' | 'logger'>;
}

export const REDIS_STORE_DEFAULTS = Object.freeze({ keyPrefix: 'dta-mcp:', ttlMs: 30 * 24 * 3600_000 });

const CAS_ATTEMPTS = 5;

/**
 * ioredis (~40 modules) is loaded when a store opens its own connection, not when this
 * module is imported: the store registry imports every kind, and a server on the memory
 * or file store should not pay for a Redis client at start-up. Synchronous (a CommonJS
 * require) so that creating a store stays synchronous.
 */
function newRedisClient(url: string): Redis {
  const { Redis: Client } = createRequire(import.meta.url)('ioredis') as typeof import('ioredis');
  return new Client(url, { maxRetriesPerRequest: 2 });
}

export class RedisTokenStore implements TokenStore {
  readonly kind = 'redis';
  readonly #client: Redis;
  readonly #ownsClient: boolean;
  readonly #prefix: string;
  readonly #ttlMs: number;
  readonly #cipher: TokenCipher;
  readonly #logger: AuthLogger;

  constructor(options: RedisStoreOptions, cipher: TokenCipher | undefined, logger: AuthLogger = silentAuthLogger) {
    if (!cipher) throw new ConfigError('The Redis token store requires an encryption key (encryption.keys).');
    if (!options.client && !options.url) throw new ConfigError('The Redis token store requires a url or a client.');
    this.#ownsClient = !options.client;
    this.#client = options.client ?? newRedisClient(options.url as string);
    // Without a listener ioredis prints connection errors to the console itself; commands
    // still fail and the manager reports them as TokenStoreUnavailableError.
    if (this.#ownsClient) this.#client.on('error', (error: unknown) => logger.warn({ store: 'redis', ...errorFields(error) }, 'Redis connection error'));
    this.#prefix = options.keyPrefix ?? REDIS_STORE_DEFAULTS.keyPrefix;
    this.#ttlMs = options.ttlMs ?? REDIS_STORE_DEFAULTS.ttlMs;
    this.#cipher = cipher;
    this.#logger = logger;
  }

  /** The connection, for the lock that shares it. */
  get client(): Redis {
    return this.#client;
  }

  get keyPrefix(): string {
    return this.#prefix;
  }

  /** The Redis key holding a user's sealed session (for operators and tests). */
  keyFor(userKey: string): string {
    return `${this.#prefix}session:${userKey}`;
  }

  async get(userKey: string): Promise<StoredSession | undefined> {
    return this.#open(userKey, await this.#client.get(this.keyFor(userKey)));
  }

  async set(userKey: string, session: StoredSession): Promise<void> {
    await this.#client.set(this.keyFor(userKey), this.#cipher.seal(userKey, encodeSession(session)), 'PX', this.#ttlMs);
  }

  async delete(userKey: string): Promise<void> {
    await this.#client.del(this.keyFor(userKey));
  }

  async deleteIf(userKey: string, expectedRefreshToken: string): Promise<boolean> {
    const key = this.keyFor(userKey);
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      const sealed = await this.#client.get(key);
      if (sealed === null) return false;
      if (this.#open(userKey, sealed)?.refreshToken !== expectedRefreshToken) return false;
      if ((await this.#client.eval(COMPARE_AND_DELETE_LUA, 1, key, sealed)) === 1) return true;
      // Someone wrote between our read and the compare: decide again on the new record.
    }
    return false;
  }

  async close(): Promise<void> {
    if (this.#ownsClient) await this.#client.quit().catch(() => this.#client.disconnect());
  }

  #open(userKey: string, sealed: string | null): StoredSession | undefined {
    if (sealed === null) return undefined;
    const session = decodeSession(this.#cipher.open(userKey, sealed));
    if (!session) this.#logger.warn({ userKey, store: this.kind }, 'stored session is unreadable; treating as no session');
    return session;
  }
}

export const redisStore: StoreFactory<RedisStoreOptions> = (options, context) => {
  const store = new RedisTokenStore(options, context.cipher, context.logger);
  return {
    store,
    lock: new RedisLock(store.client, { ...options.lock, keyPrefix: store.keyPrefix, logger: context.logger }),
  };
};

const configProperties = {
  redisUrl: { type: 'string', pattern: '^rediss?://', description: 'e.g. redis://127.0.0.1:6379 (rediss:// for TLS).' },
  redisPrefix: { type: 'string', description: "Prepended to every key, before the API name; default 'dta-mcp:'." },
  ttlMs: { type: 'integer', minimum: 1, description: 'Drop a session this long after its last write.' },
} as const;

/** `tokens.store: redis` reads `tokens.redisUrl`, `tokens.redisPrefix` and `tokens.ttlMs`; each API gets its own prefix. */
export const redisStoreConfig = {
  properties: configProperties,
  check: (tokens) => [
    ...(tokens.redisUrl ? [] : ['tokens.redisUrl: required when tokens.store is redis']),
    ...(tokens.encryptionKeys ? [] : ['tokens.encryptionKeys: required when tokens.store is redis (tokens are never stored in clear)']),
  ],
  fromConfig: (tokens, api) => ({
    ...(tokens.redisUrl ? { url: tokens.redisUrl } : {}),
    keyPrefix: `${tokens.redisPrefix ?? REDIS_STORE_DEFAULTS.keyPrefix}${api}:`,
    ...(tokens.ttlMs ? { ttlMs: tokens.ttlMs } : {}),
  }),
} satisfies StoreConfig<FromSchema<{ type: 'object'; properties: typeof configProperties }>, RedisStoreOptions>;
