/**
 * `npm run bench`: runs every benchmark script in its own process, with a private
 * redis-server when one can be started. Each script prints its own table of ratios
 * against a baseline measured in the same script; see bench/README.md.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { startRedisServer, type RedisServer } from '../test/support/redis-server.ts';

const ROOT = resolve(import.meta.dirname, '..');
const SCRIPTS = ['token-manager.ts', 'tool-call.ts', 'startup.ts', 'generator-scale.ts'];
const only = process.argv.slice(2);

let redis: RedisServer | undefined;
if (!process.env.REDIS_URL) {
  try {
    redis = await startRedisServer();
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message} Redis rows will be skipped.\n`);
  }
}
const env = { ...process.env, ...(redis ? { REDIS_URL: redis.url } : {}) };
let failed = 0;
for (const script of SCRIPTS.filter((s) => only.length === 0 || only.some((o) => s.includes(o)))) {
  process.stdout.write(`\n## ${script}\n`);
  const run = spawnSync(process.execPath, [join(ROOT, 'bin/run-ts.js'), join(ROOT, 'bench', script)], {
    env,
    stdio: 'inherit',
  });
  if (run.status !== 0) failed++;
}
redis?.stop();
process.exitCode = failed > 0 ? 1 : 0;
