/**
 * Checks a parsed manifest against `generator/manifest.schema.json` (ajv, draft
 * 2020-12, compiled once) and turns each ajv error into a located diagnostic with a
 * stable rule id: one diagnostic per problem, pointing at the offending key or value.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { diagnostic, type Diagnostic } from '../diagnostics.ts';
import { didYouMean } from '../did-you-mean.ts';
import type { PathSegment, YamlSource } from '../yaml-source.ts';

const SCHEMA_URL = new URL('../manifest.schema.json', import.meta.url);

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as object;
    // verbose: errors carry their parentSchema, whose properties are the keys to suggest.
    const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true });
    compiled = ajv.compile(schema);
  }
  return compiled;
}

/** Schema diagnostics for `source.value`; empty when it conforms. */
export function checkManifestSchema(source: YamlSource): Diagnostic[] {
  const validate = validator();
  if (validate(source.value)) return [];
  const errors = pruneNoise(validate.errors ?? []);
  return errors.map((error) => toDiagnostic(error, source));
}

/** The JSON Schema file itself, for editors and `dta-mcp` packaging. */
export function manifestSchemaPath(): string {
  return fileURLToPath(SCHEMA_URL);
}

function toDiagnostic(error: ErrorObject, source: YamlSource): Diagnostic {
  const path = pointerToPath(error.instancePath);
  const where = describePath(path, source.value);
  const specific = toolFieldDiagnostic(error, path, source);
  if (specific) return specific;
  if (error.propertyName !== undefined) {
    return diagnostic('schema-invalid', source.locate([...path, error.propertyName], { key: true }), `key '${error.propertyName}'${where ? ` in ${where}` : ''} ${error.message ?? 'is invalid'}`);
  }
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params.additionalProperty);
      return diagnostic(
        'schema-unknown-key',
        source.locate([...path, key], { key: true }),
        `unknown key '${key}'${where ? ` in ${where}` : ''}${suggest(key, error)}`,
      );
    }
    case 'required':
      return diagnostic(
        'schema-required',
        source.locate(path, { key: path.length > 0 }),
        `${where || 'the manifest'} is missing the required key '${String(error.params.missingProperty)}'`,
      );
    case 'type':
      return diagnostic(
        'schema-type',
        source.locate(path),
        `${where || 'the manifest'} must be ${article(String(error.params.type))} (got ${typeName(valueAt(source.value, path))})`,
      );
    case 'enum':
      return diagnostic(
        'schema-enum',
        source.locate(path),
        `${where} must be one of ${(error.params.allowedValues as unknown[]).map(String).join(', ')} (got ${JSON.stringify(valueAt(source.value, path))})`,
      );
    case 'const':
      return diagnostic(
        'schema-enum',
        source.locate(path),
        `${where} must be ${JSON.stringify(error.params.allowedValue)} (got ${JSON.stringify(valueAt(source.value, path))})`,
      );
    default:
      return diagnostic('schema-invalid', source.locate(path), `${where || 'the manifest'} ${error.message ?? 'is invalid'}`);
  }
}

/**
 * The fields clients care most about get rule ids of their own: a name clients reject
 * (`tool-name-invalid`) and a missing or blank description (`description-missing`).
 * A bad scope stays `schema-invalid`, but says what a scope may be rather than a regex.
 */
function toolFieldDiagnostic(error: ErrorObject, path: readonly PathSegment[], source: YamlSource): Diagnostic | undefined {
  if (path[0] !== 'tools' || typeof path[1] !== 'number') return undefined;
  const tool = valueAt(source.value, path.slice(0, 2)) as { name?: unknown } | undefined;
  const label = typeof tool?.name === 'string' ? `tool '${tool.name}'` : `tools[${path[1]}]`;
  const field = path[2];
  if (path.length === 3 && field === 'name' && error.keyword === 'pattern') {
    return diagnostic('tool-name-invalid', source.locate(path), `tool name ${JSON.stringify(tool?.name)} is not safe for clients: use 1-64 letters, digits, '_' or '-' (^[a-zA-Z0-9_-]{1,64}$)`);
  }
  if (path.length === 3 && field === 'description' && (error.keyword === 'pattern' || error.keyword === 'minLength')) {
    return diagnostic('description-missing', source.locate(path), `${label} has an empty description; say what the tool does, for the model that decides when to call it`);
  }
  if (path.length === 4 && field === 'scopes' && error.keyword === 'pattern') {
    // @see https://www.rfc-editor.org/rfc/rfc6749#section-3.3 (scope-token = 1*( %x21 / %x23-5B / %x5D-7E ))
    return diagnostic('schema-invalid', source.locate(path), `${describePath(path, source.value)} ${JSON.stringify(valueAt(source.value, path))} is not an OAuth scope token: printable ASCII with no space, '"' or '\\' (RFC 6749 §3.3)`);
  }
  if (path.length === 3 && field === 'scopes' && error.keyword === 'uniqueItems') {
    const item = [...path, Number(error.params.i)];
    return diagnostic('schema-invalid', source.locate(item), `${label} > scopes lists ${JSON.stringify(valueAt(source.value, item))} twice`);
  }
  if (path.length === 2 && error.keyword === 'required' && error.params.missingProperty === 'description') {
    return diagnostic('description-missing', source.locate(path, { key: true }), `${label} has no description; say what the tool does, for the model that decides when to call it`);
  }
  return undefined;
}

/**
 * ajv reports `propertyNames` failures twice (the name, then the object) and every
 * branch of an `anyOf`; keep the most specific error per location.
 */
function pruneNoise(errors: readonly ErrorObject[]): ErrorObject[] {
  const kept = errors.filter((e) => e.keyword !== 'propertyNames' && e.keyword !== 'anyOf' && e.keyword !== 'if');
  const seen = new Set<string>();
  return kept.filter((e) => {
    const key = `${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function pointerToPath(pointer: string): PathSegment[] {
  if (pointer === '') return [];
  return pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** `tool 'get-user-profile' > authType`, readable in a terminal. */
function describePath(path: readonly PathSegment[], root: unknown): string {
  const parts: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    if (path[0] === 'tools' && i === 1 && typeof segment === 'number') {
      const name = (valueAt(root, ['tools', segment]) as { name?: unknown } | undefined)?.name;
      parts[0] = typeof name === 'string' ? `tool '${name}'` : `tools[${segment}]`;
      continue;
    }
    parts.push(typeof segment === 'number' ? `[${segment}]` : String(segment));
  }
  return parts.join(' > ').replace(/ > \[/g, '[');
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let value = root;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[String(segment)];
  }
  return value;
}

/** The key meant, from the keys the schema allows right there: a case slip first, then the closest spellings. */
function suggest(key: string, error: ErrorObject): string {
  const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
  const sameLetters = known.find((k) => k.toLowerCase() === key.toLowerCase());
  return sameLetters ? ` (did you mean '${sameLetters}'?)` : didYouMean(key, known);
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function article(type: string): string {
  const words: Record<string, string> = { object: 'a mapping', array: 'a list', string: 'a string', integer: 'an integer', boolean: 'true or false', number: 'a number' };
  return type
    .split(',')
    .map((t) => words[t] ?? t)
    .join(' or ');
}
