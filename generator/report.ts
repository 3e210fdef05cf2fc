/**
 * Turning generator outcomes into terminal text and exit codes, shared by the
 * `generate` and `validate` commands: 0 ok, 1 problems found, 2 usage or internal
 * error. Bad input never shows a stack trace.
 */
import { formatDiagnostics, type Diagnostic } from './diagnostics.ts';
import { DiagnosticsError, ProjectError } from './errors.ts';

export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_INTERNAL = 2;

export interface Output {
  write(text: string): unknown;
}

/** Prints a thrown error as one clear message and returns the exit code for it. */
export function reportError(error: unknown, stderr: Output): number {
  if (error instanceof DiagnosticsError) {
    const summary = error.message.split('\n')[0] ?? '';
    stderr.write(formatDiagnostics(error.diagnostics));
    stderr.write(`${summaryLine(error.diagnostics)}: ${summary}\n`);
    return EXIT_PROBLEMS;
  }
  if (error instanceof ProjectError) {
    stderr.write(`error: ${error.message}\n`);
    return EXIT_INTERNAL;
  }
  const message = error instanceof Error ? error.message : String(error);
  stderr.write(`internal error: ${message}\n`);
  if (process.env.DTA_MCP_DEBUG && error instanceof Error && error.stack) stderr.write(`${error.stack}\n`);
  return EXIT_INTERNAL;
}

export function summaryLine(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  return `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
