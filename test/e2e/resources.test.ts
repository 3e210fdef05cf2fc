/**
 * Resources from manifests against the sandbox, with a real SDK client: static ones
 * (a project file, inline text), templates read through a GET operation with the
 * caller's own token, -32002 for URIs that name nothing, and subscriptions notified by
 * polling and by a webhook.
 */
import { McpError, ResourceListChangedNotificationSchema, ResourceUpdatedNotificationSchema, type ServerNotification } from '@modelcontextprotocol/sdk/types.js';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GeneratedResourceTemplate, ToolRegistry } from '../../runtime/tools/types.ts';
import { MAX_SUBSCRIPTIONS_PER_SESSION } from '../../runtime/mcp/features/resources.ts';
import { MEDIA } from '../../sandbox/media.ts';
import { connectInMemory, registry, serveOverHttp, startHarness, type Harness } from './support.ts';
import { connectAs, startOAuthHarness, type OAuthHarness } from './oauth-support.ts';

const settingsTemplate = (subscribe: GeneratedResourceTemplate['subscribe']): GeneratedResourceTemplate => ({
  uriTemplate: 'dta://users/me/settings',
  name: 'my-settings',
  mimeType: 'application/json',
  authType: 'user-token',
  api: 'dta-wide',
  operation: { method: 'GET', path: '/user/settings/current' },
  params: {},
  ...(subscribe ? { subscribe } : {}),
});

/** The committed registry plus a watched settings resource (the sandbox's settings change on PUT). */
const watched: ToolRegistry = {
  ...registry,
  resources: [...(registry.resources ?? []), { uri: 'dta://notes', name: 'notes', mimeType: 'text/plain', text: 'inline notes', subscribe: { webhook: '/hooks/notes' } }],
  resourceTemplates: [
    ...(registry.resourceTemplates ?? []),
    settingsTemplate({ pollSeconds: 0.1 }),
    // No mimeType: the upstream's Content-Type decides, and a binary body is a blob.
    { uriTemplate: 'dta://users/me/avatar', name: 'my-avatar', authType: 'user-token', api: 'dta-wide', operation: { method: 'GET', path: '/media/avatar.png' }, params: {} },
  ],
};

/** Resolves with the first `notifications/resources/updated` for `uri`. */
function updated(client: Client, uri: string): Promise<ServerNotification> {
  return new Promise((resolve) => {
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
      if (n.params.uri === uri) resolve(n);
    });
  });
}

/** The text of a read's one content (a blob fails the test). */
function textContent(contents: ReadonlyArray<{ text?: unknown; blob?: unknown }>): string {
  const [first] = contents;
  expect(typeof first?.text).toBe('string');
  return String(first?.text);
}

async function rpcError(promise: Promise<unknown>): Promise<McpError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(McpError);
  return error as McpError;
}

describe('resources from the committed manifests', () => {
  let h: Harness;
  let client: Client;
  beforeAll(async () => {
    h = await startHarness();
    client = await connectInMemory(h.runtime);
  });
  afterAll(async () => {
    await client.close();
    await h.close();
  });

  it('announces resources with subscribe and listChanged', () => {
    expect(client.getServerCapabilities()?.resources).toEqual({ subscribe: true, listChanged: true });
  });

  it('lists the static resources with their names, titles and media types', async () => {
    const { resources } = await client.listResources();
    expect(resources).toContainEqual({
      uri: 'dta://about',
      name: 'about',
      title: 'About this server',
      description: "What this server's tools do and whose credentials each one uses.",
      mimeType: 'text/markdown',
    });
  });

  it('reads a static resource from a project file as text', async () => {
    const { contents } = await client.readResource({ uri: 'dta://about' });
    expect(contents).toHaveLength(1);
    expect(contents[0]).toMatchObject({ uri: 'dta://about', mimeType: 'text/markdown' });
    expect(textContent(contents)).toContain('# dta-mcp');
  });

  it('lists the resource templates', async () => {
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates).toContainEqual({
      uriTemplate: 'dta://users/me/activity{?startDate,endDate,limit}',
      name: 'user-activity',
      title: 'My activity log',
      description: "The signed-in user's activity log, optionally between two dates (YYYY-MM-DD).",
      mimeType: 'application/json',
    });
  });

  it("reads a template URI through its GET operation with the user's token and the URI's variables", async () => {
    h.sandbox.reset();
    const uri = 'dta://users/me/activity?limit=3';
    const { contents } = await client.readResource({ uri });
    expect(contents[0]).toMatchObject({ uri, mimeType: 'application/json' });
    const body = JSON.parse(String(textContent(contents))) as { entries: unknown[]; count: number };
    expect(body.count).toBe(3);
    const [request] = h.sandbox.requests.filter((r) => r.path === '/user/activity');
    expect(request?.query).toMatchObject({ limit: '3' });
    expect(request?.auth?.sub).toBe('alice');
  });

  it('answers a URI that names no resource with -32002 (resource not found)', async () => {
    const error = await rpcError(client.readResource({ uri: 'dta://nothing/here' }));
    expect(error.code).toBe(-32002);
    const unknownQuery = await rpcError(client.readResource({ uri: 'dta://users/me/activity?secret=1' }));
    expect(unknownQuery.code).toBe(-32002);
  });

  it('refuses a subscription past the per-session limit', async () => {
    const uris = Array.from({ length: MAX_SUBSCRIPTIONS_PER_SESSION }, (_, i) => `dta://users/me/activity?limit=${i + 1}`);
    for (const uri of uris) await client.subscribeResource({ uri });
    const error = await rpcError(client.subscribeResource({ uri: 'dta://about' }));
    expect(error.code).toBe(-32600);
    await client.unsubscribeResource({ uri: uris[0] ?? '' });
    await expect(client.subscribeResource({ uri: 'dta://about' })).resolves.toEqual({});
    for (const uri of [...uris.slice(1), 'dta://about']) await client.unsubscribeResource({ uri });
  });

  it('answers an upstream rejection of the variables with an error carrying its status, not content', async () => {
    const error = await rpcError(client.readResource({ uri: 'dta://users/me/activity?limit=many' }));
    expect(error.code).toBe(-32603);
    expect(error.message).toContain('400');
  });
});

describe('resource subscriptions', () => {
  let h: Harness;
  let http: Awaited<ReturnType<typeof serveOverHttp>>;
  beforeAll(async () => {
    h = await startHarness({ registry: watched });
    http = await serveOverHttp(h.runtime);
  });
  afterAll(async () => {
    await http.close();
    await h.close();
  });

  it('notifies a subscriber when a polled resource changes', async () => {
    const client = await connectInMemory(h.runtime);
    const uri = 'dta://users/me/settings';
    const before = JSON.parse(String(textContent((await client.readResource({ uri })).contents))) as { theme?: string };
    const notified = updated(client, uri);
    await client.subscribeResource({ uri });
    // Subscribing answers once the poller's baseline is read: this change comes after it.
    await client.callTool({ name: 'update-user-settings', arguments: { settings: { theme: before.theme === 'dark' ? 'light' : 'dark' } } });
    await expect(notified).resolves.toMatchObject({ method: 'notifications/resources/updated', params: { uri } });
    await client.unsubscribeResource({ uri });
    await client.close();
  });

  it('reads an inline static resource as it was written', async () => {
    const client = await connectInMemory(h.runtime);
    expect((await client.readResource({ uri: 'dta://notes' })).contents).toEqual([{ uri: 'dta://notes', mimeType: 'text/plain', text: 'inline notes' }]);
    await client.close();
  });

  it("reads a binary upstream body as a base64 blob of the upstream's bytes and type", async () => {
    const client = await connectInMemory(h.runtime);
    const { contents } = await client.readResource({ uri: 'dta://users/me/avatar' });
    expect(contents).toEqual([{ uri: 'dta://users/me/avatar', mimeType: 'image/png', blob: Buffer.from(MEDIA['/media/avatar.png']?.bytes ?? []).toString('base64') }]);
    await client.close();
  });

  it('tells sessions the resource list changed when a reload brings new resources', async () => {
    const client = await connectInMemory(h.runtime);
    const changed = new Promise<void>((resolve) => client.setNotificationHandler(ResourceListChangedNotificationSchema, () => resolve()));
    await h.runtime.reload({ ...watched, resources: [...(watched.resources ?? []), { uri: 'dta://new', name: 'new', mimeType: 'text/plain', text: 'new' }] });
    await changed;
    expect((await client.listResources()).resources.map((r) => r.uri)).toContain('dta://new');
    await h.runtime.reload(watched);
    await client.close();
  });

  it('refuses a subscription to a URI that names no resource with -32002', async () => {
    const client = await connectInMemory(h.runtime);
    const error = await rpcError(client.subscribeResource({ uri: 'dta://nothing' }));
    expect(error.code).toBe(-32002);
    await client.close();
  });

  it("notifies a subscriber when the resource's webhook is posted", async () => {
    const client = await connectInMemory(h.runtime);
    const notified = updated(client, 'dta://notes');
    await client.subscribeResource({ uri: 'dta://notes' });
    const answer = await fetch(new URL('/hooks/notes', http.url), { method: 'POST', body: '{}' });
    expect(answer.status).toBe(202);
    expect(await answer.json()).toEqual({ notified: 1 });
    await expect(notified).resolves.toMatchObject({ params: { uri: 'dta://notes' } });
    await client.close();
  });

  it('answers 404 for a webhook path no resource declares', async () => {
    const answer = await fetch(new URL('/hooks/unknown', http.url), { method: 'POST', body: '{}' });
    expect(answer.status).toBe(404);
  });
});

describe('resources over HTTP with inbound auth', () => {
  let h: OAuthHarness;
  beforeAll(async () => {
    h = await startOAuthHarness({ sandbox: { accessTokenTtlSec: 3600 }, registry: watched });
  });
  afterAll(() => h.close());

  it("reads each caller's own data through a template", async () => {
    const ann = await connectAs(h.http.url, await h.sandbox.issueMcpToken('ann'));
    const ben = await connectAs(h.http.url, await h.sandbox.issueMcpToken('ben'));
    await ann.callTool({ name: 'update-user-settings', arguments: { settings: { nickname: 'ann-only' } } });
    const uri = 'dta://users/me/settings';
    expect(textContent((await ann.readResource({ uri })).contents)).toContain('ann-only');
    expect(textContent((await ben.readResource({ uri })).contents)).not.toContain('ann-only');
    const reads = h.sandbox.requests.filter((r) => r.path === '/user/settings/current').map((r) => r.auth?.sub);
    expect(reads).toEqual(['ann', 'ben']);
    await Promise.all([ann.close(), ben.close()]);
  });

  it('refuses a webhook without the inbound token', async () => {
    const answer = await fetch(new URL('/hooks/notes', h.http.url), { method: 'POST', body: '{}' });
    expect(answer.status).toBe(401);
  });
});
