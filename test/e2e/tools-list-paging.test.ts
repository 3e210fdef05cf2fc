/**
 * tools/list pages a large registry: at most TOOLS_PAGE_SIZE tools per answer with an
 * opaque `nextCursor`, every tool exactly once across the pages, and a cursor the
 * server never issued is a -32602 protocol error.
 * @see https://modelcontextprotocol.io/specification/2025-06-18/server/utilities/pagination
 */
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOOLS_PAGE_SIZE } from '../../runtime/mcp/list-page.ts';
import type { LocalTool, ToolRegistry } from '../../runtime/tools/types.ts';
import { connectInMemory, registry as seed, startHarness, type Harness } from './support.ts';

const COUNT = 1_000;

function manyTools(): ToolRegistry {
  const tools: LocalTool[] = Array.from({ length: COUNT }, (_, i) => ({
    kind: 'local',
    definition: { name: `tool-${String(i).padStart(4, '0')}`, description: `Tool number ${i}.`, inputSchema: { type: 'object', properties: {} } },
    authType: 'none',
    handler: () => ({ i }),
  }));
  return { apis: seed.apis, tools };
}

describe('tools/list with 1,000 tools', () => {
  let h: Harness;
  let client: Client;

  beforeAll(async () => {
    h = await startHarness({ registry: manyTools() });
    client = await connectInMemory(h.runtime);
  });
  afterAll(async () => {
    await client.close();
    await h.close();
  });

  it('answers in pages with a cursor, and every tool is seen exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await client.listTools(cursor === undefined ? {} : { cursor });
      expect(page.tools.length).toBeLessThanOrEqual(TOOLS_PAGE_SIZE);
      seen.push(...page.tools.map((t) => t.name));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== undefined);
    expect(pages).toBe(Math.ceil(COUNT / TOOLS_PAGE_SIZE));
    expect(seen).toHaveLength(COUNT);
    expect(new Set(seen).size).toBe(COUNT);
  });

  it('ends the last page without a nextCursor', async () => {
    let page = await client.listTools();
    while (page.nextCursor !== undefined) page = await client.listTools({ cursor: page.nextCursor });
    expect(page.tools.at(-1)?.name).toBe(`tool-${String(COUNT - 1).padStart(4, '0')}`);
  });

  it.each([['not base64 at all!'], [Buffer.from('{"offset":-5}').toString('base64url')], [Buffer.from('{"offset":100000}').toString('base64url')]])(
    'refuses the cursor %j with -32602',
    async (cursor) => {
      const error = await client.listTools({ cursor }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(McpError);
      expect((error as McpError).code).toBe(ErrorCode.InvalidParams);
    },
  );

  it('still calls a tool found on a later page', async () => {
    const result = await client.callTool({ name: 'tool-0999', arguments: {} });
    expect(result.isError).toBeFalsy();
  });
});

describe('tools/list with few tools', () => {
  it('answers in one page, with no nextCursor', async () => {
    const h = await startHarness();
    const client = await connectInMemory(h.runtime);
    try {
      const page = await client.listTools();
      expect(page.tools.length).toBe(seed.tools.length);
      expect(page.nextCursor).toBeUndefined();
    } finally {
      await client.close();
      await h.close();
    }
  });
});
