/**
 * stdio: one session for the life of the process. stdout carries JSON-RPC only; every
 * log line goes to stderr (see observability/logger.ts). Requests are counted from the
 * line that asks to the line that answers, so a shutdown can let them finish.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { isJSONRPCErrorResponse, isJSONRPCRequest, isJSONRPCResultResponse, type JSONRPCMessage, type RequestId } from '@modelcontextprotocol/sdk/types.js';
import { InFlight } from './in-flight.ts';

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

export async function serveStdio(createServer: () => Server): Promise<StdioHandle> {
  const server = createServer();
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    const previous = server.onclose;
    server.onclose = () => {
      previous?.();
      resolve();
    };
    process.stdin.once('end', () => void server.close());
  });
  await server.connect(transport);
  const inFlight = trackRequests(transport);
  return { server, closed, drain: (graceMs) => inFlight.drain(graceMs), close: () => server.close() };
}

/** Wraps the connected transport: requests in, answers out. */
function trackRequests(transport: StdioServerTransport): InFlight {
  const inFlight = new InFlight();
  const open = new Map<RequestId, () => void>();
  const deliver = transport.onmessage;
  transport.onmessage = (message: JSONRPCMessage) => {
    if (isJSONRPCRequest(message)) {
      if (inFlight.draining) {
        void transport
          .send({ jsonrpc: '2.0', id: message.id, error: { code: -32000, message: 'The server is shutting down; try again.' } })
          .catch(() => undefined);
        return;
      }
      open.get(message.id)?.();
      open.set(message.id, inFlight.enter());
    }
    deliver?.(message);
  };
  const send = transport.send.bind(transport);
  transport.send = async (message: JSONRPCMessage) => {
    try {
      await send(message);
    } finally {
      if ((isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message)) && message.id !== undefined) {
        open.get(message.id)?.();
        open.delete(message.id);
      }
    }
  };
  return inFlight;
}
