/**
 * The final tool schemas must be valid JSON Schema 2020-12 with every `$ref` inside
 * them, because clients and the runtime's ajv compile them as they are.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { diagnostic, type Diagnostic, type SourcePosition } from '../diagnostics.ts';
import { danglingRefs, type JsonObject } from '../openapi/json-schema.ts';

let ajv: Ajv2020 | undefined;

/** Whether `schema` is valid JSON Schema 2020-12 (refs not followed). */
export function isValidSchema(schema: unknown): boolean {
  ajv ??= new Ajv2020({ strict: false, allErrors: true });
  return typeof schema === 'boolean' || (typeof schema === 'object' && schema !== null && ajv.validateSchema(schema) === true);
}

/**
 * `at` is where to report: a position, or a function from a path inside the schema
 * (`['properties', 'limit', 'type']`) to the manifest position holding it.
 */
export function checkToolSchema(schema: JsonObject, what: string, at: SourcePosition | ((path: string[]) => SourcePosition)): Diagnostic[] {
  ajv ??= new Ajv2020({ strict: false, allErrors: true });
  const out: Diagnostic[] = [];
  const locate = typeof at === 'function' ? at : () => at;
  if (!ajv.validateSchema(schema)) {
    const first = ajv.errors?.[0];
    const path = (first?.instancePath ?? '').split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const where = first?.instancePath ? ` at ${first.instancePath}` : '';
    out.push(diagnostic('input-schema-invalid', locate(path), `the ${what} is not valid JSON Schema 2020-12${where}: ${first?.message ?? 'invalid'}`));
  }
  const defs = (schema.$defs ?? {}) as Record<string, unknown>;
  for (const ref of danglingRefs(schema, defs)) {
    out.push(diagnostic('schema-dangling-ref', locate([]), `the ${what} has a $ref '${ref}' that points at nothing in its $defs`));
  }
  return out;
}
