/**
 * A temp project with the first `count` operations of the GitHub spec as tools (the
 * entries `add` would write; operations `add` refuses are skipped). Shared by the scale
 * test and bench/generator-scale.ts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appendTools, newManifestText } from '../../generator/authoring/append.ts';
import { deriveEntry } from '../../generator/authoring/derive.ts';
import { AddError } from '../../generator/authoring/errors.ts';
import type { ManifestTool } from '../../generator/manifest/types.ts';
import { listOperations } from '../../generator/openapi/operations.ts';
import { isSpecProblem, loadApiSpec } from '../../generator/openapi/spec.ts';
import { openProject } from '../../generator/project.ts';
import type { TempProject } from '../generator/project.ts';
import { githubProject } from './github-project.ts';

export function scaleProject(count: number): TempProject {
  const p = githubProject();
  const spec = loadApiSpec(openProject(p.root), 'github');
  if (isSpecProblem(spec)) throw new Error(spec.message);
  const taken = new Set<string>();
  const tools: ManifestTool[] = [];
  for (const op of listOperations(spec)) {
    if (tools.length === count) break;
    try {
      const { tool } = deriveEntry(spec, op.operationId ?? `${op.method.toUpperCase()} ${op.path}`, {}, taken);
      taken.add(tool.name);
      tools.push(tool);
    } catch (error) {
      if (!(error instanceof AddError)) throw error;
    }
  }
  if (tools.length < count) throw new Error(`the GitHub spec has only ${tools.length} operations add accepts`);
  writeFileSync(join(p.root, 'manifests', 'github.yaml'), appendTools(newManifestText('../schema.json', 'github'), tools, 'manifests/github.yaml'));
  return p;
}
