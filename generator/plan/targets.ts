/**
 * Resolving a map/fixed target (`body`, `body.x`, `query.x`, `path.x`, `header.x`,
 * `cookie.x` or a bare parameter name) against an operation.
 */
import { closest } from '../did-you-mean.ts';
import { child, type SpecPointer } from '../openapi/documents.ts';
import type { OperationDetails, OperationParameter, ParamLocation } from '../openapi/operations.ts';
import type { ApiSpec } from '../openapi/spec.ts';
import type { Target } from './types.ts';

export type TargetResolution =
  | { ok: true; target: Target; schemaAt?: SpecPointer; param?: OperationParameter }
  | { ok: false; ruleId: 'map-unknown-target' | 'map-ambiguous'; message: string; specAt?: SpecPointer };

const LOCATIONS: readonly ParamLocation[] = ['path', 'query', 'header', 'cookie'];

export function resolveTarget(spec: ApiSpec, op: OperationDetails, text: string): TargetResolution {
  const opName = op.ref.operationId ?? `${op.ref.method.toUpperCase()} ${op.ref.path}`;
  if (text === 'body') {
    if (!op.body) return { ok: false, ruleId: 'map-unknown-target', message: `operation ${opName} has no JSON request body`, specAt: op.ref.at };
    const out: TargetResolution = { ok: true, target: { kind: 'body' } };
    if (op.body.schemaAt) out.schemaAt = op.body.schemaAt;
    return out;
  }
  if (text.startsWith('body.')) return resolveBodyField(spec, op, text.slice(5), opName);
  const dot = text.indexOf('.');
  const prefix = dot === -1 ? '' : text.slice(0, dot);
  if (LOCATIONS.includes(prefix as ParamLocation)) {
    const name = text.slice(dot + 1);
    const param = op.parameters.find((p) => p.in === prefix && p.name === name);
    if (!param) {
      return { ok: false, ruleId: 'map-unknown-target', message: `operation ${opName} has no ${prefix} parameter '${name}'${hint(op, name)}`, specAt: parametersAt(spec, op) };
    }
    return paramTarget(param);
  }
  const matches = op.parameters.filter((p) => p.name === text);
  const [only] = matches;
  if (matches.length > 1) {
    return { ok: false, ruleId: 'map-ambiguous', message: `operation ${opName} has several parameters named '${text}' (${matches.map((p) => p.in).join(', ')}); map it as '<in>.${text}'`, specAt: parametersAt(spec, op) };
  }
  if (only) return paramTarget(only);
  const field = bodyFieldSchema(spec, op, text);
  if (field) return field;
  return {
    ok: false,
    ruleId: 'map-unknown-target',
    message: `operation ${opName} has no parameter${op.body ? ' or body field' : ''} named '${text}'${hint(op, text)}`,
    specAt: parametersAt(spec, op),
  };
}

function paramTarget(param: OperationParameter): TargetResolution {
  const out: TargetResolution = { ok: true, target: { kind: 'param', in: param.in, name: param.name }, param };
  if (param.schemaAt) out.schemaAt = param.schemaAt;
  return out;
}

function resolveBodyField(spec: ApiSpec, op: OperationDetails, field: string, opName: string): TargetResolution {
  if (!op.body) return { ok: false, ruleId: 'map-unknown-target', message: `operation ${opName} has no JSON request body`, specAt: op.ref.at };
  const known = bodyFieldSchema(spec, op, field);
  if (known) return known;
  const shape = bodyShape(spec, op);
  if (shape && shape.closed) {
    return { ok: false, ruleId: 'map-unknown-target', message: `the request body of ${opName} has no field '${field}' (fields: ${shape.fields.join(', ') || 'none'})`, specAt: op.body.schemaAt ?? op.body.at };
  }
  return { ok: true, target: { kind: 'body-field', field } };
}

function bodyFieldSchema(spec: ApiSpec, op: OperationDetails, field: string): TargetResolution | undefined {
  const shape = bodyShape(spec, op);
  if (!shape || !shape.fields.includes(field)) return undefined;
  return { ok: true, target: { kind: 'body-field', field }, schemaAt: { doc: shape.at.doc, path: [...shape.at.path, 'properties', field] } };
}

export interface BodyShape {
  at: SpecPointer;
  fields: string[];
  required: string[];
  /** No properties beyond `fields` (additionalProperties: false). */
  closed: boolean;
  /** Declares additionalProperties (true or a schema). */
  open: boolean;
}

/** The body schema's own properties, when it is an object schema. */
export function bodyShape(spec: ApiSpec, op: OperationDetails): BodyShape | undefined {
  if (!op.body?.schemaAt) return undefined;
  const { value, at } = spec.docs.deref(op.body.schemaAt);
  const schema = value as { type?: unknown; properties?: Record<string, unknown>; required?: unknown; additionalProperties?: unknown };
  if (!schema.properties || (schema.type !== undefined && schema.type !== 'object')) return undefined;
  return {
    at,
    fields: Object.keys(schema.properties),
    required: Array.isArray(schema.required) ? schema.required.filter((r): r is string => typeof r === 'string') : [],
    closed: schema.additionalProperties === false,
    open: schema.additionalProperties !== undefined && schema.additionalProperties !== false,
  };
}

export function describeTarget(target: Target): string {
  if (target.kind === 'body') return 'the request body';
  if (target.kind === 'body-field') return `body field '${target.field}'`;
  return `${target.in} parameter '${target.name}'`;
}

export function sameTarget(a: Target, b: Target): boolean {
  return describeTarget(a) === describeTarget(b);
}

/**
 * The operation's `parameters` list (else the path item's, else the operation): where
 * a reader looks when a parameter was renamed under the manifest.
 */
export function parametersAt(spec: ApiSpec, op: OperationDetails): SpecPointer {
  for (const at of [child(op.ref.at, 'parameters'), child(op.ref.pathItemAt, 'parameters')]) {
    if (Array.isArray(spec.docs.at(at))) return at;
  }
  return op.ref.at;
}

function hint(op: OperationDetails, name: string): string {
  const [close] = closest(name, op.parameters.map((p) => p.name), 1);
  const param = op.parameters.find((p) => p.name === close);
  if (param) return ` (did you mean '${param.in}.${param.name}'?)`;
  const names = op.parameters.map((p) => `${p.in}.${p.name}`);
  return names.length > 0 ? ` (it has ${names.join(', ')})` : ' (it has no parameters)';
}
