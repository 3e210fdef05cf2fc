/**
 * A local handler may return MCP content blocks (several, mixed), and gets a context to
 * talk to the caller while it runs: log messages, progress, elicitation and sampling,
 * each going back to the client that made the call.
 */
import { CreateMessageRequestSchema, ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_MEDIA_BYTES } from '../../runtime/mcp/media.ts';
import { ClientCapabilityError, type LocalContext, type LocalTool, type ToolRegistry } from '../../runtime/tools/types.ts';
import { connectInMemory, registry, startHarness, textOf, type Harness } from './support.ts';
import { connectRecording } from './session-support.ts';

const PIXEL = Buffer.from('89504e470d0a1a0a', 'hex').toString('base64');

function local(name: string, handler: (args: Record<string, unknown>, ctx: LocalContext) => unknown): LocalTool {
  return { kind: 'local', authType: 'none', definition: { name, description: `Test tool ${name}.`, inputSchema: { type: 'object' } }, handler };
}

const tools: LocalTool[] = [
  local('mixed', () => ({
    content: [
      { type: 'text', text: 'Here is the chart and its data.' },
      { type: 'image', data: PIXEL, mimeType: 'image/png' },
      { type: 'resource', resource: { uri: 'dta://mixed/data.csv', mimeType: 'text/csv', text: 'a,b\n1,2\n' } },
    ],
  })),
  local('big-picture', () => new Blob([new Uint8Array(MAX_MEDIA_BYTES.image + 1)], { type: 'image/png' })),
  local('csv-blob', () => new Blob(['a,b\n1,2\n'], { type: 'text/csv; charset=utf-8' })),
  local('bad-block', () => ({ content: [{ type: 'image', mimeType: 'image/png' }] })),
  local('content-field-data', () => ({ content: ['not', 'blocks'] })),
  local('chatty', async (_args, ctx) => {
    await ctx.log('info', 'starting');
    await ctx.progress(1, 3, 'one');
    await ctx.log('debug', { step: 2 });
    await ctx.progress(2, 3);
    await ctx.progress(1, 3, 'going back is dropped');
    await ctx.log('warning', `calling with Authorization: Bearer abcdefghijklmnopqrstuvwxyz0123456789`);
    await ctx.progress(3, 3, 'done');
    return 'ok';
  }),
  local('ask', async (_args, ctx) => {
    const answer = await ctx.elicit({
      message: 'Which project?',
      requestedSchema: { type: 'object', properties: { project: { type: 'string' } }, required: ['project'] },
    });
    return { action: answer.action, content: answer.content };
  }),
  local('ask-or-default', async (_args, ctx) => {
    try {
      return (await ctx.elicit({ message: 'Which project?', requestedSchema: { type: 'object', properties: {} } })).action;
    } catch (error) {
      if (error instanceof ClientCapabilityError) return `default (${error.code})`;
      throw error;
    }
  }),
  local('summarise', async (args, ctx) => {
    const reply = await ctx.sample({
      messages: [{ role: 'user', content: { type: 'text', text: `Summarise: ${String(args.text)}` } }],
      maxTokens: 50,
    });
    return reply.content.type === 'text' ? `model said: ${reply.content.text}` : 'no text';
  }),
];

const withLocal: ToolRegistry = { ...registry, tools: [...registry.tools, ...tools] };

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ registry: withLocal });
});
afterAll(async () => {
  await h.close();
});

describe('local handler content blocks', () => {
  it('a handler returning mixed content blocks gets them to the client as they are', async () => {
    const client = await connectInMemory(h.runtime);
    const result = await client.callTool({ name: 'mixed', arguments: {} });
    expect(result.isError).toBeFalsy();
    expect(result.content).toEqual([
      { type: 'text', text: 'Here is the chart and its data.' },
      { type: 'image', data: PIXEL, mimeType: 'image/png' },
      { type: 'resource', resource: { uri: 'dta://mixed/data.csv', mimeType: 'text/csv', text: 'a,b\n1,2\n' } },
    ]);
    await client.close();
  });

  it('a binary body over its kind\'s cap becomes a one-line note with its size and type, not an error', async () => {
    const client = await connectInMemory(h.runtime);
    const result = await client.callTool({ name: 'big-picture', arguments: {} });
    expect(result.isError).toBeFalsy();
    expect(result.content).toEqual([{ type: 'text', text: expect.stringMatching(`^\\(image/png content of ${MAX_MEDIA_BYTES.image + 1} bytes; over the`) }]);
    await client.close();
  });

  it('a text body is text content, not a blob', async () => {
    const client = await connectInMemory(h.runtime);
    const result = await client.callTool({ name: 'csv-blob', arguments: {} });
    expect(result.content).toEqual([{ type: 'text', text: 'a,b\n1,2\n' }]);
    await client.close();
  });

  it('a content block missing its fields makes an isError result naming it', async () => {
    const client = await connectInMemory(h.runtime);
    const result = await client.callTool({ name: 'bad-block', arguments: {} });
    expect(result.isError).toBe(true);
    expect(result._meta?.['dta-mcp/error']).toMatchObject({ code: 'invalid_tool_result' });
    expect(textOf(result)).toContain('content[0] (image)');
    await client.close();
  });

  it('a value whose content is not blocks is data, shown as JSON text', async () => {
    const client = await connectInMemory(h.runtime);
    const result = await client.callTool({ name: 'content-field-data', arguments: {} });
    expect(result.isError).toBeFalsy();
    expect(JSON.parse(textOf(result))).toEqual({ content: ['not', 'blocks'] });
    await client.close();
  });
});

describe('local handler context', () => {
  it('ctx.log and ctx.progress reach the client: messages at its level, progress increasing', async () => {
    const { client, notifications } = await connectRecording(h.runtime);
    await client.setLoggingLevel('info');
    const progress: unknown[] = [];
    const result = await client.callTool({ name: 'chatty', arguments: {} }, undefined, { onprogress: (p) => progress.push(p) });
    expect(textOf(result)).toBe('ok');
    const messages = notifications('notifications/message').filter((m) => (m.data as { tool?: string }).tool === undefined);
    expect(messages).toEqual([
      { level: 'info', logger: 'dta-mcp', data: 'starting' },
      { level: 'warning', logger: 'dta-mcp', data: 'calling with Authorization: [REDACTED]' },
    ]);
    expect(progress).toEqual([
      { progress: 1, total: 3, message: 'one' },
      { progress: 2, total: 3 },
      { progress: 3, total: 3, message: 'done' },
    ]);
    await client.close();
  });

  it('ctx.progress sends nothing when the call carried no progress token', async () => {
    const { client, notifications } = await connectRecording(h.runtime);
    await client.callTool({ name: 'chatty', arguments: {} });
    expect(notifications('notifications/progress')).toEqual([]);
    await client.close();
  });

  it('ctx.elicit asks a client that supports elicitation and returns the user\'s answer', async () => {
    const { client } = await connectRecording(h.runtime, { elicitation: {} });
    const asked: string[] = [];
    client.setRequestHandler(ElicitRequestSchema, (request) => {
      asked.push(request.params.message);
      return { action: 'accept', content: { project: 'apollo' } };
    });
    const result = await client.callTool({ name: 'ask', arguments: {} });
    expect(asked).toEqual(['Which project?']);
    expect(JSON.parse(textOf(result))).toEqual({ action: 'accept', content: { project: 'apollo' } });
    await client.close();
  });

  it('ctx.elicit rejects with a ClientCapabilityError the handler can catch when the client cannot elicit', async () => {
    const { client } = await connectRecording(h.runtime);
    const result = await client.callTool({ name: 'ask-or-default', arguments: {} });
    expect(textOf(result)).toBe('default (client_capability_missing)');
    await client.close();
  });

  it('an uncaught ClientCapabilityError is an isError result saying what the client lacks', async () => {
    const { client } = await connectRecording(h.runtime);
    const result = await client.callTool({ name: 'ask', arguments: {} });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('does not support elicitation');
    await client.close();
  });

  it('ctx.sample asks the client\'s model and returns its reply', async () => {
    const { client } = await connectRecording(h.runtime, { sampling: {} });
    client.setRequestHandler(CreateMessageRequestSchema, (request) => {
      const first = request.params.messages[0]?.content as { text?: string };
      return { role: 'assistant', content: { type: 'text', text: `${first.text?.length ?? 0} chars` }, model: 'test-model' };
    });
    const result = await client.callTool({ name: 'summarise', arguments: { text: 'hello' } });
    expect(textOf(result)).toBe('model said: 16 chars');
    await client.close();
  });

  it('ctx.sample without the sampling capability is an isError result', async () => {
    const { client } = await connectRecording(h.runtime);
    const result = await client.callTool({ name: 'summarise', arguments: { text: 'hello' } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain('does not support sampling');
    await client.close();
  });
});
