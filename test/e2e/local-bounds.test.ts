/**
 * A local handler runs whatever the model sends it: a 1 MB argument echoed back, in a
 * value or in an error message, must come out as a bounded result and bounded log lines.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_TEXT_CHARS } from '../../runtime/mcp/results.ts';
import type { LocalTool, ToolRegistry } from '../../runtime/tools/types.ts';
import { connectInMemory, registry, startHarness, textOf, type Harness } from './support.ts';

const MB = 'x'.repeat(1024 * 1024);
/** The bound a result may reach: the text limit plus a short notice. */
const RESULT_LIMIT = DEFAULT_MAX_TEXT_CHARS + 1_000;
const LOG_LINE_LIMIT = 20_000;

function echoTool(name: string, outputSchema?: LocalTool['definition']['outputSchema']): LocalTool {
  return {
    kind: 'local',
    authType: 'none',
    definition: { name, description: 'Echoes its arguments.', inputSchema: { type: 'object' }, ...(outputSchema ? { outputSchema } : {}) },
    handler: (args: unknown) => args,
  };
}

const throwing: LocalTool = {
  kind: 'local',
  authType: 'none',
  definition: { name: 'echo-throw', description: 'Throws its argument.', inputSchema: { type: 'object' } },
  handler: (args: { text: string }) => {
    throw new Error(`cannot handle ${args.text}`);
  },
};

const withEcho: ToolRegistry = {
  ...registry,
  tools: [...registry.tools, echoTool('echo'), echoTool('echo-structured', { type: 'object' }), throwing],
};

let h: Harness;
let client: Client;
beforeAll(async () => {
  h = await startHarness({ registry: withEcho });
  client = await connectInMemory(h.runtime);
});
afterAll(async () => {
  await client.close();
  await h.close();
});

function expectBoundedLogs(): void {
  expect(h.logs.length).toBeGreaterThan(0);
  for (const line of h.logs) {
    expect(line.length).toBeLessThan(LOG_LINE_LIMIT);
    expect(() => JSON.parse(line)).not.toThrow();
  }
}

describe('local handler bounds', () => {
  it('a handler echoing a 1 MB argument gives a bounded, truncated text result', async () => {
    const result = await client.callTool({ name: 'echo', arguments: { text: MB } });
    expect(JSON.stringify(result).length).toBeLessThan(RESULT_LIMIT);
    expect(textOf(result)).toMatch(/truncated \d+ characters/);
    expectBoundedLogs();
  });

  it('a handler with an output schema echoing a 1 MB argument gives a bounded isError result', async () => {
    const result = await client.callTool({ name: 'echo-structured', arguments: { text: MB } });
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toBeUndefined();
    expect(result._meta?.['dta-mcp/error']).toMatchObject({ code: 'result_too_large' });
    expect(JSON.stringify(result).length).toBeLessThan(RESULT_LIMIT);
    expectBoundedLogs();
  });

  it('a handler error carrying a 1 MB argument gives a bounded result and bounded log lines', async () => {
    const result = await client.callTool({ name: 'echo-throw', arguments: { text: MB } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^cannot handle x+/);
    expect(JSON.stringify(result).length).toBeLessThan(10_000);
    expectBoundedLogs();
  });

  it('get-current-time with a 1 MB timezone gives a bounded result and bounded log lines', async () => {
    const result = await client.callTool({ name: 'get-current-time', arguments: { timezone: MB } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/Unknown timezone/);
    expect(JSON.stringify(result).length).toBeLessThan(10_000);
    expectBoundedLogs();
  });
});
