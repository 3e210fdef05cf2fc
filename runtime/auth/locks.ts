/**
 * The refresh lock the token manager takes around "re-read, maybe refresh, store".
 * In-process concurrency is already collapsed by single-flight; the lock is about other
 * processes. `LocalLock` (one process, memory store) does nothing more; `RedisLock`
 * (see redis-lock.ts) serialises refreshes of one user across replicas.
 */
export interface RefreshLock {
  /** Runs `fn` while holding the lock for `key`; releases it however `fn` ends. */
  withLock<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

/** No cross-process exclusion: the manager's single-flight is enough within one process. */
export class LocalLock implements RefreshLock {
  withLock<T>(_key: string, fn: () => Promise<T>): Promise<T> {
    return fn();
  }
}
