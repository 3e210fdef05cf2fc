/**
 * The CLI's one exit-code policy and its one failure reporter. Every command returns one
 * of EXIT; an expected failure (a typed DtaError) is one clear `error: ...` on stderr, a
 * stack trace is printed only for a real bug.
 *
 * - 0 ok
 * - 1 problems: invalid manifests, stale output, a refused `add`, a bad config, sign-in
 *   failed, a port in use
 * - 2 usage errors (commander), unreadable input (no project, no manifests/), or a bug
 */
import { DiagnosticsError, ProjectError } from '../generator/errors.ts';
import { formatDiagnostics, type Diagnostic } from '../generator/diagnostics.ts';
import { DtaError } from '../runtime/errors.ts';

export const EXIT = Object.freeze({ ok: 0, problems: 1, usage: 2 });

export interface Output {
  write(text: string): unknown;
}

/** Prints a thrown error for the terminal and returns its exit code. */
export function reportFailure(error: unknown, stderr: Output = process.stderr): number {
  if (error instanceof DiagnosticsError) {
    stderr.write(formatDiagnostics(error.diagnostics));
    stderr.write(`${summaryLine(error.diagnostics)}: ${error.message.split('\n')[0] ?? ''}\n`);
    return EXIT.problems;
  }
  if (error instanceof ProjectError) {
    stderr.write(`error: ${error.message}\n`);
    return EXIT.usage;
  }
  if (error instanceof DtaError || isAddressInUse(error)) {
    stderr.write(`error: ${(error as Error).message}\n`);
    return EXIT.problems;
  }
  stderr.write(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return EXIT.usage;
}

/** `2 errors, 1 warning` */
export function summaryLine(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  return `${plural(errors, 'error')}, ${plural(diagnostics.length - errors, 'warning')}`;
}

function isAddressInUse(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === 'EADDRINUSE';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
