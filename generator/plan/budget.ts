/**
 * The `tools/list` budget: what one tool may cost the model's context. Applied at
 * generate time to every tool definition; a tool already within it is left exactly as
 * it was (so its generated file does not change).
 *
 * - The tool description is cut at `descriptionChars` (with "…").
 * - An input schema over `inputSchemaBytes` first loses description length (each cut at
 *   `propertyDescriptionChars`, then nested ones dropped), then its deep structure: each
 *   top-level property keeps its type, description (cut shorter if still needed), enum
 *   and default, and what lies beneath becomes `{ type }`. Only constraints are removed, so every argument that was
 *   valid still is; the upstream API checks the rest (its 4xx reaches the model).
 * - An output schema over `outputSchemaBytes` is summarised the same way (top-level
 *   properties with types, short descriptions, no `required`, no `additionalProperties`,
 *   nothing deeper) so it still validates every response the full schema accepted; when
 *   even that is over the budget it is dropped, and the tool returns text only.
 * - A whole definition over `toolBytes` gives up its output schema's descriptions, then
 *   the output schema itself (the input schema is what the model needs to call the tool).
 */
import type { ToolDefinition } from '../../runtime/tools/types.ts';

export interface ToolBudget {
  descriptionChars: number;
  propertyDescriptionChars: number;
  inputSchemaBytes: number;
  outputSchemaBytes: number;
  /** The whole definition: over it, the output schema gives way first (summarised bare, then dropped). */
  toolBytes: number;
}

export const DEFAULT_BUDGET: ToolBudget = {
  descriptionChars: 1024,
  propertyDescriptionChars: 300,
  inputSchemaBytes: 4096,
  outputSchemaBytes: 4096,
  toolBytes: 7168,
};

/** Summaries keep descriptions this short (a hint of meaning, not documentation). */
const SUMMARY_DESCRIPTION_CHARS = 80;

type Json = { [key: string]: unknown };

export function bytesOf(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}

/** The definition within the budget; the same object when it already fits. */
export function fitBudget(definition: ToolDefinition, budget: ToolBudget = DEFAULT_BUDGET): ToolDefinition {
  let out = definition;
  if (definition.description.length > budget.descriptionChars) {
    out = { ...out, description: cut(definition.description, budget.descriptionChars) };
  }
  if (bytesOf(definition.inputSchema) > budget.inputSchemaBytes) {
    out = { ...out, inputSchema: fitInput(definition.inputSchema, budget) };
  }
  if (definition.outputSchema && bytesOf(definition.outputSchema) > budget.outputSchemaBytes) {
    const outputSchema = summariseOutput(definition.outputSchema, budget.outputSchemaBytes);
    const { outputSchema: _dropped, ...rest } = out;
    out = outputSchema ? { ...rest, outputSchema } : rest;
  }
  if (out.outputSchema && bytesOf(out) > budget.toolBytes) {
    const { outputSchema, ...rest } = out;
    const room = budget.toolBytes - bytesOf(rest);
    const bare = summariseOutput(outputSchema, room, [0]);
    out = bare ? { ...rest, outputSchema: bare } : rest;
  }
  return out === definition ? definition : reorder(definition, out);
}

function fitInput(schema: ToolDefinition['inputSchema'], budget: ToolBudget): ToolDefinition['inputSchema'] {
  const trimmed = mapDescriptions(schema, (text) => cut(text, budget.propertyDescriptionChars)) as ToolDefinition['inputSchema'];
  if (bytesOf(trimmed) <= budget.inputSchemaBytes) return trimmed;
  const shallow = withoutNestedDescriptions(trimmed);
  if (bytesOf(shallow) <= budget.inputSchemaBytes) return shallow;
  const defs = schema.$defs as Record<string, unknown> | undefined;
  const summary = summariseObject(shallow, defs, budget.propertyDescriptionChars, true) as ToolDefinition['inputSchema'];
  if (bytesOf(summary) <= budget.inputSchemaBytes) return summary;
  // The arguments' names and types stay whatever the cost: without them the tool cannot be called.
  return summariseObject(shallow, defs, SUMMARY_DESCRIPTION_CHARS, true) as ToolDefinition['inputSchema'];
}

/** A loosened top-level summary under `max` bytes, or undefined when none fits. */
export function summariseOutput(schema: NonNullable<ToolDefinition['outputSchema']>, max: number, descriptionChars = [SUMMARY_DESCRIPTION_CHARS, 0]): ToolDefinition['outputSchema'] | undefined {
  const defs = schema.$defs as Record<string, unknown> | undefined;
  for (const chars of descriptionChars) {
    const summary = summariseObject(schema, defs, chars, false) as ToolDefinition['outputSchema'];
    if (bytesOf(summary) <= max) return summary;
  }
  return undefined;
}

/**
 * `{ type: 'object', properties: { p: summary } }`: each property keeps its type (its
 * `$ref` followed), a description cut at `chars` (none at 0), and for inputs its enum
 * and default; arrays keep their items' type. `required` stays for inputs only (the
 * caller must still send those; an upstream response may omit anything).
 */
function summariseObject(schema: Json, defs: Record<string, unknown> | undefined, chars: number, input: boolean): Json {
  const out: Json = typeof schema.$schema === 'string' ? { $schema: schema.$schema, type: 'object' } : { type: 'object' };
  if (typeof schema.title === 'string') out.title = schema.title;
  if (typeof schema.description === 'string' && chars > 0) out.description = cut(schema.description, chars);
  const properties = isObject(schema.properties) ? schema.properties : {};
  out.properties = Object.fromEntries(Object.entries(properties).map(([name, sub]) => [name, summariseProperty(sub, defs, chars, input)]));
  if (input && Array.isArray(schema.required) && schema.required.length > 0) out.required = schema.required;
  return out;
}

function summariseProperty(sub: unknown, defs: Record<string, unknown> | undefined, chars: number, input: boolean): Json {
  if (!isObject(sub)) return {};
  const target = resolve(sub, defs);
  const out: Json = {};
  const type = target.type;
  if (type !== undefined) out.type = type;
  const description = typeof sub.description === 'string' ? sub.description : target.description;
  if (typeof description === 'string' && chars > 0) out.description = cut(description, chars);
  if (input && Array.isArray(target.enum)) out.enum = target.enum;
  if (input && target.default !== undefined) out.default = target.default;
  if (isObject(target.items)) {
    const itemType = resolve(target.items, defs).type;
    if (itemType !== undefined) out.items = { type: itemType };
  }
  return out;
}

/** A `$ref` into `$defs` followed (a few hops); anything else as it is. */
function resolve(schema: Json, defs: Record<string, unknown> | undefined): Json {
  let current = schema;
  for (let hops = 0; hops < 8 && typeof current.$ref === 'string'; hops++) {
    const name = /^#\/\$defs\/(.+)$/.exec(current.$ref)?.[1];
    const next = name !== undefined ? defs?.[decodeURIComponent(name.replace(/~1/g, '/').replace(/~0/g, '~'))] : undefined;
    if (!isObject(next)) return {};
    current = next;
  }
  return current;
}

/** Every `description` string in a schema mapped (property names that happen to be "description" are kept). */
function mapDescriptions(value: unknown, map: (text: string) => string | undefined, parentKey?: string): unknown {
  if (Array.isArray(value)) return value.map((v) => mapDescriptions(v, map));
  if (!isObject(value)) return value;
  const out: Json = {};
  for (const [key, sub] of Object.entries(value)) {
    const isKeyword = parentKey !== 'properties' && parentKey !== '$defs';
    if (key === 'description' && isKeyword && typeof sub === 'string') {
      const mapped = map(sub);
      if (mapped !== undefined) out[key] = mapped;
    } else {
      out[key] = mapDescriptions(sub, map, key);
    }
  }
  return out;
}

/** Descriptions kept on the schema and its top-level properties only. */
function withoutNestedDescriptions(schema: ToolDefinition['inputSchema']): ToolDefinition['inputSchema'] {
  const out: Json = { ...schema };
  if (isObject(schema.properties)) {
    out.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([name, sub]) => {
        if (!isObject(sub)) return [name, sub];
        const { description, ...rest } = sub;
        const stripped = mapDescriptions(rest, () => undefined) as Json;
        return [name, description !== undefined ? { ...stripped, description } : stripped];
      }),
    );
  }
  if (isObject(schema.$defs)) out.$defs = mapDescriptions(schema.$defs, () => undefined, '$defs');
  return out as ToolDefinition['inputSchema'];
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The definition's own key order (name, title, description, inputSchema, outputSchema, annotations). */
function reorder(original: ToolDefinition, d: ToolDefinition): ToolDefinition {
  const order = Object.keys(original);
  return Object.fromEntries(order.filter((k) => k in d).map((k) => [k, d[k as keyof ToolDefinition]])) as unknown as ToolDefinition;
}
