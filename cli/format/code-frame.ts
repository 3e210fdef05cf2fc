/**
 * A short code frame: the line a diagnostic points at, one line either side, and a
 * caret under the column — what a reader needs to see the problem without opening
 * the file.
 *
 * ```
 *    6 |     authType: user-token
 *  > 7 |     operation: getUserActivities
 *      |                ^
 *    8 |     input:
 * ```
 */
import type { Palette } from './palette.ts';

export interface FrameOptions {
  /** Lines shown before and after the pointed-at line. Default 1. */
  context?: number;
  palette: Palette;
}

/** The frame, each line ending in `\n`; '' when `line` is not in `text`. */
export function codeFrame(text: string, line: number, column: number, options: FrameOptions): string {
  if (text === '') return '';
  const lines = text.split(/\r?\n/);
  if (text.endsWith('\n')) lines.pop();
  if (line < 1 || line > lines.length) return '';
  const { palette } = options;
  const context = options.context ?? 1;
  const first = Math.max(1, line - context);
  const last = Math.min(lines.length, line + context);
  const width = String(last).length;
  let out = '';
  for (let n = first; n <= last; n++) {
    const source = lines[n - 1] ?? '';
    const marker = n === line ? palette.caret('>') : ' ';
    out += `${marker} ${palette.dim(`${String(n).padStart(width)} |`)}${source === '' ? '' : ` ${source}`}\n`;
    if (n === line) {
      // Keep tabs as tabs so the caret lines up however the terminal renders them.
      const col = Math.min(Math.max(column, 1), source.length + 1);
      const pad = source.slice(0, col - 1).replace(/[^\t]/g, ' ');
      out += `  ${palette.dim(`${' '.repeat(width)} |`)} ${pad}${palette.caret('^')}\n`;
    }
  }
  return out;
}
