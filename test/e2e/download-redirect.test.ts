/**
 * The sandbox's redirecting download (`GET /files/{name}/download` -> 302 to its CDN, another
 * origin): the model gets a resource link to the file, the CDN never sees the MCP server
 * (so never the user's token), and the link serves the file's bytes.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../generator/index.ts';
import type { ToolRegistry } from '../../runtime/tools/types.ts';
import { MEDIA } from '../../sandbox/media.ts';
import { makeProject, type TempProject } from '../generator/project.ts';
import { connectInMemory, startHarness, type Harness } from './support.ts';

const MANIFEST = `version: 1
api: dta-wide
tools:
  - name: download-file
    description: Downloads one of the signed-in user's files.
    authType: user-token
    operation: downloadUserFile
`;

let project: TempProject;
let h: Harness;
let client: Client;

beforeAll(async () => {
  project = makeProject({ seedManifests: false, files: { 'manifests/files.yaml': MANIFEST } });
  await generate({ root: project.root });
  const { registry } = (await import(pathToFileURL(join(project.root, 'generated/index.gen.ts')).href)) as { registry: ToolRegistry };
  h = await startHarness({ registry });
  client = await connectInMemory(h.runtime);
}, 60_000);

afterAll(async () => {
  await client?.close();
  await h?.close();
  project?.remove();
});

describe('a download redirected to another origin (sandbox)', () => {
  it('gives the model a resource link to the file on the CDN, as a success', async () => {
    h.sandbox.reset();
    const result = await client.callTool({ name: 'download-file', arguments: { name: 'report.pdf' } });
    expect(result.isError).toBeFalsy();
    expect(result.content).toContainEqual({ type: 'resource_link', uri: `${h.sandbox.cdnUrl}/files/report.pdf`, name: 'report.pdf' });
  });

  it("sends the user's token to the API only: nothing reaches the CDN", async () => {
    h.sandbox.reset();
    await client.callTool({ name: 'download-file', arguments: { name: 'report.pdf' } });
    expect(h.sandbox.requests.map((r) => [r.path, r.status, r.headers.authorization])).toEqual([['/files/report.pdf/download', 302, `Bearer ${h.userToken}`]]);
    expect(h.sandbox.cdnRequests).toEqual([]);
  });

  it('hands over a link that serves the bytes without a token', async () => {
    h.sandbox.reset();
    const result = await client.callTool({ name: 'download-file', arguments: { name: 'report.pdf' } });
    const link = (result.content as Array<{ type: string; uri?: string }>).find((c) => c.type === 'resource_link');
    const response = await fetch(link?.uri ?? '');
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await response.arrayBuffer())).toEqual(MEDIA['/media/report.pdf']?.bytes);
    expect(h.sandbox.cdnRequests.map((r) => r.headers.authorization)).toEqual([undefined]);
  });
});
