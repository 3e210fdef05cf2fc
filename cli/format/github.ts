/**
 * `--format github`: GitHub Actions workflow commands, so each problem shows up as an
 * annotation on the pull request's diff:
 * `::error file=manifests/a.yaml,line=7,col=16,title=operation-not-found::message`.
 * @see https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#setting-an-error-message
 * @see https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts (escaping)
 */
import { sortDiagnostics, type Diagnostic } from '../../generator/diagnostics.ts';
import type { FormatContext } from './context.ts';
import { summarize } from './summary.ts';

export function formatGithub(diagnostics: readonly Diagnostic[], _context: FormatContext): string {
  const lines = sortDiagnostics(diagnostics).map((d) => {
    const properties = [
      `file=${escapeProperty(d.file)}`,
      `line=${d.line}`,
      `col=${d.column}`,
      `title=${escapeProperty(d.ruleId)}`,
    ].join(',');
    const spec = d.specLocation;
    const where = spec ? ` (spec ${spec.line === undefined ? `${spec.file}${spec.pointer}` : `${spec.file}:${spec.line}:${spec.column ?? 1}`})` : '';
    return `::${d.severity} ${properties}::${escapeData(`${d.message}${where}`)}\n`;
  });
  const { errors, warnings } = summarize(diagnostics);
  return `${lines.join('')}dta-mcp validate: ${errors} error(s), ${warnings} warning(s)\n`;
}

/** The message part: `%`, CR and LF are escaped. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value: as data, plus `:` and `,`, which delimit properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
