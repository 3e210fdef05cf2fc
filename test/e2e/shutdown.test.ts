/**
 * Graceful shutdown of `dta-mcp serve` as a child process: SIGTERM during a slow upstream
 * call lets the call finish, refuses new work while draining, and exits 0; a second
 * signal exits at once with 1.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { request } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxConfigYaml } from '../../cli/demo/sandbox-config.ts';
import { startSandbox, type Sandbox } from '../../sandbox/index.ts';
import { connectHttp, textOf } from './support.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/dta-mcp.js');
const SLOW_MS = 1_500;

let sandbox: Sandbox;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  sandbox = await startSandbox();
  const tokens = await sandbox.issueUserTokens('carol');
  dir = await mkdtemp(join(tmpdir(), 'dta-shutdown-'));
  await writeFile(join(dir, 'config.yaml'), `${sandboxConfigYaml(sandbox)}http:\n  shutdownGraceMs: 10000\n`);
  env = {
    ...(process.env as Record<string, string>),
    DTA_WIDE_CLIENT_SECRET: 'dta-mcp-secret',
    DTA_MCP_USER: 'carol',
    DTA_MCP_USER_ACCESS_TOKEN: tokens.accessToken,
    DTA_MCP_USER_REFRESH_TOKEN: tokens.refreshToken,
  };
});
afterAll(async () => {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

interface Served {
  child: ChildProcessWithoutNullStreams;
  url: string;
  stderr: () => string;
  exited: Promise<number | null>;
}

async function serveHttp(): Promise<Served> {
  const child = spawn(process.execPath, [BIN, 'serve', '--transport', 'http', '--port', '0', '--config', join(dir, 'config.yaml'), '--root', ROOT], { env });
  let stderr = '';
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (d) => {
      stderr += String(d);
      const match = /serving \d+ tools on (http:\/\/\S+)/.exec(stderr);
      if (match?.[1]) resolve(match[1]);
    });
    void exited.then((code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
  return { child, url, stderr: () => stderr, exited };
}

/** Polls until `probe` is true (a condition in another process: no event to wait on). */
async function until(probe: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function inFlight(url: string): Promise<number> {
  const text = await (await fetch(url.replace('/mcp', '/metrics'))).text();
  return Number(/^dta_mcp_http_requests_in_flight (\d+)$/m.exec(text)?.[1] ?? NaN);
}

function post(url: string, body: unknown) {
  return new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
    const req = request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

const initialize = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'late', version: '1' } },
};

describe('serve --transport http on SIGTERM', () => {
  it('finishes the call in flight, refuses new work while draining, and exits 0', async () => {
    const served = await serveHttp();
    const client = await connectHttp(served.url);
    sandbox.reset();
    sandbox.faults.apiDelayMs = SLOW_MS;
    const started = Date.now();
    const call = client.callTool({ name: 'get-user-profile', arguments: {} });
    await until(async () => (await inFlight(served.url)) === 1);

    served.child.kill('SIGTERM');
    await until(async () => (await fetch(served.url.replace('/mcp', '/readyz'))).status === 503);
    expect(await (await fetch(served.url.replace('/mcp', '/readyz'))).json()).toEqual({ status: 'draining' });
    expect((await fetch(served.url.replace('/mcp', '/healthz'))).status).toBe(200);
    expect(await post(served.url, initialize)).toEqual({ status: 503, connection: 'close' });

    const result = await call;
    expect(Date.now() - started).toBeGreaterThanOrEqual(SLOW_MS);
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toContain('carol');
    expect(await served.exited).toBe(0);
    expect(served.stderr()).toMatch(/"msg":"shutting down"/);
    expect(served.stderr()).toMatch(/"msg":"stopped"/);
    await client.close().catch(() => undefined);
  });

  it('exits 1 at once on a second signal', async () => {
    const served = await serveHttp();
    const client = await connectHttp(served.url);
    sandbox.reset();
    sandbox.faults.apiDelayMs = 30_000;
    const call = client.callTool({ name: 'get-user-profile', arguments: {} }).catch(() => undefined);
    await until(async () => (await inFlight(served.url)) === 1);
    served.child.kill('SIGTERM');
    await until(async () => (await fetch(served.url.replace('/mcp', '/readyz'))).status === 503);
    const second = Date.now();
    served.child.kill('SIGTERM');
    expect(await served.exited).toBe(1);
    expect(Date.now() - second).toBeLessThan(2_000);
    expect(served.stderr()).toMatch(/"msg":"second signal: exiting without waiting"/);
    sandbox.reset();
    await client.close().catch(() => undefined); // rejects the cut-off call
    await call;
  });
});

describe('serve --transport stdio on SIGTERM', () => {
  it('finishes the call in flight and exits 0', async () => {
    const args = [BIN, 'serve', '--transport', 'stdio', '--config', join(dir, 'config.yaml'), '--root', ROOT, '--log-level', 'debug'];
    const child = spawn(process.execPath, args, { env });
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    let stderr = '';
    const started = new Promise<void>((done) =>
      child.stderr.on('data', (d) => {
        stderr += String(d);
        if (stderr.includes('"msg":"tool call started"')) done();
      }),
    );
    type Answer = { id?: number; result?: { isError?: boolean; content: { text: string }[] } };
    const responses = new Map<number, Answer>();
    const answered = new Map<number, () => void>();
    createInterface({ input: child.stdout }).on('line', (line) => {
      const message = JSON.parse(line) as Answer;
      if (typeof message.id !== 'number') return;
      responses.set(message.id, message);
      answered.get(message.id)?.();
    });
    const send = (message: { jsonrpc: string; method: string; id?: number; params?: unknown }) =>
      new Promise<void>((done) => {
        if (message.id !== undefined) answered.set(message.id, done);
        child.stdin.write(`${JSON.stringify(message)}\n`);
        if (message.id === undefined) done();
      });
    await send(initialize);
    await send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    sandbox.reset();
    sandbox.faults.apiDelayMs = SLOW_MS;
    const call = send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'get-user-profile', arguments: {} } });
    await started;
    child.kill('SIGTERM');
    await call;
    const result = responses.get(2)?.result;
    expect(result?.isError).toBeFalsy();
    expect(result?.content[0]?.text).toContain('carol');
    expect(await exited).toBe(0);
  });
});
