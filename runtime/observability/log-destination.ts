/**
 * Where log lines go by default: stderr, in batches. A line per tool call written as its
 * own write(2) costs a system call per call (about a tenth of a stdio call's CPU here,
 * bench/README.md); buffered, lines go out together every FLUSH_MS or once BATCH_BYTES
 * are waiting, and synchronously when the process exits (normally, through process.exit,
 * or after an uncaught exception). What a SIGKILL interrupts is at most FLUSH_MS of lines.
 * pino's own destination (SonicBoom) does the writing (partial writes, EAGAIN on a full pipe).
 */
import pino from 'pino';

export const FLUSH_MS = 50;
export const BATCH_BYTES = 16 * 1024;

export interface LogDestination {
  write(line: string): boolean;
  /** Writes what is waiting, now. */
  flushSync(): void;
}

export function batchedDestination(fd = 2, { flushMs = FLUSH_MS, batchBytes = BATCH_BYTES } = {}): LogDestination {
  const out = pino.destination({ fd, sync: true });
  let waiting: string[] = [];
  let bytes = 0;
  let timer: NodeJS.Timeout | undefined;
  const flushSync = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (waiting.length === 0) return;
    const text = waiting.join('');
    waiting = [];
    bytes = 0;
    out.write(text);
  };
  process.once('exit', flushSync);
  return {
    write(line) {
      waiting.push(line);
      bytes += line.length;
      if (bytes >= batchBytes) flushSync();
      else if (!timer) {
        timer = setTimeout(flushSync, flushMs);
        timer.unref();
      }
      return true;
    },
    flushSync,
  };
}
