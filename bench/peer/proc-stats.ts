/**
 * A process's CPU time and resident memory as the kernel accounts them
 * (/proc/<pid>/stat utime+stime over all threads, /proc/<pid>/status VmRSS and VmHWM),
 * read from outside, so dta-mcp and B1 are measured the same way and the measuring
 * costs them nothing. Linux only.
 * @see https://man7.org/linux/man-pages/man5/proc_pid_stat.5.html
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

export interface ProcSample {
  /** User + system CPU time since the process started, ms (resolution 1000/CLK_TCK). */
  cpuMs: number;
  rssKb: number;
  /** Peak RSS since start, or since the last resetPeakRss. */
  hwmKb: number;
}

export function sampleProc(pid: number): ProcSample {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after "(comm)": state is field 3, utime 14, stime 15 (1-based).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { cpuMs: (ticks * 1000) / CLK_TCK, rssKb: kb('VmRSS'), hwmKb: kb('VmHWM') };
}

/** Resets VmHWM to the current RSS (`echo 5 > clear_refs`); false where not permitted. */
export function resetPeakRss(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

export const cpuTickMs = 1000 / CLK_TCK;
