/**
 * Medians over repetitions, the comparison table, the issue #11 targets with "met" or
 * "missed", and the block written into bench/README.md between the peer-bench markers.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { RoundResult } from './load.ts';
import type { IdleSessions } from './extras.ts';
import type { SubjectName, Transport } from './subjects.ts';

export type Cell = { subject: SubjectName; transport: Transport; concurrency: number };
export type Medians = { [K in keyof RoundResult]-?: number };

export interface Extras {
  toolsList: { listUs: number; stringifyUs: number; payloadKb: number };
  cacheHitNs: number;
  idle: { dta: IdleSessions; b1: IdleSessions; count: number };
}

export interface Run {
  header: string;
  concurrencies: number[];
  transports: Transport[];
  /** Median of each metric over the repetitions of one cell (B0 cells: transport ignored). */
  median(subject: SubjectName, transport: Transport, concurrency: number): Medians;
  extras: Extras;
}

export function medians(rounds: RoundResult[]): Medians {
  const keys = ['callsPerSec', 'p50Ms', 'p99Ms', 'serverCpuUs', 'peakRssMb', 'clientCpuShare', 'clientCpuUs'] as const;
  const out = {} as Medians;
  for (const key of keys) {
    const values = rounds.map((r) => r[key]).filter((v): v is number => v !== undefined).sort((a, b) => a - b);
    out[key] = values.length === 0 ? NaN : values.length % 2 ? values[(values.length - 1) / 2]! : (values[values.length / 2 - 1]! + values[values.length / 2]!) / 2;
  }
  return out;
}

const n = (v: number, digits = 0) => (Number.isFinite(v) ? v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '-');
const x = (v: number) => (Number.isFinite(v) ? `${v.toFixed(2)}x` : '-');
const us = (v: number) => (Number.isFinite(v) ? `${n(v)} µs` : '-');
const verdict = (ok: boolean) => (ok ? 'met' : 'missed');

export function resultsTable(run: Run): string {
  const lines = [
    '| transport | c | subject | calls/s | p50 | p99 | server CPU / call | server peak RSS | load generator CPU | calls/s vs B1 | vs B0 | CPU vs B1 | p50 over B0 |',
    '| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const transport of run.transports) {
    for (const c of run.concurrencies) {
      const b0 = run.median('B0', transport, c);
      const b1 = run.median('B1', transport, c);
      for (const subject of ['B0', 'B1', 'dta-mcp'] as const) {
        const m = run.median(subject, transport, c);
        const isB0 = subject === 'B0';
        lines.push(
          `| ${transport} | ${c} | ${subject}${isB0 ? ' (fetch)' : ''} | ${n(m.callsPerSec)} | ${n(m.p50Ms, 2)} ms | ${n(m.p99Ms, 2)} ms | ${isB0 ? '-' : us(m.serverCpuUs)} | ${isB0 ? '-' : `${n(m.peakRssMb, 1)} MB`} | ${n(m.clientCpuShare * 100)}% (${us(m.clientCpuUs)}/call) | ${isB0 ? '-' : x(m.callsPerSec / b1.callsPerSec)} | ${x(m.callsPerSec / b0.callsPerSec)} | ${isB0 ? '-' : x(m.serverCpuUs / b1.serverCpuUs)} | ${isB0 ? '-' : `+${n(m.p50Ms - b0.p50Ms, 2)} ms`} |`,
        );
      }
    }
  }
  return lines.join('\n');
}

export function targetsTable(run: Run): string {
  const rows: string[] = ['| target (issue #11, item 2) | measured | |', '| --- | --- | --- |'];
  const both = (transport: Transport, f: (c: number) => number, ok: (v: number) => boolean, fmt: (v: number) => string) => {
    const values = run.concurrencies.map((c) => ({ c, v: f(c) }));
    return `${values.map(({ c, v }) => `c=${c}: ${fmt(v)}`).join(', ')} | ${verdict(values.every(({ v }) => ok(v)))}`;
  };
  for (const transport of run.transports) {
    const ratio = (key: 'serverCpuUs' | 'callsPerSec') => (c: number) => run.median('dta-mcp', transport, c)[key] / run.median('B1', transport, c)[key];
    rows.push(`| server CPU per call <= 0.5x B1 (${transport}) | ${both(transport, ratio('serverCpuUs'), (v) => v <= 0.5, x)} |`);
    const want = transport === 'http' ? 1.5 : 1.2;
    rows.push(`| throughput >= ${want}x B1 (${transport}) | ${both(transport, ratio('callsPerSec'), (v) => v >= want, x)} |`);
  }
  for (const transport of run.transports) {
    const limit = transport === 'http' ? 1 : 0.5;
    const added = run.median('dta-mcp', transport, 1).p50Ms - run.median('B0', transport, 1).p50Ms;
    rows.push(`| added p50 over B0 < ${limit} ms (${transport}, c=1) | +${n(added, 2)} ms | ${verdict(added < limit)} |`);
  }
  for (const transport of run.transports) {
    const peak = (s: SubjectName) => Math.max(...run.concurrencies.map((c) => run.median(s, transport, c).peakRssMb));
    const ratio = peak('dta-mcp') / peak('B1');
    rows.push(`| peak RSS <= B1 + 10% (${transport}) | ${n(peak('dta-mcp'), 1)} MB vs ${n(peak('B1'), 1)} MB (${x(ratio)}) | ${verdict(ratio <= 1.1)} |`);
  }
  const { toolsList, cacheHitNs, idle } = run.extras;
  const listRatio = toolsList.listUs / toolsList.stringifyUs;
  rows.push(
    `| tools/list at 1,000 tools <= 1.5x serialising it | ${x(listRatio)} (${us(toolsList.listUs)} vs ${us(toolsList.stringifyUs)}, ${n(toolsList.payloadKb)} KB) | ${verdict(listRatio <= 1.5)} |`,
  );
  rows.push(`| token-cache hit < 1 µs | ${n(cacheHitNs / 1e3, 2)} µs | ${verdict(cacheHitNs < 1e3)} |`);
  rows.push(
    `| idle HTTP session < 30 KB | ${n(idle.dta.perSessionKb, 1)} KB (B1: ${n(idle.b1.perSessionKb, 1)} KB): heap kept per session over ${n(idle.count)} sessions on a fresh server, after a full GC; RSS growth ${n(idle.dta.rssPerSessionKb, 1)} KB (B1: ${n(idle.b1.rssPerSessionKb, 1)} KB), which also counts heap grown for the initializes' garbage; at rest ${n(idle.dta.restMb)} MB, B1 ${n(idle.b1.restMb)} MB | ${verdict(idle.dta.perSessionKb < 30)} |`,
  );
  return rows.join('\n');
}

export function reportBlock(run: Run): string {
  return `${run.header}\n\n${resultsTable(run)}\n\n${targetsTable(run)}`;
}

const START = '<!-- peer-bench:start -->';
const END = '<!-- peer-bench:end -->';

/** Replaces what is between the markers in `file`; the markers must be there already. */
export function writeBetweenMarkers(file: string, block: string): void {
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${file}: markers ${START} ... ${END} not found`);
  writeFileSync(file, `${text.slice(0, start + START.length)}\n${block}\n${text.slice(end)}`);
}
