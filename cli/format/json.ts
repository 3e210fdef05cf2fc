/**
 * `--format json`: one JSON document for tools — every diagnostic with all its fields
 * (rule id, severity, message, file, line, column and the spec location when known),
 * sorted, plus the counts.
 */
import { sortDiagnostics, type Diagnostic } from '../../generator/diagnostics.ts';
import type { FormatContext } from './context.ts';
import { summarize } from './summary.ts';

export function formatJson(diagnostics: readonly Diagnostic[], _context: FormatContext): string {
  return `${JSON.stringify({ summary: summarize(diagnostics), diagnostics: sortDiagnostics(diagnostics) }, null, 2)}\n`;
}
