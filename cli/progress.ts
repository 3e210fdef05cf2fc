/**
 * Progress for long runs (a thousand tools on a 13 MB spec): one line on a terminal,
 * rewritten in place and cleared when done, so the final report stays clean. Nothing at
 * all when the stream is not a TTY (CI logs, pipes, tests) — the report is the output.
 */
import { silentProgress, type Progress } from '../generator/progress.ts';

/** What progress writes to: process.stderr, or a test double. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface TerminalProgressOptions {
  /** Redraw at most this often while ticking (default 80 ms); phase changes draw at once. */
  intervalMs?: number;
  now?: () => number;
}

/** Progress on `stream` when it is a terminal; silent otherwise. */
export function terminalProgress(stream: ProgressStream, options: TerminalProgressOptions = {}): Progress {
  if (stream.isTTY !== true) return silentProgress;
  const interval = options.intervalMs ?? 80;
  const now = options.now ?? (() => performance.now());
  let label = '';
  let total: number | undefined;
  let count = 0;
  let lastDraw = Number.NEGATIVE_INFINITY;
  let drawn = false;

  const draw = (): void => {
    const counted = total === undefined ? '' : ` ${count}/${total}`;
    const width = Math.max(20, (stream.columns ?? 80) - 1);
    stream.write(`\r\x1b[2K${`dta-mcp: ${label}${counted}`.slice(0, width)}`);
    lastDraw = now();
    drawn = true;
  };
  return {
    phase(next, nextTotal) {
      label = next;
      total = nextTotal;
      count = 0;
      draw();
    },
    tick() {
      count++;
      if (count === total || now() - lastDraw >= interval) draw();
    },
    done() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
