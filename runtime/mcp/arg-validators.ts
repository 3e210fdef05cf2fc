/**
 * Validation against tool schemas (ajv, JSON Schema 2020-12 + formats). Every schema is
 * compiled on its tool's first call and kept, so start-up does not pay for the tools
 * nobody calls (68 GitHub input schemas were ~0.5 s before the first tools/list) and
 * later calls pay only for running the compiled function. Output schemas (often large:
 * whole response models) likewise.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ToolDefinition } from '../tools/types.ts';

// ajv-formats is CommonJS; its default import is the function under Node's ESM interop.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

export type ArgValidator = (args: unknown) => { ok: true } | { ok: false; message: string };

function newAjv(): Ajv2020 {
  // logger: false — unknown vendor formats (GitHub's repo.nwo) are annotations, not noise on stderr.
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true, logger: false });
  addFormats(ajv);
  return ajv;
}

export function compileArgValidators(definitions: readonly ToolDefinition[]): Map<string, ArgValidator> {
  let ajv: Ajv2020 | undefined;
  const validators = new Map<string, ArgValidator>();
  for (const definition of definitions) {
    let validator: ArgValidator | undefined;
    validators.set(definition.name, (args) => {
      ajv ??= newAjv();
      validator ??= toValidator(ajv.compile(definition.inputSchema));
      return validator(args);
    });
  }
  return validators;
}

/**
 * Output validators by tool name, compiled on first use. Clients check
 * `structuredContent` against the tool's outputSchema and fail the call when it does
 * not match, so the runtime checks first (an upstream that drifted from its spec).
 */
export function lazyOutputValidators(definitions: readonly ToolDefinition[]): (name: string) => ArgValidator | undefined {
  const schemas = new Map(definitions.filter((d) => d.outputSchema).map((d) => [d.name, d.outputSchema!]));
  const compiled = new Map<string, ArgValidator>();
  let ajv: Ajv2020 | undefined;
  return (name) => {
    const cached = compiled.get(name);
    if (cached) return cached;
    const schema = schemas.get(name);
    if (!schema) return undefined;
    ajv ??= newAjv();
    const validator = toValidator(ajv.compile(schema));
    compiled.set(name, validator);
    return validator;
  };
}

function toValidator(validate: ValidateFunction): ArgValidator {
  return (args) => (validate(args) ? { ok: true } : { ok: false, message: describe(validate.errors ?? []) });
}

/** One line per problem, each naming the field, e.g. `limit: must be <= 100`. */
export function describe(errors: readonly ErrorObject[]): string {
  const lines = new Set<string>();
  for (const error of errors) {
    lines.add(`${fieldOf(error)}: ${messageOf(error)}`);
  }
  return [...lines].join('; ');
}

function fieldOf(error: ErrorObject): string {
  const path = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'required') path.push(String(error.params.missingProperty));
  if (error.keyword === 'additionalProperties') path.push(String(error.params.additionalProperty));
  return path.length > 0 ? path.join('.') : '(arguments)';
}

function messageOf(error: ErrorObject): string {
  if (error.keyword === 'required') return 'is required';
  if (error.keyword === 'additionalProperties') return 'is not a known argument';
  if (error.keyword === 'enum') return `must be one of ${JSON.stringify(error.params.allowedValues)}`;
  return error.message ?? 'is invalid';
}
