/**
 * The fetch one tool call's upstream requests go through: it stamps the call's request id
 * on every attempt (`X-Request-Id`, so upstream logs correlate), counts every response by
 * status and logs one debug line per attempt (method, path without query, status, ms).
 *
 * It is a fetch, not a middleware, because the 401-retry middleware resends through
 * `options.fetch`, past every middleware: only the fetch sees both the rejected attempt
 * and the retry.
 * @see https://openapi-ts.dev/openapi-fetch/api#fetch-options (a per-request `fetch`)
 */
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';

export const REQUEST_ID_HEADER = 'X-Request-Id';

export interface ObserveOptions {
  api: string;
  requestId: string;
  /** Carries the call's fields (tool, user, requestId). */
  logger: Logger;
  metrics: Metrics;
  fetch?: (request: Request) => Promise<Response>;
}

export function observedFetch({ api, requestId, logger, metrics, fetch = globalThis.fetch }: ObserveOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    request.headers.set(REQUEST_ID_HEADER, requestId);
    const fields = { api, method: request.method, path: new URL(request.url).pathname };
    const started = performance.now();
    let response: Response;
    try {
      response = await fetch(request);
    } catch (error) {
      metrics.upstreamCalls.inc({ api, status: '0' });
      const reason = error instanceof Error ? error.name : 'unknown';
      logger.warn({ ...fields, reason, ms: elapsed(started) }, 'upstream unreachable');
      throw error;
    }
    metrics.upstreamCalls.inc({ api, status: String(response.status) });
    logger.debug({ ...fields, status: response.status, ms: elapsed(started) }, 'upstream response');
    return response;
  };
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
