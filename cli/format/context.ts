/**
 * What a formatter may use besides the diagnostics: the text of the files they point
 * at (for code frames) and whether to color. Formatters never touch the file system
 * or the process themselves.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Diagnostic } from '../../generator/diagnostics.ts';

export interface FormatContext {
  /** The text of a file named by a diagnostic (relative to the root); undefined if unreadable. */
  readSource(file: string): string | undefined;
  color: boolean;
}

export type Formatter = (diagnostics: readonly Diagnostic[], context: FormatContext) => string;

/** Reads files under `root` once each; a missing file (a stale generated file) is undefined. */
export function sourceReader(root: string): FormatContext['readSource'] {
  const cache = new Map<string, string | undefined>();
  return (file) => {
    if (!cache.has(file)) {
      let text: string | undefined;
      try {
        text = readFileSync(resolve(root, file), 'utf8');
      } catch {
        text = undefined;
      }
      cache.set(file, text);
    }
    return cache.get(file);
  };
}
