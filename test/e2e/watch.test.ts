/**
 * `serve --watch`: a manifest edit regenerates and reloads the tool set in the running
 * server without dropping the session, which gets notifications/tools/list_changed; a
 * broken edit prints its errors and keeps the last good tool set.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxConfigYaml } from '../../cli/demo/sandbox-config.ts';
import { generate } from '../../generator/index.ts';
import { makeProject, REPO, type TempProject } from '../generator/project.ts';
import { startSandbox, type Sandbox } from '../../sandbox/index.ts';

let sandbox: Sandbox;
let project: TempProject;
let client: Client;
let stderr = '';
let changes = 0;
const waiters: (() => void)[] = [];

function nextListChanged(): Promise<void> {
  return new Promise((resolve) => waiters.push(resolve));
}

async function until(predicate: () => boolean, what: string, ms = 45_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; stderr:\n${stderr.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  sandbox = await startSandbox();
  const tokens = await sandbox.issueUserTokens('kim');
  project = makeProject();
  project.write('config.yaml', sandboxConfigYaml(sandbox));
  await generate({ root: project.root });
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [join(REPO, 'bin/dta-mcp.js'), 'serve', '--transport', 'stdio', '--watch', '--root', project.root, '--config', join(project.root, 'config.yaml'), '--log-level', 'warn'],
    env: {
      ...(process.env as Record<string, string>),
      DTA_WIDE_CLIENT_SECRET: 'dta-mcp-secret',
      DTA_MCP_USER: 'kim',
      DTA_MCP_USER_ACCESS_TOKEN: tokens.accessToken,
      DTA_MCP_USER_REFRESH_TOKEN: tokens.refreshToken,
    },
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (d) => (stderr += String(d)));
  client = new Client({ name: 'watch-e2e', version: '1.0.0' });
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
    changes++;
    waiters.splice(0).forEach((w) => w());
  });
  await client.connect(transport);
}, 60_000);

afterAll(async () => {
  await client?.close();
  project?.remove();
  await sandbox?.close();
});

const SIXTH_TOOL = `
  - name: get-api-health
    description: Tells whether the DTA Wide API is up.
    authType: none
    operation: getHealth
`;

describe('serve --watch', () => {
  it('picks up a sixth tool: regenerates, notifies list_changed, and serves it in the same session', async () => {
    expect((await client.listTools()).tools).toHaveLength(5);
    const changed = nextListChanged();
    appendFileSync(join(project.root, 'manifests/dta-wide.yaml'), SIXTH_TOOL);
    await changed;
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain('get-api-health');
    expect(tools).toHaveLength(6);
    const result = await client.callTool({ name: 'get-api-health', arguments: {} });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual({ status: 'ok' });
    expect(project.read('generated/index.gen.ts')).toContain('get-api-health');
  }, 60_000);

  it('keeps the last good tool set on a broken edit and prints the errors with their location', async () => {
    const before = changes;
    stderr = '';
    writeFileSync(
      join(project.root, 'manifests/broken.yaml'),
      'version: 1\napi: dta-wide\ntools:\n  - name: oops\n    description: Broken on purpose.\n    authType: sometimes\n    operation: getHealth\n',
    );
    await until(() => stderr.includes('still serving the last good tool set'), 'the broken-edit message');
    expect(stderr).toMatch(/manifests\/broken\.yaml:6:\d+ error/);
    expect(changes).toBe(before);
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(6);
    const profile = await client.callTool({ name: 'get-user-profile', arguments: {} });
    expect(profile.isError).toBeFalsy();
  }, 60_000);
});
