/**
 * A small round-robin HTTP load balancer on loopback, for the process topology tests:
 * each request goes to the next replica in turn, with no affinity (as nginx's default
 * upstream), headers passed through and the response streamed back (SSE too). A replica
 * whose connection is refused is skipped for that request, as a load balancer's passive
 * health check would: the request never reached it, so sending it on is safe.
 */
import { createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RoundRobinProxy {
  /** The proxy's /mcp URL. */
  url: string;
  /** Per replica (in the order given): requests it answered. */
  answered: number[];
  /** Per replica: tools/call requests it answered. */
  toolCalls: number[];
  close(): Promise<void>;
}

/** @param targets replica base URLs, e.g. http://127.0.0.1:1234 */
export async function startRoundRobinProxy(targets: string[]): Promise<RoundRobinProxy> {
  let next = 0;
  const answered = targets.map(() => 0);
  const toolCalls = targets.map(() => 0);

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const isToolCall = body.includes('"tools/call"');
      const attempt = (tried: number) => {
        if (tried === targets.length) {
          res.writeHead(502, { 'content-type': 'text/plain' }).end('Bad gateway: no replica reachable');
          return;
        }
        const index = next++ % targets.length;
        const target = new URL(req.url ?? '/', targets[index]);
        // agent: false, one connection per request: a killed replica refuses the next one
        // at once, instead of failing a pooled keep-alive socket after the request was sent.
        const upstream = request(target, { method: req.method, headers: forwarded(req.headers), agent: false }, (answer) => {
          answered[index] = (answered[index] ?? 0) + 1;
          if (isToolCall) toolCalls[index] = (toolCalls[index] ?? 0) + 1;
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        upstream.on('error', (error: NodeJS.ErrnoException) => {
          if (error.code === 'ECONNREFUSED' && !res.headersSent) return attempt(tried + 1);
          if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end('Bad gateway');
          else res.destroy();
        });
        res.on('close', () => upstream.destroy());
        upstream.end(body);
      };
      attempt(0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    answered,
    toolCalls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Host, Origin, Authorization and the MCP headers pass through; hop-by-hop ones do not. */
function forwarded(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const { connection: _connection, 'keep-alive': _keepAlive, 'transfer-encoding': _te, ...rest } = headers;
  return rest;
}
