/**
 * What the schema leaves to code for `resources:`: a resource is static (`uri` with
 * exactly one of `file` or `text`) or a template (`uriTemplate`, `authType`,
 * `operation`); URIs, templates, names and webhook paths are unique across files.
 */
import { diagnostic, type Diagnostic } from '../diagnostics.ts';
import type { YamlSource } from '../yaml-source.ts';
import type { Manifest, ManifestFile, ManifestResource } from './types.ts';

const STATIC_ONLY = ['file', 'text'] as const;
const TEMPLATE_ONLY = ['authType', 'api', 'operation', 'map'] as const;

export function checkResourceShapes(manifest: Manifest, source: YamlSource): Diagnostic[] {
  const out: Diagnostic[] = [];
  (manifest.resources ?? []).forEach((r, i) => {
    const at = (key: keyof ManifestResource) => source.locate(['resources', i, key], { key: true });
    const label = `resource '${r.name}'`;
    if ((r.uri === undefined) === (r.uriTemplate === undefined)) {
      out.push(diagnostic('resource-kind', at(r.uri === undefined ? 'name' : 'uriTemplate'), `${label} needs exactly one of 'uri' (a static resource) or 'uriTemplate' (a template read through an operation)`));
      return;
    }
    if (r.uri !== undefined) {
      if (r.file !== undefined && r.text !== undefined) out.push(diagnostic('resource-kind', at('text'), `${label} has both 'file' and 'text'; keep one`));
      if (r.file === undefined && r.text === undefined) out.push(diagnostic('resource-kind', at('uri'), `${label} needs its content: 'file' (a file in the project) or 'text'`));
      for (const key of TEMPLATE_ONLY) {
        if (r[key] !== undefined) out.push(diagnostic('resource-kind', at(key), `'${key}' applies to resource templates only; ${label} is static`));
      }
      return;
    }
    for (const key of STATIC_ONLY) {
      if (r[key] !== undefined) out.push(diagnostic('resource-kind', at(key), `'${key}' applies to static resources only; ${label} is a template`));
    }
    if (r.operation === undefined) out.push(diagnostic('schema-required', at('name'), `${label} is a template and needs 'operation'`));
    if (r.authType === undefined && manifest.authType === undefined) {
      out.push(diagnostic('schema-required', at('name'), `${label} is a template and needs 'authType' (or a file-level 'authType' default)`));
    }
    if (r.operation !== undefined && r.api === undefined && manifest.api === undefined) {
      out.push(diagnostic('api-missing', at('operation'), `${label} names an operation but neither it nor the file sets 'api'`));
    }
  });
  return out;
}

export function checkUniqueResources(files: readonly ManifestFile[]): Diagnostic[] {
  const seen = new Map<string, string>();
  const out: Diagnostic[] = [];
  for (const { source, manifest } of files) {
    (manifest.resources ?? []).forEach((r, i) => {
      const keys: Array<[string, keyof ManifestResource, string | undefined]> = [
        ['name', 'name', r.name],
        ['URI', r.uri !== undefined ? 'uri' : 'uriTemplate', r.uri ?? r.uriTemplate],
        ['webhook', 'subscribe', r.subscribe && 'webhook' in r.subscribe ? r.subscribe.webhook : undefined],
      ];
      for (const [what, key, value] of keys) {
        if (value === undefined) continue;
        const at = source.locate(['resources', i, key]);
        const previous = seen.get(`${what}\u0000${value}`);
        if (previous) out.push(diagnostic('duplicate-resource', at, `resource ${what} '${value}' is already used at ${previous}`));
        else seen.set(`${what}\u0000${value}`, `${at.file}:${at.line}:${at.column}`);
      }
    });
  }
  return out;
}
