/**
 * YAML parsed with its locations kept: the plain JS value for checking, plus a way back
 * from any path in that value (`['tools', 2, 'authType']`) to a line and column.
 * Used for manifests and for YAML OpenAPI specs.
 * @see https://eemeli.org/yaml/#options (LineCounter, uniqueKeys)
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { diagnostic, type Diagnostic, type SourcePosition } from './diagnostics.ts';

export type PathSegment = string | number;

export interface YamlSource {
  /** Path relative to the project root, posix separators. */
  file: string;
  /** The parsed value (`undefined` for an empty document). */
  value: unknown;
  /** Syntax problems (each with line and column). Empty when the YAML is well-formed. */
  diagnostics: Diagnostic[];
  /** Where the value at `path` starts; with `key: true`, where its key starts. */
  locate(path: readonly PathSegment[], options?: { key?: boolean }): SourcePosition;
}

const YAML_RULES: Record<string, string> = {
  DUPLICATE_KEY: 'yaml-duplicate-key',
  TAB_AS_INDENT: 'yaml-tab-indent',
};

export function parseYamlSource(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, keepSourceTokens: false });
  const at = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const diagnostics = firstSyntaxError(doc.errors).map((error) => {
    const atEnd = error.pos[0] >= text.trimEnd().length;
    const where = atEnd ? at(lastLineStart(text)) : at(error.pos[0]);
    const message = firstLine(error.message) + (atEnd ? ' (reached the end of the file)' : '');
    return diagnostic(YAML_RULES[error.code] ?? 'yaml-syntax', where, message);
  });
  const value = diagnostics.length === 0 ? doc.toJS({ maxAliasCount: 100 }) : undefined;
  return {
    file,
    value,
    diagnostics,
    locate(path, options = {}) {
      return at(offsetOf(doc, path, options.key === true));
    },
  };
}

/** The start offset of the deepest node on `path` that exists. */
function offsetOf(doc: Document, path: readonly PathSegment[], wantKey: boolean): number {
  let node: unknown = doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyOf(p.key) === String(segment));
      if (!pair) return offset;
      if (last && wantKey) return rangeStart(pair.key) ?? offset;
      node = pair.value;
      offset = rangeStart(node) ?? rangeStart(pair.key) ?? offset;
    } else if (isSeq(node) && /^\d+$/.test(String(segment))) {
      node = node.items[Number(segment)];
      if (node === undefined) return offset;
      offset = rangeStart(node) ?? offset;
    } else {
      return offset;
    }
  }
  return offset;
}

/**
 * After one syntax error the parser's later errors are mostly echoes of it, so only the
 * first is kept; duplicate keys are independent of each other and all kept.
 */
function firstSyntaxError<E extends { code: string }>(errors: readonly E[]): E[] {
  const duplicates = errors.filter((e) => e.code === 'DUPLICATE_KEY');
  const first = errors.find((e) => e.code !== 'DUPLICATE_KEY');
  return first ? [first, ...duplicates] : duplicates;
}

/** Offset of the first non-blank character of the last non-blank line. */
function lastLineStart(text: string): number {
  const trimmed = text.trimEnd();
  const lineStart = trimmed.lastIndexOf('\n') + 1;
  const indent = /^[ \t]*/.exec(trimmed.slice(lineStart))?.[0].length ?? 0;
  return lineStart + indent;
}

function keyOf(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? message;
}
