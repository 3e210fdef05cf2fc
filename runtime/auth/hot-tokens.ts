/**
 * A short-lived in-process cache of decrypted sessions, so a cache hit costs a Map lookup
 * instead of a store read and an AES-GCM decrypt. At rest the tokens stay encrypted; here
 * they live at most `ttlMs` (default 5 s, well under any token's lifetime), bounded in
 * number (least recently written evicted first). The token manager drops an entry on a
 * 401 and on sign-out, and replaces it on every write; a refresh made by another replica
 * is seen when the entry expires (its old access token stays valid meanwhile, and a 401
 * bypasses this cache).
 */
import type { StoredSession } from './stores/types.ts';

export interface HotTokenOptions {
  /** How long a decrypted session is reused; 0 turns the cache off. Default 5,000 ms. */
  ttlMs?: number;
  /** Sessions kept; default 10,000. */
  maxEntries?: number;
}

export class HotTokens {
  readonly #entries = new Map<string, { session: StoredSession; until: number }>();
  readonly #ttlMs: number;
  readonly #max: number;

  constructor(options: HotTokenOptions = {}) {
    this.#ttlMs = options.ttlMs ?? 5_000;
    this.#max = options.maxEntries ?? 10_000;
  }

  get(userKey: string, now = Date.now()): StoredSession | undefined {
    const entry = this.#entries.get(userKey);
    if (!entry) return undefined;
    if (now < entry.until) return entry.session;
    this.#entries.delete(userKey);
    return undefined;
  }

  put(userKey: string, session: StoredSession, now = Date.now()): void {
    if (this.#ttlMs <= 0) return;
    this.#entries.delete(userKey);
    if (this.#entries.size >= this.#max) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(userKey, { session, until: now + this.#ttlMs });
  }

  drop(userKey: string): void {
    this.#entries.delete(userKey);
  }

  get size(): number {
    return this.#entries.size;
  }
}
