/**
 * `dta-mcp generate` on the GitHub example (68 tools, 13 MB spec) as a user runs it: the
 * built CLI (dist/, as installed; `npm run build` first) in a fresh process, wall time
 * from outside. Cold: `--no-cache` (analysis,
 * openapi-typescript, rendering, the type-check in its worker, JavaScript). Unchanged:
 * the run after it, answered from generated/.cache/. Baseline: reading and parsing the
 * spec JSON once, in this process. Targets (issue #11): cold under 3 s, unchanged under
 * 1 s; the table says which are met on this machine, in this run.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { exampleCopy } from '../test/github/github-project.ts';
import { QUICK } from './quick.ts';

const ROOT = resolve(import.meta.dirname, '..');
const RUNS = QUICK ? 1 : 5;
const specPath = createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

if (spawnSync(process.execPath, [join(ROOT, 'scripts/build.js')], { stdio: ['ignore', 'ignore', 'inherit'] }).status !== 0) {
  throw new Error('generate-example: npm run build failed');
}
const INSTALLED = { ...process.env, DTA_MCP_DIST: '1' };

function cli(...args: string[]): number {
  const start = performance.now();
  const run = spawnSync(process.execPath, [join(ROOT, 'bin/dta-mcp.js'), 'generate', ...args], { encoding: 'utf8', env: INSTALLED });
  if (run.status !== 0) throw new Error(`generate ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return performance.now() - start;
}

const baseline = median([1, 2, 3].map(() => {
  const start = performance.now();
  JSON.parse(readFileSync(specPath, 'utf8'));
  return performance.now() - start;
}));

const p = exampleCopy();
const cold: number[] = [];
const unchanged: number[] = [];
try {
  cli('--root', p.root); // warm-up: the OS file cache
  for (let i = 0; i < RUNS; i++) {
    cold.push(cli('--root', p.root, '--no-cache'));
    unchanged.push(cli('--root', p.root));
  }
} finally {
  p.remove();
}

const f = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const x = (r: number) => `${r.toFixed(1)}x`;
process.stdout.write(`baseline: read + JSON.parse of api.github.com.json = ${f(baseline)}; medians of ${RUNS} runs\n`);
console.table([
  { case: 'GitHub example, cold (--no-cache)', wall: f(median(cold)), '/ baseline': x(median(cold) / baseline), target: '< 3 s', met: median(cold) < 3000 ? 'yes' : 'no' },
  { case: 'GitHub example, unchanged (cache)', wall: f(median(unchanged)), '/ baseline': x(median(unchanged) / baseline), target: '< 1 s', met: median(unchanged) < 1000 ? 'yes' : 'no' },
]);
process.stdout.write(`unchanged / cold: ${(median(unchanged) / median(cold)).toFixed(2)}\n`);
