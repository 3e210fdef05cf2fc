/**
 * HTTP sessions: a fresh Server + transport per session, bounded in number, closed and
 * evicted when idle. Keys are session ids, which are secrets: never logged.
 *
 * Eviction policy: at `max` sessions (or `maxPerUser` for one user), a new session
 * closes the least recently used idle session (of that user) instead of being refused.
 * A session is busy while a POST to it is being answered; an open GET (standalone SSE)
 * stream alone does not keep it. Only when every candidate is busy is a client refused.
 * The map keeps insertion order and a use re-inserts, so its head is the least recently
 * used session: an eviction usually inspects one entry.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

export interface Session {
  server: Server;
  transport: StreamableHTTPServerTransport;
  lastSeen: number;
  /** The user the session was opened for; later requests must be the same user. */
  userKey: string | undefined;
}

export type EvictReason = 'idle' | 'lru' | 'closed';

export interface SessionLimits {
  idleMs: number;
  max: number;
  /** Sessions one identified user may hold (anonymous sessions are bounded by `max` only). */
  maxPerUser?: number;
  onEvict?: (reason: EvictReason) => void;
}

interface Entry extends Session {
  /** POST requests being answered now. */
  inFlight: number;
}

export const DEFAULT_MAX_SESSIONS_PER_USER = 100;

export class SessionRegistry {
  /** Least recently used first. */
  readonly #sessions = new Map<string, Entry>();
  readonly #perUser = new Map<string, number>();
  readonly #maxPerUser: number;
  readonly #sweeper: NodeJS.Timeout;

  constructor(private readonly options: SessionLimits) {
    this.#maxPerUser = options.maxPerUser ?? DEFAULT_MAX_SESSIONS_PER_USER;
    this.#sweeper = setInterval(() => void this.sweep(), Math.min(options.idleMs, 60_000));
    this.#sweeper.unref();
  }

  get size(): number {
    return this.#sessions.size;
  }

  /** Whose session this is, without touching it: null when there is none, undefined for anonymous. */
  ownerOf(id: string): string | undefined | null {
    const entry = this.#sessions.get(id);
    return entry ? entry.userKey : null;
  }

  /** The session, marked as just used. */
  get(id: string): Session | undefined {
    const entry = this.#sessions.get(id);
    if (!entry) return undefined;
    entry.lastSeen = Date.now();
    this.#sessions.delete(id);
    this.#sessions.set(id, entry);
    return entry;
  }

  /**
   * Makes room for one more session of `userKey`, closing least recently used idle
   * sessions as needed. False when everything that could make room is busy.
   */
  admit(userKey: string | undefined): boolean {
    return this.#fit(userKey, 1);
  }

  /**
   * Registers a session while the request that opens it is in flight; call the returned
   * function once that request is answered. Concurrent initializes may all have been
   * admitted, so this trims back to the limits (never the new, busy session).
   */
  open(id: string, session: Session): () => void {
    this.#sessions.set(id, { ...session, inFlight: 0 });
    const { userKey } = session;
    if (userKey !== undefined) this.#perUser.set(userKey, (this.#perUser.get(userKey) ?? 0) + 1);
    const release = this.begin(id);
    this.#fit(userKey, 0);
    return release;
  }

  /** Marks a request in flight on the session; call the returned function once it is answered. */
  begin(id: string): () => void {
    const entry = this.#sessions.get(id);
    if (!entry) return () => undefined;
    entry.inFlight++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      entry.inFlight--;
      entry.lastSeen = Date.now();
    };
  }

  /** Forget a session whose transport already closed (DELETE, or the client went away). */
  forget(id: string): void {
    if (this.#remove(id)) this.options.onEvict?.('closed');
  }

  /** Close and evict sessions idle for longer than idleMs. Returns how many. */
  async sweep(now = Date.now()): Promise<number> {
    const stale = [...this.#sessions].filter(([, s]) => s.inFlight === 0 && now - s.lastSeen > this.options.idleMs);
    for (const [id, entry] of stale) {
      this.#remove(id);
      this.options.onEvict?.('idle');
      await entry.server.close().catch(() => undefined);
    }
    return stale.length;
  }

  async closeAll(): Promise<void> {
    clearInterval(this.#sweeper);
    const all = [...this.#sessions.values()];
    this.#sessions.clear();
    this.#perUser.clear();
    await Promise.all(all.map((s) => s.server.close().catch(() => undefined)));
  }

  servers(): Server[] {
    return [...this.#sessions.values()].map((s) => s.server);
  }

  /** Closes least recently used idle sessions until `room` more fit. */
  #fit(userKey: string | undefined, room: number): boolean {
    if (userKey !== undefined) {
      while ((this.#perUser.get(userKey) ?? 0) + room > this.#maxPerUser) {
        if (!this.#evictOldestIdle((entry) => entry.userKey === userKey)) return false;
      }
    }
    while (this.#sessions.size + room > this.options.max) {
      if (!this.#evictOldestIdle(() => true)) return false;
    }
    return true;
  }

  #evictOldestIdle(candidate: (entry: Entry) => boolean): boolean {
    for (const [id, entry] of this.#sessions) {
      if (entry.inFlight > 0 || !candidate(entry)) continue;
      this.#remove(id);
      this.options.onEvict?.('lru');
      void entry.server.close().catch(() => undefined);
      return true;
    }
    return false;
  }

  #remove(id: string): boolean {
    const entry = this.#sessions.get(id);
    if (!entry) return false;
    this.#sessions.delete(id);
    if (entry.userKey !== undefined) {
      const left = (this.#perUser.get(entry.userKey) ?? 1) - 1;
      if (left > 0) this.#perUser.set(entry.userKey, left);
      else this.#perUser.delete(entry.userKey);
    }
    return true;
  }
}
