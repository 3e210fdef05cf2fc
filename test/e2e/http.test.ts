/** Streamable HTTP: real SDK Client over loopback, sessions, guards and limits. */
import { request } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectHttp, serveOverHttp, startHarness, textOf, type Harness } from './support.ts';
import type { HttpHandle } from '../../runtime/transports/http.ts';
import { exposureProblem } from '../../runtime/transports/request-guards.ts';

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

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};

function post(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(http.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('Streamable HTTP transport', () => {
  it('refuses to bind beyond loopback without inbound auth', async () => {
    await expect(serveOverHttp(h.runtime, { host: '0.0.0.0' })).rejects.toThrow(/without inbound auth: nothing would say who a network caller is/);
  });

  it.each([
    ['127.0.0.1', false, false],
    ['localhost', false, false],
    ['::1', false, false],
    ['0.0.0.0', false, true],
    ['10.1.2.3', false, true],
    ['0.0.0.0', true, false],
  ])('exposure check: host %s with inbound auth %s -> refused %s', (host, auth, refused) => {
    expect(exposureProblem(host, auth) !== undefined).toBe(refused);
  });

  it('binds to 127.0.0.1 by default and serves /mcp', () => {
    expect(http.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
  });

  it('lists the five tools and calls a user-token tool with the user bearer token', async () => {
    const client = await connectHttp(http.url);
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(5);
    h.sandbox.reset();
    const result = await client.callTool({ name: 'get-user-profile', arguments: {} });
    expect(result.isError).toBeFalsy();
    expect(h.sandbox.requests[0]?.headers.authorization).toBe(`Bearer ${h.userToken}`);
    expect(textOf(result)).toContain('bob');
    await client.close();
  });

  it("never forwards the MCP client's own Authorization header upstream", async () => {
    const client = new Client({ name: 'with-token', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(http.url), {
        requestInit: { headers: { authorization: 'Bearer client-token-must-not-leak' } },
      }),
    );
    h.sandbox.reset();
    await client.callTool({ name: 'get-user-profile', arguments: {} });
    await client.callTool({ name: 'query-recent-errors', arguments: {} });
    expect(h.sandbox.requests).toHaveLength(2);
    for (const request of h.sandbox.requests) expect(JSON.stringify(request.headers)).not.toContain('client-token-must-not-leak');
    await client.close();
  });

  it('gives each client its own session and server', async () => {
    const a = await connectHttp(http.url);
    const b = await connectHttp(http.url);
    const before = http.sessions.size;
    expect(before).toBeGreaterThanOrEqual(2);
    const servers = new Set(http.sessions.servers());
    expect(servers.size).toBe(http.sessions.size);
    await a.close();
    await b.close();
  });

  it('rejects a foreign Origin with 403', async () => {
    const response = await post(initialize, { origin: 'https://evil.example' });
    expect(response.status).toBe(403);
  });

  it('rejects a Host that is not loopback with 403 (DNS rebinding)', async () => {
    // fetch may not set Host, so this one goes through node:http.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(http.url, { method: 'POST', headers: { host: 'attacker.example:80', 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(JSON.stringify(initialize));
    });
    expect(status).toBe(403);
  });

  it.each(['http://127.0.0.1.evil.example', 'http://127.evil.example'])(
    'rejects an Origin that only starts like a loopback address (%s) with 403',
    async (origin) => {
      const response = await post(initialize, { origin });
      expect(response.status).toBe(403);
    },
  );

  it.each(['http://localhost:1234', 'http://127.0.0.1', 'http://[::1]:3000'])('accepts the loopback Origin %s', async (origin) => {
    const response = await post(initialize, { origin });
    expect(response.status).toBe(200);
    await response.body?.cancel();
  });

  it('accepts a loopback Origin such as the MCP Inspector', async () => {
    const response = await post(initialize, { origin: 'http://localhost:6274' });
    expect(response.status).toBe(200);
    await response.body?.cancel();
  });

  it('answers a body over the limit with 413', async () => {
    const big = JSON.stringify({ ...initialize, padding: 'x'.repeat(h.runtime.config.http.maxBodyBytes) });
    const response = await post(big);
    expect(response.status).toBe(413);
  });

  it('answers malformed JSON with 400 and a JSON-RPC parse error', async () => {
    const response = await post('{not json');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: -32700 } });
  });

  it('answers a request with an unknown session id with 404', async () => {
    const response = await post({ jsonrpc: '2.0', id: 2, method: 'tools/list' }, { 'mcp-session-id': 'nope' });
    expect(response.status).toBe(404);
  });

  it('answers a non-initialize request without a session with 400', async () => {
    const response = await post({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
    expect(response.status).toBe(400);
  });

  it('closes and evicts idle sessions', async () => {
    const client = await connectHttp(http.url);
    const count = http.sessions.size;
    const evicted = await http.sessions.sweep(Date.now() + h.runtime.config.http.sessionIdleMs + 1);
    expect(evicted).toBe(count);
    expect(http.sessions.size).toBe(0);
    await expect(client.listTools()).rejects.toThrow();
    await client.close().catch(() => undefined);
  });

  it('serves /health and /metrics', async () => {
    const health = await fetch(http.url.replace('/mcp', '/health'));
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'healthy', checks: { memory: 'pass', upstream: 'pass', tokenStore: 'pass' } });
    const metrics = await (await fetch(http.url.replace('/mcp', '/metrics'))).text();
    expect(metrics).toContain('dta_mcp_tool_calls_total{tool="get-user-profile",outcome="ok"}');
  });
});
