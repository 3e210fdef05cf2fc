/**
 * The generator at scale on GitHub's REST API (13 MB of JSON, 1,223 operations):
 * `validate` and `generate` (type-check included) over 10, 100 and 1,000 tools, each
 * tool the entry `dta-mcp add` writes for the next operation. Baseline: reading and
 * parsing the spec JSON once. Also: where the 1,000-tool generate spends its time.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { generate } from '../generator/generate.ts';
import type { Progress } from '../generator/progress.ts';
import { validate } from '../generator/validate.ts';
import { scaleProject } from '../test/github/scale-project.ts';
import { QUICK } from './quick.ts';

// Quick mode: one small size, no growth ratios or breakdown (a smoke test of the harness).
const SIZES = QUICK ? [10] : [10, 100, 1000];
const specPath = createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timed<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/** Records when each phase starts, for the breakdown. */
function phaseClock(): Progress & { phases: Array<{ label: string; at: number }> } {
  const phases: Array<{ label: string; at: number }> = [];
  return { phases, phase: (label) => phases.push({ label, at: performance.now() }), tick() {}, done: () => phases.push({ label: 'done', at: performance.now() }) };
}

const baseline = median([1, 2, 3].map(() => {
  const start = performance.now();
  JSON.parse(readFileSync(specPath, 'utf8'));
  return performance.now() - start;
}));

// Warm-up: module loading, ajv and the TypeScript compiler's first program.
{
  const p = scaleProject(10);
  await validate({ root: p.root });
  await generate({ root: p.root });
  p.remove();
}

const rows: Array<{ tools: number; validate: number; generate: number }> = [];
let breakdown: Array<{ label: string; ms: number }> = [];
for (const size of SIZES) {
  const p = scaleProject(size);
  const v = await timed(() => validate({ root: p.root }));
  const errors = v.value.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`${size} tools: validate found ${errors.length} errors, first: ${errors[0]?.message}`);
  const clock = phaseClock();
  const g = await timed(() => generate({ root: p.root, progress: clock }));
  if (size === 1000) breakdown = clock.phases.slice(0, -1).map((ph, i) => ({ label: ph.label, ms: clock.phases[i + 1]!.at - ph.at }));
  rows.push({ tools: size, validate: v.ms, generate: g.ms });
  p.remove();
}

const f = (ms: number) => `${ms.toFixed(0)} ms`;
const x = (r: number) => `${r.toFixed(1)}x`;
process.stdout.write(`baseline: read + JSON.parse of api.github.com.json = ${f(baseline)}\n`);
console.table(rows.map((r) => ({ tools: r.tools, validate: f(r.validate), 'validate / baseline': x(r.validate / baseline), generate: f(r.generate), 'generate / baseline': x(r.generate / baseline), 'generate per tool': `${(r.generate / r.tools).toFixed(1)} ms` })));
const at = (n: number) => rows.find((r) => r.tools === n)!;
if (!QUICK) {
  console.table([
    { growth: '100 / 10 tools (10x)', validate: x(at(100).validate / at(10).validate), generate: x(at(100).generate / at(10).generate) },
    { growth: '1000 / 100 tools (10x)', validate: x(at(1000).validate / at(100).validate), generate: x(at(1000).generate / at(100).generate) },
  ]);
  process.stdout.write('generate, 1,000 tools, by phase:\n');
  console.table(breakdown.map((b) => ({ phase: b.label, time: f(b.ms) })));
}
