/** The drain a graceful shutdown waits on: requests counted in and out, a bounded wait. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InFlight } from '../../runtime/transports/in-flight.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('InFlight', () => {
  it('drains at once when nothing is in flight, and stays draining', async () => {
    const inFlight = new InFlight();
    expect(inFlight.draining).toBe(false);
    await expect(inFlight.drain(1_000)).resolves.toBe(true);
    expect(inFlight.draining).toBe(true);
  });

  it('resolves true when the last request in flight is answered', async () => {
    const inFlight = new InFlight();
    const first = inFlight.enter();
    const second = inFlight.enter();
    let drained: boolean | undefined;
    void inFlight.drain(10_000).then((d) => (drained = d));
    first();
    first(); // leaving twice counts once
    await vi.advanceTimersByTimeAsync(0);
    expect(drained).toBeUndefined();
    second();
    await vi.advanceTimersByTimeAsync(0);
    expect(drained).toBe(true);
    expect(inFlight.count).toBe(0);
  });

  it('resolves false when the grace period passes first', async () => {
    const inFlight = new InFlight();
    inFlight.enter();
    const drained = inFlight.drain(5_000);
    await vi.advanceTimersByTimeAsync(5_000);
    await expect(drained).resolves.toBe(false);
    expect(inFlight.count).toBe(1);
  });

  it('keeps a gauge in step', () => {
    const gauge = { value: 0, inc() { this.value++; }, dec() { this.value--; } };
    const inFlight = new InFlight(gauge);
    const leave = inFlight.enter();
    expect(gauge.value).toBe(1);
    leave();
    expect(gauge.value).toBe(0);
  });
});
