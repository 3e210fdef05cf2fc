/**
 * A per-user refresh lock in Redis, so replicas sharing one store refresh a user once
 * between them (a rotating refresh token used twice would revoke the whole family).
 *
 * Acquire: `SET key <random> NX PX ttl`, polling with capped, jittered backoff for at
 * most `maxWaitMs`. Release: a Lua compare-and-delete, so only the owner's value is ever
 * removed (a lock that expired and was taken by another replica stays theirs). The TTL
 * bounds how long a crashed holder blocks others; keep it above the refresh timeout.
 *
 * The caller re-reads the store after acquiring: the previous holder may have rotated.
 *
 * @see https://redis.io/docs/latest/develop/use/patterns/distributed-locks/ (single instance)
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { TokenRefreshError } from '../errors.ts';
import { errorFields, silentAuthLogger, type AuthLogger } from './logger.ts';
import type { RefreshLock } from './locks.ts';

export interface RedisLockOptions {
  /** Prepended to `lock:<userKey>`; default 'dta-mcp:'. */
  keyPrefix?: string;
  /** Lock expiry if the holder dies; default 30 s. Must exceed the refresh timeout. */
  ttlMs?: number;
  /** Give up waiting after this long with a retryable TokenRefreshError; default 15 s. */
  maxWaitMs?: number;
  /** First poll delay; doubles up to `pollMaxMs`; defaults 10 ms and 200 ms. */
  pollMinMs?: number;
  pollMaxMs?: number;
  logger?: AuthLogger;
}

export const REDIS_LOCK_DEFAULTS = Object.freeze({ ttlMs: 30_000, maxWaitMs: 15_000, pollMinMs: 10, pollMaxMs: 200 });

/** Deletes KEYS[1] only when it still holds ARGV[1]. Also used by the Redis store. */
export const COMPARE_AND_DELETE_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

export class RedisLock implements RefreshLock {
  readonly #client: Redis;
  readonly #prefix: string;
  readonly #opts: { ttlMs: number; maxWaitMs: number; pollMinMs: number; pollMaxMs: number };
  readonly #logger: AuthLogger;

  constructor(client: Redis, options: RedisLockOptions = {}) {
    this.#client = client;
    this.#prefix = options.keyPrefix ?? 'dta-mcp:';
    this.#opts = {
      ttlMs: options.ttlMs ?? REDIS_LOCK_DEFAULTS.ttlMs,
      maxWaitMs: options.maxWaitMs ?? REDIS_LOCK_DEFAULTS.maxWaitMs,
      pollMinMs: options.pollMinMs ?? REDIS_LOCK_DEFAULTS.pollMinMs,
      pollMaxMs: options.pollMaxMs ?? REDIS_LOCK_DEFAULTS.pollMaxMs,
    };
    this.#logger = options.logger ?? silentAuthLogger;
  }

  async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const lockKey = `${this.#prefix}lock:${key}`;
    const owner = randomBytes(16).toString('hex');
    await this.#acquire(lockKey, owner, key);
    try {
      return await fn();
    } finally {
      await this.#release(lockKey, owner, key);
    }
  }

  async #acquire(lockKey: string, owner: string, userKey: string): Promise<void> {
    const deadline = Date.now() + this.#opts.maxWaitMs;
    let delay = this.#opts.pollMinMs;
    for (;;) {
      let acquired: string | null;
      try {
        acquired = await this.#client.set(lockKey, owner, 'PX', this.#opts.ttlMs, 'NX');
      } catch (error) {
        throw new TokenRefreshError('The refresh lock store (Redis) is unavailable.', { cause: error });
      }
      if (acquired === 'OK') return;
      if (Date.now() >= deadline) {
        this.#logger.warn({ userKey }, 'timed out waiting for the refresh lock');
        throw new TokenRefreshError('Timed out waiting for another replica to refresh the token.');
      }
      // Full jitter keeps waiting replicas from polling in lockstep.
      await sleep(Math.min(delay, Math.max(0, deadline - Date.now())) * (0.5 + Math.random() / 2));
      delay = Math.min(delay * 2, this.#opts.pollMaxMs);
    }
  }

  async #release(lockKey: string, owner: string, userKey: string): Promise<void> {
    try {
      const released = await this.#client.eval(COMPARE_AND_DELETE_LUA, 1, lockKey, owner);
      if (released !== 1) this.#logger.warn({ userKey }, 'refresh lock expired before release; raise lock ttlMs');
    } catch (error) {
      // The TTL frees it anyway; the refresh itself already succeeded or failed on its own.
      this.#logger.warn({ userKey, ...errorFields(error) }, 'could not release the refresh lock');
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
