/**
 * apiKey security schemes: the credential goes where the spec's scheme says (a header,
 * a query parameter or a cookie), not into `Authorization: Bearer`. A temp project is
 * generated from a spec with three apiKey schemes and served against a loopback upstream.
 */
import { createServer, type Server } from 'node:http';
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

const KEY = 'k-123-secret';

const SPEC = `openapi: 3.1.0
info: { title: Keyed, version: 1.0.0 }
paths:
  /by-header:
    get:
      operationId: byHeader
      security: [{ headerKey: [] }]
      responses: { '200': { description: ok, content: { application/json: { schema: { type: object } } } } }
  /by-query:
    get:
      operationId: byQuery
      security: [{ queryKey: [] }]
      parameters:
        - { name: q, in: query, schema: { type: string } }
      responses: { '200': { description: ok, content: { application/json: { schema: { type: object } } } } }
  /by-cookie:
    post:
      operationId: byCookie
      security: [{ cookieKey: [] }]
      requestBody:
        required: true
        content: { application/json: { schema: { type: object, properties: { note: { type: string } }, required: [note] } } }
      responses: { '200': { description: ok, content: { application/json: { schema: { type: object } } } } }
components:
  securitySchemes:
    headerKey: { type: apiKey, in: header, name: X-API-Key }
    queryKey: { type: apiKey, in: query, name: api_key }
    cookieKey: { type: apiKey, in: cookie, name: session_key }
`;

const MANIFEST = `version: 1
api: keyed
tools:
  - { name: by-header, description: Calls with a header key., authType: service-account, operation: byHeader }
  - { name: by-query, description: Calls with a query key., authType: service-account, operation: byQuery }
  - { name: by-cookie, description: Calls with a cookie key., authType: service-account, operation: byCookie }
`;

interface Seen {
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let project: TempProject;
let upstream: Server;
let runtime: Runtime;
let client: Client;
const seen: Seen[] = [];

beforeAll(async () => {
  project = makeProject({ seedManifests: false, seedSpecs: false, files: { 'openapi/keyed.yaml': SPEC, 'manifests/keyed.yaml': MANIFEST } });
  await generate({ root: project.root });
  upstream = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += String(d)));
    req.on('end', () => {
      seen.push({ url: req.url ?? '', headers: req.headers, body });
      const url = new URL(req.url ?? '/', 'http://x');
      const ok =
        req.headers['x-api-key'] === KEY ||
        url.searchParams.get('api_key') === KEY ||
        (req.headers.cookie ?? '').split('; ').includes(`session_key=${KEY}`);
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' }).end(JSON.stringify({ ok }));
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
  const { port } = upstream.address() as AddressInfo;
  const mod = (await import(pathToFileURL(join(project.root, 'generated/index.gen.ts')).href)) as { registry: ToolRegistry };
  runtime = await createRuntime({
    config: { ...DEFAULT_CONFIG, apis: { keyed: { baseUrl: `http://127.0.0.1:${port}`, serviceAccount: { staticToken: KEY } } } },
    registry: mod.registry,
    logger: silentLogger,
  });
  client = await connectInMemory(runtime);
}, 60_000);

afterAll(async () => {
  await client?.close();
  await runtime?.close();
  await new Promise((r) => upstream?.close(r));
  project?.remove();
});

describe('apiKey credential placement', () => {
  it('generates the placement from the security scheme', () => {
    expect(project.read('generated/tools/by-header.gen.ts')).toMatch(/credential: \{\s*"in": "header",\s*"name": "X-API-Key"/);
  });

  it('sends the key in the scheme header, with no Authorization header', async () => {
    seen.length = 0;
    const result = await client.callTool({ name: 'by-header', arguments: {} });
    expect(result.isError).toBeFalsy();
    expect(seen[0]?.headers['x-api-key']).toBe(KEY);
    expect(seen[0]?.headers.authorization).toBeUndefined();
  });

  it('adds the key as a query parameter next to the arguments', async () => {
    seen.length = 0;
    const result = await client.callTool({ name: 'by-query', arguments: { q: 'hello world' } });
    expect(result.isError).toBeFalsy();
    const url = new URL(seen[0]!.url, 'http://x');
    expect(url.searchParams.get('api_key')).toBe(KEY);
    expect(url.searchParams.get('q')).toBe('hello world');
  });

  it('sends the key as a cookie and keeps the JSON body intact', async () => {
    seen.length = 0;
    const result = await client.callTool({ name: 'by-cookie', arguments: { note: 'n1' } });
    expect(result.isError).toBeFalsy();
    expect(seen[0]?.headers.cookie).toBe(`session_key=${KEY}`);
    expect(JSON.parse(seen[0]!.body)).toEqual({ note: 'n1' });
  });

  it('never exposes the key to the model', async () => {
    const { tools } = await client.listTools();
    expect(JSON.stringify(tools)).not.toMatch(/api_key|X-API-Key|session_key/);
    const result = await client.callTool({ name: 'by-query', arguments: {} });
    expect(textOf(result)).not.toContain(KEY);
  });
});
