/**
 * The files of one OpenAPI description: the entry document plus every file reached by
 * a relative `$ref`, each parsed once (YAML with locations, or JSON). `$ref`s are
 * resolved lazily, one hop at a time, so cyclic schemas never loop; a chain of `$ref`s
 * that returns to itself is reported, not followed forever. A `$ref` never leaves the
 * set's RefScope (the project, or a `.ref`'s package) and is never fetched: a spec must
 * not read the machine it is validated on.
 * @see https://spec.openapis.org/oas/v3.1.0#reference-object
 */
import { dirname, resolve } from 'node:path';
import { diagnostic, type SpecLocation } from '../diagnostics.ts';
import { locateInJson } from './json-locate.ts';
import type { RefScope } from './ref-scope.ts';
import { parseYamlSource, type PathSegment, type YamlSource } from '../yaml-source.ts';
import { inputExists, readInputText } from '../cache/inputs.ts';

/** A place in one of the files: absolute path + JSON pointer segments. */
export interface SpecPointer {
  doc: string;
  path: readonly string[];
}

export interface LoadedDocument {
  abs: string;
  /** Relative to the project root. */
  file: string;
  value: unknown;
  /** Present for YAML files (locations); JSON files have pointers only. */
  yaml?: YamlSource;
}

/** `spec_ref_unresolved`: the ref leads nowhere; `spec_ref_outside`: it leads out of the scope (or is a URL). */
export type SpecRefErrorCode = 'spec_ref_unresolved' | 'spec_ref_outside';

export class SpecRefError extends Error {
  constructor(
    message: string,
    /** The object holding the `$ref`. */
    readonly at: SpecPointer,
    readonly code: SpecRefErrorCode = 'spec_ref_unresolved',
  ) {
    super(message);
  }
}

export class DocumentSet {
  private readonly docs = new Map<string, LoadedDocument>();
  private readonly texts = new Map<string, string>();

  constructor(
    private readonly rel: (abs: string) => string,
    private readonly scope: RefScope,
  ) {}

  /** Parses (once) and returns a file; throws SpecRefError-free plain errors to the caller. */
  load(abs: string): LoadedDocument {
    const cached = this.docs.get(abs);
    if (cached) return cached;
    const file = this.rel(abs);
    const text = readInputText(abs);
    let doc: LoadedDocument;
    if (abs.endsWith('.json')) {
      doc = { abs, file, value: parseJson(file, text) };
    } else {
      const yaml = parseYamlSource(file, text);
      if (yaml.diagnostics.length > 0) throw new SpecParseError(yaml);
      doc = { abs, file, value: yaml.value, yaml };
    }
    this.docs.set(abs, doc);
    return doc;
  }

  /** The value at a pointer (no `$ref` following). */
  at(pointer: SpecPointer): unknown {
    let value = this.load(pointer.doc).value;
    for (const segment of pointer.path) {
      if (value === null || typeof value !== 'object') return undefined;
      value = (value as Record<string, unknown>)[segment];
    }
    return value;
  }

  /** Where a `$ref` string found at `from` points. */
  target(ref: string, from: SpecPointer): SpecPointer {
    const hash = ref.indexOf('#');
    const filePart = hash === -1 ? ref : ref.slice(0, hash);
    const fragment = hash === -1 ? '' : ref.slice(hash + 1);
    if (/^[a-z][a-z0-9+.-]*:/i.test(filePart)) {
      throw new SpecRefError(`$ref '${ref}' is a URL; remote refs are never fetched (copy the file into the project)`, from, 'spec_ref_outside');
    }
    const doc = filePart === '' ? from.doc : resolve(dirname(from.doc), decodeURI(filePart));
    if (doc !== from.doc && !this.scope.allows(doc)) {
      throw new SpecRefError(`$ref '${ref}' points outside the project; a spec may only reference files in the project (or in the package its .ref names)`, from, 'spec_ref_outside');
    }
    if (doc !== from.doc && !inputExists(doc)) {
      throw new SpecRefError(`$ref '${ref}' points at a missing file ${this.rel(doc)}`, from);
    }
    const path = fragment === '' || fragment === '/' ? [] : fragment.split('/').slice(1).map(unescapePointer);
    if (fragment !== '' && !fragment.startsWith('/')) {
      throw new SpecRefError(`$ref '${ref}' is not a JSON pointer (anchors are not supported)`, from);
    }
    return { doc, path };
  }

  /**
   * Follows `$ref`s from `pointer` until a value without one; returns the value and
   * where it really lives (so nested relative refs resolve against the right file).
   */
  deref(pointer: SpecPointer): { value: unknown; at: SpecPointer } {
    const seen = new Set<string>();
    let at = pointer;
    for (;;) {
      const value = this.at(at);
      const ref = refOf(value);
      if (ref === undefined) {
        if (value === undefined) throw new SpecRefError(`nothing at ${this.describe(at)}`, at);
        return { value, at };
      }
      const key = `${at.doc}#${at.path.join('/')}`;
      if (seen.has(key)) throw new SpecRefError(`$ref cycle through ${this.describe(at)}`, at);
      seen.add(key);
      const next = this.target(ref, at);
      if (this.at(next) === undefined) throw new SpecRefError(`$ref '${ref}' resolves to nothing`, at);
      at = next;
    }
  }

  /** A JSON file's text, read again only for locations and kept for the next one. */
  private jsonText(abs: string): string {
    let text = this.texts.get(abs);
    if (text === undefined) {
      text = readInputText(abs);
      this.texts.set(abs, text);
    }
    return text;
  }

  /** `openapi/x.yaml#/paths/~1a/get` */
  describe(at: SpecPointer): string {
    return `${this.rel(at.doc)}#${toPointer(at.path)}`;
  }

  /** Where `at` is, for a diagnostic; with `key: true`, where its key starts (`paths:`). */
  location(at: SpecPointer, options: { key?: boolean } = {}): SpecLocation {
    const doc = this.load(at.doc);
    const loc: SpecLocation = { file: doc.file, pointer: `#${toPointer(at.path)}` };
    // JSON keeps no locations while loading (specs can be 13 MB); the few asked for are found by a scan.
    const pos = doc.yaml ? doc.yaml.locate(at.path as PathSegment[], options) : locateInJson(this.jsonText(at.doc), at.path, options);
    loc.line = pos.line;
    loc.column = pos.column;
    return loc;
  }
}

/** A spec file that is not well-formed YAML (or JSON); carries the located diagnostics. */
export class SpecParseError extends Error {
  readonly code = 'spec_parse_failed';
  constructor(readonly yaml: YamlSource) {
    super(`${yaml.file} is not valid ${yaml.file.endsWith('.json') ? 'JSON' : 'YAML'}`);
  }
}

/** JSON.parse, with a syntax error turned into a located SpecParseError. */
function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).replace(/ in JSON at position \d+.*$/, '');
    const match = /at position (\d+)/.exec(error instanceof Error ? error.message : '');
    const offset = match ? Number(match[1]) : text.trimEnd().length;
    const before = text.slice(0, offset).split('\n');
    const at = { file, line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
    const yaml: YamlSource = { file, value: undefined, diagnostics: [diagnostic('spec-invalid', at, `not valid JSON: ${reason}`)], locate: () => at };
    throw new SpecParseError(yaml);
  }
}

export function refOf(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const ref = (value as { $ref?: unknown }).$ref;
  return typeof ref === 'string' ? ref : undefined;
}

export function child(at: SpecPointer, ...segments: Array<string | number>): SpecPointer {
  return { doc: at.doc, path: [...at.path, ...segments.map(String)] };
}

export function toPointer(path: readonly string[]): string {
  return path.map((s) => `/${s.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

function unescapePointer(segment: string): string {
  return decodeURIComponent(segment).replace(/~1/g, '/').replace(/~0/g, '~');
}
