/**
 * The step of a call that sees every attempt on the wire, retries and redirects
 * included: it stamps the call's request id (`X-Request-Id`, so upstream logs correlate),
 * counts every response by status and logs one debug line per attempt (method, path
 * without query, status, ms). It sits below the credentials step (its 401 retry goes
 * through here too) and below redirects (every hop is seen).
 */
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { Send } from '../tools/types.ts';

export const REQUEST_ID_HEADER = 'X-Request-Id';
const REQUEST_ID_KEY = REQUEST_ID_HEADER.toLowerCase();

export interface ObserveOptions {
  api: string;
  requestId: string;
  /** Carries the call's fields (tool, user, requestId). */
  logger: Logger;
  metrics: Metrics;
}

export function observed(send: Send, { api, requestId, logger, metrics }: ObserveOptions): Send {
  const debug = logger.isLevelEnabled('debug');
  return async (request) => {
    request.headers[REQUEST_ID_KEY] = requestId;
    const started = performance.now();
    try {
      const response = await send(request);
      metrics.upstreamCalls.inc({ api, status: String(response.status) });
      if (debug) logger.debug({ ...fieldsOf(api, request), status: response.status, ms: elapsed(started) }, 'upstream response');
      return response;
    } catch (error) {
      metrics.upstreamCalls.inc({ api, status: '0' });
      const reason = error instanceof Error ? error.name : 'unknown';
      logger.warn({ ...fieldsOf(api, request), reason, ms: elapsed(started) }, 'upstream unreachable');
      throw error;
    }
  };
}

function fieldsOf(api: string, request: { method: string; url: string }) {
  return { api, method: request.method, path: new URL(request.url).pathname };
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
