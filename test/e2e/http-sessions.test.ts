/**
 * Abandoned sessions never lock clients out: at the limit the least recently used idle
 * session is closed; only when every session has a request in flight is a client refused.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpHandle } from '../../runtime/transports/http.ts';
import { connectHttp, serveOverHttp, startHarness, type Harness } from './support.ts';

const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
const initialize = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'abandoned', version: '1' } },
});

/** Opens `count` sessions with a bare initialize and never uses them again. */
async function abandon(url: string, count: number): Promise<number> {
  let opened = 0;
  const worker = async (share: number) => {
    for (let i = 0; i < share; i++) {
      const response = await fetch(url, { method: 'POST', headers, body: initialize });
      await response.text();
      if (response.status === 200 && response.headers.get('mcp-session-id')) opened++;
    }
  };
  await Promise.all(Array.from({ length: 8 }, () => worker(count / 8)));
  return opened;
}

describe('session limits', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('2,000 abandoned sessions of one user do not keep a new client of that user from listing tools', async () => {
    const http = await serveOverHttp(h.runtime);
    expect(await abandon(http.url, 2_000)).toBe(2_000);
    expect(http.sessions.size).toBeLessThanOrEqual(h.runtime.config.http.maxSessionsPerUser);
    const client = await connectHttp(http.url);
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    await client.close();
    await http.close();
  });

  it('an open standalone SSE stream does not pin a session: an idle client is closed to admit a new one', async () => {
    const http = await serveOverHttp(h.runtime, { maxSessions: 1 });
    const first = await connectHttp(http.url); // the SDK client holds a GET stream open
    await first.listTools();
    const second = await connectHttp(http.url);
    expect((await second.listTools()).tools.length).toBeGreaterThan(0);
    expect(http.sessions.size).toBe(1);
    await expect(first.listTools()).rejects.toThrow();
    await first.close().catch(() => undefined);
    await second.close();
    await http.close();
  });
});

describe('session limits for anonymous callers', () => {
  let h: Harness;
  let http: HttpHandle;
  beforeAll(async () => {
    h = await startHarness({ config: (c) => ({ ...c, user: undefined }) });
    http = await serveOverHttp(h.runtime);
  });
  afterAll(async () => {
    await http.close();
    await h.close();
  });

  it('2,000 abandoned sessions (twice the default maxSessions) do not keep a new client from listing tools', async () => {
    expect(await abandon(http.url, 2_000)).toBe(2_000);
    expect(http.sessions.size).toBe(h.runtime.config.http.maxSessions);
    const client = await connectHttp(http.url);
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    await client.close();
  });
});

describe('busy sessions', () => {
  let hanging: Server;
  let arrived: Promise<void>;
  let h: Harness;
  beforeAll(async () => {
    // An upstream that accepts and never answers keeps a tool call in flight.
    let signal: () => void = () => undefined;
    arrived = new Promise((resolve) => (signal = resolve));
    hanging = createServer(() => signal());
    await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', () => r()));
    const baseUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`;
    h = await startHarness({ config: (c) => ({ ...c, apis: { 'dta-wide': { ...c.apis['dta-wide'], baseUrl } } }) });
  });
  afterAll(async () => {
    hanging.closeAllConnections();
    await new Promise((r) => hanging.close(r));
    await h.close();
  });

  it('a client is refused with 503 only when every session has a request in flight', async () => {
    const http = await serveOverHttp(h.runtime, { maxSessions: 1 });
    const busy = await connectHttp(http.url);
    const call = busy.callTool({ name: 'get-user-profile', arguments: {} }).catch(() => undefined);
    await arrived;
    const refused = await fetch(http.url, { method: 'POST', headers, body: initialize });
    expect(refused.status).toBe(503);
    expect(http.sessions.size).toBe(1);
    hanging.closeAllConnections(); // the upstream call fails, the tool answers, the session is idle again
    await call;
    const admitted = await fetch(http.url, { method: 'POST', headers, body: initialize });
    await admitted.text();
    expect(admitted.status).toBe(200);
    await busy.close().catch(() => undefined);
    await http.close();
  });
});
