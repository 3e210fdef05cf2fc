/**
 * Response shaping (manifest `tools[].response`): what of an upstream answer the model
 * gets. `select` keeps only the named paths, `drop` removes them, `maxItems` cuts lists,
 * `maxBytes` cuts lists further until the JSON fits. Every cut is reported, so the note
 * can say what was left out. Paths are dot-separated keys; `[]` means "each element"
 * (`items[].name`, `[].id` for an answer that is itself a list).
 */
import type { ResponseShaping } from '../tools/types.ts';

export interface ListCut {
  /** Where the list is (`items`), or '' for the answer itself. */
  path: string;
  shown: number;
  total: number;
}

export interface Shaped {
  value: unknown;
  cuts: ListCut[];
  /** Still over `maxBytes` with no list left to cut: the text is cut at that size. */
  overBytes: boolean;
}

export function shape(value: unknown, rules: ResponseShaping): Shaped {
  let out = value;
  if (rules.select) out = selectPaths(out, trieOf(rules.select));
  if (rules.drop) {
    out = structuredClone(out);
    for (const path of rules.drop) dropPath(out, tokens(path));
  }
  const cuts = new Map<string, ListCut>();
  const lists = () => listsIn(out);
  if (rules.maxItems !== undefined) {
    for (const list of lists()) cutList(list, rules.maxItems, cuts);
  }
  let overBytes = false;
  if (rules.maxBytes !== undefined) {
    for (let size = bytesOf(out); size > rules.maxBytes; size = bytesOf(out)) {
      const longest = lists().filter((l) => l.items.length > 0).sort((a, b) => bytesOf(b.items) - bytesOf(a.items))[0];
      if (!longest) {
        overBytes = true;
        break;
      }
      const keep = Math.min(longest.items.length - 1, Math.floor((longest.items.length * rules.maxBytes) / size));
      cutList(longest, Math.max(0, keep), cuts);
    }
  }
  return { value: out, cuts: [...cuts.values()], overBytes };
}

/** The note appended to the result's text: what was cut. */
export function cutNote(shaped: Shaped, maxBytes: number | undefined): string | undefined {
  const parts = shaped.cuts.map((c) => `Showing ${c.shown} of ${c.total} items${c.path ? ` in ${c.path}` : ''}`);
  if (shaped.overBytes && maxBytes !== undefined) parts.push(`the result is cut at ${maxBytes} bytes`);
  return parts.length > 0 ? `${parts.join('; ')} (the rest was cut to fit).` : undefined;
}

interface ListRef {
  path: string;
  items: unknown[];
  set(items: unknown[]): void;
}

/** The answer's lists: the answer itself when it is one, else its top-level properties that are. */
function listsIn(value: unknown): ListRef[] {
  if (Array.isArray(value)) {
    const list = value;
    return [{ path: '', items: list, set: (items) => list.splice(items.length) }];
  }
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([key, sub]): ListRef[] =>
    Array.isArray(sub) ? [{ path: key, items: sub, set: (items) => void (value[key] = items) }] : [],
  );
}

function cutList(list: ListRef, max: number, cuts: Map<string, ListCut>): void {
  if (list.items.length <= max) return;
  const total = cuts.get(list.path)?.total ?? list.items.length;
  const kept = list.items.slice(0, max);
  list.set(kept);
  list.items = kept;
  cuts.set(list.path, { path: list.path, shown: max, total });
}

type Trie = Map<string, Trie>;

function tokens(path: string): string[] {
  return path.split('.').flatMap((part) => (part.endsWith('[]') ? [part.slice(0, -2), '[]'].filter((t) => t !== '') : [part]));
}

function trieOf(paths: readonly string[]): Trie {
  const root: Trie = new Map();
  for (const path of paths) {
    let node = root;
    for (const token of tokens(path)) {
      let next = node.get(token);
      if (!next) node.set(token, (next = new Map()));
      node = next;
    }
  }
  return root;
}

function selectPaths(value: unknown, trie: Trie): unknown {
  if (trie.size === 0) return value;
  if (Array.isArray(value)) return value.map((item) => selectPaths(item, trie.get('[]') ?? trie));
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, sub] of trie) {
    if (key !== '[]' && Object.hasOwn(value, key)) out[key] = selectPaths(value[key], sub);
  }
  return out;
}

function dropPath(value: unknown, path: readonly string[]): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (Array.isArray(value)) {
    for (const item of value) dropPath(item, head === '[]' ? rest : path);
    return;
  }
  if (!isObject(value) || head === '[]') return;
  if (rest.length === 0) delete value[head];
  else dropPath(value[head], rest);
}

/** As the result's text shows it (results.ts pretty-prints), so the text fits too. */
function bytesOf(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value, null, 2) ?? '');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
