/**
 * Response shaping declared in the manifest (`response: { select | drop, maxItems,
 * maxBytes }`), on the sandbox's paged list and on a tool with an output schema: the
 * model gets what was kept, and a note saying what was cut; structuredContent still
 * passes the client's check against the output schema.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UpstreamTool } from '../../runtime/tools/types.ts';
import { NEXT_META } from '../../runtime/mcp/shaped-result.ts';
import { eventsTool, LINK_PAGING, withTools } from './paged-tools.ts';
import { connectInMemory, registry as seed, startHarness, textOf, type Harness } from './support.ts';

const activity = seed.tools.find((t) => t.definition.name === 'get-user-activity-log') as UpstreamTool;

let h: Harness;
let client: Client;

beforeAll(async () => {
  const registry = withTools(
    eventsTool('events-select', { response: { select: ['[].id', '[].repo.name'] } }),
    eventsTool('events-drop', { response: { drop: ['[].payload', '[].repo'] } }),
    eventsTool('events-max-items', { response: { maxItems: 5 } }),
    eventsTool('events-max-bytes', { response: { maxBytes: 2_000 } }),
    eventsTool('events-paged-cut', { response: { maxItems: 5 }, pagination: LINK_PAGING }),
    { ...activity, definition: { ...activity.definition, name: 'activity-max-items' }, response: { maxItems: 2 } },
  );
  h = await startHarness({ registry });
  client = await connectInMemory(h.runtime);
});
afterAll(async () => {
  await client.close();
  await h.close();
});

const call = (name: string, args: Record<string, unknown> = {}) => client.callTool({ name, arguments: args });
/** The shaped JSON (the text before the note). */
const bodyOf = (result: object) => JSON.parse(textOf(result).split('\n\n')[0]!) as Array<Record<string, unknown>>;

describe('response shaping', () => {
  it('select keeps only the named paths of each item', async () => {
    const result = await call('events-select', { per_page: 3 });
    expect(result.isError, textOf(result)).toBeFalsy();
    const items = bodyOf(result);
    expect(items).toHaveLength(3);
    for (const item of items) expect(Object.keys(item).sort()).toEqual(['id', 'repo']);
    expect(Object.keys(items[0]!.repo as object)).toEqual(['name']);
  });

  it('drop removes the named paths and keeps the rest', async () => {
    const items = bodyOf(await call('events-drop', { per_page: 3 }));
    for (const item of items) expect(Object.keys(item).sort()).toEqual(['created_at', 'id', 'type']);
  });

  it('maxItems cuts the list and the note says how many of how many are shown', async () => {
    const result = await call('events-max-items', { per_page: 30 });
    expect(bodyOf(result)).toHaveLength(5);
    expect(textOf(result)).toContain('Showing 5 of 30 items (the rest was cut to fit).');
  });

  it('maxBytes cuts the list until the text fits, and says so', async () => {
    const result = await call('events-max-bytes', { per_page: 100 });
    const [body] = textOf(result).split('\n\n');
    expect(Buffer.byteLength(body!)).toBeLessThanOrEqual(2_000);
    const shown = bodyOf(result).length;
    expect(shown).toBeGreaterThan(0);
    expect(textOf(result)).toContain(`Showing ${shown} of 100 items`);
  });

  it('with pagination, the note says what was cut and how to get the next page', async () => {
    const result = await call('events-paged-cut', { per_page: 30 });
    expect(textOf(result)).toContain('Showing 5 of 30 items (the rest was cut to fit). More results: call events-paged-cut again with arguments {"per_page":30,"page":2}.');
    expect(result._meta?.[NEXT_META]).toEqual({ per_page: 30, page: 2 });
  });

  it('keeps structuredContent valid against the output schema after cutting', async () => {
    // The SDK client checks structuredContent against the tool's outputSchema and throws if it fails.
    const result = await call('activity-max-items', { limit: 10 });
    expect(result.isError, textOf(result)).toBeFalsy();
    const structured = result.structuredContent as { entries: unknown[]; count: number };
    expect(structured.entries).toHaveLength(2);
    expect(textOf(result)).toMatch(/Showing 2 of \d+ items in entries/);
  });

  it('leaves a tool without response rules as it was', async () => {
    const result = await call('get-user-activity-log', { limit: 10 });
    expect((result.structuredContent as { entries: unknown[] }).entries.length).toBeGreaterThan(2);
    expect(textOf(result)).not.toContain('Showing');
  });
});
