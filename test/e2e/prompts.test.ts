/**
 * Manifest prompts over MCP: prompts/list shows them, prompts/get fills `{{argument}}`
 * with the caller's values, embeds the image's bytes and inline resources, and refuses
 * a missing required argument with -32602.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { ErrorCode, McpError, PromptListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ToolRegistry } from '../../runtime/tools/types.ts';
import type { TempProject } from '../generator/project.ts';
import { PNG, promptsProject } from './prompts-support.ts';
import { connectInMemory, registry, startHarness, type Harness } from './support.ts';

let project: TempProject;
let h: Harness;
let client: Client;
let reloaded: ToolRegistry;

beforeAll(async () => {
  const built = await promptsProject();
  project = built.project;
  reloaded = built.registry;
  h = await startHarness({ registry: built.registry });
  client = await connectInMemory(h.runtime);
}, 120_000);

afterAll(async () => {
  await client?.close();
  await h?.close();
  project?.remove();
});

describe('prompts from manifests', () => {
  it('announces the prompts capability with listChanged', () => {
    expect(client.getServerCapabilities()?.prompts).toEqual({ listChanged: true });
  });

  it('lists each prompt with its title, description and arguments', async () => {
    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => p.name)).toEqual(['about-and-activity', 'pick-region', 'review-my-activity', 'summarise-project']);
    expect(prompts[3]).toEqual({
      name: 'summarise-project',
      title: 'Summarise a project',
      description: "Asks for a summary of one of the user's projects.",
      arguments: [
        { name: 'project', description: 'The project to summarise.', required: true },
        { name: 'tone', description: 'How to write it.' },
      ],
    });
  });

  it('fills the arguments into the message text, leaving replacement patterns in values and text alone', async () => {
    const result = await client.getPrompt({ name: 'summarise-project', arguments: { project: 'dta-$&-mcp', tone: 'brief' } });
    expect(result.description).toBe("Asks for a summary of one of the user's projects.");
    expect(result.messages[0]).toEqual({
      role: 'user',
      content: { type: 'text', text: 'Summarise dta-$&-mcp in a brief tone. Keep $& and $1 as they are.' },
    });
  });

  it('leaves an optional argument that was not given empty', async () => {
    const result = await client.getPrompt({ name: 'summarise-project', arguments: { project: 'infra' } });
    expect(result.messages[0]?.content).toEqual({ type: 'text', text: 'Summarise infra in a  tone. Keep $& and $1 as they are.' });
  });

  it('embeds the image file with its exact bytes and media type', async () => {
    const result = await client.getPrompt({ name: 'summarise-project', arguments: { project: 'infra' } });
    const content = result.messages[1]?.content;
    expect(content).toMatchObject({ type: 'image', mimeType: 'image/png' });
    expect(Buffer.from((content as { data: string }).data, 'base64').equals(PNG)).toBe(true);
  });

  it('embeds an inline resource with the arguments filled into its URI and text', async () => {
    const result = await client.getPrompt({ name: 'summarise-project', arguments: { project: 'infra' } });
    expect(result.messages[2]).toEqual({
      role: 'assistant',
      content: { type: 'resource', resource: { uri: 'dta://projects/infra/readme', mimeType: 'text/markdown', text: '# infra' } },
    });
  });

  it('embeds a resource read by URI: a static one as declared, a template read upstream with the caller\'s token', async () => {
    h.sandbox.reset();
    const result = await client.getPrompt({ name: 'about-and-activity', arguments: { limit: '3' } });
    const [about, activity] = result.messages.map((m) => m.content);
    expect(about).toMatchObject({ type: 'resource', resource: { uri: 'dta://about', mimeType: 'text/markdown' } });
    expect((about as { resource: { text: string } }).resource.text).toContain('# dta-mcp');
    expect(activity).toMatchObject({ type: 'resource', resource: { uri: 'dta://users/me/activity?limit=3' } });
    expect(JSON.parse((activity as { resource: { text: string } }).resource.text)).toMatchObject({ count: 3 });
    const [request] = h.sandbox.requests;
    expect(request).toMatchObject({ method: 'GET', path: '/user/activity', query: { limit: '3' } });
    expect(request?.headers.authorization).toBe(`Bearer ${h.userToken}`);
  });

  it('refuses a get without a required argument as invalid params', async () => {
    const error = await client.getPrompt({ name: 'summarise-project', arguments: { tone: 'brief' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(McpError);
    expect((error as McpError).code).toBe(ErrorCode.InvalidParams);
    expect((error as McpError).message).toContain('"project"');
  });

  it('refuses a value outside the argument enum as invalid params', async () => {
    const error = await client.getPrompt({ name: 'summarise-project', arguments: { project: 'infra', tone: 'angry' } }).catch((e: unknown) => e);
    expect((error as McpError).code).toBe(ErrorCode.InvalidParams);
  });

  it('refuses an unknown prompt as invalid params', async () => {
    const error = await client.getPrompt({ name: 'no-such-prompt' }).catch((e: unknown) => e);
    expect((error as McpError).code).toBe(ErrorCode.InvalidParams);
  });

  it('tells a connected client that the prompts changed when the registry is reloaded', async () => {
    const changed = new Promise<void>((resolve) => client.setNotificationHandler(PromptListChangedNotificationSchema, () => resolve()));
    await h.runtime.reload(reloaded);
    await changed;
    expect((await client.listPrompts()).prompts.map((p) => p.name)).toContain('summarise-project');
  });

  it('announces no prompts capability when the manifests declare none', async () => {
    const plain = await startHarness({ registry: { apis: registry.apis, tools: registry.tools } });
    const other = await connectInMemory(plain.runtime);
    try {
      expect(other.getServerCapabilities()?.prompts).toBeUndefined();
    } finally {
      await other.close();
      await plain.close();
    }
  });
});
