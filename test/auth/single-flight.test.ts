import { describe, expect, it } from 'vitest';
import { SingleFlight } from '../../runtime/auth/single-flight.ts';
import { deferred } from './helpers.ts';

describe('SingleFlight', () => {
  it('runs the work once for concurrent calls on one key and gives everyone its result', async () => {
    const flight = new SingleFlight<string>();
    const gate = deferred<string>();
    let runs = 0;
    const calls = Array.from({ length: 50 }, () =>
      flight.run('alice', () => {
        runs++;
        return gate.promise;
      }),
    );
    gate.resolve('token-1');
    expect(await Promise.all(calls)).toEqual(Array(50).fill('token-1'));
    expect(runs).toBe(1);
  });

  it('runs different keys independently', async () => {
    const flight = new SingleFlight<string>();
    const a = deferred<string>();
    const pa = flight.run('a', () => a.promise);
    const pb = flight.run('b', async () => 'b-result');
    expect(await pb).toBe('b-result');
    a.resolve('a-result');
    expect(await pa).toBe('a-result');
  });

  it('starts a new run once the previous one settled', async () => {
    const flight = new SingleFlight<number>();
    let n = 0;
    expect(await flight.run('k', async () => ++n)).toBe(1);
    expect(await flight.run('k', async () => ++n)).toBe(2);
    expect(flight.size).toBe(0);
  });

  it('shares a failure with every waiter and then forgets it', async () => {
    const flight = new SingleFlight<number>();
    const boom = new Error('boom');
    const calls = [flight.run('k', async () => Promise.reject(boom)), flight.run('k', async () => 1)];
    for (const call of calls) await expect(call).rejects.toBe(boom);
    expect(flight.has('k')).toBe(false);
  });

  it('forgets a run whose function throws synchronously', async () => {
    const flight = new SingleFlight<number>();
    await expect(
      flight.run('k', () => {
        throw new Error('sync');
      }),
    ).rejects.toThrow('sync');
    expect(flight.size).toBe(0);
    expect(await flight.run('k', async () => 7)).toBe(7);
  });

  it('lets one caller stop waiting without aborting the shared work', async () => {
    const flight = new SingleFlight<string>();
    const gate = deferred<string>();
    const controller = new AbortController();
    const impatient = flight.run('k', () => gate.promise, controller.signal);
    const patient = flight.run('k', () => gate.promise);
    controller.abort(new Error('caller gave up'));
    await expect(impatient).rejects.toThrow('caller gave up');
    gate.resolve('done');
    expect(await patient).toBe('done');
  });
});
