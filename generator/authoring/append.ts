/**
 * Appending tool entries to a manifest with the `yaml` Document API, so the file's
 * comments, quoting, flow maps and blank lines stay as they were; a missing file is
 * created with the editor modeline, `version: 1` and `api:`.
 * @see https://eemeli.org/yaml/#documents
 */
import { isSeq, parseDocument, YAMLSeq } from 'yaml';
import type { ManifestTool } from '../manifest/types.ts';
import { AddError } from './errors.ts';

/** Never re-fold long lines of the existing file. */
const TO_STRING = { lineWidth: 0 } as const;

export function newManifestText(schemaRef: string, api: string): string {
  return `# yaml-language-server: $schema=${schemaRef}\nversion: 1\napi: ${api}\ntools: []\n`;
}

/** The manifest text with `tools` appended; `file` names it in errors. */
export function appendTools(text: string, tools: readonly ManifestTool[], file: string): string {
  const doc = parseDocument(text, { uniqueKeys: true });
  if (doc.errors.length > 0) throw new AddError('add_file_invalid', `${file} is not valid YAML (${doc.errors[0]?.message.split('\n')[0]}); fix it first (dta-mcp validate)`);
  let seq = doc.get('tools', true);
  if (seq === undefined || (isSeq(seq) && seq.items.length === 0)) {
    seq = new YAMLSeq();
    doc.set('tools', seq);
  }
  if (!isSeq(seq)) throw new AddError('add_file_invalid', `${file}: 'tools' is not a list`);
  // Keep the file's habit: a blank line between entries when its entries have one.
  const spaced = seq.items.slice(1).some((item) => (item as { spaceBefore?: boolean }).spaceBefore === true);
  for (const tool of tools) {
    const node = doc.createNode(tool);
    if (spaced) node.spaceBefore = true;
    seq.items.push(node);
  }
  return doc.toString(TO_STRING);
}

/** The `api:` of an existing manifest, if it declares one. */
export function fileApi(text: string): string | undefined {
  const api = (parseDocument(text).toJS() as { api?: unknown } | null)?.api;
  return typeof api === 'string' ? api : undefined;
}

/** Tool names of a manifest, read leniently (a broken file still reserves its names). */
export function toolNames(text: string): string[] {
  const value = parseDocument(text).toJS() as { tools?: unknown } | null;
  const tools = Array.isArray(value?.tools) ? (value.tools as unknown[]) : [];
  return tools.flatMap((t) => (t !== null && typeof t === 'object' && typeof (t as { name?: unknown }).name === 'string' ? [(t as { name: string }).name] : []));
}
