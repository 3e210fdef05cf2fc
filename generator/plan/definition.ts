/**
 * The `ToolDefinition` clients see: assembled in a fixed key order so the emitted JSON
 * never depends on how it was built.
 */
import type { ToolDefinition } from '../../runtime/tools/types.ts';
import type { JsonObject, Schema } from '../openapi/json-schema.ts';
import type { InputParts } from './input.ts';

export function assembleInput(input: InputParts, specDefs: Record<string, Schema>): ToolDefinition['inputSchema'] {
  const schema = (input.$schema !== undefined ? { $schema: input.$schema, type: 'object' } : { type: 'object' }) as JsonObject & { type: 'object' };
  if (input.title !== undefined) schema.title = input.title;
  if (input.description !== undefined) schema.description = input.description;
  schema.properties = input.properties;
  if (input.required.length > 0) schema.required = input.required;
  if (input.additionalProperties !== undefined) schema.additionalProperties = input.additionalProperties;
  const allDefs = { ...specDefs, ...input.defs };
  const names = Object.keys(allDefs).sort();
  if (names.length > 0) schema.$defs = Object.fromEntries(names.map((n) => [n, allDefs[n]]));
  return schema;
}

/** A fixed key order, so the emitted JSON never depends on how it was built. */
export function orderDefinition(d: ToolDefinition): ToolDefinition {
  return {
    name: d.name,
    ...(d.title !== undefined ? { title: d.title } : {}),
    description: d.description,
    inputSchema: d.inputSchema,
    ...(d.outputSchema ? { outputSchema: d.outputSchema } : {}),
    ...(d.annotations ? { annotations: d.annotations } : {}),
  };
}
