/**
 * `dta-mcp login` / `logout` / `serve --transport stdio` as child processes against a
 * sandbox, with the credentials file in a temp directory (DTA_MCP_CREDENTIALS).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { Sandbox } from '../../sandbox/types.ts';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin/dta-mcp.js');

/** What a user writes to sign in against the sandbox: the public CLI client, refreshed by the same client. */
export function loginConfigYaml(sandbox: Sandbox): string {
  return `apis:
  dta-wide:
    baseUrl: ${sandbox.url}
    userAuth:
      tokenUrl: ${sandbox.tokenUrl}
      clientId: dta-mcp-cli
      authMethod: none
login:
  issuer: \${ISSUER_URL}
  clientId: dta-mcp-cli
  scope: profile settings.write activity.read
tokens:
  store: file
logLevel: warn
`;
}

export interface LoginWorkspace {
  dir: string;
  config: string;
  credentials: string;
  env: Record<string, string>;
  remove(): Promise<void>;
}

export async function loginWorkspace(sandbox: Sandbox): Promise<LoginWorkspace> {
  const dir = await mkdtemp(join(tmpdir(), 'dta-login-'));
  const config = join(dir, 'config.yaml');
  await writeFile(config, loginConfigYaml(sandbox));
  const credentials = join(dir, 'home', 'dta-mcp', 'credentials.json');
  const { DTA_MCP_USER: _u, DTA_MCP_CONFIG: _c, DTA_MCP_PROFILE: _p, ...inherited } = process.env as Record<string, string>;
  return {
    dir,
    config,
    credentials,
    env: { ...inherited, ISSUER_URL: sandbox.issuer, DTA_MCP_CREDENTIALS: credentials },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

export interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in stderr. */
  waitForStderr(pattern: RegExp): Promise<RegExpExecArray>;
  exit: Promise<number | null>;
}

export function runCli(args: string[], env: Record<string, string>): RunningCli {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const waiters: { pattern: RegExp; done: (m: RegExpExecArray) => void }[] = [];
  child.stdout.on('data', (d) => (out += String(d)));
  child.stderr.on('data', (d) => {
    err += String(d);
    for (const w of [...waiters]) {
      const m = w.pattern.exec(err);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.done(m);
      }
    }
  });
  const exit = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    waitForStderr: (pattern) =>
      new Promise((done, fail) => {
        const m = pattern.exec(err);
        if (m) return done(m);
        waiters.push({ pattern, done });
        void exit.then((code) => fail(new Error(`exited ${code} before ${pattern}; stderr:\n${err}`)));
      }),
    exit,
  };
}

/** `dta-mcp login --no-browser`, with the URL it prints. */
export async function startLogin(ws: LoginWorkspace, extra: string[] = []): Promise<{ cli: RunningCli; url: URL }> {
  const cli = runCli(['login', '--no-browser', '--config', ws.config, '--timeout', '60', ...extra], ws.env);
  const [, url] = await cli.waitForStderr(/Open this URL to sign in: (\S+)\n/);
  return { cli, url: new URL(url as string) };
}

/** A real SDK client on `serve --transport stdio`, acting as whoever is signed in. */
export async function connectStdio(ws: LoginWorkspace): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, 'serve', '--transport', 'stdio', '--config', ws.config, '--root', ROOT],
    env: ws.env,
    stderr: 'pipe',
  });
  const client = new Client({ name: 'login-e2e', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

export function textOf(result: object): string {
  const content = ((result as { content?: unknown }).content ?? []) as { text?: string }[];
  return content.map((c) => c.text ?? '').join('\n');
}
