/**
 * CLI start-up, as installed: the built CLI (dist/bundle/, `npm run build` first) with
 * the generated JavaScript. `dta-mcp --version`, and `serve --transport stdio` up to the
 * first tools/list answer for the seed's 5 tools, the GitHub example's 68 and 1,000 tools
 * (the first 1,000 operations of GitHub's API, generated into a temp project before any
 * timing); the same 68 through the sources in this checkout (tsx) for comparison.
 * Baseline: `node -e 0`. Each case is the median of a few runs. The issue #11 targets:
 * 5 tools within 3x the baseline, 68 under 1 s, 1,000 under 2 s.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { generate } from '../generator/generate.ts';
import { scaleProject } from '../test/github/scale-project.ts';
import { QUICK } from './quick.ts';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/dta-mcp.js');
const GITHUB = join(ROOT, 'examples/github');
const RUNS = QUICK ? 1 : 5;

/** Runs node with `args` in a child; rejects unless it exits 0. */
function must(args: string[]): Promise<void> {
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  return new Promise((done, fail) =>
    child.once('exit', (code) => (code === 0 ? done() : fail(new Error(`node ${args.join(' ')} failed`)))),
  );
}

// Quick mode: 10 tools stand in for the 1,000 (the harness, not the number).
const MANY = QUICK ? 10 : 1000;
const many = scaleProject(MANY);
// The build (a child) and generating the many-tool project (here) run side by side.
await Promise.all([must(['scripts/build.js']), generate({ root: many.root, skipTypecheck: true })]);
if (!existsSync(join(GITHUB, 'generated/index.gen.js'))) await must([BIN, 'generate', '--root', GITHUB]);

const DIST = { ...process.env, DTA_MCP_DIST: '1' };
const SOURCES = { ...process.env, DTA_MCP_DIST: '0' };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timeSync(args: string[], env = DIST): number {
  const start = performance.now();
  spawnSync(process.execPath, args, { stdio: 'ignore', env });
  return performance.now() - start;
}

async function timeFirstList(root: string, env: NodeJS.ProcessEnv, config?: string, expected?: number): Promise<number> {
  const start = performance.now();
  const args = [BIN, 'serve', '--transport', 'stdio', '--root', root, '--log-level', 'silent', ...(config ? ['--config', config] : [])];
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'ignore'], env: { ...env, GITHUB_TOKEN: 'unused' } });
  const lines = createInterface({ input: child.stdout });
  const send = (m: object) => child.stdin.write(`${JSON.stringify(m)}\n`);
  send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'b', version: '1' } } });
  send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  // tools/list is paged (100 a page): follow nextCursor until the client has every tool.
  let id = 2;
  let listed = 0;
  send({ jsonrpc: '2.0', id, method: 'tools/list' });
  for await (const line of lines) {
    const message = JSON.parse(line) as { id?: number; result?: { tools?: unknown[]; nextCursor?: string } };
    if (message.id !== id) continue;
    if (!message.result?.tools?.length) throw new Error(`no tools listed from ${root}: ${line.slice(0, 300)}`);
    listed += message.result.tools.length;
    if (!message.result.nextCursor) break;
    send({ jsonrpc: '2.0', id: ++id, method: 'tools/list', params: { cursor: message.result.nextCursor } });
  }
  if (expected !== undefined && listed !== expected) throw new Error(`${listed} tools listed from ${root}, not ${expected}`);
  const ms = performance.now() - start;
  child.kill();
  return ms;
}

async function medianOf(measure: () => Promise<number>): Promise<number> {
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await measure());
  return median(runs);
}

const githubConfig = join(GITHUB, 'dta-mcp.config.yaml');
const baseline = median(Array.from({ length: RUNS }, () => timeSync(['-e', '0'])));
const version = median(Array.from({ length: RUNS }, () => timeSync([BIN, '--version'])));
const seed = await medianOf(() => timeFirstList(ROOT, DIST));
const github = await medianOf(() => timeFirstList(GITHUB, DIST, githubConfig));
const thousand = await medianOf(() => timeFirstList(many.root, DIST, undefined, MANY));
const githubSources = await medianOf(() => timeFirstList(GITHUB, SOURCES, githubConfig));
many.remove();

const f = (ms: number) => `${ms.toFixed(0)} ms`;
const row = (name: string, ms: number) => ({ case: name, median: f(ms), baseline: `node -e 0 (${f(baseline)})`, ratio: `${(ms / baseline).toFixed(1)}x` });
console.table([
  row('dta-mcp --version', version),
  row('serve stdio -> first tools/list, 5 tools', seed),
  row('serve stdio -> first tools/list, GitHub 68 tools', github),
  row(`serve stdio -> first tools/list, ${MANY.toLocaleString('en')} tools (all pages)`, thousand),
  row('the same from the sources (tsx, checkout only)', githubSources),
]);
