/**
 * Structured results are checked against the tool's outputSchema before they leave:
 * clients reject a non-conforming structuredContent, so an upstream that drifted from
 * its spec becomes a readable isError result (with the data) and an operator warning.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { ToolRegistry, UpstreamTool } from '../../runtime/tools/types.ts';
import { connectInMemory, registry, startHarness, textOf, type Harness } from './support.ts';

// get-user-profile, with a schema that demands a field the sandbox never sends.
const profile = registry.tools.find((t) => t.definition.name === 'get-user-profile') as UpstreamTool;
const drifted: UpstreamTool = {
  ...profile,
  definition: {
    ...profile.definition,
    name: 'get-user-profile-drifted',
    outputSchema: { type: 'object', required: ['id', 'employeeNumber'], properties: { employeeNumber: { type: 'integer' } } },
  },
};
const withDrift: ToolRegistry = { ...registry, tools: [...registry.tools, drifted] };

let h: Harness;
let client: Client;
beforeAll(async () => {
  h = await startHarness({ user: 'lee', registry: withDrift });
  client = await connectInMemory(h.runtime);
});
afterAll(async () => {
  await client.close();
  await h.close();
});

describe('output schema check', () => {
  it('passes a conforming response through as structuredContent', async () => {
    const result = await client.callTool({ name: 'get-user-profile', arguments: {} });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({ id: expect.any(String) });
  });

  it('turns a non-conforming response into an isError result with the data, not a client failure', async () => {
    const result = await client.callTool({ name: 'get-user-profile-drifted', arguments: {} });
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toBeUndefined();
    expect(textOf(result)).toMatch(/does not match the operation's declared schema \(employeeNumber: is required\)/);
    expect(textOf(result)).toContain('"email"'); // the data is still there for the model
    expect(h.logs.join('\n')).toMatch(/"tool":"get-user-profile-drifted".*does not match the output schema/);
  });
});
