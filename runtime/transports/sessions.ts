/**
 * HTTP sessions: a fresh Server + transport per session, bounded in number, closed and
 * evicted when idle. Keys are session ids, which are secrets: never logged.
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

export class SessionRegistry {
  readonly #sessions = new Map<string, Session>();
  readonly #sweeper: NodeJS.Timeout;

  constructor(
    private readonly options: { idleMs: number; max: number; onEvict?: (reason: 'idle' | 'closed') => void },
  ) {
    this.#sweeper = setInterval(() => void this.sweep(), Math.min(options.idleMs, 60_000));
    this.#sweeper.unref();
  }

  get size(): number {
    return this.#sessions.size;
  }

  get full(): boolean {
    return this.#sessions.size >= this.options.max;
  }

  get(id: string): Session | undefined {
    const session = this.#sessions.get(id);
    if (session) session.lastSeen = Date.now();
    return session;
  }

  add(id: string, session: Session): void {
    this.#sessions.set(id, session);
  }

  /** Forget a session whose transport already closed (DELETE, or the client went away). */
  forget(id: string): void {
    if (this.#sessions.delete(id)) this.options.onEvict?.('closed');
  }

  /** Close and evict sessions idle for longer than idleMs. Returns how many. */
  async sweep(now = Date.now()): Promise<number> {
    const stale = [...this.#sessions].filter(([, s]) => now - s.lastSeen > this.options.idleMs);
    for (const [id, session] of stale) {
      this.#sessions.delete(id);
      this.options.onEvict?.('idle');
      await session.server.close().catch(() => undefined);
    }
    return stale.length;
  }

  async closeAll(): Promise<void> {
    clearInterval(this.#sweeper);
    const all = [...this.#sessions.values()];
    this.#sessions.clear();
    await Promise.all(all.map((s) => s.server.close().catch(() => undefined)));
  }

  servers(): Server[] {
    return [...this.#sessions.values()].map((s) => s.server);
  }
}
