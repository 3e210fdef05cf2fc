/**
 * Diagnostics: typed, located problems found while reading manifests and specs.
 * Every stage collects them (never stops at the first) so `validate` and `generate`
 * report all problems at once.
 */

export type Severity = 'error' | 'warning';

/** Where in an OpenAPI document a problem lies (for "the spec changed under you"). */
export interface SpecLocation {
  /** Spec file, relative to the project root, posix separators. */
  file: string;
  /** JSON pointer inside that file, e.g. `#/paths/~1user~1activity/get`. */
  pointer: string;
  line?: number;
  column?: number;
}

export interface Diagnostic {
  /** Stable, kebab-case rule id, e.g. `operation-not-found`. */
  ruleId: string;
  severity: Severity;
  message: string;
  /** File relative to the project root, posix separators. */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  specLocation?: SpecLocation;
}

/** A position in a source file: what every diagnostic anchors on. */
export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

export function diagnostic(
  ruleId: string,
  at: SourcePosition,
  message: string,
  extra: { severity?: Severity; specLocation?: SpecLocation } = {},
): Diagnostic {
  const d: Diagnostic = {
    ruleId,
    severity: extra.severity ?? 'error',
    message,
    file: at.file,
    line: at.line,
    column: at.column,
  };
  if (extra.specLocation) d.specLocation = extra.specLocation;
  return d;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** File, then line, then column, then rule: the order a reader walks a file in. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      cmp(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      cmp(a.ruleId, b.ruleId) ||
      cmp(a.message, b.message),
  );
}

/** Drops exact repeats (same rule, place and message), keeping the first. */
export function dedupeDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.file}:${d.line}:${d.column}:${d.ruleId}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** `manifests/x.yaml:12:9 error [rule-id] message (spec openapi/a.yaml:40:7)` */
export function formatDiagnostic(d: Diagnostic): string {
  let text = `${d.file}:${d.line}:${d.column} ${d.severity} [${d.ruleId}] ${d.message}`;
  if (d.specLocation) {
    const s = d.specLocation;
    const where = s.line === undefined ? `${s.file}${s.pointer}` : `${s.file}:${s.line}:${s.column ?? 1}`;
    text += ` (spec ${where})`;
  }
  return text;
}

export function formatDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return sortDiagnostics(diagnostics)
    .map((d) => `${formatDiagnostic(d)}\n`)
    .join('');
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
