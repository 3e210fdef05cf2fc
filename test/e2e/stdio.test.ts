/**
 * stdio with the CLI as a child process: `node bin/dta-mcp.js serve --transport stdio`
 * configured by a YAML file whose secrets come from the environment.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxConfigYaml } from '../../cli/demo/sandbox-config.ts';
import { startSandbox, type Sandbox } from '../../sandbox/index.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/dta-mcp.js');

let sandbox: Sandbox;
let dir: string;
let env: Record<string, string>;
let userToken: string;

beforeAll(async () => {
  sandbox = await startSandbox();
  const tokens = await sandbox.issueUserTokens('carol');
  userToken = tokens.accessToken;
  dir = await mkdtemp(join(tmpdir(), 'dta-stdio-'));
  await writeFile(join(dir, 'config.yaml'), sandboxConfigYaml(sandbox));
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

const args = () => [BIN, 'serve', '--transport', 'stdio', '--config', join(dir, 'config.yaml'), '--root', ROOT];

describe('stdio transport (CLI child process)', () => {
  it('serves the five tools to an SDK client and calls each kind against the sandbox', async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: args(), env, stderr: 'pipe' });
    const client = new Client({ name: 'stdio-e2e', version: '1.0.0' });
    await client.connect(transport);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'get-current-time',
      'get-user-activity-log',
      'get-user-profile',
      'query-recent-errors',
      'update-user-settings',
    ]);
    sandbox.reset();
    const profile = await client.callTool({ name: 'get-user-profile', arguments: {} });
    expect(profile.isError).toBeFalsy();
    const errors = await client.callTool({ name: 'query-recent-errors', arguments: { hours: 2 } });
    expect(errors.isError).toBeFalsy();
    const time = await client.callTool({ name: 'get-current-time', arguments: { format: 'US', timezone: 'America/New_York' } });
    expect(time.isError).toBeFalsy();
    const [userCall, serviceCall] = sandbox.requests;
    expect(userCall?.headers.authorization).toBe(`Bearer ${userToken}`);
    expect(userCall?.auth).toMatchObject({ kind: 'user', sub: 'carol' });
    expect(serviceCall?.auth).toMatchObject({ kind: 'service', sub: 'dta-mcp' });
    await client.close();
  });

  it('writes nothing but JSON-RPC lines to stdout, even at debug log level', async () => {
    const child = spawn(process.execPath, [...args(), '--log-level', 'debug'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: string[] = [];
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    const lines = createInterface({ input: child.stdout });
    const responses = new Map<number, unknown>();
    const waiting = new Map<number, () => void>();
    lines.on('line', (line) => {
      stdout.push(line);
      const message = JSON.parse(line) as { id?: number };
      if (typeof message.id === 'number') {
        responses.set(message.id, message);
        waiting.get(message.id)?.();
      }
    });
    const send = (message: { jsonrpc: string; method: string; id?: number; params?: unknown }) =>
      new Promise<void>((done) => {
        if (message.id !== undefined) waiting.set(message.id, done);
        child.stdin.write(`${JSON.stringify(message)}\n`);
        if (message.id === undefined) done();
      });
    await send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
    await send({ jsonrpc: '2.0', method: 'notifications/initialized' });
    await send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'get-user-profile', arguments: {} } });
    await send({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'query-recent-errors', arguments: {} } });
    child.stdin.end();
    await new Promise((done) => child.once('exit', done));

    expect(stdout.length).toBeGreaterThanOrEqual(3);
    for (const line of stdout) expect(JSON.parse(line)).toMatchObject({ jsonrpc: '2.0' });
    expect(stderr).toContain('"msg":"tool call"'); // logs went to stderr
    expect(stderr).not.toContain(userToken);
    expect(stderr).not.toContain('dta-mcp-secret');
  });

  it('fails with one clear line and exit 1 when the config references an unset variable', async () => {
    const { DTA_WIDE_CLIENT_SECRET: _omit, ...partial } = env;
    const child = spawn(process.execPath, args(), { env: partial, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.stdout.on('data', (d) => (stdout += String(d)));
    const code = await new Promise<number | null>((done) => child.once('exit', done));
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/DTA_WIDE_CLIENT_SECRET is not set/);
    expect(stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
