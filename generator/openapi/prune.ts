/**
 * A spec cut down to what the tools use: the operations they call, plus every
 * component those reach through `$ref`s (transitively), plus all security schemes.
 * openapi-typescript then writes types for a few dozen operations instead of a whole
 * API — the GitHub description is 1,200 operations, 13 MB of JSON and 6.5 MB of types.
 * Only single-document specs are pruned: a `$ref` to another file (or to something
 * other than a component) returns `undefined`, and the caller uses the spec unpruned.
 * @see https://spec.openapis.org/oas/v3.1.0#components-object
 */
import type { ApiSpec } from './spec.ts';

type Json = Record<string, unknown>;

const TOP_LEVEL = ['openapi', 'info', 'jsonSchemaDialect', 'servers', 'security'] as const;

export function pruneSpec(spec: ApiSpec, operations: ReadonlyArray<{ method: string; path: string }>): Json | undefined {
  const root = spec.docs.at(spec.root) as Json;
  const paths = (root.paths ?? {}) as Record<string, Json>;
  const components = (root.components ?? {}) as Record<string, Json>;
  const kept = new Map<string, Set<string>>();
  const queue: unknown[] = [];
  let external = false;

  const keepRef = (ref: string): void => {
    const m = /^#\/components\/([^/]+)\/([^/]+)(\/.*)?$/.exec(ref);
    const section = m?.[1];
    const name = m?.[2] === undefined ? undefined : m[2].replace(/~1/g, '/').replace(/~0/g, '~');
    if (section === undefined || name === undefined || components[section]?.[name] === undefined) {
      external = true;
      return;
    }
    const names = kept.get(section) ?? new Set<string>();
    kept.set(section, names);
    if (names.has(name)) return;
    names.add(name);
    queue.push(components[section]?.[name]);
  };
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) walk(item);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') keepRef(value);
      else if (key === 'mapping' && isDiscriminatorMapping(node, value)) {
        for (const ref of Object.values(value)) keepRef(ref.startsWith('#') ? ref : `#/components/schemas/${ref}`);
      }
      else walk(value);
    }
  };

  const outPaths: Record<string, Json> = {};
  const wanted = new Map<string, Set<string>>();
  for (const op of operations) wanted.set(op.path, (wanted.get(op.path) ?? new Set()).add(op.method));
  for (const [path, item] of Object.entries(paths)) {
    const methods = wanted.get(path);
    if (!methods) continue;
    if (typeof item.$ref === 'string') return undefined;
    const kept: Json = {};
    for (const [key, value] of Object.entries(item)) {
      if (/^(get|put|post|delete|options|head|patch|trace)$/.test(key) && !methods.has(key)) continue;
      kept[key] = value;
    }
    walk(kept);
    outPaths[path] = kept;
  }
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) walk(next);
  if (external) return undefined;

  const out: Json = {};
  for (const key of TOP_LEVEL) if (root[key] !== undefined) out[key] = root[key];
  out.paths = outPaths;
  const outComponents: Json = {};
  for (const [section, entries] of Object.entries(components)) {
    const names = section === 'securitySchemes' ? new Set(Object.keys(entries)) : kept.get(section);
    if (!names || names.size === 0) continue;
    outComponents[section] = Object.fromEntries(Object.entries(entries).filter(([name]) => names.has(name)));
  }
  if (Object.keys(outComponents).length > 0) out.components = outComponents;
  // openapi-typescript may annotate what it is given; the parsed spec stays untouched.
  return structuredClone(out);
}

/** `discriminator.mapping` values are refs (or bare schema names) written as strings. */
function isDiscriminatorMapping(node: object, value: unknown): value is Record<string, string> {
  return 'propertyName' in node && value !== null && typeof value === 'object' && Object.values(value).every((v) => typeof v === 'string');
}
