/**
 * Unread metrics (serve over stdio, where there is no /metrics) accept every call that
 * prom-client's instruments accept for recording, so code that records a metric works
 * whichever it is given.
 */
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../runtime/observability/metrics.ts';
import { unreadMetrics } from '../../runtime/observability/unread-metrics.ts';

/** Reading a metric back, and prom-client's exemplar internals, are not recording. */
const NOT_RECORDING = /^(constructor|get|getForPromString|_.*|.*Exemplar.*)$/;

function methodsOf(value: object): string[] {
  const names = new Set<string>();
  for (let o: object | null = value; o && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const name of Object.getOwnPropertyNames(o)) {
      if (typeof (value as Record<string, unknown>)[name] === 'function' && !NOT_RECORDING.test(name)) names.add(name);
    }
  }
  return [...names].sort();
}

describe('unread metrics', () => {
  it('have the same instruments as the prom-client metrics', () => {
    expect(Object.keys(unreadMetrics()).sort()).toEqual(Object.keys(createMetrics()).sort());
  });

  it.each(Object.entries(createMetrics()).filter(([name]) => name !== 'registry'))('%s: takes every recording call prom-client takes', (name, real) => {
    const unread = unreadMetrics()[name as keyof ReturnType<typeof unreadMetrics>] as object;
    const missing = methodsOf(real as object).filter((method) => typeof (unread as Record<string, unknown>)[method] !== 'function');
    expect(missing).toEqual([]);
  });

  it('time and label like prom-client, recording nothing', () => {
    const metrics = unreadMetrics();
    const stop = metrics.toolDuration.startTimer({ tool: 't' });
    expect(() => stop()).not.toThrow();
    expect(() => metrics.toolCalls.labels({ tool: 't', outcome: 'ok' }).inc()).not.toThrow();
  });
});
