/**
 * Logging: the server announces the capability, takes `logging/setLevel` per session, and
 * tells a client that chose a level about each tool call (tool, outcome, ms; error level
 * for failures) when the message is at or above that level — never with a credential.
 * @see https://modelcontextprotocol.io/specification/2025-06-18/server/utilities/logging
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalTool, ToolRegistry } from '../../runtime/tools/types.ts';
import { registry, startHarness, type Harness } from './support.ts';
import { connectRecording } from './session-support.ts';

const leaky: LocalTool = {
  kind: 'local',
  authType: 'none',
  definition: { name: 'leaky-log', description: 'Logs a token it should not.', inputSchema: { type: 'object' } },
  handler: async (args: { token: string }, ctx) => {
    await ctx.log('error', { note: 'upstream said', body: `{"access_token":"${args.token}"}`, header: `Bearer ${args.token}` });
    return 'done';
  },
};

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ registry: { ...registry, tools: [...registry.tools, leaky] } satisfies ToolRegistry });
});
afterAll(async () => {
  await h.close();
});

describe('logging', () => {
  it('announces the logging capability and answers logging/setLevel with an empty result', async () => {
    const { client } = await connectRecording(h.runtime);
    expect(client.getServerCapabilities()?.logging).toEqual({});
    expect(await client.setLoggingLevel('warning')).toEqual({});
    await client.close();
  });

  it('at level info, an ok call sends one info message with the tool, outcome and duration', async () => {
    const { client, notifications } = await connectRecording(h.runtime);
    await client.setLoggingLevel('info');
    await client.callTool({ name: 'get-user-profile', arguments: {} });
    expect(notifications('notifications/message')).toEqual([
      { level: 'info', logger: 'dta-mcp', data: { tool: 'get-user-profile', outcome: 'ok', ms: expect.any(Number) } },
    ]);
    await client.close();
  });

  it('at level error, an ok call sends no message', async () => {
    const { client, notifications } = await connectRecording(h.runtime);
    await client.setLoggingLevel('error');
    await client.callTool({ name: 'get-user-profile', arguments: {} });
    expect(notifications('notifications/message')).toEqual([]);
    await client.close();
  });

  it('at level error, a failed call sends an error message with its outcome', async () => {
    const { client, notifications } = await connectRecording(h.runtime);
    await client.setLoggingLevel('error');
    await client.callTool({ name: 'get-user-activity-log', arguments: { limit: 'many' } });
    expect(notifications('notifications/message')).toEqual([
      { level: 'error', logger: 'dta-mcp', data: { tool: 'get-user-activity-log', outcome: 'invalid_arguments', ms: expect.any(Number) } },
    ]);
    await client.close();
  });

  it('a client that never set a level gets no per-call messages', async () => {
    const { client, notifications } = await connectRecording(h.runtime);
    await client.callTool({ name: 'get-user-profile', arguments: {} });
    expect(notifications('notifications/message')).toEqual([]);
    await client.close();
  });

  it('the level is per session: another client keeps its own', async () => {
    const quiet = await connectRecording(h.runtime);
    const chatty = await connectRecording(h.runtime);
    await quiet.client.setLoggingLevel('critical');
    await chatty.client.setLoggingLevel('debug');
    await quiet.client.callTool({ name: 'get-user-profile', arguments: {} });
    await chatty.client.callTool({ name: 'get-user-profile', arguments: {} });
    expect(quiet.notifications('notifications/message')).toEqual([]);
    expect(chatty.notifications('notifications/message')).toHaveLength(1);
    await quiet.client.close();
    await chatty.client.close();
  });

  it('no message carries a token: the user token is never in them, and a handler\'s logged token is redacted', async () => {
    const { client, received } = await connectRecording(h.runtime);
    await client.setLoggingLevel('debug');
    await client.callTool({ name: 'get-user-profile', arguments: {} });
    await client.callTool({ name: 'leaky-log', arguments: { token: h.userToken } });
    const wire = JSON.stringify(received.filter((m) => 'method' in m && m.method === 'notifications/message'));
    expect(wire).toContain('[REDACTED]');
    expect(wire).not.toContain(h.userToken);
    expect(wire).not.toMatch(/eyJ[\w-]+\./);
    await client.close();
  });
});
