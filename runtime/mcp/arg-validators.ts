/**
 * Tool argument validation: every input schema compiled once at start-up (ajv, JSON
 * Schema 2020-12 + formats), so a call pays only for running the compiled function.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ToolDefinition } from '../tools/types.ts';

// ajv-formats is CommonJS; its default import is the function under Node's ESM interop.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

export type ArgValidator = (args: unknown) => { ok: true } | { ok: false; message: string };

export function compileArgValidators(definitions: readonly ToolDefinition[]): Map<string, ArgValidator> {
  // logger: false — unknown vendor formats (GitHub's repo.nwo) are annotations, not noise on stderr.
  const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: true, logger: false });
  addFormats(ajv);
  const validators = new Map<string, ArgValidator>();
  for (const definition of definitions) {
    const validate = ajv.compile(definition.inputSchema);
    validators.set(definition.name, toValidator(validate));
  }
  return validators;
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
