/**
 * stdio: one session for the life of the process. stdout carries JSON-RPC only; every
 * log line goes to stderr (see observability/logger.ts). Requests are counted from the
 * line that asks to the line that answers, so a shutdown can let them finish.
 * A tools/call that cannot need the session is answered directly (mcp/direct-call.ts);
 * everything else goes to the SDK server.
 */
import type { Readable, Writable } from 'node:stream';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { isJSONRPCRequest, type JSONRPCMessage, type RequestId } from '@modelcontextprotocol/sdk/types.js';
import type { IdentityResolver } from '../identity/types.ts';
import { answerDirectCall, cancelDirectCall, directCallOf, directCancel, trackDirectCall } from '../mcp/direct-call.ts';
import type { ToolSet } from '../mcp/tool-set.ts';
import { InFlight } from './in-flight.ts';
import { StdioTransport } from './stdio-transport.ts';

export interface StdioHandle {
  server: Server;
  /** Resolves when the client closes stdin or close() is called. */
  closed: Promise<void>;
  /**
   * Stops taking work (a new request is answered with an error) and resolves true once
   * every request in flight is answered, false when `graceMs` passes first.
   */
  drain(graceMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/** What the direct tools/call path needs from the runtime; without it every call goes through the SDK server. */
export interface DirectCallDeps {
  tools: () => ToolSet;
  identity: IdentityResolver;
}

const SHUTTING_DOWN = { code: -32000, message: 'The server is shutting down; try again.' };

/** Where the JSON-RPC lines come from and go to; default the process's stdin and stdout. */
export interface StdioStreams {
  input: Readable;
  output: Writable;
}

export async function serveStdio(
  createServer: () => Server,
  direct?: DirectCallDeps,
  { input, output }: StdioStreams = { input: process.stdin, output: process.stdout },
): Promise<StdioHandle> {
  const server = createServer();
  const transport = new StdioTransport(input, output);
  const closed = new Promise<void>((resolve) => {
    const previous = server.onclose;
    server.onclose = () => {
      previous?.();
      resolve();
    };
    input.once('end', () => void server.close());
  });
  await server.connect(transport);
  const inFlight = trackRequests(transport, server, direct);
  return { server, closed, drain: (graceMs) => inFlight.drain(graceMs), close: () => server.close() };
}

/** Wraps the connected transport: requests in (direct or through the server), answers out. */
function trackRequests(transport: StdioTransport, server: Server, direct: DirectCallDeps | undefined): InFlight {
  const inFlight = new InFlight();
  const open = new Map<RequestId, () => void>();
  const enter = (id: RequestId) => {
    open.get(id)?.();
    open.set(id, inFlight.enter());
  };
  const leave = (id: RequestId) => {
    open.get(id)?.();
    open.delete(id);
  };
  const deliver = transport.onmessage;
  transport.onmessage = (message: JSONRPCMessage) => {
    if (isJSONRPCRequest(message)) {
      if (inFlight.draining) {
        void transport.send({ jsonrpc: '2.0', id: message.id, error: SHUTTING_DOWN }).catch(() => undefined);
        return;
      }
      enter(message.id);
    }
    deliver?.(message);
  };
  if (direct) {
    transport.intercept = (message) => {
      const tools = direct.tools();
      const call = inFlight.draining ? undefined : directCallOf(message, server, tools);
      if (!call) {
        cancelDirectCall(server, message);
        return false;
      }
      enter(call.id);
      const cancel = directCancel();
      const untrack = trackDirectCall(server, call.id, cancel);
      const identity = direct.identity.resolve({ transport: 'stdio' });
      void answerDirectCall(call, tools, { identity, network: false, controller: cancel.controller })
        .then((answer) => {
          // A cancelled request is not answered (as the SDK's server does).
          if (cancel.cancelled) leave(call.id);
          else return transport.send(answer);
        })
        .catch((error: unknown) => transport.onerror?.(error instanceof Error ? error : new Error(String(error))))
        .finally(untrack);
      return true;
    };
  }
  const send = transport.send.bind(transport);
  transport.send = async (message: JSONRPCMessage) => {
    try {
      await send(message);
    } finally {
      if (isResponse(message)) leave(message.id);
    }
  };
  return inFlight;
}

/**
 * A response (result or error) to a request: checked by shape, not with the SDK's type
 * guards, which run a schema parse on every message sent.
 */
function isResponse(message: JSONRPCMessage): message is JSONRPCMessage & { id: RequestId } {
  const m = message as { id?: unknown; result?: unknown; error?: unknown };
  return (typeof m.id === 'string' || typeof m.id === 'number') && (m.result !== undefined || m.error !== undefined);
}
