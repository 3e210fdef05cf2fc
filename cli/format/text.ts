/**
 * The default, human format: one `file:line:col severity [rule] message` line per
 * problem (greppable, clickable in most terminals and editors), a code frame of the
 * manifest under it, a second frame for the spec location when there is one, and a
 * summary line.
 */
import { formatDiagnostic, sortDiagnostics, type Diagnostic } from '../../generator/diagnostics.ts';
import { codeFrame } from './code-frame.ts';
import type { FormatContext } from './context.ts';
import { ansi, plain } from './palette.ts';
import { summarize } from './summary.ts';

export function formatText(diagnostics: readonly Diagnostic[], context: FormatContext): string {
  const palette = context.color ? ansi : plain;
  const blocks = sortDiagnostics(diagnostics).map((d) => {
    const where = `${d.file}:${d.line}:${d.column}`;
    const rest = formatDiagnostic(d).slice(where.length + 1 + d.severity.length);
    let block = `${palette.location(where)} ${palette.severity(d.severity, d.severity)}${rest}\n`;
    block += indent(frameOf(context, d.file, d.line, d.column, palette));
    const spec = d.specLocation;
    if (spec?.line !== undefined) {
      const frame = frameOf(context, spec.file, spec.line, spec.column ?? 1, palette);
      if (frame !== '') block += `  ${palette.dim(`spec ${spec.file}:${spec.line}:${spec.column ?? 1}`)}\n${indent(frame)}`;
    }
    return block;
  });
  const { errors, warnings } = summarize(diagnostics);
  const summary = diagnostics.length === 0 ? 'manifests are valid' : `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
  return `${blocks.join('\n')}${blocks.length > 0 ? '\n' : ''}${summary}\n`;
}

function frameOf(context: FormatContext, file: string, line: number, column: number, palette: typeof plain): string {
  const text = context.readSource(file);
  return text === undefined ? '' : codeFrame(text, line, column, { palette });
}

function indent(frame: string): string {
  return frame.replace(/^(?=.)/gm, '  ');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
