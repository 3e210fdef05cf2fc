/**
 * tools/call: validate arguments, resolve identity and credentials by authType, run the
 * generated handler, and turn the outcome into a result. Anything a tool does wrong is
 * an `isError` result; only an unknown tool is a protocol error (thrown as McpError).
 */
import type { Client } from 'openapi-fetch';
import { ErrorCode, McpError, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Credentials } from '../auth/credentials.ts';
import { AuthRequiredError, ConfigError, ToolArgumentsError } from '../errors.ts';
import type { Identity } from '../identity/types.ts';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { GeneratedTool, ToolRegistry, UpstreamContext, UpstreamOutcome, UpstreamTool } from '../tools/types.ts';
import { withCredentials } from '../upstream/attach-credentials.ts';
import { deadline } from '../upstream/deadline.ts';
import { dispatchWith } from '../upstream/dispatch.ts';
import { observed } from '../upstream/observe.ts';
import { crossOriginTarget, followSameOrigin } from '../upstream/redirects.ts';
import type { Send } from '../tools/types.ts';
import { redirectResult } from './redirect-result.ts';
import { newRequestId } from './request-id.ts';
import type { SignIn } from '../auth/sign-in/sign-in.ts';
import { localResult } from './local-result.ts';
import { mediaResult } from './media.ts';
import { elicitFor, sampleFor, withProgress, type CallSession } from './session.ts';
import { confirmCall } from './elicitation/confirm.ts';
import { withSignIn } from './elicitation/sign-in.ts';
import type { ArgValidator } from './arg-validators.ts';
import { compileArgValidators, lazyOutputValidators } from './arg-validators.ts';
import { classifyError } from './classify-error.ts';
import { shapedResult } from './shaped-result.ts';
import { schemaMismatchResult, successResult, upstreamErrorResult } from './results.ts';

export interface ExecutorOptions {
  registry: ToolRegistry;
  clients: ReadonlyMap<string, Client<{}>>;
  /** The credentials seam (runtime/auth/credentials.ts). */
  credentials: Pick<Credentials, 'for'>;
  logger: Logger;
  metrics: Metrics;
  /** Per-call upstream deadline, including any token refresh. */
  upstreamTimeoutMs: number;
  /** URL-mode sign-in for user-token calls without a usable session (auth/sign-in/). */
  signIn?: SignIn;
  /** The bottom of every upstream request; default the process's undici pool (upstream/dispatch.ts). */
  dispatch?: Send;
}

export interface CallOptions {
  identity: Identity | undefined;
  /**
   * Ties this call's log lines and upstream requests together (`requestId` in the log,
   * `X-Request-Id` upstream); default a random one. See request-id.ts.
   */
  requestId?: string;
  /** A network (HTTP) caller: without an identity it may use only `none` tools. */
  network?: boolean;
  signal: AbortSignal;
  /**
   * The controller behind `signal`, when the caller made it for this call alone: the
   * upstream deadline then aborts it with a TimeoutError rather than linking a second
   * controller to it (upstream/deadline.ts).
   */
  controller?: AbortController;
  /**
   * The calling client (capabilities, elicitation) and what the call sends back to it
   * (log messages, progress, sampling): session.ts. Absent when called outside MCP.
   */
  session?: CallSession;
}

export interface FetchOptions {
  identity: Identity | undefined;
  requestId?: string;
  signal: AbortSignal;
  secrets: Set<string>;
}

/** What one call carries down the path, built once where it enters (call, fetchUpstream). */
interface Call {
  identity: Identity | undefined;
  signal: AbortSignal;
  /** Every credential attached upstream during this call, to be scrubbed from its result. */
  secrets: Set<string>;
  log: Logger;
  requestId: string;
  session?: CallSession | undefined;
  controller?: AbortController | undefined;
}

export interface ToolExecutor {
  /**
   * Whether a call of this tool may talk back to the client while it runs (a local
   * handler's log, progress, elicitation or sampling; `confirm`); true for a name that
   * is not a tool. Only calls that cannot may be answered without a session (direct-call.ts).
   */
  callsBack(name: string): boolean;
  call(name: string, args: unknown, options: CallOptions): Promise<CallToolResult>;
  /**
   * One upstream call through the same path as tools/call (credentials by authType, auth
   * middleware with its 401 retry, timeout, observed fetch), the outcome unshaped: what
   * resources/read builds on. `secrets` collects the credentials sent, to scrub.
   */
  fetchUpstream(tool: UpstreamTool, args: unknown, options: FetchOptions): Promise<UpstreamOutcome>;
}

export function createToolExecutor(options: ExecutorOptions): ToolExecutor {
  const tools = new Map<string, GeneratedTool>(options.registry.tools.map((t) => [t.definition.name, t]));
  const validators = compileArgValidators(options.registry.tools.map((t) => t.definition));
  const outputValidator = lazyOutputValidators(options.registry.tools.map((t) => t.definition));
  const { logger, metrics } = options;
  const dispatch = options.dispatch ?? dispatchWith();

  return {
    callsBack(name) {
      const tool = tools.get(name);
      return tool === undefined || tool.kind === 'local' || tool.confirm !== undefined;
    },
    fetchUpstream(tool, args, { identity, signal, secrets, requestId = newRequestId() }) {
      const log = logger.child({ requestId, resource: tool.definition.name, authType: tool.authType, user: identity?.userKey });
      return invokeUpstream(tool, args, { identity, signal, secrets, log, requestId });
    },
    async call(name, rawArgs, { identity, network = false, signal, requestId = newRequestId(), session, controller }) {
      const tool = tools.get(name);
      if (!tool) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${name}`);
      const args = rawArgs ?? {};
      // Timed here, not by the metrics library: the log line needs the time even where
      // metrics are not kept (stdio, observability/unread-metrics.ts).
      const started = performance.now();
      const log = logger.child({ requestId, tool: name, authType: tool.authType, user: identity?.userKey });
      log.debug('tool call started');
      let outcome = 'ok';
      const secrets = new Set<string>();
      const call: Call = { identity, signal, secrets, log, requestId, session, controller };
      try {
        if (network && !identity && tool.authType !== 'none') {
          throw new AuthRequiredError(
            `The tool "${name}" uses credentials, and this HTTP caller is not authenticated (the server needs http.auth for network callers).`,
          );
        }
        checkArgs(validators.get(name), args);
        const declined = tool.confirm ? await confirmCall(tool, args, session, log) : undefined;
        if (declined) {
          outcome = 'declined';
          return declined;
        }
        const attempt = () => run(tool, args, call);
        const result = await withSignIn(attempt, { tool, identity, session, signIn: options.signIn, signal, log });
        if (result.isError) outcome = 'upstream_error';
        return result;
      } catch (error) {
        const { result, kind } = classifyError(error, log, options.upstreamTimeoutMs, secrets);
        outcome = kind;
        if (kind === 'auth_required') metrics.authFailures.inc({ reason: 'auth_required' });
        return result;
      } finally {
        metrics.toolCalls.inc({ tool: name, outcome });
        const seconds = (performance.now() - started) / 1000;
        metrics.toolDuration.observe({ tool: name }, seconds);
        const ms = Math.round(seconds * 1000);
        log.info({ outcome, ms }, 'tool call');
        // The client's own copy, once it opted in with logging/setLevel (not unasked: a
        // message per call is noise for a client that never chose a level).
        if (session?.logLevel !== undefined) {
          await session.log(outcome === 'ok' || outcome === 'declined' ? 'info' : 'error', { tool: name, outcome, ms }, secrets);
        }
      }
    },
  };

  async function run(tool: GeneratedTool, args: unknown, call: Call): Promise<CallToolResult> {
    const { identity, session } = call;
    if (tool.kind === 'local') {
      if (tool.authType === 'user-token' && !identity) {
        throw new AuthRequiredError(`The tool "${tool.definition.name}" needs a signed-in user.`);
      }
      const value = await tool.handler(args, {
        signal: call.signal,
        userKey: identity?.userKey,
        log: async (level, data) => session?.log(level, data),
        progress: async (progress, total, message) => session?.progress(progress, total, message),
        elicit: (params) => elicitFor(session, params),
        sample: (params) => sampleFor(session, params),
      });
      if (value instanceof Blob) return mediaResult(value, { uri: resultUri(tool) });
      return localResult(value, { structured: tool.definition.outputSchema !== undefined });
    }
    const label = `${tool.operation.method.toUpperCase()} ${tool.operation.path}`;
    return withProgress(session, label, () => runUpstream(tool, args, call));
  }

  async function runUpstream(tool: UpstreamTool, args: unknown, call: Call): Promise<CallToolResult> {
    const { secrets } = call;
    const { data, error, response } = await invokeUpstream(tool, args, call);
    const elsewhere = crossOriginTarget(response);
    if (elsewhere) return redirectResult(elsewhere, { status: response.status, secrets });
    if (!response.ok) return upstreamErrorResult(response.status, response.statusText, error, secrets);
    if (data instanceof Blob) return mediaResult(data, { uri: resultUri(tool), secrets });
    const check = outputValidator(tool.definition.name);
    if (check) {
      const verdict = check(data);
      if (!verdict.ok) {
        // The upstream drifted from its spec: tell the operator, and give the model the
        // data as text (a non-conforming structuredContent would fail the client's check).
        logger.warn({ tool: tool.definition.name, problems: verdict.message.slice(0, 500) }, 'upstream response does not match the output schema');
        return schemaMismatchResult(data, verdict.message, secrets);
      }
    }
    return shapedResult(tool, args, data, response, { check, secrets });
  }

  /** The upstream call itself, shared by tools/call and resources/read (fetchUpstream). */
  async function invokeUpstream(tool: UpstreamTool, args: unknown, call: Call): Promise<UpstreamOutcome> {
    const { secrets, log, requestId } = call;
    const client = options.clients.get(tool.api);
    if (!client) throw new ConfigError(`API "${tool.api}" is not configured.`);
    const source = options.credentials.for(tool, call.identity);
    const limit = deadline(call.signal, options.upstreamTimeoutMs, call.controller);
    const { signal } = limit;
    const api = tool.api;
    // Top to bottom: credentials (and their one retry on a 401), same-origin redirects,
    // observation of every attempt, the connection pool.
    let send: Send = followSameOrigin(observed(dispatch, { api, requestId, logger: log, metrics }));
    if (source) send = withCredentials(send, source, tool.credential, secrets, { onRetry: () => metrics.upstreamAuthRetries.inc({ api }) });
    const headers = tool.accept ? { accept: tool.accept } : undefined;
    try {
      const ctx: UpstreamContext<{}> = { client, init: { send, signal, ...(headers ? { headers } : {}) } };
      return await tool.handler(args, ctx);
    } finally {
      limit.clear();
    }
  }
}

/** Names a binary result embedded as a resource: stable, and free of the upstream URL's query. */
function resultUri(tool: GeneratedTool): string {
  return `dta://${tool.definition.name}/result`;
}

function checkArgs(validator: ArgValidator | undefined, args: unknown): void {
  if (!validator) return;
  const verdict = validator(args);
  if (!verdict.ok) throw new ToolArgumentsError(`Invalid arguments: ${verdict.message}`);
}
