/**
 * Line and column of a JSON pointer in JSON text, found by scanning (no AST is kept:
 * a 13 MB spec is parsed with JSON.parse, and only the few places a diagnostic points
 * at are looked up, on demand).
 */

export interface TextPosition {
  line: number;
  column: number;
}

/** Where the value at `path` starts (with `key`, where its key starts); the deepest existing node otherwise. */
export function locateInJson(text: string, path: readonly string[], options: { key?: boolean } = {}): TextPosition {
  let i = skipSpace(text, 0);
  let found = i;
  for (let depth = 0; depth < path.length; depth++) {
    const segment = path[depth];
    const last = depth === path.length - 1;
    const next = text[i] === '{' ? findMember(text, i, segment ?? '') : text[i] === '[' ? findElement(text, i, Number(segment)) : undefined;
    if (!next) break;
    found = last && options.key === true ? next.key : next.value;
    i = next.value;
  }
  return positionOf(text, found);
}

function findMember(text: string, open: number, name: string): { key: number; value: number } | undefined {
  let i = skipSpace(text, open + 1);
  while (i < text.length && text[i] !== '}') {
    const keyStart = i;
    const keyEnd = skipString(text, i);
    const key = JSON.parse(text.slice(keyStart, keyEnd)) as string;
    i = skipSpace(text, keyEnd);
    i = skipSpace(text, i + 1); // ':'
    if (key === name) return { key: keyStart, value: i };
    i = skipSpace(text, skipValue(text, i));
    if (text[i] === ',') i = skipSpace(text, i + 1);
  }
  return undefined;
}

function findElement(text: string, open: number, index: number): { key: number; value: number } | undefined {
  if (!Number.isInteger(index) || index < 0) return undefined;
  let i = skipSpace(text, open + 1);
  for (let n = 0; i < text.length && text[i] !== ']'; n++) {
    if (n === index) return { key: i, value: i };
    i = skipSpace(text, skipValue(text, i));
    if (text[i] === ',') i = skipSpace(text, i + 1);
  }
  return undefined;
}

/** The offset just past the value starting at `i`. */
function skipValue(text: string, i: number): number {
  const c = text[i];
  if (c === '"') return skipString(text, i);
  if (c !== '{' && c !== '[') {
    while (i < text.length && !/[\s,}\]]/.test(text[i] ?? '')) i++;
    return i;
  }
  let depth = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') {
      i = skipString(text, i);
      continue;
    }
    if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return i;
}

/** The offset just past the string whose opening quote is at `i`. */
function skipString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === '\\') j++;
    else if (text[j] === '"') return j + 1;
  }
  return text.length;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  return i;
}

function positionOf(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) {
    line++;
    lineStart = at + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
