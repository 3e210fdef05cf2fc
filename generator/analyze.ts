/**
 * Parse, schema-check and cross-check every manifest of a project: what `validate`
 * reports and what `generate` builds on. Never writes anything.
 */
import { dedupeDiagnostics, sortDiagnostics, type Diagnostic } from './diagnostics.ts';
import { loadManifests } from './manifest/load.ts';
import type { ManifestFile } from './manifest/types.ts';
import type { ApiSpec } from './openapi/spec.ts';
import { planProject } from './plan/plan-project.ts';
import { planPrompts, planTemplateCompletions } from './plan/plan-prompts.ts';
import type { ProjectPlan } from './plan/types.ts';
import type { Progress } from './progress.ts';
import { openProject, type Project } from './project.ts';

export interface Analysis {
  project: Project;
  plan: ProjectPlan;
  /** The manifest files that parsed and passed the schema. */
  manifests: ManifestFile[];
  /** Sorted by file, line, column. */
  diagnostics: Diagnostic[];
  /** The specs that loaded, by API name (parsed once; the emitters reuse them). */
  specs: ReadonlyMap<string, ApiSpec>;
}

export interface AnalyzeOptions {
  /** Counts tools as they are checked (a terminal shows it; default silent). */
  progress?: Progress;
}

export function analyze(root: string, options: AnalyzeOptions = {}): Analysis {
  const project = openProject(root);
  const loaded = loadManifests(project);
  const { plan, diagnostics, specs } = planProject(project, loaded.files, options.progress);
  const prompts = planPrompts(project, loaded.files, plan.tools);
  if (prompts.prompts.length > 0) plan.prompts = prompts.prompts;
  diagnostics.push(...prompts.diagnostics, ...planTemplateCompletions(loaded.files, plan.tools, plan.resources?.templates ?? []));
  return { project, plan, manifests: loaded.files, diagnostics: sortDiagnostics(dedupeDiagnostics([...loaded.diagnostics, ...diagnostics])), specs };
}
