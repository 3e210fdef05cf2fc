/**
 * Prometheus metrics (the seed's McpMetricsService, as prom-client instruments).
 * One registry per runtime so tests and several servers in one process never share
 * counters.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  registry: Registry;
  toolCalls: Counter<'tool' | 'outcome'>;
  toolDuration: Histogram<'tool'>;
  upstreamCalls: Counter<'api' | 'status'>;
  tokenRefreshes: Counter<'kind' | 'outcome'>;
  authFailures: Counter<'reason'>;
  sessions: Counter<'event'>;
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
      help: 'Upstream HTTP responses by API and status (0 = no response).',
      labelNames: ['api', 'status'],
      registers,
    }),
    tokenRefreshes: new Counter({
      name: 'dta_mcp_token_refreshes_total',
      help: 'Token refreshes by kind (user, service) and outcome.',
      labelNames: ['kind', 'outcome'],
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
  };
}
