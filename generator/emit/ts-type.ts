/**
 * JSON Schema -> TypeScript type text, for the generated `Args` of each tool. Small on
 * purpose: primitives, enums/const, arrays, objects (required, additionalProperties),
 * `#/$defs` refs (as named aliases, so recursion is fine), anyOf/oneOf (unions), allOf
 * (intersections); `unknown` wherever it is unsure. Precise enough that feeding an
 * argument of the wrong type to a typed openapi-fetch parameter fails the type check.
 */
import type { JsonObject, Schema } from '../openapi/json-schema.ts';
import { tsPropertyKey } from './ts-literal.ts';

export interface TsTypeContext {
  /** `$defs` name -> TypeScript alias name. */
  aliases: ReadonlyMap<string, string>;
}

export function schemaToTs(schema: Schema, ctx: TsTypeContext, indent = ''): string {
  if (schema === true) return 'unknown';
  if (schema === false) return 'never';
  const s = schema;
  if (typeof s.$ref === 'string') {
    const m = /^#\/\$defs\/(.+)$/.exec(s.$ref);
    return (m && ctx.aliases.get(m[1] ?? '')) ?? 'unknown';
  }
  if ('const' in s) return literal(s.const);
  if (Array.isArray(s.enum)) return union(s.enum.map(literal));
  const branches = (Array.isArray(s.anyOf) ? s.anyOf : Array.isArray(s.oneOf) ? s.oneOf : undefined) as Schema[] | undefined;
  if (branches) return union(branches.map((b) => schemaToTs(b, ctx, indent)));
  if (Array.isArray(s.allOf)) {
    const parts = (s.allOf as Schema[]).map((b) => schemaToTs(b, ctx, indent)).filter((t) => t !== 'unknown');
    return parts.length === 0 ? 'unknown' : parts.map(paren).join(' & ');
  }
  const types = Array.isArray(s.type) ? (s.type as string[]) : typeof s.type === 'string' ? [s.type] : inferTypes(s);
  if (types.length === 0) return 'unknown';
  return union(types.map((t) => typeFor(t, s, ctx, indent)));
}

/** An object schema as interface members, one per line, with JSDoc descriptions. */
export function objectMembers(schema: JsonObject, ctx: TsTypeContext, indent: string): string[] {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  const lines: string[] = [];
  for (const [name, sub] of Object.entries(properties)) {
    const description = typeof sub === 'object' && typeof sub.description === 'string' ? sub.description : undefined;
    if (description) lines.push(`${indent}/** ${docText(description)} */`);
    lines.push(`${indent}${propertyKey(name)}${required.has(name) ? '' : '?'}: ${schemaToTs(sub, ctx, indent)};`);
  }
  const extra = indexSignature(schema, ctx, indent);
  if (extra) lines.push(`${indent}${extra};`);
  return lines;
}

function typeFor(type: string, s: JsonObject, ctx: TsTypeContext, indent: string): string {
  switch (type) {
    case 'string':
      return 'string';
    case 'integer':
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'null':
      return 'null';
    case 'array': {
      if (Array.isArray(s.prefixItems)) return 'unknown[]';
      const items = s.items === undefined ? 'unknown' : schemaToTs(s.items as Schema, ctx, indent);
      return `Array<${items}>`;
    }
    case 'object':
      return objectType(s, ctx, indent);
    default:
      return 'unknown';
  }
}

function objectType(s: JsonObject, ctx: TsTypeContext, indent: string): string {
  const props = Object.keys((s.properties ?? {}) as object);
  if (props.length === 0) {
    if (s.additionalProperties === false) return 'Record<string, never>';
    const value = typeof s.additionalProperties === 'object' ? schemaToTs(s.additionalProperties as Schema, ctx, indent) : 'unknown';
    return `Record<string, ${value}>`;
  }
  const inner = `${indent}  `;
  return `{\n${objectMembers(s, ctx, inner).join('\n')}\n${indent}}`;
}

/** With declared properties, extra keys are typed `unknown` so the index signature fits them all. */
function indexSignature(s: JsonObject, _ctx: TsTypeContext, _indent: string): string | undefined {
  if (s.additionalProperties === undefined || s.additionalProperties === false) return undefined;
  return '[key: string]: unknown';
}

function inferTypes(s: JsonObject): string[] {
  if (s.properties !== undefined || s.additionalProperties !== undefined) return ['object'];
  if (s.items !== undefined) return ['array'];
  return [];
}

function literal(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  return 'unknown';
}

function union(members: string[]): string {
  const unique = [...new Set(members)];
  if (unique.includes('unknown')) return 'unknown';
  return unique.length === 0 ? 'never' : unique.map(paren).join(' | ');
}

/** Parenthesise unions and intersections where they nest inside another operator. */
function paren(t: string): string {
  return /[|&]/.test(t) && !t.startsWith('{') && !t.startsWith('Array<') && !t.startsWith('Record<') ? `(${t})` : t;
}

export function propertyKey(name: string): string {
  return tsPropertyKey(name);
}

/** Safe inside a JSDoc comment on one line. */
export function docText(text: string): string {
  return text.replace(/\*\//g, '*\\/').replace(/\s*\n\s*/g, ' ').trim();
}
