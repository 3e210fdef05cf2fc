/**
 * Reads every manifest under `manifests/` (`*.yaml`, `*.yml`, sorted by name): YAML with
 * locations, then the JSON Schema, then the checks a schema cannot express (a tool is
 * either upstream or local; names are unique across files). Problems are collected, not
 * thrown; only files that pass reach the cross-check.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { diagnostic, type Diagnostic } from '../diagnostics.ts';
import type { Project } from '../project.ts';
import { parseYamlSource, type YamlSource } from '../yaml-source.ts';
import { checkDescriptionSize } from './description-size.ts';
import { checkResourceShapes, checkUniqueResources } from './resource-shapes.ts';
import { checkManifestSchema } from './schema.ts';
import type { Manifest, ManifestFile } from './types.ts';
import { readInputText, recordListing } from '../cache/inputs.ts';

export interface LoadedManifests {
  files: ManifestFile[];
  diagnostics: Diagnostic[];
}

export function listManifestPaths(project: Project): string[] {
  const entries = readdirSync(project.manifestsDir, { withFileTypes: true });
  recordListing(project.manifestsDir, entries.map((e) => e.name));
  return entries
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(project.manifestsDir, e.name))
    .sort();
}

export function loadManifests(project: Project): LoadedManifests {
  const files: ManifestFile[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const path of listManifestPaths(project)) {
    const file = project.rel(path);
    const source = parseYamlSource(file, readInputText(path));
    if (source.diagnostics.length > 0) {
      diagnostics.push(...source.diagnostics);
      continue;
    }
    const schemaProblems = checkManifestSchema(source);
    if (schemaProblems.length > 0) {
      diagnostics.push(...schemaProblems);
      continue;
    }
    // `tools` is optional when the file declares resources or prompts; code sees a list.
    const manifest = { ...(source.value as Manifest), tools: (source.value as Partial<Manifest>).tools ?? [] };
    const shapeProblems = [...checkToolShapes(manifest, source), ...checkResourceShapes(manifest, source), ...checkDeclaresSomething(source)];
    diagnostics.push(...shapeProblems, ...checkDescriptionSize(manifest, source));
    if (shapeProblems.length === 0) files.push({ file, path, source, manifest });
  }
  diagnostics.push(...checkUniqueNames(files), ...checkUniqueResources(files));
  return { files, diagnostics };
}

/** What the schema leaves to code: upstream xor local, and the keys each kind allows. */
function checkToolShapes(manifest: Manifest, source: YamlSource): Diagnostic[] {
  const out: Diagnostic[] = [];
  // The file's default authType: every later stage sees tools with their own.
  manifest.tools = withDefaultAuthType(manifest).tools;
  manifest.tools.forEach((tool, i) => {
    const at = (key?: string) => source.locate(key ? ['tools', i, key] : ['tools', i, 'name'], { key: true });
    if ((tool as Partial<typeof tool>).authType === undefined) {
      out.push(diagnostic('schema-required', source.locate(['tools', i], { key: true }), `tool '${tool.name}' is missing the required key 'authType' (none, service-account or user-token); or set a default 'authType' at the top of the file`));
    }
    if (tool.operation === undefined && tool.handler === undefined) {
      out.push(diagnostic('tool-kind', at(), `tool '${tool.name}' needs either 'operation' (an upstream call) or 'handler' (a local module)`));
    }
    if (tool.operation !== undefined && tool.handler !== undefined) {
      out.push(diagnostic('tool-kind', at('handler'), `tool '${tool.name}' has both 'operation' and 'handler'; keep one`));
    }
    if (tool.handler !== undefined) {
      for (const key of ['api', 'map', 'fixed', 'outputSchema'] as const) {
        if (tool[key] !== undefined) {
          out.push(diagnostic('tool-kind', at(key), `'${key}' applies to upstream tools only; tool '${tool.name}' has a local handler`));
        }
      }
    }
    if (tool.operation !== undefined && tool.api === undefined && manifest.api === undefined) {
      out.push(diagnostic('api-missing', at('operation'), `tool '${tool.name}' names an operation but neither it nor the file sets 'api'`));
    }
    for (const name of tool.input?.required ?? []) {
      if (!(name in (tool.input?.properties ?? {}))) {
        out.push(diagnostic('input-required-unknown', source.locate(['tools', i, 'input', 'required']), `required argument '${name}' is not among input.properties`));
      }
    }
  });
  return out;
}

/** Tools that omit `authType` take the file's default (`authType:` at the top), when it has one. */
export function withDefaultAuthType(manifest: Manifest): Manifest {
  const fallback = manifest.authType;
  if (fallback === undefined) return manifest;
  return { ...manifest, tools: manifest.tools.map((tool) => (tool.authType === undefined ? { ...tool, authType: fallback } : tool)) };
}

/** `tools` may be left out only for `resources` or `prompts` (not expressible under ajv's strictRequired). */
function checkDeclaresSomething(source: YamlSource): Diagnostic[] {
  const value = source.value as Record<string, unknown>;
  if (['tools', 'resources', 'prompts'].some((key) => value[key] !== undefined)) return [];
  return [diagnostic('schema-required', source.locate([]), `the manifest is missing the required key 'tools' (or 'resources' or 'prompts')`)];
}

function checkUniqueNames(files: readonly ManifestFile[]): Diagnostic[] {
  const firstSeen = new Map<string, string>();
  const out: Diagnostic[] = [];
  for (const { file, source, manifest } of files) {
    manifest.tools.forEach((tool, i) => {
      const at = source.locate(['tools', i, 'name']);
      const previous = firstSeen.get(tool.name);
      if (previous) out.push(diagnostic('duplicate-tool-name', at, `tool name '${tool.name}' is already used at ${previous}`));
      else firstSeen.set(tool.name, `${at.file}:${at.line}:${at.column}`);
    });
  }
  return out;
}
