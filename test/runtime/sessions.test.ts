/** SessionRegistry: least recently used idle sessions make room; busy ones never do. */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { afterEach, describe, expect, it } from 'vitest';
import { SessionRegistry, type Session } from '../../runtime/transports/sessions.ts';

const registries: SessionRegistry[] = [];
afterEach(async () => {
  for (const r of registries.splice(0)) await r.closeAll();
});

function registry(options: { max: number; maxPerUser?: number }): { sessions: SessionRegistry; closed: string[] } {
  const sessions = new SessionRegistry({ idleMs: 60_000, ...options });
  registries.push(sessions);
  return { sessions, closed: [] };
}

function fake(closed: string[], id: string, userKey?: string): Session {
  const server = { close: async () => void closed.push(id) } as unknown as Server;
  return { server, transport: {} as StreamableHTTPServerTransport, userKey, lastSeen: Date.now() };
}

function open({ sessions, closed }: ReturnType<typeof registry>, id: string, userKey?: string): boolean {
  if (!sessions.admit(userKey)) return false;
  sessions.open(id, fake(closed, id, userKey))(); // opened, and the initialize answered
  return true;
}

describe('SessionRegistry', () => {
  it('admits a new session at the limit by closing the least recently used idle one', () => {
    const r = registry({ max: 2 });
    open(r, 'a');
    open(r, 'b');
    expect(open(r, 'c')).toBe(true);
    expect(r.closed).toEqual(['a']);
    expect(r.sessions.size).toBe(2);
  });

  it('counts a request as use: the session touched last is kept', () => {
    const r = registry({ max: 2 });
    open(r, 'a');
    open(r, 'b');
    r.sessions.get('a');
    open(r, 'c');
    expect(r.closed).toEqual(['b']);
    expect(r.sessions.get('a')).toBeDefined();
  });

  it('never evicts a session with a request in flight, and refuses when every session is busy', () => {
    const r = registry({ max: 2 });
    open(r, 'a');
    open(r, 'b');
    const releaseA = r.sessions.begin('a');
    open(r, 'c');
    expect(r.closed).toEqual(['b']);
    const releaseC = r.sessions.begin('c');
    expect(open(r, 'd')).toBe(false);
    releaseA();
    releaseA(); // releasing twice is harmless
    expect(open(r, 'd')).toBe(true);
    expect(r.closed).toEqual(['b', 'a']);
    releaseC();
  });

  it("bounds one user's sessions by closing that user's least recently used idle one", () => {
    const r = registry({ max: 10, maxPerUser: 2 });
    open(r, 'alice-1', 'alice');
    open(r, 'bob-1', 'bob');
    open(r, 'alice-2', 'alice');
    expect(open(r, 'alice-3', 'alice')).toBe(true);
    expect(r.closed).toEqual(['alice-1']);
    expect(r.sessions.get('bob-1')).toBeDefined();
  });

  it('refuses a user whose sessions are all busy, while other users still get in', () => {
    const r = registry({ max: 10, maxPerUser: 1 });
    open(r, 'alice-1', 'alice');
    const release = r.sessions.begin('alice-1');
    expect(open(r, 'alice-2', 'alice')).toBe(false);
    expect(open(r, 'bob-1', 'bob')).toBe(true);
    release();
  });

  it('does not bound anonymous sessions per user', () => {
    const r = registry({ max: 10, maxPerUser: 1 });
    expect([open(r, 'a'), open(r, 'b'), open(r, 'c')]).toEqual([true, true, true]);
    expect(r.closed).toEqual([]);
  });

  it('evicts from the head of its insertion-ordered map: 50,000 admissions past a full registry close the 50,000 oldest in order', () => {
    const r = registry({ max: 50_000 });
    for (let i = 0; i < 100_000; i++) open(r, `s${i}`);
    expect(r.sessions.size).toBe(50_000);
    expect(r.closed).toHaveLength(50_000);
    expect(r.closed[0]).toBe('s0');
    expect(r.closed.at(-1)).toBe('s49999');
  });

  it('trims back to the limit when concurrent initializes were all admitted, keeping the sessions being opened', () => {
    const r = registry({ max: 2 });
    open(r, 'a');
    open(r, 'b');
    expect([r.sessions.admit(undefined), r.sessions.admit(undefined)]).toEqual([true, true]);
    expect(r.closed).toEqual(['a']);
    const releaseC = r.sessions.open('c', fake(r.closed, 'c'));
    const releaseD = r.sessions.open('d', fake(r.closed, 'd'));
    expect(r.closed).toEqual(['a', 'b']);
    expect(r.sessions.size).toBe(2);
    releaseC();
    releaseD();
  });

  it('sweeps idle sessions but not busy ones', async () => {
    const r = registry({ max: 10 });
    open(r, 'a');
    open(r, 'b');
    const release = r.sessions.begin('b');
    expect(await r.sessions.sweep(Date.now() + 120_000)).toBe(1);
    expect(r.closed).toEqual(['a']);
    release();
  });
});
