/**
 * `http.sessions: stateless`: no MCP sessions. Every POST is answered by a fresh Server and
 * transport that close when the response ends, so any replica can answer any request.
 * @see https://modelcontextprotocol.io/specification/2025-06-18/basic/transports#session-management
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpHandle } from '../../runtime/transports/http.ts';
import { connectHttp, serveOverHttp, startHarness, textOf, type Harness } from './support.ts';
import { connectAs, INITIALIZE, postMcp, startOAuthHarness, type OAuthHarness } from './oauth-support.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const callProfile = (id: number) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'get-user-profile', arguments: {} } });

/** The JSON-RPC message in a response that may come as SSE. */
async function messageOf(response: Response): Promise<{ result?: Record<string, unknown>; error?: { code: number } }> {
  const text = await response.text();
  if (!(response.headers.get('content-type') ?? '').includes('text/event-stream')) return JSON.parse(text);
  const data = text.split('\n').find((line) => line.startsWith('data: '));
  return JSON.parse(data?.slice('data: '.length) ?? 'null');
}

let h: Harness;
let http: HttpHandle;
beforeAll(async () => {
  h = await startHarness();
  http = await serveOverHttp(h.runtime, { sessions: 'stateless' });
});
afterAll(async () => {
  await http.close();
  await h.close();
});

describe('stateless Streamable HTTP', () => {
  it('answers initialize without an Mcp-Session-Id and keeps no session', async () => {
    const response = await postMcp(http.url, INITIALIZE);
    expect(response.status).toBe(200);
    expect(response.headers.get('mcp-session-id')).toBeNull();
    expect((await messageOf(response)).result).toMatchObject({ serverInfo: { name: 'dta-mcp' } });
    expect(http.sessions.size).toBe(0);
  });

  it('answers a tools/call that no initialize preceded', async () => {
    const response = await postMcp(http.url, callProfile(7), { 'mcp-protocol-version': '2025-06-18' });
    expect(response.status).toBe(200);
    const message = await messageOf(response);
    expect(textOf(message.result ?? {})).toContain('"id": "alice"');
  });

  it('serves a real SDK client: list and call', async () => {
    const client = await connectHttp(http.url);
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('get-user-profile');
    const result = await client.callTool({ name: 'get-user-profile', arguments: {} });
    expect(result.isError).toBeFalsy();
    await client.close();
    expect(http.sessions.size).toBe(0);
  });

  it.each(['GET', 'DELETE'])('answers %s with 405 Allow: POST (no standalone stream, no session to end)', async (method) => {
    const response = await fetch(http.url, { method, headers: { accept: 'text/event-stream' } });
    await response.text();
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('still refuses a wrong Accept (406) and a wrong Content-Type (415) before creating a server', async () => {
    const live = h.runtime.liveServers().size;
    const accept = await postMcp(http.url, INITIALIZE, { accept: 'application/json' });
    const type = await postMcp(http.url, INITIALIZE, { 'content-type': 'text/plain' });
    expect([accept.status, type.status]).toEqual([406, 415]);
    expect(h.runtime.liveServers().size).toBe(live);
  });

  it('2,000 tools/calls leave no server alive and the heap within 10 MB', async () => {
    const live = h.runtime.liveServers().size;
    const calls = async (count: number) => {
      const worker = async (share: number) => {
        for (let i = 0; i < share; i++) {
          const response = await postMcp(http.url, callProfile(i), { 'mcp-protocol-version': '2025-06-18' });
          expect(response.status).toBe(200);
          await response.text();
        }
      };
      await Promise.all(Array.from({ length: 8 }, () => worker(count / 8)));
    };
    await calls(400); // warm up pools and lazy code before measuring
    gc();
    gc();
    const baseline = process.memoryUsage().heapUsed;
    await calls(2_000);
    gc();
    gc();
    expect(h.runtime.liveServers().size).toBe(live);
    expect(http.sessions.size).toBe(0);
    expect(process.memoryUsage().heapUsed - baseline).toBeLessThan(10 * 1024 * 1024);
  });
});

describe('stateless with inbound auth', () => {
  let o: OAuthHarness;
  beforeAll(async () => {
    o = await startOAuthHarness({ http: { sessions: 'stateless' } });
  });
  afterAll(() => o.close());

  it('verifies the token on every request and acts for its user', async () => {
    const client = await connectAs(o.http.url, await o.sandbox.issueMcpToken('uma'));
    const result = await client.callTool({ name: 'get-user-profile', arguments: {} });
    expect(JSON.parse(textOf(result))).toMatchObject({ id: 'uma' });
    await client.close();
    const anonymous = await postMcp(o.http.url, callProfile(1), { 'mcp-protocol-version': '2025-06-18' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer /);
  });
});
