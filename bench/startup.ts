/**
 * CLI start-up: `dta-mcp --version` and `serve --transport stdio` up to the first
 * tools/list answer, against `node -e 0` as the baseline, each the median of a few runs.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/dta-mcp.js');
const RUNS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timeSync(args: string[]): number {
  const start = performance.now();
  spawnSync(process.execPath, args, { stdio: 'ignore' });
  return performance.now() - start;
}

async function timeFirstList(): Promise<number> {
  const start = performance.now();
  const child = spawn(process.execPath, [BIN, 'serve', '--transport', 'stdio', '--root', ROOT, '--log-level', 'silent'], {
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  const lines = createInterface({ input: child.stdout });
  const send = (m: object) => child.stdin.write(`${JSON.stringify(m)}\n`);
  send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'b', version: '1' } } });
  send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
  for await (const line of lines) {
    if ((JSON.parse(line) as { id?: number }).id === 2) break;
  }
  const ms = performance.now() - start;
  child.kill();
  return ms;
}

const baseline = median(Array.from({ length: RUNS }, () => timeSync(['-e', '0'])));
const version = median(Array.from({ length: RUNS }, () => timeSync([BIN, '--version'])));
const lists: number[] = [];
for (let i = 0; i < RUNS; i++) lists.push(await timeFirstList());
const firstList = median(lists);

const f = (ms: number) => `${ms.toFixed(0)} ms`;
console.table([
  { case: 'dta-mcp --version', median: f(version), baseline: `node -e 0 (${f(baseline)})`, ratio: `${(version / baseline).toFixed(1)}x` },
  { case: 'serve stdio -> first tools/list', median: f(firstList), baseline: `node -e 0 (${f(baseline)})`, ratio: `${(firstList / baseline).toFixed(1)}x` },
]);
