/**
 * One named API: `openapi/<name>.(yaml|yml|json)` (or a `.ref` pointer to a spec file
 * elsewhere, see spec-ref.ts), checked to be OpenAPI 3.0 or 3.1,
 * with its files loaded through a DocumentSet. Loading problems come back as one
 * plain `SpecProblem` the caller turns into a located diagnostic.
 * @see https://spec.openapis.org/oas/v3.1.0#openapi-object
 */
import { join } from 'node:path';
import { diagnostic, type Diagnostic, type SpecLocation } from '../diagnostics.ts';
import type { Project } from '../project.ts';
import { child, DocumentSet, SpecParseError, SpecRefError, type SpecPointer } from './documents.ts';
import { outsideRefs } from './outside-refs.ts';
import { RefScope } from './ref-scope.ts';
import { REF_EXTENSION, resolveSpecRef } from './spec-ref.ts';
import { inputExists } from '../cache/inputs.ts';

export type OpenApiVersion = '3.0' | '3.1';

export interface ApiSpec {
  name: string;
  /** Entry file relative to the root, e.g. `openapi/dta-wide.yaml`. */
  file: string;
  abs: string;
  version: OpenApiVersion;
  docs: DocumentSet;
  root: SpecPointer;
  /** `servers[0].url` with variables replaced by their defaults. */
  defaultBaseUrl?: string;
  title?: string;
}

export interface SpecProblem {
  ruleId: 'spec-not-found' | 'spec-invalid' | 'spec-ambiguous' | 'spec-ref-outside';
  message: string;
  specLocation?: SpecLocation;
  /**
   * Problems located in the spec files themselves (each `$ref` that leaves the
   * project): reported instead of one diagnostic at the manifest's `api`.
   */
  diagnostics?: Diagnostic[];
}

const EXTENSIONS = ['.yaml', '.yml', '.json', REF_EXTENSION];

export function specCandidates(project: Project, name: string): string[] {
  return EXTENSIONS.map((ext) => join(project.openapiDir, `${name}${ext}`)).filter((p) => inputExists(p));
}

export function loadApiSpec(project: Project, name: string): ApiSpec | SpecProblem {
  const candidates = specCandidates(project, name);
  let [abs] = candidates;
  if (abs === undefined) {
    return {
      ruleId: 'spec-not-found',
      message: `no spec for API '${name}': expected openapi/${name}.yaml, .yml, .json or .ref`,
    };
  }
  if (candidates.length > 1) {
    return {
      ruleId: 'spec-ambiguous',
      message: `API '${name}' has several specs (${candidates.map(project.rel).join(', ')}); keep one`,
    };
  }
  let scope = new RefScope([project.root]);
  if (abs.endsWith(REF_EXTENSION)) {
    const refFile = project.rel(abs);
    const resolved = resolveSpecRef(abs, project.root, refFile);
    if (!resolved.ok) {
      const message = `${refFile} ${resolved.message}`;
      if (resolved.outside) return { ruleId: 'spec-ref-outside', message, diagnostics: [diagnostic('spec-ref-outside', resolved.outside, message)] };
      return { ruleId: 'spec-not-found', message };
    }
    abs = resolved.abs;
    scope = resolved.scope;
  }
  const file = project.rel(abs);
  if (!scope.allows(abs)) {
    return { ruleId: 'spec-ref-outside', message: `${file} leads outside the project (a symlink); keep the spec in the project, or name it by a package path in openapi/${name}.ref` };
  }
  const docs = new DocumentSet(project.rel, scope);
  let value: unknown;
  try {
    value = docs.load(abs).value;
  } catch (error) {
    if (error instanceof SpecParseError) {
      // One diagnostic at the manifest's `api`, pointing into the spec at the syntax error.
      const [first] = error.yaml.diagnostics;
      const reason = first ? `: ${first.message.replace(/^not valid JSON: /, '')}` : '';
      const specLocation = first ? { file: first.file, pointer: '#', line: first.line, column: first.column } : { file, pointer: '#' };
      return { ruleId: 'spec-invalid', message: `${error.message}${reason}`, specLocation };
    }
    return { ruleId: 'spec-invalid', message: `${file} cannot be read: ${(error as Error).message}` };
  }
  const version = versionOf(value);
  if (version === undefined) {
    return {
      ruleId: 'spec-invalid',
      message: `${file} is not an OpenAPI 3.0 or 3.1 document (it needs 'openapi: 3.0.x' or '3.1.x' and 'paths')`,
      specLocation: { file, pointer: '#', line: 1, column: 1 },
    };
  }
  const outside = outsideRefs(docs, abs);
  if (outside.length > 0) return outsideProblem(docs, outside);
  const root: SpecPointer = { doc: abs, path: [] };
  const spec: ApiSpec = { name, file, abs, version, docs, root, defaultBaseUrl: serverUrl(value) };
  const title = (value as { info?: { title?: unknown } }).info?.title;
  if (typeof title === 'string') spec.title = title;
  if (spec.defaultBaseUrl === undefined) delete spec.defaultBaseUrl;
  return spec;
}

/** One diagnostic at each `$ref` that leaves the scope (the message, for `add`, names them all). */
function outsideProblem(docs: DocumentSet, errors: readonly SpecRefError[]): SpecProblem {
  const diagnostics = errors.map((error) => {
    const { file, line = 1, column = 1 } = docs.location(child(error.at, '$ref'));
    return diagnostic('spec-ref-outside', { file, line, column }, error.message);
  });
  const places = diagnostics.map((d) => `${d.file}:${d.line}:${d.column}`).sort();
  return { ruleId: 'spec-ref-outside', message: `the spec has $refs outside the project (${places.join(', ')}); remote refs are never fetched`, diagnostics };
}

export function isSpecProblem(x: ApiSpec | SpecProblem): x is SpecProblem {
  return 'ruleId' in x;
}

function versionOf(value: unknown): OpenApiVersion | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const { openapi, paths } = value as { openapi?: unknown; paths?: unknown };
  if (typeof openapi !== 'string' || paths === null || typeof paths !== 'object') return undefined;
  if (/^3\.0\.\d+/.test(openapi)) return '3.0';
  if (/^3\.1\.\d+/.test(openapi)) return '3.1';
  return undefined;
}

function serverUrl(value: unknown): string | undefined {
  const servers = (value as { servers?: unknown }).servers;
  if (!Array.isArray(servers)) return undefined;
  const first = servers[0] as { url?: unknown; variables?: Record<string, { default?: unknown }> } | undefined;
  if (typeof first?.url !== 'string') return undefined;
  return first.url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const fallback = first.variables?.[name]?.default;
    return typeof fallback === 'string' ? fallback : whole;
  });
}

export { SpecRefError };
