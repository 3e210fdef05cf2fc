/**
 * Upstream tools on the sandbox's paged list (`GET /user/events?page&per_page`, with a
 * Link header), as `generate` emits them from a manifest with `response:` and
 * `pagination:` (the emitting itself is tested in test/generator/shaping.test.ts).
 * Not a test file: shared by shaping.test.ts and pagination.test.ts.
 */
import type { PaginationSpec, ResponseShaping, ToolRegistry, UpstreamTool } from '../../runtime/tools/types.ts';
import { registry as seed } from './support.ts';

export const LINK_PAGING: PaginationSpec = { style: 'link', pageParam: 'page', perPageParam: 'per_page' };

export function eventsTool(name: string, extra: { response?: ResponseShaping; pagination?: PaginationSpec } = {}): UpstreamTool {
  return {
    kind: 'upstream',
    definition: {
      name,
      description: "The signed-in user's events, newest first, in pages.",
      inputSchema: {
        type: 'object',
        properties: {
          page: { type: 'integer', minimum: 1, description: 'The page to return, from 1.' },
          per_page: { type: 'integer', minimum: 1, maximum: 100, description: 'Events per page.' },
        },
      },
      annotations: { readOnlyHint: true },
    },
    authType: 'user-token',
    api: 'dta-wide',
    operation: { method: 'GET', path: '/user/events', operationId: 'listUserEvents' },
    ...extra,
    handler: (args: { page?: number; per_page?: number }, ctx) =>
      ctx.client.GET('/user/events', { ...ctx.init, params: { query: { page: args.page, per_page: args.per_page } } }),
  };
}

/** The seed registry plus the given tools. */
export function withTools(...tools: UpstreamTool[]): ToolRegistry {
  return { ...seed, tools: [...seed.tools, ...tools] };
}
