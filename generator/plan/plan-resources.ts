/**
 * Manifest `resources:` after the cross-check. A static resource's file is read now
 * (confined to the project root, like a spec's `$ref`s), so generated/ is the whole of
 * what `serve` needs — a container serving generated/ alone still has it — and
 * `generate --check` notices when the file changed. A template's URI variables must
 * each land on a path or query parameter of a GET operation, never on a credential,
 * and together cover the operation's required parameters.
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, extname, resolve, sep } from 'node:path';
import type { GeneratedResource, GeneratedResourceTemplate, ResourceSubscribe } from '../../runtime/tools/types.ts';
import { parseUriTemplate, UriTemplateError } from '../../runtime/mcp/uri-template.ts';
import { diagnostic, type Diagnostic, type SourcePosition } from '../diagnostics.ts';
import type { ManifestFile, ManifestResource } from '../manifest/types.ts';
import { isCredentialParameter } from '../openapi/credentials.ts';
import { findOperation, operationDetails } from '../openapi/operations.ts';
import type { ApiSpec } from '../openapi/spec.ts';
import type { Project } from '../project.ts';
import { operationNotFound } from '../rules/operation-not-found.ts';
import { recordExists, recordFile } from '../cache/inputs.ts';

/** Static content is embedded in the registry; beyond this it belongs upstream. */
export const MAX_RESOURCE_FILE_BYTES = 1024 * 1024;

const MIME_BY_EXTENSION: Record<string, string> = {
  '.txt': 'text/plain',
  '.md': 'text/markdown',
  '.html': 'text/html',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.yaml': 'application/yaml',
  '.yml': 'application/yaml',
  '.xml': 'application/xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.pdf': 'application/pdf',
};

export interface Located<T> {
  entry: T;
  at: SourcePosition;
  manifestFile: string;
}

export interface ResourcesPlan {
  resources: Located<GeneratedResource>[];
  templates: Located<GeneratedResourceTemplate>[];
}

/** The spec of an API, or undefined when it is missing or broken (reported by the caller). */
export type SpecLookup = (api: string, at: SourcePosition) => ApiSpec | undefined;

export function planResources(project: Project, files: readonly ManifestFile[], specFor: SpecLookup): { plan: ResourcesPlan; diagnostics: Diagnostic[] } {
  const plan: ResourcesPlan = { resources: [], templates: [] };
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    (file.manifest.resources ?? []).forEach((r, index) => {
      const at = file.source.locate(['resources', index, 'name']);
      if (r.uri !== undefined) {
        const entry = planStatic(project, file, r, index, diagnostics);
        if (entry) plan.resources.push({ entry, at, manifestFile: file.file });
        return;
      }
      const apiName = r.api ?? file.manifest.api;
      if (apiName === undefined) return; // reported by the shape check
      const spec = specFor(apiName, file.source.locate(['resources', index, r.api !== undefined ? 'api' : 'operation']));
      if (!spec) return;
      const entry = planTemplate(file, r, index, spec, diagnostics);
      if (entry) plan.templates.push({ entry, at, manifestFile: file.file });
    });
  }
  const byName = <T extends { name: string }>(a: Located<T>, b: Located<T>) => (a.entry.name < b.entry.name ? -1 : a.entry.name > b.entry.name ? 1 : 0);
  plan.resources.sort(byName);
  plan.templates.sort(byName);
  return { plan, diagnostics };
}

function planStatic(project: Project, file: ManifestFile, r: ManifestResource, index: number, out: Diagnostic[]): GeneratedResource | undefined {
  const entry: GeneratedResource = { uri: r.uri ?? '', name: r.name, ...described(r), mimeType: r.mimeType ?? 'text/plain' };
  if (r.text !== undefined) {
    entry.text = r.text;
  } else {
    const at = file.source.locate(['resources', index, 'file']);
    const content = readConfined(project, resolve(dirname(file.path), r.file ?? ''), r.file ?? '', at, out);
    if (!content) return undefined;
    const mimeType = r.mimeType ?? MIME_BY_EXTENSION[extname(r.file ?? '').toLowerCase()] ?? (isUtf8(content) ? 'text/plain' : 'application/octet-stream');
    entry.mimeType = mimeType;
    if (isTextType(mimeType) && isUtf8(content)) entry.text = content.toString('utf8');
    else entry.blob = content.toString('base64');
  }
  const subscribe = subscription(r);
  if (subscribe) entry.subscribe = subscribe;
  return entry;
}

/** The file's bytes, when it lies inside the project root (symlinks resolved) and is not too big. */
function readConfined(project: Project, abs: string, written: string, at: SourcePosition, out: Diagnostic[]): Buffer | undefined {
  let real: string;
  try {
    real = realpathSync(abs);
  } catch {
    recordExists(abs, false);
    out.push(diagnostic('resource-file-invalid', at, `resource file ${written} does not exist (looked for ${project.rel(abs)})`));
    return undefined;
  }
  const root = realpathSync(project.root);
  if (real !== root && !real.startsWith(root + sep)) {
    out.push(diagnostic('resource-file-invalid', at, `resource file ${written} is outside the project root; resources may read only the project's own files`));
    return undefined;
  }
  const stat = statSync(real);
  if (!stat.isFile()) {
    out.push(diagnostic('resource-file-invalid', at, `resource file ${written} is not a file`));
    return undefined;
  }
  if (stat.size > MAX_RESOURCE_FILE_BYTES) {
    out.push(diagnostic('resource-file-invalid', at, `resource file ${written} has ${stat.size} bytes; static resources are embedded in the registry and may have at most ${MAX_RESOURCE_FILE_BYTES} (serve bigger content through an operation)`));
    return undefined;
  }
  const bytes = readFileSync(real);
  recordFile(abs, bytes);
  return bytes;
}

function planTemplate(file: ManifestFile, r: ManifestResource, index: number, spec: ApiSpec, out: Diagnostic[]): GeneratedResourceTemplate | undefined {
  const src = file.source;
  const base = ['resources', index] as const;
  const templateAt = src.locate([...base, 'uriTemplate']);
  const opAt = src.locate([...base, 'operation']);
  const before = out.length;
  let variables: string[];
  try {
    variables = parseUriTemplate(r.uriTemplate ?? '').variables;
  } catch (error) {
    if (!(error instanceof UriTemplateError)) throw error;
    out.push(diagnostic('resource-template-invalid', templateAt, `resource '${r.name}': ${error.message}`));
    return undefined;
  }
  const selector = r.operation ?? '';
  const ref = findOperation(spec, selector);
  if (!ref) {
    out.push(operationNotFound(spec, selector, opAt));
    return undefined;
  }
  if (ref.method !== 'get') {
    out.push(diagnostic('resource-template-invalid', opAt, `resource '${r.name}' reads through '${selector}', a ${ref.method.toUpperCase()}; resources are read with GET operations only`));
    return undefined;
  }
  const op = operationDetails(spec, ref);
  const candidates = op.parameters.filter((p) => p.in === 'path' || p.in === 'query');
  const params: GeneratedResourceTemplate['params'] = {};
  for (const variable of variables) {
    const mapped = r.map?.[variable];
    const at = mapped !== undefined ? src.locate([...base, 'map', variable]) : templateAt;
    const [where, name] = splitTarget(mapped ?? variable);
    const param = candidates.find((p) => p.name === name && (where === undefined || p.in === where));
    if (!param) {
      const how = mapped !== undefined ? `is mapped onto '${mapped}', but` : 'has no mapping, and';
      const known = candidates.filter((p) => !isCredentialParameter(p, op)).map((p) => `${p.in}.${p.name}`);
      out.push(diagnostic('resource-variable-unknown', at, `URI variable '${variable}' of resource '${r.name}' ${how} operation '${selector}' has no such path or query parameter (parameters: ${known.join(', ') || 'none'})`, { specLocation: spec.docs.location(ref.at) }));
      continue;
    }
    if (isCredentialParameter(param, op)) {
      out.push(diagnostic('map-credential', at, `URI variable '${variable}' would set ${param.in} parameter '${param.name}', a credential; the runtime supplies credentials, never the URI`, { specLocation: spec.docs.location(param.at) }));
      continue;
    }
    params[variable] = { in: param.in as 'path' | 'query', name: param.name };
  }
  for (const variable of Object.keys(r.map ?? {})) {
    if (!variables.includes(variable)) {
      out.push(diagnostic('map-unknown-argument', src.locate([...base, 'map', variable], { key: true }), `'map' names '${variable}', which is not a variable of '${r.uriTemplate ?? ''}' (variables: ${variables.join(', ') || 'none'})`));
    }
  }
  for (const p of op.parameters) {
    if (!p.required || isCredentialParameter(p, op)) continue;
    if (!Object.values(params).some((v) => v.in === p.in && v.name === p.name)) {
      out.push(diagnostic('required-param-missing', opAt, `the operation requires ${p.in} parameter '${p.name}'; add a URI variable for it`, { specLocation: spec.docs.location(p.at) }));
    }
  }
  if (out.length > before) return undefined;
  const entry: GeneratedResourceTemplate = {
    uriTemplate: r.uriTemplate ?? '',
    name: r.name,
    ...described(r),
    ...(r.mimeType !== undefined ? { mimeType: r.mimeType } : {}),
    authType: r.authType ?? file.manifest.authType ?? 'none',
    api: spec.name,
    operation: ref.operationId === undefined ? { method: 'GET', path: ref.path } : { method: 'GET', path: ref.path, operationId: ref.operationId },
    params,
  };
  if (op.credentialPlacement && entry.authType !== 'none') entry.credential = op.credentialPlacement;
  const subscribe = subscription(r);
  if (subscribe) entry.subscribe = subscribe;
  return entry;
}

function described(r: ManifestResource): { title?: string; description?: string } {
  return { ...(r.title !== undefined ? { title: r.title } : {}), ...(r.description !== undefined ? { description: r.description } : {}) };
}

function subscription(r: ManifestResource): ResourceSubscribe | undefined {
  if (!r.subscribe) return undefined;
  return 'pollSeconds' in r.subscribe ? { pollSeconds: r.subscribe.pollSeconds } : { webhook: r.subscribe.webhook };
}

function splitTarget(text: string): [('path' | 'query') | undefined, string] {
  const m = /^(path|query)\.(.+)$/.exec(text);
  return m ? [m[1] as 'path' | 'query', m[2] ?? ''] : [undefined, text];
}

function isTextType(mimeType: string): boolean {
  const type = mimeType.split(';')[0]?.trim().toLowerCase() ?? '';
  return type.startsWith('text/') || /^application\/(json|yaml|xml|javascript)$/.test(type) || /\+(json|xml)$/.test(type);
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
