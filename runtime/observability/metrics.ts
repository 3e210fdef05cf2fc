/**
 * Prometheus metrics (the seed's McpMetricsService, as prom-client instruments).
 * One registry per runtime so tests and several servers in one process never share
 * counters.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  toolCalls: Counter<'tool' | 'outcome'>;
  toolDuration: Histogram<'tool'>;
  upstreamCalls: Counter<'api' | 'status'>;
  upstreamAuthRetries: Counter<'api'>;
  tokenRefreshes: Counter<'grant' | 'outcome'>;
  authFailures: Counter<'reason'>;
  sessions: Counter<'event'>;
  httpInFlight: Gauge;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics) collectDefaultMetrics({ register: registry, prefix: 'dta_mcp_' });
  const registers = [registry];
  return {
    registry,
    toolCalls: new Counter({
      name: 'dta_mcp_tool_calls_total',
      help: 'Tool calls by tool and outcome (ok, tool_error, upstream_error, auth_required, invalid_arguments, internal_error).',
      labelNames: ['tool', 'outcome'],
      registers,
    }),
    toolDuration: new Histogram({
      name: 'dta_mcp_tool_call_duration_seconds',
      help: 'Wall time of tool calls, including upstream and token refreshes.',
      labelNames: ['tool'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    upstreamCalls: new Counter({
      name: 'dta_mcp_upstream_calls_total',
      help: 'Upstream HTTP responses by API and status (0 = no response), every attempt counted: a 401 followed by a retry is two.',
      labelNames: ['api', 'status'],
      registers,
    }),
    upstreamAuthRetries: new Counter({
      name: 'dta_mcp_upstream_auth_retries_total',
      help: 'Upstream calls sent a second time with a refreshed token after a 401.',
      labelNames: ['api'],
      registers,
    }),
    tokenRefreshes: new Counter({
      name: 'dta_mcp_token_refreshes_total',
      help: 'Token grants made to keep credentials fresh, by grant (refresh_token, token_exchange, client_credentials) and outcome (ok, rejected, transient).',
      labelNames: ['grant', 'outcome'],
      registers,
    }),
    authFailures: new Counter({
      name: 'dta_mcp_auth_failures_total',
      help: 'Calls that could not be authorized, by reason.',
      labelNames: ['reason'],
      registers,
    }),
    sessions: new Counter({
      name: 'dta_mcp_http_sessions_total',
      help: 'HTTP session lifecycle events (opened, closed, evicted).',
      labelNames: ['event'],
      registers,
    }),
    httpInFlight: new Gauge({
      name: 'dta_mcp_http_requests_in_flight',
      help: 'HTTP requests being answered (not counting open GET event streams); a graceful shutdown waits for 0.',
      registers,
    }),
  };
}
