/**
 * Terminal colors for the text format, on only when stdout is a terminal and
 * NO_COLOR is unset; otherwise every style is the identity.
 * @see https://no-color.org/
 */
import type { Severity } from '../../generator/diagnostics.ts';

export interface Palette {
  severity(severity: Severity, text: string): string;
  location(text: string): string;
  dim(text: string): string;
  caret(text: string): string;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

const red = wrap(31, 39);
const yellow = wrap(33, 39);
const bold = wrap(1, 22);
const dim = wrap(2, 22);

export const plain: Palette = {
  severity: (_severity, text) => text,
  location: (text) => text,
  dim: (text) => text,
  caret: (text) => text,
};

export const ansi: Palette = {
  severity: (severity, text) => (severity === 'error' ? red(bold(text)) : yellow(bold(text))),
  location: bold,
  dim,
  caret: red,
};

/** Color for a stream: a TTY, and NO_COLOR unset or empty. */
export function shouldColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '');
}
