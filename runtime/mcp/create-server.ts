/**
 * One low-level MCP `Server` per session (never shared between sessions: a shared
 * server can route one client's responses to another, CVE-2026-25536).
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  isJSONRPCRequest,
  ListToolsRequestSchema,
  type JSONRPCMessage,
  type JSONRPCRequest,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { VERSION } from '../version.ts';
import type { CallerContext, IdentityResolver } from '../identity/types.ts';
import type { ToolDefinition } from '../tools/types.ts';
import { requestIdFrom } from './request-id.ts';
import type { ToolExecutor } from './tool-executor.ts';

export const SERVER_NAME = 'dta-mcp';
export const SERVER_VERSION = VERSION;

export interface ToolSet {
  /** Definitions in `tools/list` order, precomputed at generate time. */
  definitions: readonly ToolDefinition[];
  executor: ToolExecutor;
  /** Inbound scopes a tool needs (manifest `scopes`), checked where HTTP requests enter. */
  scopes(name: string): readonly string[] | undefined;
}

export interface ServerDeps {
  /** Read on every request, so a reload swaps tools without touching sessions. */
  tools: () => ToolSet;
  identity: IdentityResolver;
  transport: CallerContext['transport'];
}

export const MALFORMED_TOOL_CALL = 'Invalid params: tools/call needs a string `name` and an object `arguments`';

/**
 * Answers a malformed tools/call before the SDK sees it. The SDK parses params ahead of
 * any handler and answers a failed parse with -32603 and a raw schema dump; JSON-RPC
 * says invalid params are -32602, and the model needs one sentence. Every transport
 * (stdio, HTTP, in-memory) goes through connect(), so all answer alike.
 * @see https://www.jsonrpc.org/specification#error_object
 */
class SessionServer extends Server {
  override async connect(transport: Transport): Promise<void> {
    await super.connect(transport);
    const deliver = transport.onmessage;
    transport.onmessage = (message, extra) => {
      if (!isMalformedToolCall(message)) return deliver?.(message, extra);
      const reply = { jsonrpc: '2.0' as const, id: message.id, error: { code: ErrorCode.InvalidParams, message: MALFORMED_TOOL_CALL } };
      // Answered on a later tick, as the SDK answers its own requests.
      Promise.resolve()
        .then(() => transport.send(reply))
        .catch((error: unknown) => this.onerror?.(error instanceof Error ? error : new Error(String(error))));
    };
  }
}

function isMalformedToolCall(message: JSONRPCMessage): message is JSONRPCRequest {
  if (!isJSONRPCRequest(message) || message.method !== 'tools/call') return false;
  const params: Record<string, unknown> = message.params ?? {};
  const args = params.arguments;
  const argsOk = args === undefined || (typeof args === 'object' && args !== null && !Array.isArray(args));
  return typeof params.name !== 'string' || !argsOk;
}

export function createMcpServer(deps: ServerDeps): Server {
  const server = new SessionServer(
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
      // Over HTTP the SDK hands over the request's headers; stdio and in-memory have none.
      requestId: requestIdFrom(extra.requestInfo?.headers['x-request-id']),
      // An HTTP caller nobody vouched for (no inbound auth, no local user) gets no credentials.
      network: deps.transport === 'http',
      signal: extra.signal,
    });
  });

  return server;
}
