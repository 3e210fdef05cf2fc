/**
 * B1, the peer baseline: what a developer writes by hand with the MCP SDK for the same
 * operation — one `McpServer`, one `registerTool` that fetches `GET /user/profile`
 * with a bearer token and returns the body as text. Nothing else: no validation of
 * its own, no token refresh, no logging.
 *
 * `node bin/run-ts.js bench/peer/b1-server.ts stdio|http` with UPSTREAM_URL and
 * UPSTREAM_TOKEN in the environment. Over HTTP: the SDK's documented stateful pattern
 * (a StreamableHTTPServerTransport and McpServer per session, kept in a map by
 * Mcp-Session-Id) on a plain node:http server; it writes
 * `b1: serving on http://127.0.0.1:<port>/mcp` to stderr once listening.
 * Its CPU and peak RSS are read from outside (/proc), like dta-mcp's.
 * @see https://github.com/modelcontextprotocol/typescript-sdk#streamable-http
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';

const upstream = process.env.UPSTREAM_URL;
const token = process.env.UPSTREAM_TOKEN;
if (!upstream || !token) throw new Error('b1-server: UPSTREAM_URL and UPSTREAM_TOKEN are required');
const profileUrl = `${upstream}/user/profile`;

function createMcpServer(): McpServer {
  const server = new McpServer({ name: 'b1-peer', version: '1.0.0' });
  server.registerTool(
    'get-user-profile',
    { description: "Returns the signed-in user's profile.", inputSchema: {} },
    async () => {
      const r = await fetch(profileUrl, { headers: { authorization: `Bearer ${token}` } });
      return { content: [{ type: 'text', text: await r.text() }], isError: !r.ok };
    },
  );
  return server;
}

const transport = process.argv[2];
if (transport === 'stdio') {
  await createMcpServer().connect(new StdioServerTransport());
} else if (transport === 'http') {
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const http = createServer(async (req, res) => {
    if (!req.url?.startsWith('/mcp')) {
      res.writeHead(404).end();
      return;
    }
    const sessionId = req.headers['mcp-session-id'];
    const existing = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
    if (existing) {
      await existing.handleRequest(req, res);
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(400).end();
      return;
    }
    // A new session must start with initialize; the transport needs the parsed body to see it.
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    if (!isInitializeRequest(body)) {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message: 'No valid session ID' }, id: null }));
      return;
    }
    const fresh = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, fresh);
      },
    });
    fresh.onclose = () => {
      if (fresh.sessionId) sessions.delete(fresh.sessionId);
    };
    await createMcpServer().connect(fresh);
    await fresh.handleRequest(req, res, body);
  });
  http.listen(0, '127.0.0.1', () => {
    const { port } = http.address() as AddressInfo;
    process.stderr.write(`b1: serving on http://127.0.0.1:${port}/mcp\n`);
  });
  process.on('SIGTERM', () => {
    http.closeAllConnections();
    http.close(() => process.exit(0));
  });
} else {
  process.stderr.write('usage: b1-server.ts stdio|http\n');
  process.exit(2);
}
