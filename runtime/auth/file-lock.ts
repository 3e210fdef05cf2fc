/**
 * A refresh lock for processes sharing one credentials file (two editors each running
 * `dta-mcp serve --transport stdio` for the same signed-in user): a rotating refresh
 * token used by both would be reuse, and the server would revoke the whole grant.
 *
 * Acquire: create `<credentials>.lock` exclusively (O_EXCL), polling for at most
 * `maxWaitMs`. A lock file older than `ttlMs` belonged to a process that died and is
 * removed. Release removes the file only if it still holds our random token. The caller
 * re-reads the store after acquiring: the previous holder may have rotated.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { TokenRefreshError } from '../errors.ts';
import type { RefreshLock } from './locks.ts';
import { errorFields, silentAuthLogger, type AuthLogger } from './logger.ts';

export interface FileLockOptions {
  /** A lock older than this is stale (its holder died); default 30 s, above the refresh timeout. */
  ttlMs?: number;
  /** Give up waiting after this long with a retryable TokenRefreshError; default 15 s. */
  maxWaitMs?: number;
  pollMs?: number;
  logger?: AuthLogger;
}

export class FileLock implements RefreshLock {
  readonly #path: string;
  readonly #ttlMs: number;
  readonly #maxWaitMs: number;
  readonly #pollMs: number;
  readonly #logger: AuthLogger;

  /** @param path the lock file; one per credentials file (it holds one local user). */
  constructor(path: string, options: FileLockOptions = {}) {
    this.#path = path;
    this.#ttlMs = options.ttlMs ?? 30_000;
    this.#maxWaitMs = options.maxWaitMs ?? 15_000;
    this.#pollMs = options.pollMs ?? 25;
    this.#logger = options.logger ?? silentAuthLogger;
  }

  async withLock<T>(_key: string, fn: () => Promise<T>): Promise<T> {
    const token = randomBytes(12).toString('hex');
    await this.#acquire(token);
    try {
      return await fn();
    } finally {
      await this.#release(token);
    }
  }

  async #acquire(token: string): Promise<void> {
    await mkdir(dirname(this.#path), { recursive: true, mode: 0o700 });
    const deadline = Date.now() + this.#maxWaitMs;
    for (;;) {
      try {
        await writeFile(this.#path, token, { flag: 'wx', mode: 0o600 });
        return;
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
      }
      const age = await ageOf(this.#path);
      if (age !== undefined && age > this.#ttlMs) {
        this.#logger.warn({ lock: 'file' }, 'removing a stale refresh lock');
        await rm(this.#path, { force: true });
        continue;
      }
      if (Date.now() >= deadline) {
        throw new TokenRefreshError('Another dta-mcp process is refreshing the session; try again.');
      }
      await sleep(this.#pollMs);
    }
  }

  async #release(token: string): Promise<void> {
    try {
      if ((await readFile(this.#path, 'utf8')) === token) await rm(this.#path, { force: true });
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'ENOENT') this.#logger.warn({ lock: 'file', ...errorFields(error) }, 'refresh lock not released');
    }
  }
}

async function ageOf(path: string): Promise<number | undefined> {
  try {
    return Date.now() - (await stat(path)).mtimeMs;
  } catch {
    return undefined;
  }
}
