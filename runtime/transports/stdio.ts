/**
 * stdio: one session for the life of the process. stdout carries JSON-RPC only; every
 * log line goes to stderr (see observability/logger.ts).
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';

export interface StdioHandle {
  server: Server;
  /** Resolves when the client closes stdin or close() is called. */
  closed: Promise<void>;
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
  return { server, closed, close: () => server.close() };
}
