/**
 * tools/call answered without the SDK's server, for the calls that cannot need it. Most
 * calls are one upstream request whose result goes back as one JSON-RPC response; for
 * them the SDK's per-message schema parsing, its request bookkeeping and (over HTTP) its
 * Web Request/Response conversion and SSE framing cost more CPU than the call itself
 * (bench/README.md, "Peer baseline"). The transports hand such a request here first; the
 * executor runs it exactly as the tools feature would (features/tools.ts), without a
 * session to talk back on.
 *
 * A request is answered here only when nothing in the call could use the session's
 * stream, so the answer is the one the SDK path would give:
 * - one well-formed `tools/call` request (id, string name, object arguments) without a
 *   progress token;
 * - a tool that cannot call back (an upstream tool without `confirm`: a local handler may
 *   log, report progress, elicit or sample; `confirm` elicits): ToolExecutor.callsBack;
 * - a client that declared no elicitation (a sign-in prompt needs it) and has not chosen
 *   a log level (the client's copy of the call's log line goes on the stream).
 * Everything else (unknown tools, malformed params, other methods) goes through the SDK
 * server, which answers it as before.
 * @see https://modelcontextprotocol.io/specification/2025-06-18/server/tools#calling-tools
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { ErrorCode, type JSONRPCMessage, type RequestId } from '@modelcontextprotocol/sdk/types.js';
import type { Identity } from '../identity/types.ts';
import { sessionLogLevel } from './features/logging.ts';
import type { ToolSet } from './tool-set.ts';

export interface DirectCall {
  id: RequestId;
  name: string;
  args: Record<string, unknown> | undefined;
}

export interface DirectCallOptions {
  identity: Identity | undefined;
  /** Default: a new one (mcp/request-id.ts). */
  requestId?: string;
  /** A network (HTTP) caller: without an identity it may use only `none` tools. */
  network: boolean;
  /** The call's own: a cancellation aborts it, and so does the upstream deadline. */
  controller: AbortController;
}

/**
 * One direct call's cancellation: `cancel()` aborts its controller and remembers that it
 * was a cancellation (the deadline aborts the same controller, and a timed-out call is
 * still answered).
 */
export interface DirectCancel {
  readonly controller: AbortController;
  readonly cancelled: boolean;
  cancel(): void;
}

export function directCancel(): DirectCancel {
  const controller = new AbortController();
  let cancelled = false;
  return {
    controller,
    get cancelled() {
      return cancelled;
    },
    cancel() {
      cancelled = true;
      controller.abort();
    },
  };
}

/**
 * The call, when `message` is a tools/call this session can have answered directly.
 * `server` is the session's; undefined without sessions (stateless HTTP), where no client
 * has declared anything and no log level can be chosen.
 */
export function directCallOf(message: unknown, server: Server | undefined, tools: ToolSet): DirectCall | undefined {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return undefined;
  const m = message as { jsonrpc?: unknown; id?: unknown; method?: unknown; params?: unknown };
  if (m.method !== 'tools/call' || m.jsonrpc !== '2.0' || !isRequestId(m.id)) return undefined;
  if (typeof m.params !== 'object' || m.params === null) return undefined;
  const params = m.params as { name?: unknown; arguments?: unknown; _meta?: { progressToken?: unknown } };
  if (typeof params.name !== 'string' || params._meta?.progressToken !== undefined) return undefined;
  const args = params.arguments;
  if (args !== undefined && (typeof args !== 'object' || args === null || Array.isArray(args))) return undefined;
  if (tools.executor.callsBack(params.name)) return undefined;
  if (server && (server.getClientCapabilities()?.elicitation !== undefined || sessionLogLevel(server) !== undefined)) return undefined;
  return { id: m.id, name: params.name, args: args as Record<string, unknown> | undefined };
}

/** The JSON-RPC response, as the SDK's server would send it for the same call. */
export async function answerDirectCall(call: DirectCall, tools: ToolSet, options: DirectCallOptions): Promise<JSONRPCMessage> {
  try {
    const { controller, ...rest } = options;
    const result = await tools.executor.call(call.name, call.args, { ...rest, signal: controller.signal, controller });
    return { jsonrpc: '2.0', id: call.id, result };
  } catch (error) {
    // The executor turns every failure of a call into a result; what is left is a
    // protocol error (or a bug), answered as the SDK's Protocol answers a throwing handler.
    const e = error as { code?: unknown; message?: unknown; data?: unknown };
    const code = typeof e.code === 'number' && Number.isSafeInteger(e.code) ? e.code : ErrorCode.InternalError;
    const message = typeof e.message === 'string' ? e.message : 'Internal error';
    return { jsonrpc: '2.0', id: call.id, error: { code, message, ...(e.data !== undefined ? { data: e.data } : {}) } };
  }
}

function isRequestId(id: unknown): id is RequestId {
  return typeof id === 'string' || (typeof id === 'number' && Number.isInteger(id));
}

/**
 * Direct calls in flight per session, so a `notifications/cancelled` (which reaches the
 * SDK's server, not here) can abort them too.
 */
const inFlight = new WeakMap<Server, Map<RequestId, DirectCancel>>();

/** Registers a direct call's cancellation; the returned function unregisters it. */
export function trackDirectCall(server: Server, id: RequestId, cancel: DirectCancel): () => void {
  let calls = inFlight.get(server);
  if (!calls) inFlight.set(server, (calls = new Map()));
  calls.set(id, cancel);
  return () => {
    if (calls.get(id) === cancel) calls.delete(id);
  };
}

/** Aborts the direct call a `notifications/cancelled` names, if there is one. */
export function cancelDirectCall(server: Server, message: unknown): void {
  if (Array.isArray(message)) {
    for (const each of message) cancelDirectCall(server, each);
    return;
  }
  const m = message as { method?: unknown; params?: { requestId?: unknown; reason?: unknown } } | null;
  if (m?.method !== 'notifications/cancelled' || !isRequestId(m.params?.requestId)) return;
  inFlight.get(server)?.get(m.params.requestId)?.cancel();
}
