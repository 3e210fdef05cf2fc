/**
 * Streamable HTTP on /mcp, plus /healthz, /readyz (/health: its old name) and /metrics,
 * drained gracefully on shutdown. Bound to 127.0.0.1 unless
 * configured; Host and Origin checked; bodies bounded; one Server per session
 * (`http.sessions: stateful`) or per request (`stateless`: see stateless.ts).
 * @see https://modelcontextprotocol.io/specification/2025-06-18/basic/transports#streamable-http
 */
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest, SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { Auth } from '../auth/index.ts';
import { SIGN_IN_CALLBACK_PATH, type SignIn } from '../auth/sign-in/sign-in.ts';
import type { RuntimeConfig } from '../config/schema.ts';
import { createInboundAuth, requireScopes, type InboundAuth } from '../identity/inbound/authenticate.ts';
import { refusal } from '../identity/inbound/challenge.ts';
import { InboundAuthError } from '../identity/inbound/errors.ts';
import { isMetadataPath, metadataUrlFor, resourceMetadata } from '../identity/inbound/resource-metadata.ts';
import type { VerifiedCaller } from '../identity/inbound/types.ts';
import { authInfoFor } from '../identity/static-identity.ts';
import type { IdentityResolver } from '../identity/types.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import { answerDirectCall, cancelDirectCall, directCallOf, directCancel, trackDirectCall } from '../mcp/direct-call.ts';
import { requestIdFrom } from '../mcp/request-id.ts';
import type { ToolSet } from '../mcp/tool-set.ts';
import { ConfigError } from '../errors.ts';
import {
  BodyTooLargeError,
  defaultAllowedHosts,
  exposureProblem,
  hostAllowed,
  originAllowed,
  postRefusal,
  readBody,
} from './request-guards.ts';
import { InFlight } from './in-flight.ts';
import { HANDOFF_PREFIX, handleSessionHandoff } from './session-handoff.ts';
import { SessionRegistry } from './sessions.ts';
import { answerStateless } from './stateless.ts';

/** Resource webhooks live under this path (manifest `subscribe.webhook`). */
export const WEBHOOK_PREFIX = '/hooks/';

/** The `http` section of the runtime configuration. */
export type HttpOptions = RuntimeConfig['http'];

export interface HttpDeps {
  createServer: () => Server;
  /** Without `http.auth`: the configured local user (development, loopback only), or nobody. */
  identity: IdentityResolver;
  /** Per-API auth, for the session hand-off endpoint (with `http.auth`). */
  auths?: ReadonlyMap<string, Auth>;
  /**
   * The current tool set, for tools/calls answered without the SDK transport
   * (mcp/direct-call.ts); absent: every request goes through the session's transport.
   */
  tools?: () => ToolSet;
  /** Scopes a tool needs beyond `http.auth.requiredScopes` (manifest `scopes`). */
  toolScopes?: (name: string) => readonly string[] | undefined;
  /** URL-mode sign-in: its browser callback is served on /oauth/callback, without inbound auth (the state is the credential). */
  signIn?: SignIn;
  /**
   * A resource webhook (`POST /hooks/<name>`, behind the same inbound auth as /mcp): the
   * number of sessions notified, or undefined for a path no resource declares.
   */
  resourceWebhook?: (path: string) => number | undefined;
  /** Verifies inbound tokens; default from `http.auth` (tests inject one). */
  inbound?: InboundAuth;
  logger: Logger;
  metrics: Metrics;
  health: () => Promise<{ status: 'healthy' | 'unhealthy'; [key: string]: unknown }>;
}

export interface HttpHandle {
  url: string;
  sessions: SessionRegistry;
  /**
   * Stops taking work: /readyz answers 503, new requests 503 with `Connection: close`.
   * Resolves true once no request is in flight, false when `graceMs` passes first.
   * The listener stays open meanwhile, so probes see "draining", not a refused connection.
   */
  drain(graceMs: number): Promise<boolean>;
  /** Closes every session and connection (requests still in flight are cut off). */
  close(): Promise<void>;
}

export async function serveHttp(options: HttpOptions, deps: HttpDeps): Promise<HttpHandle> {
  const { logger, metrics } = deps;
  const inbound = deps.inbound ?? (options.auth ? createInboundAuth(options.auth) : undefined);
  const exposed = exposureProblem(options.host, inbound !== undefined);
  if (exposed) throw new ConfigError(exposed);
  const allowedHosts = defaultAllowedHosts(options.host, options.allowedHosts);
  const stateless = options.sessions === 'stateless';
  if (!allowedHosts) logger.warn({ host: options.host }, 'HTTP bound beyond loopback without http.allowedHosts: Host header not checked');
  const sessions = new SessionRegistry({
    idleMs: options.sessionIdleMs,
    max: options.maxSessions,
    maxPerUser: options.maxSessionsPerUser,
    onEvict: (reason) => metrics.sessions.inc({ event: reason === 'closed' ? 'closed' : 'evicted' }),
  });

  const inFlight = new InFlight(metrics.httpInFlight);

  const http = createHttpServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error({ errName: error instanceof Error ? error.name : 'unknown' }, 'HTTP handler failed');
      if (!res.headersSent) jsonRpcError(res, 500, -32603, 'Internal error');
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    // Probes come before the Host check and inbound auth: load balancers and kubelets call
    // them by address, with no token. They tell only check names and pass/fail.
    if (path === '/healthz' && req.method === 'GET') return json(res, 200, { status: 'ok' });
    if ((path === '/readyz' || path === '/health') && req.method === 'GET') {
      if (inFlight.draining) return json(res, 503, { status: 'draining' });
      const { status, timestamp, checks } = await deps.health();
      return json(res, status === 'healthy' ? 200 : 503, { status, timestamp, checks });
    }
    if (!hostAllowed(req, allowedHosts)) return plain(res, 403, 'Forbidden: Host not allowed');
    if (!originAllowed(req, options.allowedOrigins)) return plain(res, 403, 'Forbidden: Origin not allowed');
    if (path === '/metrics' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': metrics.registry.contentType });
      res.end(await metrics.registry.metrics());
      return;
    }
    if (deps.signIn && path === SIGN_IN_CALLBACK_PATH && req.method === 'GET') {
      const answer = await deps.signIn.callback(new URL(req.url ?? '/', 'http://callback').searchParams);
      return signInPage(res, answer);
    }
    if (inbound && isMetadataPath(path ?? '') && req.method === 'GET') {
      return json(res, 200, resourceMetadata(inbound.config, resourceOf(req), inbound.config.requiredScopes ?? []));
    }
    const handoff = inbound && deps.auths && path?.startsWith(HANDOFF_PREFIX);
    const hook = deps.resourceWebhook !== undefined && path?.startsWith(WEBHOOK_PREFIX) === true;
    if (path !== '/mcp' && !handoff && !hook) return plain(res, 404, 'Not found');
    if (inFlight.draining) {
      res.writeHead(503, { 'content-type': 'application/json', connection: 'close' });
      res.end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message: 'The server is shutting down; try again.' }, id: null }));
      return;
    }
    // An open GET event stream never ends by itself: a drain waits for everything else.
    if (req.method !== 'GET') res.once('close', inFlight.enter());
    const caller = inbound ? await authenticate(req, res) : undefined;
    if (inbound && !caller) return;
    // The SDK transport hands `req.auth` to request handlers as `extra.authInfo`.
    if (caller) (req as IncomingMessage & { auth?: AuthInfo }).auth = authInfoFor(caller);
    if (handoff && caller && deps.auths && path) {
      return handleSessionHandoff(req, res, path, caller, {
        auths: deps.auths,
        trustedClients: inbound?.config.trustedClients ?? [],
        maxBodyBytes: options.maxBodyBytes,
        logger,
      });
    }
    if (hook && path) return webhook(req, res, path);
    if (req.method === 'POST') return post(req, res, caller);
    // Stateless: no standalone stream to open (GET) and no session to end (DELETE).
    if (stateless) {
      res.setHeader('allow', 'POST');
      return plain(res, 405, 'Method not allowed');
    }
    if (req.method === 'GET' || req.method === 'DELETE') return existing(req, res, caller);
    res.setHeader('allow', 'GET, POST, DELETE');
    return plain(res, 405, 'Method not allowed');
  }

  /** A change signal: the body is read (bounded) and ignored; only the path matters. */
  async function webhook(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return plain(res, 405, 'Method not allowed');
    }
    try {
      await readBody(req, options.maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return plain(res, 413, 'Payload too large');
      throw error;
    }
    const notified = deps.resourceWebhook?.(path);
    if (notified === undefined) return plain(res, 404, 'Not found');
    return json(res, 202, { notified });
  }

  /** The verified caller, or undefined after answering the refusal (401/400/403/503). */
  async function authenticate(req: IncomingMessage, res: ServerResponse): Promise<VerifiedCaller | undefined> {
    try {
      return await (inbound as InboundAuth).authenticate(req);
    } catch (error) {
      if (!(error instanceof InboundAuthError)) throw error;
      metrics.authFailures.inc({ reason: `inbound_${error.failure}` });
      const answer = refusal(error, metadataUrlFor(resourceOf(req)));
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(JSON.stringify(answer.body));
      return undefined;
    }
  }

  /** This server's resource identifier: configured, else the /mcp URL the request came to. */
  function resourceOf(req: IncomingMessage): string {
    if (inbound?.config.resource) return inbound.config.resource;
    return `http://${req.headers.host ?? `${options.host}:${options.port}`}/mcp`;
  }

  /** 403 insufficient_scope when a tools/call names a tool whose scopes the caller lacks. */
  function scopeRefusal(res: ServerResponse, body: unknown, caller: VerifiedCaller | undefined, req: IncomingMessage): boolean {
    if (!caller || !deps.toolScopes) return false;
    for (const message of Array.isArray(body) ? body : [body]) {
      const m = message as { method?: unknown; params?: { name?: unknown } } | null;
      if (m?.method !== 'tools/call' || typeof m.params?.name !== 'string') continue;
      const scopes = deps.toolScopes(m.params.name);
      if (!scopes || scopes.length === 0) continue;
      try {
        requireScopes(caller, scopes);
      } catch (error) {
        if (!(error instanceof InboundAuthError)) throw error;
        metrics.authFailures.inc({ reason: 'inbound_insufficient_scope' });
        const answer = refusal(error, metadataUrlFor(resourceOf(req)));
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(JSON.stringify(answer.body));
        return true;
      }
    }
    return false;
  }

  async function post(req: IncomingMessage, res: ServerResponse, caller?: VerifiedCaller): Promise<void> {
    let body: unknown;
    try {
      body = JSON.parse(await readBody(req, options.maxBodyBytes));
    } catch (error) {
      if (error instanceof BodyTooLargeError) return jsonRpcError(res, 413, -32600, 'Request body too large');
      return jsonRpcError(res, 400, -32700, 'Parse error: body is not JSON');
    }
    // @see https://www.jsonrpc.org/specification#batch: an empty array is one Invalid Request.
    if (Array.isArray(body) && body.length === 0) return jsonRpcError(res, 400, -32600, 'Invalid Request: empty batch');
    if (scopeRefusal(res, body, caller, req)) return;
    if (stateless) {
      if (deps.tools && (await answerDirectly(req, res, undefined, undefined, body, caller))) return;
      const refused = await answerStateless(req, res, body, { createServer: deps.createServer, maxBodyBytes: options.maxBodyBytes });
      if (refused) jsonRpcError(res, refused.status, -32000, refused.message);
      return;
    }
    if (header(req, 'mcp-session-id')) return existing(req, res, caller, body);
    if (!isInitializeRequest(body)) {
      return jsonRpcError(res, 400, -32000, 'Bad request: no session; send initialize first');
    }
    return initialize(req, res, body, caller);
  }

  /** Opens a session. A request that does not open one keeps nothing. */
  async function initialize(req: IncomingMessage, res: ServerResponse, body: unknown, caller?: VerifiedCaller): Promise<void> {
    const refused = postRefusal(req);
    if (refused) return jsonRpcError(res, refused.status, -32000, refused.message);
    const userKey = userOf(caller);
    if (!sessions.admit(userKey)) return jsonRpcError(res, 503, -32000, 'Too many sessions; try again later');
    const server = deps.createServer();
    // The transport keeps its callbacks for the session's life: they must not hold this
    // request and response (a closure over `res` kept ~1 KB of request objects per idle
    // session), only `answering`, which is let go once the initialize is answered.
    let answering: ServerResponse | undefined = res;
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: newSessionId,
      maxRequestBodySize: options.maxBodyBytes,
      onsessioninitialized: (sessionId) => {
        const done = sessions.open(sessionId, { server, transport, lastSeen: Date.now(), userKey });
        if (answering) answering.once('close', done);
        else done();
        metrics.sessions.inc({ event: 'opened' });
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.forget(transport.sessionId);
    };
    let opened = false;
    try {
      await server.connect(transport);
      await transport.handleRequest(req, res, body);
      opened = transport.sessionId !== undefined && res.statusCode === 200;
    } finally {
      answering = undefined;
      // Closing the server closes its transport, whose onclose forgets the session.
      if (!opened) await server.close();
    }
  }

  /** A request inside a session; a POST keeps the session busy until it is answered. */
  async function existing(req: IncomingMessage, res: ServerResponse, caller?: VerifiedCaller, body?: unknown): Promise<void> {
    const id = header(req, 'mcp-session-id');
    if (!id) return jsonRpcError(res, 400, -32000, 'Bad request: missing Mcp-Session-Id');
    // Checked before the session is touched: another user's request must not even move it in the LRU order.
    const owner = sessions.ownerOf(id);
    if (owner === null) return jsonRpcError(res, 404, -32001, 'Session not found');
    if (owner !== userOf(caller)) return jsonRpcError(res, 403, -32001, 'Session belongs to another user');
    const session = sessions.get(id);
    if (!session) return jsonRpcError(res, 404, -32001, 'Session not found');
    if (req.method === 'POST') res.once('close', sessions.begin(id));
    if (body !== undefined && deps.tools) {
      if (await answerDirectly(req, res, session.server, id, body, caller)) return;
      cancelDirectCall(session.server, body);
    }
    await session.transport.handleRequest(req, res, body);
  }

  /**
   * A tools/call that cannot need the session's stream (or, stateless, any stream),
   * answered as one JSON response without the SDK transport (mcp/direct-call.ts); false
   * to hand the request on. Only
   * requests the SDK transport would accept (Accept, Content-Type, protocol version) are
   * taken, so every refusal stays the SDK's.
   */
  async function answerDirectly(
    req: IncomingMessage,
    res: ServerResponse,
    server: Server | undefined,
    sessionId: string | undefined,
    body: unknown,
    caller?: VerifiedCaller,
  ): Promise<boolean> {
    const tools = (deps.tools as () => ToolSet)();
    const call = directCallOf(body, server, tools);
    if (!call || postRefusal(req)) return false;
    const version = header(req, 'mcp-protocol-version');
    if (version !== undefined && !SUPPORTED_PROTOCOL_VERSIONS.includes(version)) return false;
    const authInfo = caller ? authInfoFor(caller) : undefined;
    const identity = deps.identity.resolve({ transport: 'http', ...(authInfo ? { authInfo } : {}) });
    const cancel = directCancel();
    // Without a session a notifications/cancelled has nothing to name the call by (and may
    // reach another replica): only a hang-up cancels it.
    const untrack = server ? trackDirectCall(server, call.id, cancel) : () => undefined;
    // The client hanging up before the answer cancels the call (its upstream request too).
    const hangUp = () => cancel.cancel();
    res.once('close', hangUp);
    try {
      const answer = await answerDirectCall(call, tools, {
        identity,
        requestId: requestIdFrom(req.headers['x-request-id']),
        network: true,
        controller: cancel.controller,
      });
      if (cancel.cancelled) {
        // Cancelled (notifications/cancelled): no answer, as the SDK's server sends none.
        if (!res.headersSent) res.writeHead(204).end();
      } else {
        const headers = sessionId ? { 'content-type': 'application/json', 'mcp-session-id': sessionId } : { 'content-type': 'application/json' };
        res.writeHead(200, headers).end(JSON.stringify(answer));
      }
    } finally {
      res.off('close', hangUp);
      untrack();
    }
    return true;
  }

  /** The user a request acts for: the verified caller, else the local user (loopback dev), else nobody. */
  function userOf(caller: VerifiedCaller | undefined): string | undefined {
    if (inbound) return caller?.userKey;
    return deps.identity.resolve({ transport: 'http' })?.userKey;
  }

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => resolve());
  });
  const address = http.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}/mcp`;
  deps.signIn?.listening(`http://${host}:${address.port}`);
  return {
    url,
    sessions,
    drain: (graceMs) => inFlight.drain(graceMs),
    async close() {
      await sessions.closeAll();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

function newSessionId(): string {
  return randomUUID();
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(text);
}

/** The page the browser lands on after a URL sign-in: text only, no script, not cached. */
function signInPage(res: ServerResponse, answer: { status: number; title: string; message: string }): void {
  const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${escape(answer.title)}</title></head><body><h1 id="title">${escape(answer.title)}</h1><p id="message">${escape(answer.message)}</p></body></html>`;
  res
    .writeHead(answer.status, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'",
      'referrer-policy': 'no-referrer',
    })
    .end(html);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function jsonRpcError(res: ServerResponse, status: number, code: number, message: string): void {
  json(res, status, { jsonrpc: '2.0', error: { code, message }, id: null });
}
