/**
 * What one tools/call may send back to its caller while it runs: log messages, progress,
 * and requests to the client (elicitation, sampling). Built by the tools feature from
 * the SDK's per-request `extra`, so everything travels on the request's own stream
 * (Streamable HTTP answers it on the POST's SSE stream).
 * @see https://modelcontextprotocol.io/specification/2025-06-18/server/utilities/logging
 * @see https://modelcontextprotocol.io/specification/2025-06-18/basic/utilities/progress
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import {
  CreateMessageResultSchema,
  type CreateMessageRequestParams,
  type CreateMessageResult,
  type ElicitRequestParams,
  type ElicitResult,
  type LoggingLevel,
  type ServerNotification,
  type ServerRequest,
} from '@modelcontextprotocol/sdk/types.js';
import { scrubSecrets } from '../observability/scrub.ts';
import { ClientCapabilityError } from '../tools/types.ts';
import { clientSession, type ClientSession } from './client-session.ts';
import { atOrAbove, sessionLogLevel } from './features/logging.ts';

/** The logger name on every `notifications/message` the server sends. */
export const LOGGER_NAME = 'dta-mcp';
/** Until the client sends `logging/setLevel`, messages below this are withheld. */
export const DEFAULT_CLIENT_LOG_LEVEL: LoggingLevel = 'info';
/** A log message's data is bounded: past this many characters of JSON it is sent as a cut string. */
export const MAX_LOG_DATA_CHARS = 8_000;

/**
 * The client side of one call (client-session.ts: capabilities, elicitation) plus what a
 * running call sends back: log messages, progress, sampling requests.
 */
export interface CallSession extends ClientSession {
  /** The level the client chose; undefined until it sends `logging/setLevel`. */
  readonly logLevel: LoggingLevel | undefined;
  /** A `notifications/message` when `level` passes the session's level; scrubbed, bounded; never throws. */
  log(level: LoggingLevel, data: unknown, secrets?: Iterable<string>): Promise<void>;
  /** Whether the request carried a progress token (only then is progress sent). */
  readonly wantsProgress: boolean;
  /** A `notifications/progress`; values must increase (a lower or equal one is dropped); never throws. */
  progress(progress: number, total?: number, message?: string): Promise<void>;
  /** The last progress value sent (-1 before any): a caller's final report goes past it. */
  readonly lastProgress: number;
  /** `sampling/createMessage` on the call's stream; ClientCapabilityError without sampling. */
  sample(params: CreateMessageRequestParams): Promise<CreateMessageResult>;
}

export type RequestExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

export function callSession(server: Server, extra: RequestExtra): CallSession {
  const progressToken = extra._meta?.progressToken;
  let last = -1;
  return {
    ...clientSession(server, extra),
    get logLevel() {
      return sessionLogLevel(server);
    },
    async log(level, data, secrets = []) {
      if (!atOrAbove(level, sessionLogLevel(server) ?? DEFAULT_CLIENT_LOG_LEVEL)) return;
      await extra
        .sendNotification({ method: 'notifications/message', params: { level, logger: LOGGER_NAME, data: scrubbed(data, secrets) } })
        .catch(() => undefined);
    },
    wantsProgress: progressToken !== undefined,
    get lastProgress() {
      return last;
    },
    async progress(progress, total, message) {
      if (progressToken === undefined || !Number.isFinite(progress) || progress <= last) return;
      last = progress;
      const params = { progressToken, progress, ...(total !== undefined ? { total } : {}), ...(message ? { message } : {}) };
      await extra.sendNotification({ method: 'notifications/progress', params }).catch(() => undefined);
    },
    async sample(params) {
      if (!server.getClientCapabilities()?.sampling) throw new ClientCapabilityError('sampling');
      return extra.sendRequest({ method: 'sampling/createMessage', params }, CreateMessageResultSchema, { signal: extra.signal });
    },
  };
}

/**
 * Progress around an upstream call, for a caller that asked for it: 0 at the start, and
 * one past the last value at the end (a paginated fetch reports its pages in between
 * through `session.progress`).
 */
export async function withProgress<T>(session: CallSession | undefined, label: string, work: () => Promise<T>): Promise<T> {
  if (!session?.wantsProgress) return work();
  await session.progress(0, undefined, `Calling ${label}`);
  try {
    return await work();
  } finally {
    const done = session.lastProgress + 1;
    await session.progress(done, done, `Done: ${label}`);
  }
}

/** A local handler's `elicit`: the typed error when the client cannot take the request. */
export async function elicitFor(session: ClientSession | undefined, params: ElicitRequestParams): Promise<ElicitResult> {
  const mode = params.mode === 'url' ? 'url' : 'form';
  if (!session?.canElicit(mode)) throw new ClientCapabilityError(mode === 'url' ? 'elicitation.url' : 'elicitation');
  return session.elicit(params);
}

/** A local handler's `sample`: the typed error outside MCP or when the client did not declare sampling. */
export async function sampleFor(session: CallSession | undefined, params: CreateMessageRequestParams): Promise<CreateMessageResult> {
  if (!session) throw new ClientCapabilityError('sampling');
  return session.sample(params);
}

/**
 * Credentials out (the call's own, and anything shaped like one), size bounded. Strings
 * are scrubbed as they are; other values through their JSON, kept structured when they
 * still parse.
 */
function scrubbed(data: unknown, secrets: Iterable<string>): unknown {
  if (typeof data === 'string') return bound(scrubSecrets(data, secrets));
  let json: string | undefined;
  try {
    json = JSON.stringify(data);
  } catch {
    return '(unserialisable log data)';
  }
  if (json === undefined) return null;
  const clean = scrubSecrets(json, secrets);
  if (clean.length > MAX_LOG_DATA_CHARS) return bound(clean);
  try {
    return JSON.parse(clean) as unknown;
  } catch {
    return clean;
  }
}

function bound(text: string): string {
  return text.length <= MAX_LOG_DATA_CHARS ? text : `${text.slice(0, MAX_LOG_DATA_CHARS)}… [truncated ${text.length - MAX_LOG_DATA_CHARS} characters]`;
}
