/**
 * `serve` loads what its config and transport use, and not the rest (start-up time):
 * over stdio on the memory store without a config file, no Redis client, no YAML parser,
 * no HTTP transport, no inbound-token checks (jose's index; its one-file JWT decode is
 * fine), no metrics library (nothing can read metrics over stdio). The child process records every module it loads (test/fixtures/record-modules.mjs).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dta-lazy-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function modulesLoadedByServe(extraArgs: string[] = []): Promise<string[]> {
  const record = join(dir, `modules-${Math.random().toString(36).slice(2)}.txt`);
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--import', join(ROOT, 'test/fixtures/record-modules.mjs'), join(ROOT, 'bin/dta-mcp.js'), 'serve', '--transport', 'stdio', '--root', ROOT, '--log-level', 'silent', ...extraArgs],
    env: { ...(process.env as Record<string, string>), RECORD_MODULES: record },
    stderr: 'ignore',
  });
  const client = new Client({ name: 'lazy-imports', version: '1.0.0' });
  await client.connect(transport);
  expect((await client.listTools()).tools.length).toBeGreaterThan(0);
  await client.close(); // ends stdin and waits for the child to exit (it writes its CommonJS modules then)
  return (await readFile(record, 'utf8')).split('\n').filter(Boolean);
}

describe('serve loads only what its config uses', () => {
  it('over stdio with the memory store and no config file: no Redis client, YAML, HTTP transport, jose index or prom-client', async () => {
    const modules = await modulesLoadedByServe();
    expect(modules.some((m) => m.includes('/bin/dta-mcp.js'))).toBe(true); // the recorder works
    const unwanted = modules.filter((m) =>
      /\/node_modules\/(ioredis|yaml|@hono\/node-server|prom-client)\/|\/server\/streamableHttp\.js|\/runtime\/transports\/http\.|\/jose\/dist\/webapi\/index\.js/.test(m),
    );
    expect(unwanted).toEqual([]);
  });
});
