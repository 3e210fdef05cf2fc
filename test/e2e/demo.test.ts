/**
 * The README's first command: `npm start` (= `dta-mcp demo`) starts the sandbox and the
 * server on the example manifests, prints how to connect, serves a real client, and
 * stops cleanly on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { textOf } from './support.ts';
import { connectAs } from './oauth-support.ts';

const ROOT = resolve(import.meta.dirname, '../..');

describe('dta-mcp demo', () => {
  it('prints connection snippets and how to get a token, serves the five tools to a caller with that token, and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/dta-mcp.js'), 'demo', '--port', '0'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    const url = await new Promise<string>((resolveUrl, reject) => {
      child.stderr.on('data', (d) => {
        stderr += String(d);
        const match = /MCP endpoint: (\S+)/.exec(stderr);
        if (match && stderr.includes('Stop with Ctrl+C')) resolveUrl(match[1]!);
      });
      child.once('exit', (code) => reject(new Error(`demo exited ${code}: ${stderr}`)));
    });
    expect(stderr).toContain('"type": "http"');
    expect(stderr).toContain('claude_desktop_config.json');

    // Inbound auth is on: no token, no session.
    const anonymous = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{}' });
    expect(anonymous.status).toBe(401);
    // The printed way to get a token works.
    const curl = /curl -s -X POST (\S+) -d user=(\S+)/.exec(stderr);
    expect(curl?.[2]).toBe('demo-user');
    const minted = (await (await fetch(curl![1]!, { method: 'POST', body: 'user=demo-user', headers: { 'content-type': 'application/x-www-form-urlencoded' } })).json()) as { access_token: string };
    const client = await connectAs(url, minted.access_token);
    expect((await client.listTools()).tools).toHaveLength(5);
    const profile = await client.callTool({ name: 'get-user-profile', arguments: {} });
    expect(profile.isError).toBeFalsy();
    expect(textOf(profile)).toContain('demo-user');
    const errors = await client.callTool({ name: 'query-recent-errors', arguments: { hours: 12 } });
    expect(errors.isError).toBeFalsy();
    await client.close();

    const exited = new Promise<number | null>((done) => child.once('exit', done));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout).toBe('');
    expect(stderr).not.toMatch(/eyJ[\w-]+\.[\w-]+\./); // no token printed
  }, 60_000);
});
