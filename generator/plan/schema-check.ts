/**
 * The final tool schemas must be valid JSON Schema 2020-12 with every `$ref` inside
 * them, because clients and the runtime's ajv compile them as they are.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { diagnostic, type Diagnostic, type SourcePosition } from '../diagnostics.ts';
import { danglingRefs, type JsonObject } from '../openapi/json-schema.ts';

let ajv: Ajv2020 | undefined;

export function checkToolSchema(schema: JsonObject, what: string, at: SourcePosition): Diagnostic[] {
  ajv ??= new Ajv2020({ strict: false, allErrors: true });
  const out: Diagnostic[] = [];
  if (!ajv.validateSchema(schema)) {
    const first = ajv.errors?.[0];
    const where = first?.instancePath ? ` at ${first.instancePath}` : '';
    out.push(diagnostic('input-schema-invalid', at, `the ${what} is not valid JSON Schema 2020-12${where}: ${first?.message ?? 'invalid'}`));
  }
  const defs = (schema.$defs ?? {}) as Record<string, unknown>;
  for (const ref of danglingRefs(schema, defs)) {
    out.push(diagnostic('schema-dangling-ref', at, `the ${what} has a $ref '${ref}' that points at nothing in its $defs`));
  }
  return out;
}
