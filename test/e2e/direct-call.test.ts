/**
 * The direct tools/call path (runtime/mcp/direct-call.ts): a call that cannot need the
 * session is answered without the SDK's transport and server — over HTTP as one JSON
 * response, over stdio as one line — with the same result the SDK path gives; calls that
 * may talk back (progress, local handlers, elicitation, a chosen log level) and requests
 * the SDK transport would refuse still go through it; cancellation and hang-ups abort a
 * direct call's upstream request.
 */
import { PassThrough } from 'node:stream';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { serveRuntimeStdio } from '../../runtime/app/serve-stdio.ts';
import type { StdioHandle } from '../../runtime/transports/stdio.ts';
import type { HttpHandle } from '../../runtime/transports/http.ts';
import { createToolExecutor } from '../../runtime/mcp/tool-executor.ts';
import type { ToolRegistry } from '../../runtime/tools/types.ts';
import { createLogger } from '../../runtime/observability/logger.ts';
import { unreadMetrics } from '../../runtime/observability/unread-metrics.ts';
import { createUpstreamClients } from '../../runtime/upstream/clients.ts';
import { logSink, registry, serveOverHttp, startHarness, type Harness } from './support.ts';

const PROTOCOL = '2025-06-18';

let h: Harness;
let http: HttpHandle;
beforeAll(async () => {
  h = await startHarness();
  http = await serveOverHttp(h.runtime);
});
afterAll(async () => {
  await http.close();
  await h.close();
});
beforeEach(() => {
  h.sandbox.reset();
  h.logs.length = 0;
});

interface Answer {
  status: number;
  type: string | null;
  /** The JSON-RPC response to the request (from JSON or the SSE stream); undefined when none came. */
  message?: { id?: unknown; result?: Record<string, unknown>; error?: { code: number; message: string } };
}

function post(body: object, session?: string, headers: Record<string, string> = {}, signal?: AbortSignal, url = http.url): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(session ? { 'mcp-session-id': session, 'mcp-protocol-version': PROTOCOL } : {}),
      ...headers,
    },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
}

async function answerOf(response: Response): Promise<Answer> {
  const type = response.headers.get('content-type');
  const text = await response.text();
  let message: Answer['message'];
  if (type?.startsWith('application/json') && text) message = JSON.parse(text) as Answer['message'];
  if (type?.startsWith('text/event-stream')) {
    // The stream may carry notifications first; the response is the message with an id.
    const messages = text
      .split('\n')
      .filter((l) => l.startsWith('data: '))
      .map((l) => JSON.parse(l.slice(6)) as NonNullable<Answer['message']>);
    message = messages.find((m) => m.id !== undefined);
  }
  return { status: response.status, type, ...(message ? { message } : {}) };
}

async function openSession(capabilities: object = {}, url = http.url): Promise<string> {
  const initialize = { jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: PROTOCOL, capabilities, clientInfo: { name: 'raw', version: '1' } } };
  const r = await post(initialize, undefined, {}, undefined, url);
  await r.text();
  const session = r.headers.get('mcp-session-id');
  if (!session) throw new Error(`initialize answered ${r.status}`);
  await (await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, session, {}, undefined, url)).text();
  return session;
}

/** A call the client abandons (`send` with the signal it aborts) is cancelled upstream. */
async function expectHangUpCancels(send: (signal: AbortSignal) => Promise<Response>): Promise<void> {
  h.sandbox.faults.apiDelayMs = 5_000;
  const controller = new AbortController();
  const pending = send(controller.signal).catch((error: unknown) => error);
  await until(() => h.logs.some((l) => l.includes('"tool call started"')));
  controller.abort();
  expect(await pending).toBeInstanceOf(Error);
  await until(() => outcomes().includes('cancelled'));
  h.sandbox.faults.apiDelayMs = 0;
}

const call = (id: number, name: string, args: object = {}, meta?: object) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name, arguments: args, ...(meta ? { _meta: meta } : {}) },
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(condition()).toBe(true);
}

const outcomes = () =>
  h.logs
    .map((l) => JSON.parse(l) as { msg?: string; outcome?: string })
    .filter((l) => l.msg === 'tool call')
    .map((l) => l.outcome);

describe('direct tools/call over Streamable HTTP', () => {
  it('answers a plain call as one JSON response with the result the SDK path gives', async () => {
    const session = await openSession();
    const direct = await answerOf(await post(call(1, 'get-user-profile'), session));
    expect(direct.status).toBe(200);
    expect(direct.type).toBe('application/json');
    expect(direct.message?.id).toBe(1);
    // The same call with a progress token must go through the SDK (its stream carries progress).
    const throughSdk = await answerOf(await post(call(2, 'get-user-profile', {}, { progressToken: 'p' }), session));
    expect(throughSdk.type).toBe('text/event-stream');
    expect(direct.message?.result).toEqual(throughSdk.message?.result);
    expect(direct.message?.result?.structuredContent).toMatchObject({ id: 'alice' });
    expect(h.sandbox.requests.filter((r) => r.path === '/user/profile').map((r) => r.auth)).toEqual([
      expect.objectContaining({ kind: 'user', sub: 'alice' }),
      expect.objectContaining({ kind: 'user', sub: 'alice' }),
    ]);
  });

  it('gives an upstream error the same isError result as the SDK path', async () => {
    const session = await openSession();
    h.sandbox.faults.alwaysUnauthorized = true;
    const direct = await answerOf(await post(call(1, 'get-user-profile'), session));
    const throughSdk = await answerOf(await post(call(2, 'get-user-profile', {}, { progressToken: 'p' }), session));
    h.sandbox.faults.alwaysUnauthorized = false;
    expect(direct.type).toBe('application/json');
    expect(direct.message?.result?.isError).toBe(true);
    expect(direct.message?.result).toEqual(throughSdk.message?.result);
  });

  it('leaves a local tool, an unknown tool and malformed params to the SDK server', async () => {
    const session = await openSession();
    const local = await answerOf(await post(call(1, 'get-current-time', { format: 'ISO', timezone: 'UTC' }), session));
    expect(local.type).toBe('text/event-stream');
    expect(local.message?.result?.isError).toBeFalsy();
    const unknown = await answerOf(await post(call(2, 'no-such-tool'), session));
    expect(unknown.type).toBe('text/event-stream');
    expect(unknown.message?.error?.code).toBe(-32602);
    const malformed = await answerOf(await post({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'get-user-profile', arguments: [1] } }, session));
    expect(malformed.message?.error?.code).toBe(-32602);
  });

  it('leaves calls to the SDK server once the client can elicit or has chosen a log level', async () => {
    const eliciting = await openSession({ elicitation: { url: {} } });
    expect((await answerOf(await post(call(1, 'get-user-profile'), eliciting))).type).toBe('text/event-stream');
    const logging = await openSession();
    await (await post({ jsonrpc: '2.0', id: 1, method: 'logging/setLevel', params: { level: 'info' } }, logging)).text();
    const logged = await answerOf(await post(call(2, 'get-user-profile'), logging));
    expect(logged.type).toBe('text/event-stream');
    expect(logged.message?.result?.isError).toBeFalsy();
  });

  it("keeps the SDK transport's refusals: unsupported protocol version, Accept without event streams", async () => {
    const session = await openSession();
    const version = await post(call(1, 'get-user-profile'), session, { 'mcp-protocol-version': '1999-01-01' });
    expect(version.status).toBe(400);
    await version.text();
    const accept = await post(call(2, 'get-user-profile'), session, { accept: 'application/json' });
    expect(accept.status).toBe(406);
    await accept.text();
    expect(h.sandbox.requests).toHaveLength(0);
  });

  it('aborts a direct call named by notifications/cancelled, and sends no result', async () => {
    const session = await openSession();
    h.sandbox.faults.apiDelayMs = 5_000;
    const pending = post(call(7, 'get-user-profile'), session);
    await until(() => h.logs.some((l) => l.includes('"tool call started"')));
    const cancel = await post({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 7, reason: 'user stopped' } }, session);
    expect(cancel.status).toBe(202);
    await cancel.text();
    const answer = await pending;
    h.sandbox.faults.apiDelayMs = 0;
    expect(answer.status).toBe(204);
    expect(await answer.text()).toBe('');
    await until(() => outcomes().includes('cancelled'));
  });

  it('aborts a direct call when the client hangs up', async () => {
    const session = await openSession();
    await expectHangUpCancels((signal) => post(call(8, 'get-user-profile'), session, {}, signal));
  });
});

describe('direct tools/call over stateless HTTP', () => {
  let stateless: HttpHandle;
  beforeAll(async () => {
    stateless = await serveOverHttp(h.runtime, { sessions: 'stateless' });
  });
  afterAll(() => stateless.close());
  const postTo = (body: object, signal?: AbortSignal) => post(body, undefined, { 'mcp-protocol-version': PROTOCOL }, signal, stateless.url);

  it('answers a plain call as JSON, without a server per request, with the result the SDK path gives', async () => {
    let created = 0;
    const createServer = h.runtime.createServer.bind(h.runtime);
    h.runtime.createServer = (transport) => {
      created++;
      return createServer(transport);
    };
    const direct = await answerOf(await postTo(call(1, 'get-user-profile')));
    expect(direct.type).toBe('application/json');
    expect(created).toBe(0);
    const throughSdk = await answerOf(await postTo(call(2, 'get-user-profile', {}, { progressToken: 'p' })));
    expect(throughSdk.type).toBe('text/event-stream');
    expect(created).toBe(1);
    h.runtime.createServer = createServer;
    expect(direct.message?.result).toEqual(throughSdk.message?.result);
    expect(direct.message?.result?.structuredContent).toMatchObject({ id: 'alice' });
  });

  it('aborts the call when the client hangs up', async () => {
    await expectHangUpCancels((signal) => postTo(call(3, 'get-user-profile'), signal));
  });
});

describe('direct tools/call over stdio', () => {
  let served: StdioHandle;
  let input: PassThrough;
  const received: { id?: unknown; method?: string; result?: Record<string, unknown> }[] = [];
  const send = (message: object) => input.write(`${JSON.stringify(message)}\n`);
  const answerTo = async (id: number) => {
    await until(() => received.some((m) => m.id === id));
    return received.find((m) => m.id === id)!;
  };

  beforeAll(async () => {
    input = new PassThrough();
    const output = new PassThrough();
    createInterface({ input: output }).on('line', (line) => received.push(JSON.parse(line) as (typeof received)[number]));
    served = await serveRuntimeStdio(h.runtime, { input, output });
    send({ jsonrpc: '2.0', id: 0, method: 'initialize', params: { protocolVersion: PROTOCOL, capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
    await answerTo(0);
    send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  });
  afterAll(async () => {
    await served.close();
  });

  it('answers a plain call with the result the SDK path gives, on one line', async () => {
    send(call(1, 'get-user-profile'));
    send(call(2, 'get-user-profile', {}, { progressToken: 'p' }));
    const direct = await answerTo(1);
    const throughSdk = await answerTo(2);
    expect(direct.result?.structuredContent).toMatchObject({ id: 'alice' });
    expect(direct.result).toEqual(throughSdk.result);
    // Only the SDK path sent progress: proof the first call did not go through it.
    expect(received.filter((m) => m.method === 'notifications/progress').length).toBeGreaterThanOrEqual(2);
  });

  it('sends nothing for a cancelled call, answers the next, and lets a drain wait for a call in flight', async () => {
    h.sandbox.faults.apiDelayMs = 5_000;
    send(call(3, 'get-user-profile'));
    await until(() => h.logs.some((l) => l.includes('"tool call started"')));
    send({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 3 } });
    await until(() => outcomes().includes('cancelled'));
    h.sandbox.faults.apiDelayMs = 300;
    send(call(4, 'get-user-profile'));
    await until(() => h.logs.filter((l) => l.includes('"tool call started"')).length === 2);
    const drained = await served.drain(10_000);
    expect(drained).toBe(true);
    expect((await answerTo(4)).result?.isError).toBeFalsy();
    expect(received.some((m) => m.id === 3)).toBe(false);
    h.sandbox.faults.apiDelayMs = 0;
  });
});

describe('the tool call log line without metrics (stdio)', () => {
  it('carries the call\'s real duration when metrics are not kept', async () => {
    const sink = logSink();
    const executor = createToolExecutor({
      registry,
      clients: createUpstreamClients(registry, h.runtime.config.apis),
      credentials: h.runtime.credentials,
      logger: createLogger({ level: 'info', destination: sink.stream }),
      metrics: unreadMetrics(),
      upstreamTimeoutMs: 10_000,
    });
    h.sandbox.faults.apiDelayMs = 150;
    const result = await executor.call('get-user-profile', {}, { identity: h.runtime.identity.resolve({ transport: 'stdio' }), signal: new AbortController().signal });
    h.sandbox.faults.apiDelayMs = 0;
    expect(result.isError).toBeFalsy();
    const line = sink.lines.map((l) => JSON.parse(l) as { msg?: string; ms?: number }).find((l) => l.msg === 'tool call');
    expect(line?.ms).toBeGreaterThanOrEqual(140);
  });
});

describe('ToolExecutor.callsBack', () => {
  it('is true for local tools, tools with confirm and unknown names; false for a plain upstream tool', () => {
    const confirming: ToolRegistry = {
      ...registry,
      tools: registry.tools.map((t) => (t.definition.name === 'update-user-settings' ? { ...t, confirm: { message: 'Change your settings?' } } : t)),
    };
    const executor = createToolExecutor({
      registry: confirming,
      clients: new Map(),
      credentials: { for: () => undefined },
      logger: h.runtime.logger,
      metrics: h.runtime.metrics,
      upstreamTimeoutMs: 1_000,
    });
    expect(executor.callsBack('get-user-profile')).toBe(false);
    expect(executor.callsBack('get-current-time')).toBe(true);
    expect(executor.callsBack('update-user-settings')).toBe(true);
    expect(executor.callsBack('no-such-tool')).toBe(true);
  });
});

describe('a direct call past its upstream deadline', () => {
  let slow: Harness;
  let slowHttp: HttpHandle;
  beforeAll(async () => {
    slow = await startHarness({ config: (base) => ({ ...base, upstream: { ...base.upstream, timeoutMs: 300 } }) });
    slowHttp = await serveOverHttp(slow.runtime);
  });
  afterAll(async () => {
    await slowHttp.close();
    await slow.close();
  });

  it('is answered with the timeout result, not dropped as a cancellation (HTTP and stdio)', async () => {
    slow.sandbox.faults.apiDelayMs = 3_000;
    const session = await openSession({}, slowHttp.url);
    const response = await post(call(1, 'get-user-profile'), session, {}, undefined, slowHttp.url);
    const answer = await answerOf(response);
    expect(answer.status).toBe(200);
    expect(answer.type).toBe('application/json');
    expect(answer.message?.result?.isError).toBe(true);
    expect(JSON.stringify(answer.message?.result)).toContain('upstream_timeout');

    const input = new PassThrough();
    const output = new PassThrough();
    const lines: { id?: unknown; result?: Record<string, unknown> }[] = [];
    createInterface({ input: output }).on('line', (line) => lines.push(JSON.parse(line) as (typeof lines)[number]));
    const served = await serveRuntimeStdio(slow.runtime, { input, output });
    input.write(`${JSON.stringify(call(2, 'get-user-profile'))}\n`);
    await until(() => lines.some((m) => m.id === 2));
    expect(JSON.stringify(lines.find((m) => m.id === 2)?.result)).toContain('upstream_timeout');
    await served.close();
    slow.sandbox.faults.apiDelayMs = 0;
  });
});
