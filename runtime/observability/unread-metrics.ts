/**
 * Metrics for a server nobody can scrape: over stdio there is no /metrics endpoint, so
 * counting is work without a reader, and loading prom-client (with @opentelemetry/api,
 * ~80 modules) was ~18 ms of start-up. The same instruments, each doing nothing; every
 * recording method of prom-client's Counter, Gauge and Histogram is here
 * (test/runtime/unread-metrics.test.ts), so code that records a metric never needs to
 * know which kind it was given.
 */
import type { Metrics } from './metrics.ts';

interface Instrument {
  inc(): void;
  dec(): void;
  set(): void;
  setToCurrentTime(): void;
  observe(): void;
  reset(): void;
  remove(): void;
  zero(): void;
  startTimer(): () => number;
  labels(): Instrument;
}

const instrument: Instrument = {
  inc(): void {},
  dec(): void {},
  set(): void {},
  setToCurrentTime(): void {},
  observe(): void {},
  reset(): void {},
  remove(): void {},
  zero(): void {},
  startTimer: () => () => 0,
  labels: () => instrument,
};

const registry = {
  contentType: 'text/plain; version=0.0.4; charset=utf-8',
  metrics: async () => '',
};

export function unreadMetrics(): Metrics {
  const metrics = {
    registry,
    toolCalls: instrument,
    toolDuration: instrument,
    upstreamCalls: instrument,
    upstreamAuthRetries: instrument,
    tokenRefreshes: instrument,
    authFailures: instrument,
    sessions: instrument,
    httpInFlight: instrument,
  } satisfies Record<keyof Metrics, unknown>;
  // prom-client's classes, structurally: the methods above are all their callers use.
  return metrics as unknown as Metrics;
}
