/**
 * JSON-RPC edges: an empty batch is one Invalid Request error; a malformed tools/call is
 * -32602 with one sentence, over HTTP and in memory (stdio's path) alike.
 * @see https://www.jsonrpc.org/specification#batch
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpHandle } from '../../runtime/transports/http.ts';
import { connectHttp, connectInMemory, serveOverHttp, startHarness, type Harness } from './support.ts';

let h: Harness;
let http: HttpHandle;
const clients: Record<string, Client> = {};

beforeAll(async () => {
  h = await startHarness();
  http = await serveOverHttp(h.runtime);
  clients['over HTTP'] = await connectHttp(http.url);
  clients['in memory'] = await connectInMemory(h.runtime);
});
afterAll(async () => {
  for (const client of Object.values(clients)) await client.close();
  await http.close();
  await h.close();
});

const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

async function openSession(): Promise<string> {
  const response = await fetch(http.url, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    }),
  });
  await response.text();
  const id = response.headers.get('mcp-session-id');
  if (!id) throw new Error(`initialize answered ${response.status} without a session id`);
  return id;
}

describe('an empty batch', () => {
  it('is answered with a single Invalid Request error inside a session', async () => {
    const session = await openSession();
    const response = await fetch(http.url, { method: 'POST', headers: { ...headers, 'mcp-session-id': session }, body: '[]' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ jsonrpc: '2.0', id: null, error: { code: -32600, message: expect.any(String) } });
  });

  it('is answered with a single Invalid Request error without a session', async () => {
    const response = await fetch(http.url, { method: 'POST', headers, body: '[]' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32600 } });
  });
});

const SENTENCE = 'Invalid params: tools/call needs a string `name` and an object `arguments`';

describe.each(['over HTTP', 'in memory'])('a malformed tools/call %s', (via) => {
  it.each([
    ['string arguments', { name: 'get-user-profile', arguments: 'not an object' }],
    ['array arguments', { name: 'get-user-profile', arguments: [1, 2] }],
    ['null arguments', { name: 'get-user-profile', arguments: null }],
    ['no name', { arguments: {} }],
    ['a numeric name', { name: 42, arguments: {} }],
  ])('with %s is -32602 with one sentence', async (_label, params) => {
    const client = clients[via]!;
    const call = client.request({ method: 'tools/call', params: params as never }, CallToolResultSchema);
    const error = await call.then(
      () => undefined,
      (e: unknown) => e as { code?: number; message?: string },
    );
    expect(error?.code).toBe(-32602);
    expect(error?.message).toBe(`MCP error -32602: ${SENTENCE}`);
  });

  it('without arguments still calls the tool', async () => {
    const result = await clients[via]!.callTool({ name: 'get-user-profile' });
    expect(result.isError).toBeFalsy();
  });
});
