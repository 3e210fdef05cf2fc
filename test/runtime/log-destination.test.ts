/**
 * The default log destination (runtime/observability/log-destination.ts): lines are held
 * back and written together, in order, and none is lost when the process ends — by
 * process.exit, an uncaught exception, or an empty event loop.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { batchedDestination } from '../../runtime/observability/log-destination.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'dta-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(count: number, ending: 'exit' | 'throw' | 'idle') {
  const child = spawnSync(process.execPath, [join(ROOT, 'bin/run-ts.js'), join(ROOT, 'test/fixtures/logging/log-then-exit.ts'), String(count), ending], {
    encoding: 'utf8',
  });
  const lines = child.stderr.split('\n').filter((l) => l.startsWith('{'));
  return { status: child.status, indexes: lines.map((l) => (JSON.parse(l) as { i: number }).i), stderr: child.stderr };
}

describe('batched stderr log destination', () => {
  it('holds lines back until the flush, then writes them all in order', async () => {
    const file = join(dir, 'held.log');
    const fd = openSync(file, 'w');
    const destination = batchedDestination(fd, { flushMs: 60_000 });
    for (let i = 0; i < 100; i++) destination.write(`${JSON.stringify({ i })}\n`);
    expect(readFileSync(file, 'utf8')).toBe('');
    destination.flushSync();
    const written = readFileSync(file, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { i: number }).i);
    closeSync(fd);
    expect(written).toEqual([...Array(100).keys()]);
  });

  it('writes a full batch at once, without waiting for the timer', () => {
    const file = join(dir, 'full.log');
    const fd = openSync(file, 'w');
    const destination = batchedDestination(fd, { flushMs: 60_000, batchBytes: 1_000 });
    for (let i = 0; i < 100; i++) destination.write(`${JSON.stringify({ i, pad: 'x'.repeat(40) })}\n`);
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    closeSync(fd);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThan(100);
  });

  it.each(['exit', 'throw', 'idle'] as const)('loses no line when the process ends by %s', (ending) => {
    const { indexes, status } = run(2_000, ending);
    expect(indexes).toEqual([...Array(2_000).keys()]);
    expect(status).toBe(ending === 'throw' ? 1 : 0);
  });
});
