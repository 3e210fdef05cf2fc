/**
 * tools/list and tools/call. Anything a tool does wrong is an isError result (the
 * executor); only an unknown tool or malformed params are protocol errors.
 * @see https://modelcontextprotocol.io/specification/2025-06-18/server/tools
 */
import { CallToolRequestSchema, ListToolsRequestSchema, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { callSession } from '../session.ts';
import { pageOf, TOOLS_PAGE_SIZE } from '../list-page.ts';
import { requestIdFrom } from '../request-id.ts';
import type { ServerFeature } from './types.ts';

export const toolsFeature: ServerFeature = {
  capabilities: () => ({ tools: { listChanged: true } }),
  register(server, deps) {
    server.setRequestHandler(ListToolsRequestSchema, (request) => {
      const { items, nextCursor } = pageOf(deps.tools().definitions, request.params?.cursor, TOOLS_PAGE_SIZE);
      return nextCursor === undefined ? { tools: items as Tool[] } : { tools: items as Tool[], nextCursor };
    });

    server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
      const identity = deps.identity.resolve({ transport: deps.transport, authInfo: extra.authInfo });
      return deps.tools().executor.call(request.params.name, request.params.arguments, {
        identity,
        // Over HTTP the SDK hands over the request's headers; stdio and in-memory have none.
        requestId: requestIdFrom(extra.requestInfo?.headers['x-request-id']),
        // An HTTP caller nobody vouched for (no inbound auth, no local user) gets no credentials.
        network: deps.transport === 'http',
        signal: extra.signal,
        // Elicitation (confirmation, URL sign-in), log messages, progress and sampling go
        // back to this client, on this call's stream.
        session: callSession(server, extra),
      });
    });
  },
};
