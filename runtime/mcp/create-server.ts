/**
 * One low-level MCP `Server` per session (never shared between sessions: a shared
 * server can route one client's responses to another, CVE-2026-25536).
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { VERSION } from '../version.ts';
import type { CallerContext, IdentityResolver } from '../identity/types.ts';
import type { ToolDefinition } from '../tools/types.ts';
import type { ToolExecutor } from './tool-executor.ts';

export const SERVER_NAME = 'dta-mcp';
export const SERVER_VERSION = VERSION;

export interface ToolSet {
  /** Definitions in `tools/list` order, precomputed at generate time. */
  definitions: readonly ToolDefinition[];
  executor: ToolExecutor;
}

export interface ServerDeps {
  /** Read on every request, so a reload swaps tools without touching sessions. */
  tools: () => ToolSet;
  identity: IdentityResolver;
  transport: CallerContext['transport'];
}

export function createMcpServer(deps: ServerDeps): Server {
  const server = new Server(
    { name: SERVER_NAME, version: SERVER_VERSION },
    {
      capabilities: { tools: { listChanged: true } },
      instructions:
        'Tools call company REST APIs. Tools marked as acting for the user need a signed-in user; ' +
        'an "Authorization required" result means the user must sign in again.',
    },
  );

  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: deps.tools().definitions as Tool[],
  }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const identity = deps.identity.resolve({ transport: deps.transport, authInfo: extra.authInfo });
    return deps.tools().executor.call(request.params.name, request.params.arguments, {
      identity,
      signal: extra.signal,
    });
  });

  return server;
}
