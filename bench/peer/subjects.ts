/**
 * The three subjects, each behind one interface the load generator drives:
 * B0 (plain fetch of the upstream from this process), B1 (bench/peer/b1-server.ts) and
 * dta-mcp (`bin/dta-mcp.js serve`), the last two over stdio or Streamable HTTP, called
 * through the SDK's own Client.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
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

function postMcp(url: string, body: object, session?: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(session ? { 'mcp-session-id': session, 'mcp-protocol-version': PROTOCOL } : {}),
    },
    body: JSON.stringify(body),
  });
}

/** initialize + notifications/initialized with plain fetch; the session id. */
export async function openRawSession(url: string): Promise<string> {
  const r = await postMcp(url, { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
  await r.text();
  const session = r.headers.get('mcp-session-id');
  if (!r.ok || !session) throw new Error(`initialize answered ${r.status}`);
  await (await postMcp(url, { jsonrpc: '2.0', method: 'notifications/initialized' }, session)).text();
  return session;
}

/**
 * A minimal client (`--raw-client`): tools/call as one fetch, the answer read from the
 * SSE body's data line. Cheaper than the SDK's Client, to check how much the client's
 * own CPU shapes the HTTP figures.
 */
async function rawCall(url: string, session: string, who: string): Promise<void> {
  const r = await postMcp(url, { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: TOOL, arguments: {} } }, session);
  const text = await r.text();
  const data = text.startsWith('{') ? text : text.slice(text.indexOf('data: ') + 6, text.indexOf('\n', text.indexOf('data: ')));
  const message = JSON.parse(data) as { result?: { isError?: boolean } };
  if (!message.result || message.result.isError) throw new Error(`${who}: ${text.slice(0, 300)}`);
}

/** Starts the server, waits for its "... on http://..." line on stderr, opens `connections` sessions. */
export async function httpSubject(name: SubjectName, launch: Launch, connections: number, raw = false): Promise<Subject> {
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

const RUN_TS = join(ROOT, 'bin/run-ts.js');

export function b1Launch(transport: Transport, upstreamUrl: string, token: string): Launch {
  return { args: [RUN_TS, join(ROOT, 'bench/peer/b1-server.ts'), transport], env: { UPSTREAM_URL: upstreamUrl, UPSTREAM_TOKEN: token } };
}

/** `profileDir`: run under `node --cpu-prof`, the profile written there when it exits. */
export function dtaLaunch(transport: Transport, configFile: string, profileDir?: string): Launch {
  const args = [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), join(ROOT, 'bin/dta-mcp.js'), 'serve', '--transport', transport, '--config', configFile, '--root', ROOT];
  return { args: transport === 'http' ? [...args, '--port', '0'] : args, env: {} };
}
