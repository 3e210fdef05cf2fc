/**
 * `dta-mcp add`: derive tool entries from operations and append them to a manifest —
 * after proving, in memory, that the new file passes the manifest schema and the
 * cross-check against the spec. Nothing is written when anything is wrong.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import type { AuthType } from '../../runtime/tools/types.ts';
import { hasErrors } from '../diagnostics.ts';
import { listManifestPaths, withDefaultAuthType } from '../manifest/load.ts';
import { checkManifestSchema, manifestSchemaPath } from '../manifest/schema.ts';
import type { Manifest, ManifestFile, ManifestTool } from '../manifest/types.ts';
import { isSpecProblem, loadApiSpec, type ApiSpec } from '../openapi/spec.ts';
import { planUpstream } from '../plan/plan-upstream.ts';
import { openProject, type Project } from '../project.ts';
import { parseYamlSource } from '../yaml-source.ts';
import { appendTools, fileApi, fileAuthType, newManifestText, toolNames, type ManifestEntry } from './append.ts';
import { deriveEntry } from './derive.ts';
import { AddEntryInvalidError, AddError } from './errors.ts';

export interface AddOptions {
  root: string;
  /** operationIds or `"METHOD /path"`s, in order. */
  operations: readonly string[];
  /** The API (openapi/<api>.*); default: the file's `api:`, else the only spec. */
  api?: string;
  auth?: AuthType;
  /** Tool name (one operation only). */
  name?: string;
  /** Manifest to append to, relative to the root; default `manifests/<api>.yaml`. */
  file?: string;
  /** Compute and check, write nothing. */
  dryRun?: boolean;
  /**
   * Leave out the operations `add` refuses (a non-JSON body, an entry the cross-check
   * rejects) and report them in `skipped`, instead of refusing them all (`init --from`).
   */
  skipRefused?: boolean;
}

export interface SkippedOperation {
  operation: string;
  reason: string;
}

export interface AddResult {
  /** The manifest, relative to the root. */
  file: string;
  created: boolean;
  tools: ManifestTool[];
  /** The manifest's new text. */
  text: string;
  /** With `skipRefused`: the operations left out, and why. */
  skipped: SkippedOperation[];
}

const SPEC_FILE = /^(.+)\.(ya?ml|json|ref)$/;

export function addTools(options: AddOptions): AddResult {
  if (options.operations.length === 0) throw new AddError('add_operation_not_found', 'name at least one operation');
  if (options.name !== undefined && options.operations.length > 1) throw new AddError('add_name_invalid', '--name applies to one operation at a time');
  mkdirSync(resolve(options.root, 'manifests'), { recursive: true });
  const project = openProject(options.root);
  const explicitFile = options.file === undefined ? undefined : manifestPath(project, options.file);
  const existing = explicitFile !== undefined && existsSync(explicitFile) ? readFileSync(explicitFile, 'utf8') : undefined;
  const api = options.api ?? (existing !== undefined ? fileApi(existing) : undefined) ?? onlyApi(project);
  const path = explicitFile ?? resolve(project.manifestsDir, `${api}.yaml`);
  const file = project.rel(path);
  const before = existing ?? (existsSync(path) ? readFileSync(path, 'utf8') : undefined);
  const text = before ?? newManifestText(schemaRef(path), api);
  const spec = loadSpec(project, api);

  const taken = new Set(listManifestPaths(project).flatMap((p) => toolNames(readFileSync(p, 'utf8'))));
  const entryApi = fileApi(text) === api ? undefined : api;
  // A file with a default authType: entries use it (unless --auth says otherwise) and leave it out.
  const fileAuth = fileAuthType(text);
  const entryOptions = { ...pick(options), ...(options.auth === undefined && fileAuth !== undefined ? { auth: fileAuth } : {}) };
  const written = (list: readonly ManifestTool[]): ManifestEntry[] =>
    list.map((tool) => {
      if (tool.authType !== fileAuth) return tool;
      const { authType: _default, ...rest } = tool;
      return rest;
    });
  const skipped: SkippedOperation[] = [];
  let tools: ManifestTool[] = [];
  for (const selector of options.operations) {
    try {
      const { tool } = deriveEntry(spec, selector, { ...entryOptions, ...(entryApi !== undefined ? { api: entryApi } : {}) }, taken);
      taken.add(tool.name);
      tools.push(tool);
    } catch (error) {
      if (!options.skipRefused || !(error instanceof AddError)) throw error;
      skipped.push({ operation: selector, reason: error.message });
    }
  }
  let after = appendTools(text, written(tools), file);
  if (options.skipRefused) {
    const refused = refusedEntries(file, path, after, tools.length, spec);
    if (refused.size > 0) {
      tools.forEach((tool, i) => {
        const found = refused.get(i);
        if (found !== undefined) skipped.push({ operation: tool.operation ?? tool.name, reason: found });
      });
      tools = tools.filter((_, i) => !refused.has(i));
      after = appendTools(text, written(tools), file);
    }
  }
  verify(file, path, after, tools.length, spec);
  if (!options.dryRun) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, after);
  }
  return { file, created: before === undefined, tools, text: after, skipped };
}

/** The new entries the cross-check rejects, by their index among them, with the first error each. */
function refusedEntries(file: string, path: string, text: string, added: number, spec: ApiSpec): Map<number, string> {
  const source = parseYamlSource(file, text);
  if (source.diagnostics.length > 0 || checkManifestSchema(source).length > 0) return new Map(); // verify reports it
  const manifest = withDefaultAuthType(source.value as Manifest);
  const manifestFile: ManifestFile = { file, path, source, manifest };
  const first = manifest.tools.length - added;
  const refused = new Map<number, string>();
  manifest.tools.slice(first).forEach((tool, i) => {
    const error = planUpstream(manifestFile, tool, first + i, spec).diagnostics.find((d) => d.severity === 'error');
    if (error !== undefined) refused.set(i, `[${error.ruleId}] ${error.message}`);
  });
  return refused;
}

/** The new entries pass the schema and the cross-check, exactly as `validate` would run them. */
function verify(file: string, path: string, text: string, added: number, spec: ApiSpec): void {
  const source = parseYamlSource(file, text);
  const problems = source.diagnostics.length > 0 ? source.diagnostics : checkManifestSchema(source);
  if (problems.length > 0) throw new AddEntryInvalidError(problems, `the entries for ${file} would not validate`);
  const manifest = withDefaultAuthType(source.value as Manifest);
  const manifestFile: ManifestFile = { file, path, source, manifest };
  const first = manifest.tools.length - added;
  const found = manifest.tools.slice(first).flatMap((tool, i) => planUpstream(manifestFile, tool, first + i, spec).diagnostics);
  if (hasErrors(found)) throw new AddEntryInvalidError(found.filter((d) => d.severity === 'error'), `the entries for ${file} would not validate`);
}

function pick(options: AddOptions): { auth?: AuthType; name?: string } {
  return { ...(options.auth !== undefined ? { auth: options.auth } : {}), ...(options.name !== undefined ? { name: options.name } : {}) };
}

function loadSpec(project: Project, api: string): ApiSpec {
  const spec = loadApiSpec(project, api);
  if (!isSpecProblem(spec)) return spec;
  throw new AddError(spec.ruleId === 'spec-not-found' ? 'add_api_unknown' : 'add_spec_invalid', spec.message);
}

function onlyApi(project: Project): string {
  const names = existsSync(project.openapiDir)
    ? [...new Set(readdirSync(project.openapiDir).flatMap((f) => SPEC_FILE.exec(f)?.[1] ?? []))].sort()
    : [];
  if (names.length === 1 && names[0] !== undefined) return names[0];
  if (names.length === 0) throw new AddError('add_api_unknown', 'no spec under openapi/; add openapi/<api>.yaml (or .json, or a .ref pointer)');
  throw new AddError('add_api_ambiguous', `several APIs under openapi/ (${names.join(', ')}); pick one with --api`);
}

function manifestPath(project: Project, file: string): string {
  const abs = resolve(project.root, file);
  const rel = relative(project.manifestsDir, abs);
  if (rel.startsWith('..') || rel.includes(sep) || !/\.ya?ml$/.test(rel)) {
    throw new AddError('add_file_invalid', `--file must name a .yaml file directly under manifests/ (got ${file})`);
  }
  return abs;
}

/** The modeline's schema path, relative to the manifest (the installed package's schema). */
function schemaRef(manifest: string): string {
  return relative(dirname(manifest), manifestSchemaPath()).split(sep).join('/');
}
