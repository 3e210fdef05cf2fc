/**
 * The seed's five tools, end to end: a real SDK Client, the runtime, the sandbox
 * upstream and its token server on loopback. No fetch mocks.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectInMemory, startHarness, textOf, type Harness } from './support.ts';

let h: Harness;
let client: Client;

beforeAll(async () => {
  h = await startHarness({ user: 'alice' });
  client = await connectInMemory(h.runtime);
});
afterAll(async () => {
  await client.close();
  await h.close();
});
beforeEach(() => h.sandbox.reset());

describe('tools/list', () => {
  it('lists exactly the five seed tools with their schemas and annotations', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([
      'get-current-time',
      'get-user-activity-log',
      'get-user-profile',
      'query-recent-errors',
      'update-user-settings',
    ]);
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    expect(byName['get-current-time']?.inputSchema.properties).toMatchObject({
      format: { enum: ['ISO', 'Korean', 'US'] },
      timezone: { type: 'string' },
    });
    expect(byName['query-recent-errors']?.inputSchema.properties).toMatchObject({
      hours: { minimum: 1, maximum: 168 },
      limit: { minimum: 1, maximum: 1000 },
    });
    expect(byName['update-user-settings']?.inputSchema.required).toEqual(['settings']);
    expect(byName['get-user-activity-log']?.annotations?.readOnlyHint).toBe(true);
    expect(byName['update-user-settings']?.annotations?.readOnlyHint).not.toBe(true);
    expect(byName['get-user-profile']?.outputSchema).toMatchObject({ type: 'object', required: ['id', 'name', 'email'] });
  });

  it('never exposes a credential parameter as an input', async () => {
    const { tools } = await client.listTools();
    for (const tool of tools) {
      const names = Object.keys(tool.inputSchema.properties ?? {}).map((n) => n.toLowerCase());
      expect(names.filter((n) => /authorization|token|api_?key|cookie|password/.test(n))).toEqual([]);
    }
  });
});

describe('tools/call', () => {
  it('get-current-time formats in Korean for a timezone without any upstream call', async () => {
    const result = await client.callTool({ name: 'get-current-time', arguments: { format: 'Korean', timezone: 'Asia/Seoul' } });
    expect(result.isError).toBeFalsy();
    const { time, iso } = JSON.parse(textOf(result)) as { time: string; iso: string };
    expect(time).toMatch(/^\d{4}\. \d{1,2}\. \d{1,2}\. /); // ko-KR: "2026. 11. 27. ..."
    const seoulHour = (new Date(iso).getUTCHours() + 9) % 24;
    expect(time).toMatch(new RegExp(` ${seoulHour % 12 || 12}:\\d{2}:\\d{2}`));
    expect(h.sandbox.requests).toHaveLength(0);
  });

  it('get-current-time with an invalid timezone is an isError result, not a protocol error', async () => {
    const result = await client.callTool({ name: 'get-current-time', arguments: { timezone: 'Mars/Olympus' } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/timezone/i);
  });

  it('query-recent-errors calls GET /system/errors with the service account token, not the user token', async () => {
    const result = await client.callTool({ name: 'query-recent-errors', arguments: { hours: 6, limit: 3 } });
    expect(result.isError).toBeFalsy();
    const [request] = h.sandbox.requests;
    expect(request).toMatchObject({ method: 'GET', path: '/system/errors', query: { hours: '6', limit: '3' } });
    expect(request?.auth).toMatchObject({ kind: 'service', sub: 'dta-mcp' });
    expect(request?.headers.authorization).not.toContain(h.userToken);
    expect(result.structuredContent).toMatchObject({ errors: expect.any(Array) });
  });

  it("get-user-profile carries the user's bearer token and returns structured content", async () => {
    const result = await client.callTool({ name: 'get-user-profile', arguments: {} });
    expect(result.isError).toBeFalsy();
    const [request] = h.sandbox.requests;
    expect(request?.headers.authorization).toBe(`Bearer ${h.userToken}`);
    expect(request?.auth).toMatchObject({ kind: 'user', sub: 'alice' });
    expect(result.structuredContent).toMatchObject({ id: expect.any(String), email: expect.any(String) });
    expect(JSON.parse(textOf(result))).toEqual(result.structuredContent);
  });

  it('update-user-settings sends the settings object as the JSON body of PUT /user/settings', async () => {
    const settings = { theme: 'dark', notifications: false };
    const result = await client.callTool({ name: 'update-user-settings', arguments: { settings } });
    expect(result.isError).toBeFalsy();
    const [request] = h.sandbox.requests;
    expect(request).toMatchObject({ method: 'PUT', path: '/user/settings' });
    expect(JSON.parse(request!.body)).toEqual(settings);
    expect(request?.auth?.sub).toBe('alice');
    expect(result.structuredContent).toMatchObject(settings);
  });

  it('get-user-activity-log passes the date range and limit as query parameters', async () => {
    const result = await client.callTool({
      name: 'get-user-activity-log',
      arguments: { startDate: '2026-11-01', endDate: '2026-11-20', limit: 5 },
    });
    expect(result.isError).toBeFalsy();
    expect(h.sandbox.requests[0]?.query).toEqual({ startDate: '2026-11-01', endDate: '2026-11-20', limit: '5' });
    const data = result.structuredContent as { entries: unknown[] };
    expect(data.entries.length).toBeLessThanOrEqual(5);
  });

  it('a bad argument is an isError result naming the field, and nothing reaches the upstream', async () => {
    const result = await client.callTool({ name: 'get-user-activity-log', arguments: { limit: 500 } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/limit/);
    const missing = await client.callTool({ name: 'update-user-settings', arguments: {} });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toMatch(/settings: is required/);
    expect(h.sandbox.requests).toHaveLength(0);
  });

  it('an upstream 4xx is an isError result with the status and an excerpt of the body', async () => {
    // The sandbox rejects a start date after the end date with 400 and a problem body.
    const result = await client.callTool({
      name: 'get-user-activity-log',
      arguments: { startDate: '2026-11-20', endDate: '2026-11-01' },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/400/);
    expect(textOf(result)).toMatch(/"error"/);
  });

  it('an upstream 401 triggers one refresh and one retry, then succeeds', async () => {
    h.sandbox.faults.unauthorizedNext = 1;
    const result = await client.callTool({ name: 'get-user-profile', arguments: {} });
    expect(result.isError).toBeFalsy();
    expect(h.sandbox.requests.map((r) => r.status)).toEqual([401, 200]);
    expect(h.sandbox.tokenRequests.filter((t) => t.grantType === 'refresh_token')).toHaveLength(1);
    const [first, retry] = h.sandbox.requests;
    expect(retry?.headers.authorization).not.toBe(first?.headers.authorization);
    expect(retry?.auth?.sub).toBe('alice');
  });

  it('an unknown tool is a protocol error', async () => {
    await expect(client.callTool({ name: 'no-such-tool', arguments: {} })).rejects.toThrow(/Unknown tool/);
  });

  it('no log line carries a token or secret', async () => {
    await client.callTool({ name: 'get-user-profile', arguments: {} });
    await client.callTool({ name: 'query-recent-errors', arguments: {} });
    const all = h.logs.join('\n');
    expect(all).not.toContain(h.userToken);
    expect(all).not.toContain('dta-mcp-secret');
    expect(all).not.toMatch(/eyJ[\w-]+\.[\w-]+\./); // no JWT of any kind
  });
});
