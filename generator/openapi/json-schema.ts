/**
 * OpenAPI Schema Objects -> JSON Schema 2020-12 that MCP clients (and ajv) accept.
 *
 * - Named schemas stay named: every `$ref` becomes `#/$defs/<Name>` and the target is
 *   converted once into `$defs` (components keep their name; other targets, such as a
 *   schema in another file, are named after their last pointer segment). A worklist,
 *   not recursion, converts the targets, so cyclic schemas terminate.
 * - OpenAPI 3.0 specifics become 2020-12: `nullable` -> a `null` type, boolean
 *   `exclusiveMinimum/Maximum` -> numeric ones, `example` -> `examples`.
 * - Keywords with no JSON Schema meaning (`discriminator`, `xml`, `externalDocs`,
 *   `x-*`) and ones that would change ref resolution (`$id`, `$schema`) are dropped.
 * @see https://spec.openapis.org/oas/v3.0.3#schema-object
 * @see https://json-schema.org/draft/2020-12/json-schema-core
 */
import { refOf, type SpecPointer } from './documents.ts';
import type { ApiSpec } from './spec.ts';

export type JsonObject = { [key: string]: unknown };
export type Schema = JsonObject | boolean;

const DROPPED = new Set(['discriminator', 'xml', 'externalDocs', '$id', '$schema', '$anchor', '$dynamicAnchor', '$comment', 'nullable', 'example', 'definitions', '$defs']);
const SCHEMA_MAPS = ['properties', 'patternProperties', 'dependentSchemas'];
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const SCHEMA_SINGLES = ['additionalProperties', 'items', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'unevaluatedProperties', 'unevaluatedItems', 'contentSchema'];

export class SchemaConverter {
  private readonly nameByTarget = new Map<string, string>();
  private readonly taken = new Set<string>();
  private readonly pending: Array<{ name: string; at: SpecPointer }> = [];
  private readonly converted = new Map<string, Schema>();

  constructor(
    private readonly spec: ApiSpec,
    reservedNames: Iterable<string> = [],
  ) {
    for (const name of reservedNames) this.taken.add(name);
  }

  /** The schema at `at`, converted; `$ref`s inside become `#/$defs/...`. */
  convertAt(at: SpecPointer): Schema {
    return this.convert(this.spec.docs.at(at), at);
  }

  /** Like convertAt, but a top-level `$ref` is followed and inlined (for outputSchema). */
  convertInlined(at: SpecPointer): Schema {
    const { value, at: real } = this.spec.docs.deref(at);
    return this.convert(value, real);
  }

  /** Registers the schema at `target` as a `$def` and returns the ref to it. */
  refTo(target: SpecPointer): string {
    const key = `${target.doc}#${target.path.join('/')}`;
    let name = this.nameByTarget.get(key);
    if (name === undefined) {
      name = this.uniqueName(target);
      this.nameByTarget.set(key, name);
      this.pending.push({ name, at: target });
    }
    return `#/$defs/${name}`;
  }

  /** Converts every referenced target (and what they reference); sorted by name. */
  defs(): Record<string, Schema> {
    for (let next = this.pending.shift(); next; next = this.pending.shift()) {
      const { value, at } = this.spec.docs.deref(next.at);
      this.converted.set(next.name, this.convert(value, at));
    }
    const out: Record<string, Schema> = {};
    for (const name of [...this.converted.keys()].sort()) out[name] = this.converted.get(name) as Schema;
    return out;
  }

  private convert(value: unknown, at: SpecPointer): Schema {
    if (typeof value === 'boolean') return value;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
    const node = value as JsonObject;
    const ref = refOf(node);
    if (ref !== undefined) {
      const out: JsonObject = { $ref: this.refTo(this.spec.docs.target(ref, at)) };
      // 3.0 ignores a $ref's siblings; 3.1 applies them (they are plain JSON Schema there).
      if (this.spec.version === '3.1') Object.assign(out, this.convertKeywords(node, at, ['$ref']));
      return out;
    }
    return this.convertKeywords(node, at, []);
  }

  private convertKeywords(node: JsonObject, at: SpecPointer, skip: readonly string[]): JsonObject {
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) {
      if (skip.includes(key) || DROPPED.has(key) || key.startsWith('x-')) continue;
      const here = { doc: at.doc, path: [...at.path, key] };
      if (SCHEMA_MAPS.includes(key) && isObject(value)) {
        const map: JsonObject = {};
        for (const [name, sub] of Object.entries(value)) map[name] = this.convert(sub, { doc: at.doc, path: [...here.path, name] });
        out[key] = map;
      } else if (SCHEMA_LISTS.includes(key) && Array.isArray(value)) {
        out[key] = value.map((sub, i) => this.convert(sub, { doc: at.doc, path: [...here.path, String(i)] }));
      } else if (key === 'items' && Array.isArray(value)) {
        // Tuple `items` (draft 4-2019) is `prefixItems` in 2020-12.
        out.prefixItems = value.map((sub, i) => this.convert(sub, { doc: at.doc, path: [...here.path, String(i)] }));
      } else if (SCHEMA_SINGLES.includes(key)) {
        out[key] = this.convert(value, here);
      } else if ((key === 'exclusiveMinimum' || key === 'exclusiveMaximum') && typeof value === 'boolean') {
        const bound = key === 'exclusiveMinimum' ? 'minimum' : 'maximum';
        if (value && typeof node[bound] === 'number') out[key] = node[bound];
      } else {
        out[key] = structuredClone(value);
      }
    }
    if (node.exclusiveMinimum === true) delete out.minimum;
    if (node.exclusiveMaximum === true) delete out.maximum;
    // An `example` that is a `$ref` (GitHub's spec points some at components/examples) is
    // an Example Object reference, not a value: it would read as a dangling schema ref.
    if (node.example !== undefined && out.examples === undefined && refOf(node.example) === undefined) out.examples = [structuredClone(node.example)];
    if (node.nullable === true) makeNullable(out);
    return out;
  }

  private uniqueName(target: SpecPointer): string {
    const path = target.path;
    const isComponent = target.doc === this.spec.abs && path.length === 3 && path[0] === 'components' && path[1] === 'schemas';
    const base = sanitize(isComponent ? (path[2] ?? 'Schema') : (path[path.length - 1] ?? fileStem(target.doc)));
    let name = base;
    for (let i = 2; this.taken.has(name); i++) name = `${base}${i}`;
    this.taken.add(name);
    return name;
  }
}

/** @see https://swagger.io/docs/specification/v3_0/data-models/data-types/#null */
function makeNullable(out: JsonObject): void {
  if (typeof out.type === 'string') out.type = [out.type, 'null'];
  else if (Array.isArray(out.type) && !out.type.includes('null')) out.type = [...out.type, 'null'];
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  if (out.type === undefined && out.enum === undefined) {
    const inner = { ...out };
    for (const key of Object.keys(out)) delete out[key];
    out.anyOf = [inner, { type: 'null' }];
  }
}

function sanitize(name: string): string {
  const clean = name.replace(/[^A-Za-z0-9_.-]/g, '_');
  return clean === '' ? 'Schema' : clean;
}

function fileStem(abs: string): string {
  return abs.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '');
}

function isObject(x: unknown): x is JsonObject {
  return x !== null && typeof x === 'object' && !Array.isArray(x);
}

/** Every `$ref` in `schema` that is not `#/$defs/<name>` of an existing def. */
export function danglingRefs(schema: Schema, defs: Record<string, unknown>): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (isObject(node)) {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') {
          const m = /^#\/\$defs\/([^/]+)$/.exec(value);
          if (!m || !(decodePointer(m[1] ?? '') in defs)) out.push(value);
        } else walk(value);
      }
    }
  };
  walk(schema);
  return out;
}

function decodePointer(s: string): string {
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}
