/**
 * Requests the way the upstream wants them (issue 10 item 8): `Accept` from the media
 * types the operation declares, JSON first; the API's fixed headers from the config; a
 * redirect to another origin never followed with credentials but handed to the model as
 * a resource link; and tools without `authType` taking the manifest file's default.
 * A temp project shaped like GitHub's (no security schemes, a vendor media type, a
 * download that redirects to a CDN) is generated and served against two loopback
 * servers — the API and the CDN — to a real SDK client.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../generator/index.ts';
import { createRuntime, type Runtime } from '../../runtime/app/create-runtime.ts';
import { DEFAULT_CONFIG } from '../../runtime/config/schema.ts';
import { silentLogger } from '../../runtime/observability/logger.ts';
import type { ToolRegistry } from '../../runtime/tools/types.ts';
import { makeProject, type TempProject } from '../generator/project.ts';
import { connectInMemory, textOf } from './support.ts';

const TOKEN = 'ghp-user-token-123';
const PDF = Buffer.from('%PDF-1.4\n% a tiny document\n%%EOF\n');

const SPEC = `openapi: 3.1.0
info: { title: Hub, version: 1.0.0 }
servers: [{ url: https://hub.example.com }]
paths:
  /repos/{owner}/{repo}/contents/{path}:
    get:
      operationId: repos/get-content
      parameters:
        - { name: owner, in: path, required: true, schema: { type: string } }
        - { name: repo, in: path, required: true, schema: { type: string } }
        - { name: path, in: path, required: true, schema: { type: string } }
      responses:
        '200':
          description: ok
          content:
            application/vnd.github.object:
              schema: { type: object }
            application/json:
              schema: { type: object }
  /files/{id}/download:
    get:
      operationId: files/download
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses:
        '302': { description: the file is elsewhere, headers: { Location: { schema: { type: string } } } }
        '200': { description: the bytes, content: { application/pdf: { schema: { type: string, format: binary } } } }
  /files/{id}/latest:
    get:
      operationId: files/latest
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses:
        '302': { description: the latest version, on this API }
        '200': { description: the bytes, content: { application/pdf: { schema: { type: string, format: binary } } } }
  /meta:
    get:
      operationId: meta/root
      responses:
        '200': { description: ok, content: { application/json: { schema: { type: object } } } }
`;

const MANIFEST = `version: 1
api: hub
authType: user-token
tools:
  - { name: get-content, description: Reads a file of a repository., operation: repos/get-content }
  - { name: download-file, description: Downloads a file., operation: files/download }
  - { name: latest-file, description: Downloads the latest version of a file., operation: files/latest }
  - { name: meta, description: API metadata; anonymous., authType: none, operation: meta/root }
`;

interface Seen {
  url: string;
  headers: IncomingHttpHeaders;
}

let project: TempProject;
let api: Server;
let cdn: Server;
let cdnUrl: string;
let runtime: Runtime;
let client: Client;
const apiSeen: Seen[] = [];
const cdnSeen: Seen[] = [];

async function listen(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  project = makeProject({ seedManifests: false, seedSpecs: false, files: { 'openapi/hub.yaml': SPEC, 'manifests/hub.yaml': MANIFEST } });
  await generate({ root: project.root });
  cdn = createServer((req, res) => {
    cdnSeen.push({ url: req.url ?? '', headers: req.headers });
    res.writeHead(200, { 'content-type': 'application/pdf' }).end(PDF);
  });
  cdnUrl = await listen(cdn);
  api = createServer((req, res) => {
    apiSeen.push({ url: req.url ?? '', headers: req.headers });
    const path = req.url ?? '';
    if (path.startsWith('/files/42/latest')) return res.writeHead(302, { location: '/files/42/download' }).end();
    if (path.startsWith('/files/42/download')) return res.writeHead(302, { location: `${cdnUrl}/blobs/42/report.pdf?sig=abc` }).end();
    const json = (req.headers.accept ?? '').startsWith('application/json');
    res.writeHead(200, { 'content-type': json ? 'application/json' : 'application/vnd.github.object' }).end(JSON.stringify({ type: 'file', json }));
  });
  const apiUrl = await listen(api);
  const mod = (await import(pathToFileURL(join(project.root, 'generated/index.gen.ts')).href)) as { registry: ToolRegistry };
  runtime = await createRuntime({
    config: {
      ...DEFAULT_CONFIG,
      apis: { hub: { baseUrl: apiUrl, headers: { 'X-GitHub-Api-Version': '2022-11-28' } } },
      user: { key: 'me', accessToken: TOKEN },
    },
    registry: mod.registry,
    logger: silentLogger,
  });
  client = await connectInMemory(runtime);
}, 60_000);

afterAll(async () => {
  await client?.close();
  await runtime?.close();
  for (const server of [api, cdn]) {
    server?.closeAllConnections();
    if (server?.listening) await new Promise((r) => server.close(r));
  }
  project?.remove();
});

function clear(): void {
  apiSeen.length = 0;
  cdnSeen.length = 0;
}

describe('Accept from the operation', () => {
  it('generates the Accept header from the declared media types, JSON first', () => {
    expect(project.read('generated/tools/get-content.gen.ts')).toContain("accept: 'application/json, application/vnd.github.object;q=0.8'");
  });

  it('sends Accept with JSON first, so an upstream with a vendor type answers JSON', async () => {
    clear();
    const result = await client.callTool({ name: 'get-content', arguments: { owner: 'o', repo: 'r', path: 'README.md' } });
    expect(result.isError).toBeFalsy();
    expect(apiSeen[0]?.headers.accept).toBe('application/json, application/vnd.github.object;q=0.8');
    expect(JSON.parse(textOf(result))).toEqual({ type: 'file', json: true });
  });
});

describe("the API's fixed headers", () => {
  it('sends the configured headers on every request to the API', async () => {
    clear();
    await client.callTool({ name: 'get-content', arguments: { owner: 'o', repo: 'r', path: 'a' } });
    await client.callTool({ name: 'meta', arguments: {} });
    expect(apiSeen.map((s) => s.headers['x-github-api-version'])).toEqual(['2022-11-28', '2022-11-28']);
  });
});

describe('redirects', () => {
  it('gives the model a resource link for a download redirected to another origin, not an error', async () => {
    clear();
    const result = await client.callTool({ name: 'download-file', arguments: { id: '42' } });
    expect(result.isError).toBeFalsy();
    expect(result._meta?.['dta-mcp/error']).toBeUndefined();
    const link = (result.content as Array<{ type: string }>).find((c) => c.type === 'resource_link');
    expect(link).toEqual({ type: 'resource_link', uri: `${cdnUrl}/blobs/42/report.pdf?sig=abc`, name: 'report.pdf' });
    expect(textOf(result)).toContain(`${cdnUrl}/blobs/42/report.pdf?sig=abc`);
  });

  it('never sends the call or its credentials to the other origin', async () => {
    clear();
    await client.callTool({ name: 'download-file', arguments: { id: '42' } });
    expect(apiSeen[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(cdnSeen).toEqual([]);
  });

  it('hands over a link that serves the bytes to whoever opens it', async () => {
    clear();
    const result = await client.callTool({ name: 'download-file', arguments: { id: '42' } });
    const link = (result.content as Array<{ type: string; uri?: string }>).find((c) => c.type === 'resource_link');
    const response = await fetch(link?.uri ?? '');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(PDF);
    expect(cdnSeen[0]?.headers.authorization).toBeUndefined();
  });

  it('follows a redirect on the same origin with the same credentials, then links the other origin', async () => {
    clear();
    const result = await client.callTool({ name: 'latest-file', arguments: { id: '42' } });
    expect(result.isError).toBeFalsy();
    expect(apiSeen.map((s) => [s.url, s.headers.authorization])).toEqual([
      ['/files/42/latest', `Bearer ${TOKEN}`],
      ['/files/42/download', `Bearer ${TOKEN}`],
    ]);
    expect((result.content as Array<{ type: string }>).some((c) => c.type === 'resource_link')).toBe(true);
    expect(cdnSeen).toEqual([]);
  });
});

describe("the manifest file's default authType", () => {
  it("sends the user's token for tools that omit authType in a file whose default is user-token", async () => {
    clear();
    await client.callTool({ name: 'get-content', arguments: { owner: 'o', repo: 'private', path: 'a' } });
    expect(apiSeen[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('keeps a tool that sets authType: none anonymous', async () => {
    clear();
    await client.callTool({ name: 'meta', arguments: {} });
    expect(apiSeen[0]?.headers.authorization).toBeUndefined();
  });

  it('generates the default into each tool that omits it', () => {
    expect(project.read('generated/tools/download-file.gen.ts')).toContain("authType: 'user-token'");
    expect(project.read('generated/tools/meta.gen.ts')).toContain("authType: 'none'");
  });
});
