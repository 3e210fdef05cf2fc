/**
 * One low-level MCP `Server` per session (never shared between sessions: a shared
 * server can route one client's responses to another, CVE-2026-25536), assembled from
 * the features in features/index.ts (tools, and whatever else the manifests declare).
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  ErrorCode,
  isJSONRPCRequest,
  type JSONRPCMessage,
  type JSONRPCRequest,
  type ServerCapabilities,
} from '@modelcontextprotocol/sdk/types.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv-provider.js';
import type { JsonSchemaType, jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';
import { VERSION } from '../version.ts';
import { features, type ServerDeps } from './features/index.ts';

export const SERVER_NAME = 'dta-mcp';
export const SERVER_VERSION = VERSION;

export type { ServerDeps } from './features/index.ts';
export type { ToolSet } from './tool-set.ts';

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

/**
 * The SDK builds an ajv instance in every Server's constructor (~9 ms before the first
 * tools/list, and again for every HTTP session) for `server.elicitInput` answers. Our
 * elicitations go through the request's sendRequest (client-session.ts) and never use it;
 * this one is built, as the SDK would have built it, only if something ever does.
 */
function lazySchemaValidator(): jsonSchemaValidator {
  let ajv: AjvJsonSchemaValidator | undefined;
  return {
    getValidator<T>(schema: JsonSchemaType) {
      ajv ??= new AjvJsonSchemaValidator();
      return ajv.getValidator<T>(schema);
    },
  };
}

export function createMcpServer(deps: ServerDeps): Server {
  const capabilities: ServerCapabilities = {};
  for (const feature of features) Object.assign(capabilities, feature.capabilities(deps));
  const server = new SessionServer(
    { name: SERVER_NAME, version: SERVER_VERSION },
    {
      capabilities,
      jsonSchemaValidator: lazySchemaValidator(),
      instructions:
        'Tools call company REST APIs. Tools marked as acting for the user need a signed-in user; ' +
        'an "Authorization required" result means the user must sign in again.',
    },
  );
  for (const feature of features) feature.register(server, deps);
  return server;
}
