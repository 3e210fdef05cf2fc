/**
 * Manifest `confirm`: before the tool acts, a client that declared elicitation is asked
 * through a form (one boolean `confirm`); only an accepted, ticked answer lets the call go
 * upstream. A client without elicitation: the call goes ahead (its own tool approval
 * applies), unless the manifest says `required: true`.
 * @see https://modelcontextprotocol.io/specification/2025-06-18/client/elicitation
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ElicitRequestSchema, type ElicitRequest, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import type { Runtime } from '../../runtime/app/create-runtime.ts';
import type { ToolConfirmation, ToolRegistry } from '../../runtime/tools/types.ts';
import { registry, startHarness, textOf, type Harness } from './support.ts';

const CONFIRMED = 'update-user-settings';
const REQUIRED = 'get-user-activity-log';
const MESSAGE = 'Overwrite your settings?';

/** The seed registry with `confirm` on two tools, as a manifest would generate it (see test/generator/tool-confirm.test.ts). */
const withConfirm = (confirms: Record<string, ToolConfirmation>): ToolRegistry => ({
  ...registry,
  tools: registry.tools.map((t) => (confirms[t.definition.name] ? { ...t, confirm: confirms[t.definition.name] } : t)),
});

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    registry: withConfirm({ [CONFIRMED]: { message: MESSAGE }, [REQUIRED]: { message: 'Read your activity?', required: true } }),
  });
});
afterAll(() => h.close());
beforeEach(() => h.sandbox.reset());

/** A real SDK client, with an elicitation handler when `answer` is given. */
async function connect(runtime: Runtime, answer?: (request: ElicitRequest) => ElicitResult): Promise<{ client: Client; asked: ElicitRequest[] }> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await runtime.createServer('memory').connect(serverSide);
  const client = new Client({ name: 'e2e-confirm', version: '1.0.0' }, answer ? { capabilities: { elicitation: { form: {} } } } : {});
  const asked: ElicitRequest[] = [];
  if (answer) {
    client.setRequestHandler(ElicitRequestSchema, (request) => {
      asked.push(request);
      return answer(request);
    });
  }
  await client.connect(clientSide);
  return { client, asked };
}

const settingsCall = { name: CONFIRMED, arguments: { settings: { theme: 'dark' } } };
const upstreamCalls = () => h.sandbox.requests.filter((r) => r.path === '/user/settings');

describe('a tool that asks for confirmation', () => {
  it('asks the user with the manifest message and a boolean confirm field, and calls upstream once they accept', async () => {
    const { client, asked } = await connect(h.runtime, () => ({ action: 'accept', content: { confirm: true } }));
    const result = await client.callTool(settingsCall);
    await client.close();
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(textOf(result)).toContain('dark');
    expect(asked).toHaveLength(1);
    const params = asked[0]?.params as { message: string; requestedSchema: { properties: Record<string, { type: string }>; required: string[] } };
    expect(params.message.startsWith(MESSAGE)).toBe(true);
    expect(params.message).toContain('"theme":"dark"');
    expect(params.requestedSchema.properties.confirm?.type).toBe('boolean');
    expect(params.requestedSchema.required).toEqual(['confirm']);
    expect(upstreamCalls().map((r) => r.method)).toEqual(['PUT']);
  });

  it('makes no upstream call when the user declines, and tells the model so without an error', async () => {
    const { client } = await connect(h.runtime, () => ({ action: 'decline' }));
    const result = await client.callTool(settingsCall);
    await client.close();
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toBe('The user declined "Update user settings"; nothing was done.');
    expect(upstreamCalls()).toEqual([]);
  });

  it('makes no upstream call when the user accepts the form but leaves confirm unticked', async () => {
    const { client } = await connect(h.runtime, () => ({ action: 'accept', content: { confirm: false } }));
    const result = await client.callTool(settingsCall);
    await client.close();
    expect(textOf(result)).toContain('declined');
    expect(upstreamCalls()).toEqual([]);
  });

  it('makes no upstream call when the user cancels', async () => {
    const { client } = await connect(h.runtime, () => ({ action: 'cancel' }));
    const result = await client.callTool(settingsCall);
    await client.close();
    expect(textOf(result)).toContain('declined');
    expect(upstreamCalls()).toEqual([]);
  });

  it('goes ahead for a client without elicitation: its own tool approval is the human in the loop', async () => {
    const { client } = await connect(h.runtime);
    const result = await client.callTool(settingsCall);
    await client.close();
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(upstreamCalls().map((r) => r.method)).toEqual(['PUT']);
  });

  it('refuses a `required` confirmation for a client without elicitation, with no upstream call', async () => {
    const { client } = await connect(h.runtime);
    const result = await client.callTool({ name: REQUIRED, arguments: {} });
    await client.close();
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("needs the user's confirmation, and this client cannot ask for it");
    expect(h.sandbox.requests).toEqual([]);
  });

  it('asks nothing for a tool without confirm', async () => {
    const { client, asked } = await connect(h.runtime, () => ({ action: 'decline' }));
    const result = await client.callTool({ name: 'get-user-profile', arguments: {} });
    await client.close();
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(asked).toEqual([]);
  });
});
