/**
 * Upstreams that fail below HTTP: unreachable, or too slow. Each is an isError result
 * marked retryable, never a protocol error, a hang or a crash.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectInMemory, startHarness, textOf, type Harness } from './support.ts';

let hanging: Server;
let hangingUrl: string;
let closedUrl: string;

beforeAll(async () => {
  // A server that accepts and never answers.
  hanging = createServer(() => undefined);
  await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', () => r()));
  hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`;
  // A port that was free a moment ago: nothing listens there.
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
  closedUrl = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
  await new Promise((r) => probe.close(r));
});
afterAll(async () => {
  hanging.closeAllConnections();
  await new Promise((r) => hanging.close(r));
});

async function harnessAt(baseUrl: string, timeoutMs = 30_000): Promise<Harness> {
  return startHarness({
    config: (c) => ({ ...c, apis: { 'dta-wide': { ...c.apis['dta-wide'], baseUrl } }, upstream: { timeoutMs } }),
  });
}

describe('upstream failures below HTTP', () => {
  it('an unreachable upstream is a retryable isError result', async () => {
    const h = await harnessAt(closedUrl);
    const client = await connectInMemory(h.runtime);
    const result = await client.callTool({ name: 'get-user-profile', arguments: {} });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/could not be reached/);
    expect(result._meta?.['dta-mcp/error']).toMatchObject({ code: 'upstream_unavailable', retryable: true });
    await client.close();
    await h.close();
  });

  it('an upstream slower than upstream.timeoutMs is a retryable isError result', async () => {
    const h = await harnessAt(hangingUrl, 300);
    const client = await connectInMemory(h.runtime);
    // Without the deadline this call would hang until the test's own timeout fails it.
    const result = await client.callTool({ name: 'get-user-profile', arguments: {} });
    expect(result.isError).toBe(true);
    expect(result._meta?.['dta-mcp/error']).toMatchObject({ code: 'upstream_timeout', retryable: true });
    await client.close();
    await h.close();
  });
});
