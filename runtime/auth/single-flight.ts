/**
 * Per-key, in-process single-flight: while a call for a key is in flight, later calls for
 * the same key share its promise instead of starting their own. This is what turns 100
 * concurrent "token expired" calls into one token-endpoint request.
 *
 * A caller's AbortSignal only stops that caller from waiting; it never aborts the shared
 * work, which other callers still depend on.
 */
export class SingleFlight<T> {
  readonly #inflight = new Map<string, Promise<T>>();

  /** Runs `fn` for `key` unless a run for `key` is already in flight, then joins it. */
  run(key: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    let shared = this.#inflight.get(key);
    if (!shared) {
      // Deferring fn by one microtask means the entry is in the map before fn can settle,
      // even when fn throws synchronously, so the cleanup below always finds it.
      const started: Promise<T> = Promise.resolve()
        .then(fn)
        .finally(() => {
          if (this.#inflight.get(key) === started) this.#inflight.delete(key);
        });
      this.#inflight.set(key, started);
      shared = started;
    }
    return signal ? abortable(shared, signal) : shared;
  }

  /** Whether a run for `key` is in flight. */
  has(key: string): boolean {
    return this.#inflight.has(key);
  }

  /** Number of keys with a run in flight. */
  get size(): number {
    return this.#inflight.size;
  }
}

/** Resolves like `promise`, or rejects with the signal's reason as soon as it aborts. */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
