/**
 * Per-tool inbound scopes (manifest `tools[].scopes`): over HTTP with `http.auth`, a
 * tools/call for a tool whose scopes the caller's token lacks is refused before anything
 * runs — 403 with a Bearer `insufficient_scope` challenge naming the scope to ask for —
 * while a token that carries them, and every other tool, work as before.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1 (insufficient_scope)
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ToolRegistry } from '../../runtime/tools/types.ts';
import { connectAs, postMcp, startOAuthHarness, type OAuthHarness } from './oauth-support.ts';
import { registry, textOf } from './support.ts';

const SCOPED = 'update-user-settings';
const BASE_SCOPE = 'profile settings.write activity.read'; // the sandbox's default for user tokens

/** The seed registry, with `scopes: [settings.admin]` on one tool as a manifest would generate it. */
const scopedRegistry: ToolRegistry = {
  ...registry,
  tools: registry.tools.map((t) => (t.definition.name === SCOPED ? { ...t, scopes: ['settings.admin'] as const } : t)),
};

let h: OAuthHarness;

beforeAll(async () => {
  h = await startOAuthHarness({ registry: scopedRegistry, sandbox: { accessTokenTtlSec: 3600 } });
});
afterAll(() => h.close());
beforeEach(() => h.sandbox.reset());

const call = (name: string, args: Record<string, unknown> = {}) => ({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name, arguments: args } });

describe('a tool that declares scopes', () => {
  it('refuses a token without them: 403 insufficient_scope naming the scope to ask for, and no upstream call', async () => {
    const client = await connectAs(h.http.url, await h.sandbox.issueMcpToken('ann', { scope: BASE_SCOPE }));
    const sessionId = (client.transport as { sessionId?: string }).sessionId as string;
    h.sandbox.reset();
    const response = await postMcp(h.http.url, call(SCOPED, { settings: { theme: 'dark' } }), {
      authorization: `Bearer ${await h.sandbox.issueMcpToken('ann', { scope: BASE_SCOPE })}`,
      'mcp-session-id': sessionId,
      'mcp-protocol-version': '2025-06-18',
    });
    expect(response.status).toBe(403);
    const challenge = response.headers.get('www-authenticate') ?? '';
    expect(challenge).toMatch(/^Bearer /);
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toContain(`scope="${BASE_SCOPE} settings.admin"`);
    expect(h.sandbox.requests).toEqual([]);
    expect(h.sandbox.tokenRequests).toEqual([]);
    await client.close();
  });

  it('runs for a token that carries them', async () => {
    const client = await connectAs(h.http.url, await h.sandbox.issueMcpToken('ben', { scope: `${BASE_SCOPE} settings.admin` }));
    const result = await client.callTool({ name: SCOPED, arguments: { settings: { theme: 'dark' } } });
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(textOf(result)).toContain('dark');
    expect(h.sandbox.requests.map((r) => [r.method, r.path, r.auth?.sub])).toEqual([['PUT', '/user/settings', 'ben']]);
    await client.close();
  });
});

describe('tools that declare no scopes', () => {
  it('run for the same token that the scoped tool refuses', async () => {
    const client = await connectAs(h.http.url, await h.sandbox.issueMcpToken('cat', { scope: BASE_SCOPE }));
    const profile = await client.callTool({ name: 'get-user-profile', arguments: {} });
    expect(profile.isError, textOf(profile)).toBeFalsy();
    expect(JSON.parse(textOf(profile))).toMatchObject({ id: 'cat' });
    const time = await client.callTool({ name: 'get-current-time', arguments: {} });
    expect(time.isError, textOf(time)).toBeFalsy();
    await client.close();
  });

  it('are listed together with the scoped tool, whose scopes are not published', async () => {
    const client = await connectAs(h.http.url, await h.sandbox.issueMcpToken('dan', { scope: BASE_SCOPE }));
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain(SCOPED);
    expect(JSON.stringify(tools)).not.toContain('settings.admin');
    await client.close();
  });
});
