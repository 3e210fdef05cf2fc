/**
 * The `Args` declaration of a generated tool module: named aliases for the input
 * schema's `$defs`, then the `Args` interface itself.
 */
import type { ToolDefinition } from '../../runtime/tools/types.ts';
import type { Schema } from '../openapi/json-schema.ts';
import { objectMembers, schemaToTs, type TsTypeContext } from './ts-type.ts';

/** Names the generated module already uses. */
const RESERVED = new Set(['Args', 'paths', 'handler', 'tool', 'implementation', 'UpstreamContext', 'UpstreamTool', 'LocalHandler', 'LocalTool']);

export function argsDeclaration(inputSchema: ToolDefinition['inputSchema']): string {
  const defs = (inputSchema.$defs ?? {}) as Record<string, Schema>;
  const aliases = new Map<string, string>();
  const used = new Set(RESERVED);
  for (const name of Object.keys(defs)) {
    const base = identifier(name);
    let alias = base;
    for (let i = 2; used.has(alias); i++) alias = `${base}${i}`;
    used.add(alias);
    aliases.set(name, alias);
  }
  const ctx: TsTypeContext = { aliases };
  const out: string[] = [];
  for (const [name, schema] of Object.entries(defs)) {
    out.push(`export type ${aliases.get(name) ?? name} = ${schemaToTs(schema, ctx)};`);
  }
  const members = objectMembers(inputSchema, ctx, '  ');
  out.push(members.length === 0 ? 'export type Args = Record<string, never>;' : `export interface Args {\n${members.join('\n')}\n}`);
  return out.join('\n\n');
}

function identifier(name: string): string {
  const parts = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const joined = parts.map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');
  const safe = joined === '' ? 'Schema' : joined;
  return /^[0-9]/.test(safe) ? `_${safe}` : safe;
}
