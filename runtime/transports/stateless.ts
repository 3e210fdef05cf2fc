/**
 * Stateless Streamable HTTP (`http.sessions: stateless`): no MCP session, so any replica
 * behind any load balancer can answer any request. Each POST gets a fresh Server and
 * transport (never shared: CVE-2026-25536), both closed when its response ends; what a
 * request needs beyond its own body (the caller's identity, their upstream tokens, the
 * refresh lock) comes from the verified bearer token and the token store (Redis).
 *
 * What is lost without sessions: server-to-client messages outside a response (the
 * standalone GET stream, so `notifications/tools/list_changed`) and resumability.
 * @see https://modelcontextprotocol.io/specification/2025-06-18/basic/transports#session-management
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { postRefusal, type Refusal } from './request-guards.ts';

export interface StatelessDeps {
  createServer: () => Server;
  maxBodyBytes: number;
}

/**
 * Answers one parsed POST body with a server of its own. Returns the refusal instead when
 * the request could not be answered anyway (Accept, Content-Type), before allocating.
 */
export async function answerStateless(
  req: IncomingMessage,
  res: ServerResponse,
  body: unknown,
  deps: StatelessDeps,
): Promise<Refusal | undefined> {
  const refused = postRefusal(req);
  if (refused) return refused;
  const server = deps.createServer();
  // Stateless: no session id is generated, sent or checked.
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, maxRequestBodySize: deps.maxBodyBytes });
  // The response may still be streaming (SSE) when handleRequest returns: close on its end,
  // or when the client goes away first. Closing the server closes its transport.
  const close = () => void server.close().catch(() => undefined);
  res.once('close', close);
  try {
    await server.connect(transport);
    await transport.handleRequest(req, res, body);
  } catch (error) {
    close();
    throw error;
  }
  return undefined;
}
