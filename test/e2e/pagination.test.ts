/**
 * Upstream pagination declared in the manifest (`pagination: { style: link }`): the
 * sandbox's Link header becomes the next page's arguments, in `_meta["dta-mcp/next"]`
 * and in a note the model reads; following them gets page 2; the last page has none.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NEXT_META } from '../../runtime/mcp/shaped-result.ts';
import { EVENT_COUNT } from '../../sandbox/events.ts';
import { eventsTool, LINK_PAGING, withTools } from './paged-tools.ts';
import { connectInMemory, startHarness, textOf, type Harness } from './support.ts';

let h: Harness;
let client: Client;

beforeAll(async () => {
  h = await startHarness({ registry: withTools(eventsTool('list-my-events', { pagination: LINK_PAGING }), eventsTool('list-events-unpaged')) });
  client = await connectInMemory(h.runtime);
});
afterAll(async () => {
  await client.close();
  await h.close();
});
beforeEach(() => h.sandbox.reset());

const idsOf = (result: object) => (JSON.parse(textOf(result).split('\n\n')[0]!) as Array<{ id: number }>).map((e) => e.id);

describe('a tool with link pagination', () => {
  it('turns the Link header into the next page’s arguments, in _meta and in a note', async () => {
    const result = await client.callTool({ name: 'list-my-events', arguments: { per_page: 100 } });
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(result._meta?.[NEXT_META]).toEqual({ per_page: 100, page: 2 });
    expect(textOf(result)).toContain('More results: call list-my-events again with arguments {"per_page":100,"page":2}.');
    expect(idsOf(result)).toHaveLength(100);
  });

  it('gets page 2 when the model follows the hint', async () => {
    const first = await client.callTool({ name: 'list-my-events', arguments: { per_page: 100 } });
    const next = first._meta?.[NEXT_META] as Record<string, unknown>;
    const second = await client.callTool({ name: 'list-my-events', arguments: next });
    expect(idsOf(second)[0]).toBe(EVENT_COUNT - 100);
    expect(second._meta?.[NEXT_META]).toEqual({ per_page: 100, page: 3 });
    expect(h.sandbox.requests.map((r) => r.query)).toEqual([{ per_page: '100' }, { page: '2', per_page: '100' }]);
  });

  it('gives no next hint on the last page', async () => {
    const last = await client.callTool({ name: 'list-my-events', arguments: { page: 4, per_page: 100 } });
    expect(idsOf(last)).toHaveLength(EVENT_COUNT - 300);
    expect(last._meta?.[NEXT_META]).toBeUndefined();
    expect(textOf(last)).not.toContain('More results');
  });
});

describe('a tool without pagination', () => {
  it('returns the page as it came, with no hint', async () => {
    const result = await client.callTool({ name: 'list-events-unpaged', arguments: { per_page: 10 } });
    expect(result._meta?.[NEXT_META]).toBeUndefined();
    expect(idsOf(result)).toHaveLength(10);
    expect(textOf(result)).not.toContain('More results');
  });
});
