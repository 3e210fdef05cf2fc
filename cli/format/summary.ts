/** Counts by severity, shared by every output format. */
import type { Diagnostic } from '../../generator/diagnostics.ts';

export interface Summary {
  errors: number;
  warnings: number;
}

export function summarize(diagnostics: readonly Diagnostic[]): Summary {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  return { errors, warnings: diagnostics.length - errors };
}
