/**
 * Appending tool entries to a manifest with the `yaml` Document API, so the file's
 * comments, quoting, flow maps and blank lines stay as they were; a missing file is
 * created with the editor modeline, `version: 1` and `api:`.
 * @see https://eemeli.org/yaml/#documents
 */
import { Document, isMap, isScalar, isSeq, parseDocument, YAMLSeq } from 'yaml';
import { AUTH_TYPES, type AuthType } from '../../runtime/tools/types.ts';
import type { ManifestTool } from '../manifest/types.ts';
import { AddError } from './errors.ts';

/** Never re-fold long lines of the existing file. */
const TO_STRING = { lineWidth: 0 } as const;

export function newManifestText(schemaRef: string, api: string): string {
  return `# yaml-language-server: $schema=${schemaRef}\nversion: 1\napi: ${api}\ntools: []\n`;
}

/**
 * The manifest text with `tools` appended; `file` names it in errors. When `tools:` is
 * the file's last key and a block list, the entries are added as text after it, so every
 * byte before stays as written (the Document API would re-pad `[a, b]` as `[ a, b ]`);
 * otherwise the Document API places them, keeping comments.
 */
export function appendTools(text: string, tools: readonly ManifestEntry[], file: string): string {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) throw new AddError('add_file_invalid', `${file} is not valid YAML (${doc.errors[0]?.message.split('\n')[0]}); fix it first (dta-mcp validate)`);
  let seq = doc.get('tools', true);
  if (seq !== undefined && !isSeq(seq)) throw new AddError('add_file_invalid', `${file}: 'tools' is not a list`);
  // Keep the file's habit: a blank line between entries when its entries have one.
  const spaced = isSeq(seq) && seq.items.slice(1).some((item) => (item as { spaceBefore?: boolean }).spaceBefore === true);
  const indent = isSeq(seq) && seq.items.length > 0 && !seq.flow && toolsIsLast(doc) ? itemIndent(text) : undefined;
  if (indent !== undefined) return appendAsText(text, tools, indent, spaced);
  if (seq === undefined || (isSeq(seq) && seq.items.length === 0)) {
    seq = new YAMLSeq();
    doc.set('tools', seq);
  }
  for (const tool of tools) {
    const node = doc.createNode(tool);
    if (spaced) node.spaceBefore = true;
    (seq as YAMLSeq).items.push(node);
  }
  return doc.toString(TO_STRING);
}

function toolsIsLast(doc: Document): boolean {
  const contents = doc.contents;
  if (!isMap(contents)) return false;
  const last = contents.items[contents.items.length - 1];
  return isScalar(last?.key) && last.key.value === 'tools';
}

/** Columns before the `-` of the first entry under `tools:`. */
function itemIndent(text: string): number | undefined {
  const m = /^tools:[ \t]*(?:#.*)?\r?\n(?:[ \t]*(?:#.*)?\r?\n)*([ ]*)- /m.exec(text);
  return m ? (m[1] ?? '').length : undefined;
}

function appendAsText(text: string, tools: readonly ManifestEntry[], indent: number, spaced: boolean): string {
  const rendered = new Document({ tools }).toString(TO_STRING);
  // `tools:\n  - name: …`: items at two columns, their keys at four.
  const lines = rendered.split('\n').slice(1).filter((line) => line !== '');
  const shifted = lines.map((line) => `${' '.repeat(indent)}${line.slice(2)}`);
  const items = spaced ? shifted.map((line) => (line.trimStart().startsWith('- ') ? `\n${line}` : line)) : shifted;
  return `${text.endsWith('\n') ? text : `${text}\n`}${items.join('\n')}\n`;
}

/** The `api:` of an existing manifest, if it declares one. */
export function fileApi(text: string): string | undefined {
  const api = (parseDocument(text).toJS() as { api?: unknown } | null)?.api;
  return typeof api === 'string' ? api : undefined;
}

/** The file's default `authType` (top-level), read leniently. */
export function fileAuthType(text: string): AuthType | undefined {
  const authType = (parseDocument(text).toJS() as { authType?: unknown } | null)?.authType;
  return AUTH_TYPES.find((a) => a === authType);
}

/** An entry as written: `authType` is left out when it is the file's default. */
export type ManifestEntry = Omit<ManifestTool, 'authType'> & { authType?: AuthType };

/** Tool names of a manifest, read leniently (a broken file still reserves its names). */
export function toolNames(text: string): string[] {
  const value = parseDocument(text).toJS() as { tools?: unknown } | null;
  const tools = Array.isArray(value?.tools) ? (value.tools as unknown[]) : [];
  return tools.flatMap((t) => (t !== null && typeof t === 'object' && typeof (t as { name?: unknown }).name === 'string' ? [(t as { name: string }).name] : []));
}
