/**
 * Request ids: each tools/call gets one (the caller's X-Request-Id when it is sane, else
 * a random one); it is on the tool-call log line, on a debug line per upstream call, and
 * sent upstream as X-Request-Id, so one grep ties an MCP request to its upstream calls.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HttpHandle } from '../../runtime/transports/http.ts';
import { connectHttp, serveOverHttp, startHarness, type Harness } from './support.ts';

let h: Harness;
let http: HttpHandle;

beforeAll(async () => {
  h = await startHarness({ user: 'bob' });
  http = await serveOverHttp(h.runtime);
});
afterAll(async () => {
  await http.close();
  await h.close();
});
beforeEach(() => {
  h.sandbox.reset();
  h.logs.length = 0;
});

interface Line {
  msg: string;
  requestId?: string;
  [key: string]: unknown;
}

const lines = (msg: string): Line[] => h.logs.map((l) => JSON.parse(l) as Line).filter((l) => l.msg === msg);

async function clientWithHeaders(headers: Record<string, string>): Promise<Client> {
  const client = new Client({ name: 'request-ids', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(http.url), { requestInit: { headers } }));
  return client;
}

describe('request ids', () => {
  it('ties the tool-call log line to its upstream-call line and the upstream request', async () => {
    const client = await connectHttp(http.url);
    await client.callTool({ name: 'get-user-profile', arguments: {} });
    await client.close();

    const [call] = lines('tool call');
    const [upstream] = lines('upstream response');
    expect(call?.requestId).toMatch(/^[0-9a-f]{12}-[0-9a-z]+$/);
    expect(upstream).toMatchObject({ requestId: call?.requestId, method: 'GET', path: '/user/profile', status: 200 });
    expect(typeof upstream?.ms).toBe('number');
    expect(h.sandbox.requests[0]?.headers['x-request-id']).toBe(call?.requestId);
  });

  it('gives each call its own id', async () => {
    const client = await connectHttp(http.url);
    await client.callTool({ name: 'get-user-profile', arguments: {} });
    await client.callTool({ name: 'get-user-profile', arguments: {} });
    await client.close();
    const ids = lines('tool call').map((l) => l.requestId);
    expect(ids).toHaveLength(2);
    expect(new Set(ids).size).toBe(2);
  });

  it("uses the caller's X-Request-Id, and sends it with the first attempt and the retry after a 401", async () => {
    const client = await clientWithHeaders({ 'x-request-id': 'lb-7f3a.trace:42' });
    h.sandbox.faults.unauthorizedNext = 1;
    const result = await client.callTool({ name: 'get-user-profile', arguments: {} });
    await client.close();
    expect(result.isError).toBeFalsy();
    expect(h.sandbox.requests.map((r) => [r.status, r.headers['x-request-id']])).toEqual([
      [401, 'lb-7f3a.trace:42'],
      [200, 'lb-7f3a.trace:42'],
    ]);
    expect(lines('tool call').map((l) => l.requestId)).toEqual(['lb-7f3a.trace:42']);
    expect(lines('upstream response').map((l) => [l.status, l.requestId])).toEqual([
      [401, 'lb-7f3a.trace:42'],
      [200, 'lb-7f3a.trace:42'],
    ]);
  });

  it.each([
    ['too long', 'x'.repeat(200)],
    ['an encoded line break', 'abc%0d%0aX-Injected:%201'],
    ['spaces and quotes', 'a "b" c'],
  ])('ignores an inbound X-Request-Id with %s and makes its own', async (_name, value) => {
    const client = await clientWithHeaders({ 'x-request-id': value });
    await client.callTool({ name: 'get-user-profile', arguments: {} });
    await client.close();
    const [call] = lines('tool call');
    expect(call?.requestId).toMatch(/^[0-9a-f]{12}-[0-9a-z]+$/);
    expect(h.sandbox.requests[0]?.headers['x-request-id']).toBe(call?.requestId);
  });

  it('logs the upstream path without its query string', async () => {
    const client = await connectHttp(http.url);
    await client.callTool({ name: 'get-user-activity-log', arguments: { limit: 5 } });
    await client.close();
    const [upstream] = lines('upstream response');
    expect(upstream?.path).toBe('/user/activity');
    expect(h.sandbox.requests[0]?.query.limit).toBe('5');
  });
});
