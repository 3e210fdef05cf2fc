/**
 * One MCP feature (tools, resources, prompts, logging, completions...): the capabilities
 * it announces and the request handlers it registers on a session's server. The server
 * is assembled from an explicit list of them (features/index.ts), so adding a feature is
 * one file and one line.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { ServerCapabilities } from '@modelcontextprotocol/sdk/types.js';
import type { CallerContext, IdentityResolver } from '../../identity/types.ts';
import type { ResourceEvents } from '../resource-events.ts';
import type { ToolSet } from '../tool-set.ts';

export interface ServerDeps {
  /** Read on every request, so a reload swaps tools without touching sessions. */
  tools: () => ToolSet;
  identity: IdentityResolver;
  transport: CallerContext['transport'];
  /** Webhook change signals shared by every session (resources); absent: none. */
  resourceEvents?: ResourceEvents;
}

export interface ServerFeature {
  /** Merged into the server's capabilities; a feature with nothing to serve may announce nothing. */
  capabilities(deps: ServerDeps): ServerCapabilities;
  register(server: Server, deps: ServerDeps): void;
}
