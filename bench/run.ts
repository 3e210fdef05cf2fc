/**
 * `npm run bench [-- [--quick] [--write] [name...]]`: runs every benchmark script in its
 * own process, with a private redis-server when one can be started. Each script prints
 * its own table of ratios against a baseline measured in the same script; see
 * bench/README.md. `--quick` runs them all with tiny counts (CI's smoke test of the
 * harness; exit 0 when every script ran); `--write` lets scripts that keep results in
 * bench/README.md (peer-baseline.ts) update them; names pick scripts by substring.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { startRedisServer, type RedisServer } from '../test/support/redis-server.ts';

const ROOT = resolve(import.meta.dirname, '..');
const SCRIPTS = ['token-manager.ts', 'tool-call.ts', 'startup.ts', 'generator-scale.ts', 'generate-example.ts', 'peer-baseline.ts', 'tools-list-size.ts'];
const FLAGS = ['--quick', '--write'];
const args = process.argv.slice(2);
const unknown = args.filter((a) => a.startsWith('-') && !FLAGS.includes(a));
if (unknown.length > 0) {
  process.stderr.write(`bench: unknown option ${unknown.join(', ')} (known: ${FLAGS.join(', ')})\n`);
  process.exit(2);
}
const flags = args.filter((a) => FLAGS.includes(a));
const only = args.filter((a) => !a.startsWith('-'));
const quick = flags.includes('--quick');

let redis: RedisServer | undefined;
if (!process.env.REDIS_URL) {
  try {
    redis = await startRedisServer();
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message} Redis rows will be skipped.\n`);
  }
}
const env = { ...process.env, ...(redis ? { REDIS_URL: redis.url } : {}), ...(quick ? { BENCH_QUICK: '1' } : {}) };
let failed = 0;
const started = performance.now();
for (const script of SCRIPTS.filter((s) => only.length === 0 || only.some((o) => s.includes(o)))) {
  process.stdout.write(`\n## ${script}\n`);
  const run = spawnSync(process.execPath, [join(ROOT, 'bin/run-ts.js'), join(ROOT, 'bench', script), ...flags], {
    env,
    stdio: 'inherit',
  });
  if (run.status !== 0) {
    failed++;
    process.stderr.write(`bench: ${script} failed (${run.signal ?? `exit ${run.status}`})\n`);
  }
}
redis?.stop();
if (quick) process.stdout.write(`\nbench --quick: ${failed === 0 ? 'every script ran' : `${failed} failed`} in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
process.exitCode = failed > 0 ? 1 : 0;
