/**
 * Where `init --from` takes the API's spec from, checked before anything is written:
 * a spec file (copied under openapi/ with every file its relative `$ref`s reach, at the
 * same relative paths) or a package path (named by `openapi/<api>.ref`, resolved from
 * the project like an import — see generator/openapi/spec-ref.ts). Either is loaded as
 * `validate` would load it, so a broken spec refuses the whole init.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, extname, join, relative, resolve, sep } from 'node:path';
import { child, DocumentSet, refOf, SpecRefError } from '../../generator/openapi/documents.ts';
import { listOperations } from '../../generator/openapi/operations.ts';
import { RefScope } from '../../generator/openapi/ref-scope.ts';
import { isSpecProblem, loadApiSpec, type ApiSpec } from '../../generator/openapi/spec.ts';
import type { Project } from '../../generator/project.ts';
import { InitError } from './errors.ts';

export const MAX_OPERATIONS = 200;

/** A file to put in the project: `to` relative to the root. */
export interface CopiedFile {
  from: string;
  to: string;
}

export type SpecSource =
  | { kind: 'file'; api: string; files: CopiedFile[]; spec: ApiSpec }
  | { kind: 'package'; api: string; packagePath: string; spec: ApiSpec };

const API_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const SPEC_EXT = /\.(ya?ml|json)$/;

/** An API name from a file name: `api.github.com.json` -> `api-github-com`. */
export function apiNameFrom(path: string): string {
  const name = basename(path).replace(SPEC_EXT, '').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return name === '' ? 'api' : name;
}

export function checkApiName(api: string): string {
  if (!API_NAME.test(api)) throw new InitError('init_usage', `--api '${api}' is not an API name: letters, digits, . _ - (starting with a letter or digit)`);
  return api;
}

export function resolveSpecSource(from: string, root: string, api: string | undefined, cwd: string): SpecSource {
  const asFile = resolve(cwd, from);
  if (existsSync(asFile) && statSync(asFile).isFile()) return fileSource(asFile, root, checkApiName(api ?? apiNameFrom(asFile)));
  if (from.startsWith('.') || from.startsWith('/') || /^[A-Za-z]:[\\/]/.test(from) || !SPEC_EXT.test(from)) {
    throw new InitError('init_from_not_found', `--from ${from}: no such spec file`);
  }
  return packageSource(from, root, checkApiName(api ?? apiNameFrom(from)));
}

function fileSource(abs: string, root: string, api: string): SpecSource {
  const dir = dirname(abs);
  const ext = extname(abs);
  const spec = load({ root: dir, dir, rel: (p) => relative(dir, p).split(sep).join('/') }, basename(abs, ext), api);
  const files: CopiedFile[] = [{ from: abs, to: `openapi/${api}${ext === '.yml' ? '.yaml' : ext}` }];
  for (const other of reachedFiles(abs)) {
    const rel = relative(dir, other).split(sep).join('/');
    if (other === abs) continue;
    files.push({ from: other, to: `openapi/${rel}` });
  }
  const renamed = basename(abs) !== basename(files[0]?.to ?? '');
  if (renamed && files.length > 1 && refersBack(abs)) {
    throw new InitError('init_spec_invalid', `--from ${basename(abs)}: files it references refer back to it by name; keep its name (--api ${basename(abs, ext)})`);
  }
  for (const file of files) {
    if (!isInside(root, resolve(root, file.to))) throw new InitError('init_spec_invalid', `--from: ${file.to} would land outside the project`);
  }
  return { kind: 'file', api, files, spec };
}

function packageSource(packagePath: string, root: string, api: string): SpecSource {
  let abs: string;
  try {
    // As spec-ref.ts resolves a `.ref`: from the project root, following node_modules up the tree.
    abs = createRequire(join(resolve(root), 'package.json')).resolve(packagePath);
  } catch {
    throw new InitError('init_from_not_found', `--from ${packagePath}: not a spec file, and not a package path that resolves from ${resolve(root)} (is the package installed? npm i -D ${packageName(packagePath)})`);
  }
  const dir = dirname(abs);
  const ext = extname(abs);
  const spec = load({ root: packageRootOf(abs) ?? dir, dir, rel: (p) => packagePath.replace(/[^/]+$/, '') + relative(dir, p).split(sep).join('/') }, basename(abs, ext), api);
  return { kind: 'package', api, packagePath, spec };
}

/** Loads the spec where it is now, exactly as `validate` will load it from the project. */
function load(where: { root: string; dir: string; rel: (abs: string) => string }, name: string, api: string): ApiSpec {
  const project: Project = { root: where.root, manifestsDir: where.dir, openapiDir: where.dir, generatedDir: where.dir, rel: where.rel };
  const spec = loadApiSpec(project, name);
  if (isSpecProblem(spec)) throw new InitError('init_spec_invalid', `--from: ${spec.message}`);
  return { ...spec, name: api };
}

/**
 * The operations to add: every one, or those tagged with any of `tags`, as selectors
 * `add` takes (the operationId when unique, else `METHOD /path`); at most MAX_OPERATIONS.
 */
export function selectOperations(spec: ApiSpec, tags: readonly string[]): { selectors: string[]; total: number } {
  const all = listOperations(spec);
  const tagsOf = (at: (typeof all)[number]) => {
    const value = spec.docs.at(child(at.at, 'tags'));
    return Array.isArray(value) ? value.filter((t): t is string => typeof t === 'string') : [];
  };
  const known = new Set(all.flatMap(tagsOf));
  const unknown = tags.filter((t) => !known.has(t));
  if (unknown.length > 0) {
    const list = [...known].sort();
    throw new InitError('init_tag_unknown', `no operation is tagged ${unknown.map((t) => `'${t}'`).join(', ')}; the spec's tags: ${list.length > 0 ? list.join(', ') : '(none)'}`);
  }
  const chosen = tags.length === 0 ? all : all.filter((op) => tagsOf(op).some((t) => tags.includes(t)));
  const ids = new Map<string, number>();
  for (const op of all) if (op.operationId !== undefined) ids.set(op.operationId, (ids.get(op.operationId) ?? 0) + 1);
  const selectors = chosen.map((op) => (op.operationId !== undefined && ids.get(op.operationId) === 1 ? op.operationId : `${op.method.toUpperCase()} ${op.path}`));
  return { selectors: selectors.slice(0, MAX_OPERATIONS), total: selectors.length };
}

/** The entry file and every file reached from it by relative `$ref`s (loadApiSpec has already refused refs that leave its folder). */
function reachedFiles(entry: string): string[] {
  const docs = new DocumentSet((p) => p, new RefScope([dirname(entry)]));
  const seen = new Set([entry]);
  const queue = [entry];
  for (let doc = queue.shift(); doc !== undefined; doc = queue.shift()) {
    for (const ref of fileRefs(docs.load(doc).value)) {
      try {
        const next = docs.target(ref, { doc, path: [] }).doc;
        if (!seen.has(next)) queue.push(next);
        seen.add(next);
      } catch (error) {
        if (!(error instanceof SpecRefError)) throw error;
      }
    }
  }
  return [...seen];
}

function refersBack(entry: string): boolean {
  const docs = new DocumentSet((p) => p, new RefScope([dirname(entry)]));
  return reachedFiles(entry)
    .filter((f) => f !== entry)
    .some((doc) => fileRefs(docs.load(doc).value).some((ref) => docs.target(ref, { doc, path: [] }).doc === entry));
}

function fileRefs(value: unknown): string[] {
  const out: string[] = [];
  const stack = [value];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node === null || typeof node !== 'object') continue;
    const ref = refOf(node);
    if (ref !== undefined && !ref.startsWith('#')) out.push(ref);
    for (const v of Object.values(node)) if (v !== null && typeof v === 'object') stack.push(v);
  }
  return out;
}

function isInside(root: string, path: string): boolean {
  const rel = relative(resolve(root), path);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep);
}

function packageName(target: string): string {
  const parts = target.split('/');
  return (target.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

/** The nearest directory above `file` with a package.json. */
function packageRootOf(file: string): string | undefined {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) {
      try {
        JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
        return dir;
      } catch {
        // keep looking
      }
    }
  }
  return undefined;
}
