/**
 * Content by media type: a binary upstream body reaches the model as the matching MCP
 * content (image, audio, or an embedded resource with its MIME type), carrying exactly
 * the bytes the upstream served. A temp project is generated from the repo's spec with
 * the fixture manifest test/fixtures/media/media.yaml and served against the sandbox.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../generator/index.ts';
import type { ToolRegistry } from '../../runtime/tools/types.ts';
import { fixture, makeProject, type TempProject } from '../generator/project.ts';
import { connectInMemory, startHarness, textOf, type Harness } from './support.ts';

let project: TempProject;
let h: Harness;
let client: Client;

beforeAll(async () => {
  project = makeProject({ seedManifests: false, files: { 'manifests/media.yaml': fixture('media/media.yaml') } });
  await generate({ root: project.root });
  const mod = (await import(pathToFileURL(join(project.root, 'generated/index.gen.ts')).href)) as { registry: ToolRegistry };
  h = await startHarness({ registry: mod.registry });
  client = await connectInMemory(h.runtime);
}, 60_000);

afterAll(async () => {
  await client?.close();
  await h?.close();
  project?.remove();
});

/** What the sandbox serves at `path`, fetched directly with the user's token. */
async function served(path: string): Promise<{ type: string; bytes: Buffer }> {
  const response = await fetch(`${h.sandbox.url}${path}`, { headers: { authorization: `Bearer ${h.userToken}` } });
  expect(response.status).toBe(200);
  return { type: response.headers.get('content-type') ?? '', bytes: Buffer.from(await response.arrayBuffer()) };
}

type Block = { type: string; data?: string; mimeType?: string; resource?: { uri: string; mimeType?: string; blob?: string } };

async function call(name: string): Promise<Block[]> {
  const result = await client.callTool({ name, arguments: {} });
  expect(result.isError, textOf(result)).toBeFalsy();
  return result.content as Block[];
}

describe('content by media type', () => {
  it('an image/png body arrives as image content with the served bytes', async () => {
    const [block, ...rest] = await call('get-avatar');
    expect(rest).toEqual([]);
    expect(block).toMatchObject({ type: 'image', mimeType: 'image/png' });
    const { bytes } = await served('/media/avatar.png');
    expect(Buffer.from(block!.data!, 'base64').equals(bytes)).toBe(true);
    expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
  });

  it('an audio/wav body arrives as audio content with the served bytes', async () => {
    const [block] = await call('get-chime');
    expect(block).toMatchObject({ type: 'audio', mimeType: 'audio/wav' });
    const { bytes } = await served('/media/chime.wav');
    expect(Buffer.from(block!.data!, 'base64').equals(bytes)).toBe(true);
    expect(bytes.subarray(0, 4).toString('ascii')).toBe('RIFF');
  });

  it('an application/pdf body arrives as an embedded resource blob with its MIME type and a stable uri', async () => {
    const [block] = await call('get-report');
    expect(block).toMatchObject({ type: 'resource', resource: { uri: 'dta://get-report/result', mimeType: 'application/pdf' } });
    const { bytes } = await served('/media/report.pdf');
    expect(Buffer.from(block!.resource!.blob!, 'base64').equals(bytes)).toBe(true);
    expect(bytes.subarray(0, 5).toString('ascii')).toBe('%PDF-');
  });

  it('calls the binary route with the caller\'s token', async () => {
    h.sandbox.requests.length = 0;
    await call('get-avatar');
    expect(h.sandbox.requests.find((r) => r.path === '/media/avatar.png')?.auth).toMatchObject({ kind: 'user', sub: 'alice' });
  });
});
