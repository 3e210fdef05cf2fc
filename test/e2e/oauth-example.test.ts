/**
 * examples/oauth/dta-mcp.config.yaml as written: `dta-mcp serve` as a process, the sandbox
 * as upstream and authorization server, two users each served with their own upstream token.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/index.ts';
import { textOf } from './support.ts';
import { connectAs } from './oauth-support.ts';

const ROOT = resolve(import.meta.dirname, '../..');
let sb: Sandbox;

beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.close());

describe('examples/oauth', () => {
  it('serves the seed tools to each caller with their own exchanged upstream token', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/dta-mcp.js'), 'serve', '--transport', 'http', '--port', '0', '--config', 'examples/oauth/dta-mcp.config.yaml'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        ISSUER_URL: sb.issuer,
        MCP_AUDIENCE: sb.mcpAudience,
        UPSTREAM_URL: sb.url,
        UPSTREAM_AUDIENCE: 'dta-wide',
        CLIENT_ID: 'dta-mcp',
        CLIENT_SECRET: 'dta-mcp-secret',
      },
    });
    try {
      let stderr = '';
      const url = await new Promise<string>((done, fail) => {
        child.stderr.on('data', (d) => {
          stderr += String(d);
          const match = /serving \d+ tools on (\S+)/.exec(stderr);
          if (match) done(match[1]!);
        });
        child.once('exit', (code) => fail(new Error(`serve exited ${code}: ${stderr}`)));
      });
      for (const user of ['alice', 'bob']) {
        const client = await connectAs(url, await sb.issueMcpToken(user));
        const profile = await client.callTool({ name: 'get-user-profile', arguments: {} });
        expect(JSON.parse(textOf(profile))).toMatchObject({ id: user });
        expect(sb.requests.at(-1)?.auth?.sub).toBe(user);
        await client.close();
      }
      expect(sb.mcpAudienceTokensSeen).toBe(0);
      expect(sb.tokenRequests.filter((r) => r.grantType.endsWith('token-exchange'))).toHaveLength(2);
    } finally {
      child.kill('SIGTERM');
    }
  }, 60_000);
});
