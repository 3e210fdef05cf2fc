/**
 * /healthz (alive) and /readyz (token store, each upstream, memory; 503 while draining),
 * answered without inbound auth and revealing nothing but check names and verdicts.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpHandle } from '../../runtime/transports/http.ts';
import { serveOverHttp, startHarness, type Harness } from './support.ts';

/** A raw request, so Host and Connection are what the test says they are. */
function raw(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      let body = '';
      res.on('data', (d) => (body += String(d)));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('probes on a healthy server', () => {
  let h: Harness;
  let http: HttpHandle;
  let base: string;
  beforeAll(async () => {
    h = await startHarness({ user: 'bob' });
    http = await serveOverHttp(h.runtime);
    base = http.url.replace('/mcp', '');
  });
  afterAll(async () => {
    await http.close();
    await h.close();
  });

  it('/healthz answers 200 ok', async () => {
    const res = await raw(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ status: 'ok' });
  });

  it('/readyz answers 200 with each check passing, and nothing else', async () => {
    const res = await raw(`${base}/readyz`);
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['checks', 'status', 'timestamp']);
    expect(body).toMatchObject({ status: 'healthy', checks: { memory: 'pass', tokenStore: 'pass', upstream: 'pass' } });
    expect(res.body).not.toContain(h.userToken);
    expect(res.body).not.toContain('bob');
    expect(res.body).not.toContain(h.sandbox.url);
  });

  it('/health still answers as /readyz (deprecated alias)', async () => {
    const res = await raw(`${base}/health`);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ status: 'healthy' });
  });

  it('answers probes whatever the Host header (load balancers probe by address)', async () => {
    const res = await raw(`${base}/healthz`, { headers: { host: '10.0.0.7:8080' } });
    expect(res.status).toBe(200);
    const mcp = await raw(`${base}/mcp`, { method: 'POST', headers: { host: '10.0.0.7:8080' }, body: '{}' });
    expect(mcp.status).toBe(403);
  });
});

describe('probes when a check fails', () => {
  let h: Harness;
  let http: HttpHandle;
  beforeAll(async () => {
    h = await startHarness({
      user: 'bob',
      config: (c) => ({
        ...c,
        apis: { 'dta-wide': { ...c.apis['dta-wide'], baseUrl: 'http://127.0.0.1:9' } },
        health: { maxHeapBytes: 1_048_576 },
      }),
    });
    http = await serveOverHttp(h.runtime);
  });
  afterAll(async () => {
    await http.close();
    await h.close();
  });

  it('/readyz answers 503 naming the failed checks (upstream unreachable, heap over health.maxHeapBytes)', async () => {
    const res = await raw(http.url.replace('/mcp', '/readyz'));
    expect(res.status).toBe(503);
    expect(JSON.parse(res.body)).toMatchObject({ status: 'unhealthy', checks: { memory: 'fail', upstream: 'fail', tokenStore: 'pass' } });
  });

  it('/healthz still answers 200: the process is alive', async () => {
    expect((await raw(http.url.replace('/mcp', '/healthz'))).status).toBe(200);
  });
});

describe('probes while draining', () => {
  let h: Harness;
  let http: HttpHandle;
  let base: string;
  beforeAll(async () => {
    h = await startHarness({ user: 'bob' });
    http = await serveOverHttp(h.runtime);
    base = http.url.replace('/mcp', '');
    expect(await http.drain(1_000)).toBe(true); // nothing in flight: drained at once
  });
  afterAll(async () => {
    await http.close();
    await h.close();
  });

  it('/readyz answers 503 draining', async () => {
    const res = await raw(`${base}/readyz`);
    expect(res.status).toBe(503);
    expect(JSON.parse(res.body)).toEqual({ status: 'draining' });
  });

  it('/healthz still answers 200', async () => {
    expect((await raw(`${base}/healthz`)).status).toBe(200);
  });

  it('refuses new MCP requests with 503 and Connection: close', async () => {
    const res = await raw(http.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } }),
    });
    expect(res.status).toBe(503);
    expect(res.headers.connection).toBe('close');
    expect(JSON.parse(res.body)).toMatchObject({ jsonrpc: '2.0', error: { code: -32000 }, id: null });
  });
});
