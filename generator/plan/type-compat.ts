/**
 * A quick, conservative type check of an argument schema against the schema of the
 * parameter or body field it feeds. It catches the common mistakes early with a clear
 * message (a string onto an integer, an enum value the upstream rejects); anything it
 * is unsure about is left to the TypeScript backstop on the generated handler.
 */
import type { JsonObject, Schema } from '../openapi/json-schema.ts';

type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

export interface SchemaWithDefs {
  schema: Schema;
  defs: Record<string, Schema>;
}

export type Compat = { ok: true } | { ok: false; severity: 'error' | 'warning'; reason: string };

export function checkCompat(arg: SchemaWithDefs, target: SchemaWithDefs): Compat {
  const argTypes = typesOf(arg.schema, arg.defs, 0);
  const targetTypes = typesOf(target.schema, target.defs, 0);
  if (argTypes && targetTypes) {
    const bad = [...argTypes].filter((t) => !targetTypes.has(t) && !(t === 'integer' && targetTypes.has('number')));
    const narrowing = bad.length > 0 && bad.every((t) => t === 'number') && targetTypes.has('integer');
    if (narrowing) {
      return { ok: false, severity: 'warning', reason: `the argument is a number but the target takes integers only` };
    }
    if (bad.length > 0) {
      return { ok: false, severity: 'error', reason: `the argument is ${list(argTypes)} but the target takes ${list(targetTypes)}` };
    }
  }
  const argEnum = enumOf(arg.schema, arg.defs, 0);
  const targetEnum = enumOf(target.schema, target.defs, 0);
  if (targetEnum) {
    const allowed = new Set(targetEnum.map((v) => JSON.stringify(v)));
    const extra = (argEnum ?? []).filter((v) => !allowed.has(JSON.stringify(v)));
    if (extra.length > 0) {
      return { ok: false, severity: 'error', reason: `the argument allows ${extra.map((v) => JSON.stringify(v)).join(', ')}, which the target does not accept (it takes ${targetEnum.map((v) => JSON.stringify(v)).join(', ')})` };
    }
  }
  return { ok: true };
}

/** The JSON types a fixed value has. */
export function checkFixedValue(value: unknown, target: SchemaWithDefs): Compat {
  const types = typesOf(target.schema, target.defs, 0);
  const actual = jsonTypeOf(value);
  if (types && !types.has(actual) && !(actual === 'integer' && types.has('number'))) {
    return { ok: false, severity: 'error', reason: `the value ${JSON.stringify(value)} is ${actual} but the target takes ${list(types)}` };
  }
  const values = enumOf(target.schema, target.defs, 0);
  if (values && !values.some((v) => JSON.stringify(v) === JSON.stringify(value))) {
    return { ok: false, severity: 'error', reason: `the value ${JSON.stringify(value)} is not one of ${values.map((v) => JSON.stringify(v)).join(', ')}` };
  }
  return { ok: true };
}

/** undefined = unknown (accept anything). */
function typesOf(schema: Schema, defs: Record<string, Schema>, depth: number): Set<JsonType> | undefined {
  if (typeof schema === 'boolean' || depth > 20) return undefined;
  const node = deref(schema, defs);
  if (node === undefined) return undefined;
  if (node !== schema) return typesOf(node, defs, depth + 1);
  if (typeof node.type === 'string') return new Set([node.type as JsonType]);
  if (Array.isArray(node.type)) return new Set(node.type as JsonType[]);
  if (Array.isArray(node.enum)) return new Set(node.enum.map(jsonTypeOf));
  if ('const' in node) return new Set([jsonTypeOf(node.const)]);
  const branches = (node.anyOf ?? node.oneOf) as Schema[] | undefined;
  if (Array.isArray(branches)) {
    const union = new Set<JsonType>();
    for (const b of branches) {
      const t = typesOf(b, defs, depth + 1);
      if (!t) return undefined;
      for (const x of t) union.add(x);
    }
    return union;
  }
  if (Array.isArray(node.allOf)) {
    for (const b of node.allOf as Schema[]) {
      const t = typesOf(b, defs, depth + 1);
      if (t) return t;
    }
  }
  if (node.properties !== undefined) return new Set(['object']);
  if (node.items !== undefined) return new Set(['array']);
  return undefined;
}

function enumOf(schema: Schema, defs: Record<string, Schema>, depth: number): unknown[] | undefined {
  if (typeof schema === 'boolean' || depth > 20) return undefined;
  const node = deref(schema, defs);
  if (node === undefined) return undefined;
  if (node !== schema) return enumOf(node, defs, depth + 1);
  if (Array.isArray(node.enum)) return node.enum;
  if ('const' in node) return [node.const];
  return undefined;
}

function deref(node: JsonObject, defs: Record<string, Schema>): JsonObject | undefined {
  if (typeof node.$ref !== 'string') return node;
  const m = /^#\/\$defs\/(.+)$/.exec(node.$ref);
  const target = m ? defs[m[1] ?? ''] : undefined;
  return typeof target === 'object' ? target : undefined;
}

function jsonTypeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'object') return 'object';
  return typeof value as JsonType;
}

function list(types: Set<JsonType>): string {
  return [...types].sort().join(' | ');
}
