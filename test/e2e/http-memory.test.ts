/**
 * A rejected initialize keeps nothing: 10,000 of them (406 and 415) leave the heap
 * within 10 MB of where it started and no server alive. An accepted one keeps its session
 * and no more: 1,000 idle sessions stay under 30 KB of heap each (issue #11's budget;
 * a session once kept its initialize request and response, ~34 KB).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveHttp, type HttpHandle } from '../../runtime/transports/http.ts';
import { serveOverHttp, startHarness, type Harness } from './support.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let h: Harness;
let http: HttpHandle;
beforeAll(async () => {
  h = await startHarness();
  http = await serveOverHttp(h.runtime);
});
afterAll(async () => {
  await http.close();
  await h.close();
});

const initialize = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'rejected', version: '1' } },
});
const wrongAccept = { 'content-type': 'application/json', accept: 'application/json' };
const wrongContentType = { 'content-type': 'text/plain', accept: 'application/json, text/event-stream' };

/** Sends `count` initializes with the given headers; returns the statuses seen. */
async function rejected(count: number, headers: Record<string, string>): Promise<Set<number>> {
  const statuses = new Set<number>();
  const worker = async (share: number) => {
    for (let i = 0; i < share; i++) {
      const response = await fetch(http.url, { method: 'POST', headers, body: initialize });
      await response.text();
      statuses.add(response.status);
    }
  };
  await Promise.all(Array.from({ length: 8 }, () => worker(count / 8)));
  return statuses;
}

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

describe('rejected initialize requests', () => {
  it('10,000 of them (wrong Accept -> 406, wrong Content-Type -> 415) leave the heap within 10 MB and no server alive', async () => {
    const liveBefore = h.runtime.liveServers().size;
    await rejected(400, wrongAccept); // warm up pools and lazy code before measuring
    await rejected(400, wrongContentType);
    const baseline = heapAfterGc();
    expect(await rejected(5_000, wrongAccept)).toEqual(new Set([406]));
    expect(await rejected(5_000, wrongContentType)).toEqual(new Set([415]));
    const grown = heapAfterGc() - baseline;
    expect(h.runtime.liveServers().size).toBe(liveBefore);
    expect(http.sessions.size).toBe(0);
    expect(grown).toBeLessThan(10 * 1024 * 1024);
  });
});

describe('idle sessions', () => {
  it('1,000 of them keep under 30 KB of heap each, and all of them are open', async () => {
    const roomy = await serveOverHttp(h.runtime, { maxSessions: 5_000, maxSessionsPerUser: 5_000 });
    const open = async () => {
      const response = await fetch(roomy.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: initialize,
      });
      await response.text();
      expect(response.status).toBe(200);
    };
    for (let i = 0; i < 20; i++) await open(); // first-use allocations are not per session
    const sessionsBefore = roomy.sessions.size;
    const baseline = heapAfterGc();
    for (let i = 0; i < 1_000; i++) await open();
    const perSession = (heapAfterGc() - baseline) / 1_000;
    expect(roomy.sessions.size).toBe(sessionsBefore + 1_000);
    expect(perSession).toBeLessThan(30 * 1024);
    await roomy.close();
  });
});

describe('an initialize that fails inside the server', () => {
  it('opens no session and leaves no server alive', async () => {
    const failing = await serveHttp(
      { ...h.runtime.config.http, port: 0 },
      {
        createServer: () => {
          const server = h.runtime.createServer('http');
          const connect = server.connect.bind(server);
          server.connect = async (transport) => {
            await connect(transport);
            transport.onmessage = () => {
              throw new Error('initialize failed');
            };
          };
          return server;
        },
        identity: h.runtime.identity,
        logger: h.runtime.logger,
        metrics: h.runtime.metrics,
        health: () => h.runtime.health(),
      },
    );
    const liveBefore = h.runtime.liveServers().size;
    const response = await fetch(failing.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: initialize,
    });
    await response.text();
    expect(response.status).not.toBe(200);
    expect(failing.sessions.size).toBe(0);
    expect(h.runtime.liveServers().size).toBe(liveBefore);
    await failing.close();
  });
});
