/**
 * Two `dta-mcp serve --transport http` processes sharing one Redis: a user's expired
 * token is refreshed once between them, and each serves with the other's rotation.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxConfigYaml } from '../../cli/demo/sandbox-config.ts';
import { startSandbox, type Sandbox } from '../../sandbox/index.ts';
import { connectHttp } from './support.ts';

const ROOT = resolve(import.meta.dirname, '../..');
let sandbox: Sandbox;
let dir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  sandbox = await startSandbox();
  dir = await mkdtemp(join(tmpdir(), 'dta-replicas-'));
});
afterAll(async () => {
  for (const child of children) child.kill('SIGTERM');
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

async function startReplica(env: NodeJS.ProcessEnv, config: string): Promise<string> {
  const child = spawn(process.execPath, [join(ROOT, 'bin/dta-mcp.js'), 'serve', '--transport', 'http', '--port', '0', '--config', config, '--root', ROOT], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  return new Promise((resolveUrl, reject) => {
    child.stderr!.on('data', (d) => {
      stderr += String(d);
      const match = /serving \d+ tools on (\S+)/.exec(stderr);
      if (match) resolveUrl(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`replica exited ${code}: ${stderr.slice(0, 500)}`)));
  });
}

describe('two serve processes on one Redis', () => {
  it('refresh an expired user token once between them; all 100 calls succeed', async () => {
    const { env, config } = await replicaSetup('ivan');
    const [urlA, urlB] = await Promise.all([startReplica(env, config), startReplica(env, config)]);
    const [a, b] = await Promise.all([connectHttp(urlA), connectHttp(urlB)]);
    sandbox.reset();

    const calls = Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? a : b).callTool({ name: 'get-user-profile', arguments: {} }));
    const results = await Promise.all(calls);

    expect(results.filter((r) => r.isError)).toEqual([]);
    expect(sandbox.tokenRequests.filter((t) => t.grantType === 'refresh_token')).toHaveLength(1);
    expect(new Set(sandbox.requests.map((r) => r.headers.authorization)).size).toBe(1);
    await Promise.all([a.close(), b.close()]);
  });

  it('a replica started after a rotation keeps the stored session, not the stale configured tokens', async () => {
    const { env, config } = await replicaSetup('judy');
    const a = await connectHttp(await startReplica(env, config));
    expect((await a.callTool({ name: 'get-user-profile', arguments: {} })).isError).toBeFalsy(); // rotates
    const b = await connectHttp(await startReplica(env, config)); // same env: the used refresh token
    sandbox.reset();
    const results = await Promise.all([a, b, a, b].map((c) => c.callTool({ name: 'get-user-profile', arguments: {} })));
    expect(results.filter((r) => r.isError)).toEqual([]);
    expect(sandbox.tokenRequests).toHaveLength(0); // no replay of the used refresh token
    await Promise.all([a.close(), b.close()]);
  });
});

async function replicaSetup(user: string): Promise<{ env: NodeJS.ProcessEnv; config: string }> {
  const tokens = await sandbox.issueUserTokens(user, { accessTtlSec: 0 });
  const config = join(dir, `${user}.yaml`);
  await writeFile(
    config,
    `${sandboxConfigYaml(sandbox)}tokens:\n  store: redis\n  redisUrl: \${REDIS_URL}\n  redisPrefix: "e2e-${randomBytes(4).toString('hex')}:"\n  encryptionKeys: \${DTA_MCP_TOKEN_KEYS}\nlogLevel: warn\n`,
  );
  const env = {
    ...process.env,
    DTA_WIDE_CLIENT_SECRET: 'dta-mcp-secret',
    DTA_MCP_USER: user,
    DTA_MCP_USER_ACCESS_TOKEN: tokens.accessToken,
    DTA_MCP_USER_REFRESH_TOKEN: tokens.refreshToken,
    DTA_MCP_TOKEN_KEYS: `k1:${randomBytes(32).toString('base64')}`,
  };
  return { env, config };
}
