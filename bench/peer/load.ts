/**
 * The load generator: a closed loop of `calls` calls with `concurrency` in flight,
 * each worker on its own connection. Per round: calls/s, p50/p99 latency, the server
 * process's CPU per call and peak RSS (kernel accounting, see proc-stats.ts), and this
 * process's own CPU, to show the client is not what limits the rate.
 */
import { resetPeakRss, sampleProc } from './proc-stats.ts';
import type { Subject } from './subjects.ts';

export interface RoundResult {
  callsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Server CPU per call, µs; undefined for B0 (no server of its own). */
  serverCpuUs?: number;
  /** Server peak RSS during the round (or since start where VmHWM cannot be reset), MB. */
  peakRssMb?: number;
  /** Load generator CPU over wall time (1 = one core busy). */
  clientCpuShare: number;
  /** Load generator CPU per call, µs. */
  clientCpuUs: number;
}

function quantile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export async function runRound(subject: Subject, calls: number, concurrency: number): Promise<RoundResult> {
  const latencies = new Float64Array(calls);
  let next = 0;
  const pid = subject.pid;
  if (pid !== undefined) resetPeakRss(pid);
  const before = pid !== undefined ? sampleProc(pid) : undefined;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = next++; i < calls; i = next++) {
        const start = performance.now();
        await subject.call(worker);
        latencies[i] = performance.now() - start;
      }
    }),
  );
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const after = pid !== undefined ? sampleProc(pid) : undefined;
  latencies.sort();
  const clientCpuMs = (cpu.user + cpu.system) / 1e3;
  return {
    callsPerSec: (calls * 1000) / wallMs,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    ...(before && after ? { serverCpuUs: ((after.cpuMs - before.cpuMs) * 1000) / calls, peakRssMb: after.hwmKb / 1024 } : {}),
    clientCpuShare: clientCpuMs / wallMs,
    clientCpuUs: (clientCpuMs * 1000) / calls,
  };
}
