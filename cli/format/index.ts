/** The output formats of `dta-mcp validate`, by name (an explicit registry). */
import type { Formatter } from './context.ts';
import { formatGithub } from './github.ts';
import { formatJson } from './json.ts';
import { formatText } from './text.ts';

export const formatters = {
  text: formatText,
  json: formatJson,
  github: formatGithub,
} satisfies Record<string, Formatter>;

export type FormatName = keyof typeof formatters;

export const FORMAT_NAMES = Object.keys(formatters) as FormatName[];

export { sourceReader, type FormatContext, type Formatter } from './context.ts';
export { shouldColor } from './palette.ts';
