/**
 * The three subjects, each behind one interface the load generator drives:
 * B0 (plain fetch of the upstream from this process), B1 (bench/peer/b1-server.ts) and
 * dta-mcp (`bin/dta-mcp.js serve`), the last two over stdio (through the SDK's own
 * Client) or Streamable HTTP (a minimal client on undici by default, the SDK's Client
 * with --sdk-client). Both servers run as plain JavaScript, as deployed: dta-mcp from
 * dist/ (the installed package's form), B1 transpiled once by TypeScript.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import ts from 'typescript';
import { Agent, type Dispatcher } from 'undici';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

export const ROOT = resolve(import.meta.dirname, '../..');
export const TOOL = 'get-user-profile';

export type SubjectName = 'B0' | 'B1' | 'dta-mcp';
export type Transport = 'stdio' | 'http';

export interface Subject {
  name: SubjectName;
  transport: Transport | 'fetch';
  /** The server process to account CPU and memory to; none for B0. */
  pid?: number;
  /** For HTTP servers: where to open extra (idle) sessions. */
  url?: string;
  /** One call; `worker` picks the connection (HTTP: one session per worker). */
  call(worker: number): Promise<void>;
  close(): Promise<void>;
}

/** How to start a server process: argv after `node`, and its environment. */
export interface Launch {
  args: string[];
  env: Record<string, string>;
}

export function b0Subject(upstreamUrl: string, token: string): Subject {
  const url = `${upstreamUrl}/user/profile`;
  const headers = { authorization: `Bearer ${token}` };
  return {
    name: 'B0',
    transport: 'fetch',
    async call() {
      const r = await fetch(url, { headers });
      await r.text();
      if (r.status !== 200) throw new Error(`B0: upstream answered ${r.status}`);
    },
    async close() {},
  };
}

async function callTool(client: Client, who: string): Promise<void> {
  const result = await client.callTool({ name: TOOL, arguments: {} });
  if (result.isError) throw new Error(`${who}: tool error ${JSON.stringify(result.content).slice(0, 300)}`);
}

export async function stdioSubject(name: SubjectName, launch: Launch): Promise<Subject> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: launch.args,
    env: { ...(process.env as Record<string, string>), ...launch.env },
    stderr: 'pipe',
    cwd: ROOT,
  });
  // Logs are drained and dropped (dta-mcp logs one line per call at its default level);
  // the last few are kept to explain a failed start.
  const tail: string[] = [];
  transport.stderr?.on('data', (chunk: Buffer) => {
    tail.push(String(chunk));
    if (tail.length > 5) tail.shift();
  });
  const client = new Client({ name: 'peer-bench', version: '1.0.0' });
  await client.connect(transport).catch((error: unknown) => {
    throw new Error(`${name} (stdio) did not start: ${(error as Error).message}\n${tail.join('')}`);
  });
  const pid = transport.pid;
  if (pid === null) throw new Error(`${name}: no pid`);
  return {
    name,
    transport: 'stdio',
    pid,
    call: () => callTool(client, name),
    close: () => client.close(),
  };
}

const PROTOCOL = '2025-06-18';

/** The raw client's connection pool: enough connections for every worker's session. */
const pool = new Agent({ connections: 64, pipelining: 1 });

async function postMcp(url: string, body: object, session?: string): Promise<Dispatcher.ResponseData> {
  return pool.request({
    origin: new URL(url).origin,
    path: new URL(url).pathname,
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(session ? { 'mcp-session-id': session, 'mcp-protocol-version': PROTOCOL } : {}),
    },
    body: JSON.stringify(body),
  });
}

/** initialize + notifications/initialized; the session id. */
export async function openRawSession(url: string): Promise<string> {
  const r = await postMcp(url, { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
  await r.body.text();
  const session = r.headers['mcp-session-id'];
  if (r.statusCode !== 200 || typeof session !== 'string') throw new Error(`initialize answered ${r.statusCode}`);
  await (await postMcp(url, { jsonrpc: '2.0', method: 'notifications/initialized' }, session)).body.text();
  return session;
}

/**
 * The default HTTP client: tools/call as one POST on a keep-alive undici pool, the
 * answer read from a JSON body or from the SSE body's data line, and checked (a result,
 * not an error, with the profile in it). It costs the load generator a fraction of the
 * SDK Client's CPU per call, so on a 2-core machine the client does not take the cores
 * the servers are measured on (bench/README.md says how this was checked).
 */
async function rawCall(url: string, session: string, who: string): Promise<void> {
  const r = await postMcp(url, { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: TOOL, arguments: {} } }, session);
  const text = await r.body.text();
  const at = text.indexOf('data: ');
  const data = text.startsWith('{') ? text : text.slice(at + 6, text.indexOf('\n', at));
  const message = JSON.parse(data) as { result?: { isError?: boolean; content?: { text?: string }[] } };
  if (!message.result || message.result.isError || !message.result.content?.[0]?.text?.includes('"id"')) throw new Error(`${who}: ${text.slice(0, 300)}`);
}

/** Starts the server, waits for its "... on http://..." line on stderr, opens `connections` sessions. */
export async function httpSubject(name: SubjectName, launch: Launch, connections: number, raw = true): Promise<Subject> {
  const child: ChildProcess = spawn(process.execPath, launch.args, {
    cwd: ROOT,
    env: { ...process.env, ...launch.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const url = await new Promise<string>((done, fail) => {
    const lines = createInterface({ input: child.stderr! });
    const early: string[] = []; // shown only if it never starts
    const timer = setTimeout(() => fail(new Error(`${name}: no URL on stderr within 60 s\n${early.join('\n')}`)), 60_000);
    child.once('exit', (code) => fail(new Error(`${name}: exited (${code}) before listening\n${early.join('\n')}`)));
    let listening = false;
    lines.on('line', (line) => {
      if (listening) return; // logs after start-up are dropped, as over stdio
      const match = / on (http:\/\/\S+)/.exec(line);
      if (match?.[1]) {
        clearTimeout(timer);
        listening = true;
        done(match[1]);
      } else {
        early.push(line);
      }
    });
  });
  const clients = raw
    ? []
    : await Promise.all(
        Array.from({ length: connections }, async () => {
          const client = new Client({ name: 'peer-bench', version: '1.0.0' });
          await client.connect(new StreamableHTTPClientTransport(new URL(url)));
          return client;
        }),
      );
  const sessions = raw ? await Promise.all(Array.from({ length: connections }, () => openRawSession(url))) : [];
  return {
    name,
    transport: 'http',
    pid: child.pid!,
    url,
    call: raw ? (worker) => rawCall(url, sessions[worker % sessions.length]!, name) : (worker) => callTool(clients[worker % clients.length]!, name),
    async close() {
      await Promise.all(clients.map((c) => c.close()));
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * B1 as JavaScript: bench/peer/b1-server.ts transpiled by TypeScript (types dropped,
 * nothing else) into node_modules/.cache, where its imports resolve to this checkout's
 * node_modules. Written once per run.
 */
function b1Script(): string {
  const out = join(ROOT, 'node_modules/.cache/dta-mcp-bench/b1-server.mjs');
  const source = readFileSync(join(ROOT, 'bench/peer/b1-server.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
  mkdirSync(join(out, '..'), { recursive: true });
  writeFileSync(out, outputText);
  return out;
}

let b1: string | undefined;

export function b1Launch(transport: Transport, upstreamUrl: string, token: string): Launch {
  b1 ??= b1Script();
  return { args: [b1, transport], env: { UPSTREAM_URL: upstreamUrl, UPSTREAM_TOKEN: token } };
}

/**
 * `profileDir`: run under `node --cpu-prof`, the profile written there when it exits.
 * `sources`: the TypeScript sources through tsx (a checkout's default) instead of dist/.
 */
export function dtaLaunch(
  transport: Transport,
  configFile: string,
  options: { profileDir?: string | undefined; sources?: boolean; logLevel?: string | undefined } = {},
): Launch {
  const { profileDir, sources = false, logLevel } = options;
  const args = [
    ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []),
    join(ROOT, 'bin/dta-mcp.js'),
    'serve',
    '--transport',
    transport,
    '--config',
    configFile,
    '--root',
    ROOT,
    ...(logLevel ? ['--log-level', logLevel] : []),
  ];
  return { args: transport === 'http' ? [...args, '--port', '0'] : args, env: { DTA_MCP_DIST: sources ? '0' : '1' } };
}
