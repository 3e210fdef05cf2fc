/**
 * A tool's input schema: the manifest's `input` (its `#/components/...` refs pulled
 * from the spec into `$defs`), or, when there is none, one derived from the operation:
 * every non-credential parameter, plus the JSON body — flattened into its fields when
 * it is a plain object schema, else one `body` argument.
 */
import { diagnostic, type Diagnostic, type SourcePosition } from '../diagnostics.ts';
import { child } from '../openapi/documents.ts';
import { isCredentialParameter } from '../openapi/credentials.ts';
import type { SchemaConverter, JsonObject, Schema } from '../openapi/json-schema.ts';
import type { OperationDetails } from '../openapi/operations.ts';
import type { ApiSpec } from '../openapi/spec.ts';
import type { ManifestInput } from '../manifest/types.ts';
import type { PathSegment, YamlSource } from '../yaml-source.ts';
import { bodyShape } from './targets.ts';
import type { Target } from './types.ts';

export interface InputParts {
  properties: Record<string, Schema>;
  required: string[];
  /** The dialect named in the manifest (`$schema`), kept in the served schema. */
  $schema?: string;
  title?: string;
  description?: string;
  additionalProperties?: Schema;
  /** The manifest's own `$defs` (spec-derived ones come from the converter). */
  defs: Record<string, Schema>;
  /** Derived inputs only: where each argument goes. */
  targets: Map<string, Target>;
}

/** Copies the manifest input, rewriting `#/components/...` refs to `#/$defs/...`. */
export function manifestInput(
  input: ManifestInput,
  base: readonly PathSegment[],
  source: YamlSource,
  spec: ApiSpec | undefined,
  converter: SchemaConverter | undefined,
): { parts: InputParts; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const ownDefs = new Set(Object.keys(input.$defs ?? {}));
  const rewrite = (node: unknown, path: PathSegment[]): unknown => {
    if (Array.isArray(node)) return node.map((x, i) => rewrite(x, [...path, i]));
    if (node === null || typeof node !== 'object') return node;
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') {
        const ref = rewriteRef(value, [...path, key]);
        // An unresolved ref is reported once, here, not again as a dangling one.
        if (ref !== undefined) out.$ref = ref;
      } else out[key] = rewrite(value, [...path, key]);
    }
    return out;
  };
  const rewriteRef = (ref: string, path: PathSegment[]): string | undefined => {
    const own = /^#\/\$defs\/([^/]+)$/.exec(ref);
    if (own && ownDefs.has(own[1] ?? '')) return ref;
    if (ref.startsWith('#/components/') && spec && converter) {
      const target = { doc: spec.abs, path: ref.slice(2).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')) };
      if (spec.docs.at(target) !== undefined) return converter.refTo(target);
    }
    const why = spec ? `not in input.$defs nor in ${spec.file}` : 'not in input.$defs (a local tool has no spec to refer to)';
    diagnostics.push(diagnostic('input-ref-unresolved', source.locate([...base, ...path]), `$ref '${ref}' resolves to nothing: ${why}`));
    return undefined;
  };
  const parts: InputParts = {
    properties: rewrite(input.properties ?? {}, ['properties']) as Record<string, Schema>,
    required: [...(input.required ?? [])],
    defs: rewrite(input.$defs ?? {}, ['$defs']) as Record<string, Schema>,
    targets: new Map(),
  };
  if (input.$schema !== undefined) parts.$schema = input.$schema;
  if (input.title !== undefined) parts.title = input.title;
  if (input.description !== undefined) parts.description = input.description;
  if (input.additionalProperties !== undefined) parts.additionalProperties = rewrite(input.additionalProperties, ['additionalProperties']) as Schema;
  return { parts, diagnostics };
}

/**
 * Targets with a `fixed` value are not arguments; a fixed body field makes the body
 * flatten into its fields so the others stay settable.
 */
export function deriveInput(
  spec: ApiSpec,
  op: OperationDetails,
  converter: SchemaConverter,
  at: SourcePosition,
  fixed: readonly Target[] = [],
): { parts: InputParts; diagnostics: Diagnostic[] } {
  const isFixed = (t: Target) => fixed.some((f) => JSON.stringify(f) === JSON.stringify(t));
  const fixedFields = fixed.flatMap((f) => (f.kind === 'body-field' ? [f.field] : []));
  const parts: InputParts = { properties: {}, required: [], defs: {}, targets: new Map() };
  const diagnostics: Diagnostic[] = [];
  const add = (name: string, schema: Schema, target: Target, required: boolean): void => {
    let arg = safeName(name);
    for (let i = 2; arg in parts.properties; i++) arg = `${safeName(name)}_${i}`;
    parts.properties[arg] = schema;
    parts.targets.set(arg, target);
    if (required) parts.required.push(arg);
  };
  for (const param of op.parameters) {
    if (isCredentialParameter(param, op) || isFixed({ kind: 'param', in: param.in, name: param.name })) continue;
    const schema = param.schemaAt ? converter.convertAt(param.schemaAt) : {};
    add(param.name, withDescription(schema, param.description), { kind: 'param', in: param.in, name: param.name }, param.required);
  }
  if (op.body?.schemaAt && !isFixed({ kind: 'body' })) {
    const shape = bodyShape(spec, op);
    const paramNames = new Set(Object.keys(parts.properties));
    const flatten = shape && (!shape.open || fixedFields.length > 0) && shape.fields.length > 0;
    if (shape && flatten && shape.fields.every((f) => !paramNames.has(safeName(f)))) {
      for (const field of shape.fields) {
        if (fixedFields.includes(field)) continue;
        const schema = converter.convertAt(child(shape.at, 'properties', field));
        add(field, schema, { kind: 'body-field', field }, op.body.required && shape.required.includes(field));
      }
    } else {
      const bodyDescription = (spec.docs.deref(op.body.at).value as { description?: unknown }).description;
      const schema = converter.convertAt(op.body.schemaAt);
      add(paramNames.has('body') ? 'requestBody' : 'body', withDescription(schema, typeof bodyDescription === 'string' ? bodyDescription : undefined), { kind: 'body' }, op.body.required);
    }
  } else if (op.body) {
    diagnostics.push(diagnostic('body-without-schema', at, `the request body of this operation has no schema; give the tool an explicit 'input' and 'map'`, { severity: 'warning' }));
  }
  return { parts, diagnostics };
}

/** Argument names clients accept everywhere: `^[a-zA-Z0-9_.-]{1,64}$`. */
function safeName(name: string): string {
  const clean = name.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 64);
  return clean === '' ? 'arg' : clean;
}

export function withDescription(schema: Schema, description: string | undefined): Schema {
  if (description === undefined || typeof schema === 'boolean' || schema.description !== undefined) return schema;
  return { ...schema, description };
}
