/**
 * Phase two of "parse, then initialise": every parsed manifest tool is checked against
 * its spec and turned into a plan. Each API is loaded once; a missing or broken spec is
 * reported once, at the first manifest line that needs it.
 */
import { diagnostic, type Diagnostic } from '../diagnostics.ts';
import type { ManifestFile } from '../manifest/types.ts';
import { isSpecProblem, loadApiSpec, type ApiSpec, type SpecProblem } from '../openapi/spec.ts';
import type { Project } from '../project.ts';
import { silentProgress, type Progress } from '../progress.ts';
import { DEFAULT_BUDGET, fitBudget, type ToolBudget } from './budget.ts';
import { planLocal } from './plan-local.ts';
import { planResources } from './plan-resources.ts';
import { planUpstream } from './plan-upstream.ts';
import type { ApiPlan, ProjectPlan, ToolPlan } from './types.ts';

export function planProject(project: Project, files: readonly ManifestFile[], progress: Progress = silentProgress): { plan: ProjectPlan; diagnostics: Diagnostic[]; specs: Map<string, ApiSpec> } {
  progress.phase('checking tools', files.reduce((n, f) => n + f.manifest.tools.length, 0));
  const diagnostics: Diagnostic[] = [];
  const specs = new Map<string, ApiSpec | SpecProblem>();
  const reported = new Set<string>();
  const tools: ToolPlan[] = [];

  /** Each tool's budget: its file's `budget` over the defaults. */
  const budgets = new Map<ToolPlan, ToolBudget>();
  for (const file of files) {
    const first = tools.length;
    file.manifest.tools.forEach((tool, index) => {
      progress.tick();
      if (tool.handler !== undefined) {
        const { plan, diagnostics: found } = planLocal(file, tool, index);
        diagnostics.push(...found);
        if (plan) tools.push(plan);
        return;
      }
      const apiName = tool.api ?? file.manifest.api;
      if (apiName === undefined) return; // reported by the shape check
      let spec = specs.get(apiName);
      if (!spec) {
        spec = loadApiSpec(project, apiName);
        specs.set(apiName, spec);
      }
      if (isSpecProblem(spec)) {
        if (!reported.has(apiName)) {
          reported.add(apiName);
          const at = tool.api !== undefined ? file.source.locate(['tools', index, 'api']) : file.source.locate(['api']);
          const extra = spec.specLocation ? { specLocation: spec.specLocation } : {};
          diagnostics.push(...(spec.diagnostics ?? [diagnostic(spec.ruleId, at, spec.message, extra)]));
        }
        return;
      }
      const { plan, diagnostics: found } = planUpstream(file, tool, index, spec);
      diagnostics.push(...found);
      if (plan) tools.push(plan);
    });
    for (const plan of tools.slice(first)) budgets.set(plan, { ...DEFAULT_BUDGET, ...file.manifest.budget });
  }

  const { plan: resourcesPlan, diagnostics: resourceProblems } = planResources(project, files, (apiName, at) => {
    let spec = specs.get(apiName);
    if (!spec) {
      spec = loadApiSpec(project, apiName);
      specs.set(apiName, spec);
    }
    if (!isSpecProblem(spec)) return spec;
    if (!reported.has(apiName)) {
      reported.add(apiName);
      diagnostics.push(...(spec.diagnostics ?? [diagnostic(spec.ruleId, at, spec.message, spec.specLocation ? { specLocation: spec.specLocation } : {})]));
    }
    return undefined;
  });
  diagnostics.push(...resourceProblems);

  const apis: ApiPlan[] = [];
  for (const name of [...specs.keys()].sort()) {
    const spec = specs.get(name);
    if (!spec || isSpecProblem(spec)) continue;
    if (!tools.some((t) => t.kind === 'upstream' && t.api === name) && !resourcesPlan.templates.some((t) => t.entry.api === name)) continue;
    const api: ApiPlan = { name, specPath: spec.abs, specFile: spec.file };
    if (spec.defaultBaseUrl !== undefined) api.defaultBaseUrl = spec.defaultBaseUrl;
    apis.push(api);
  }
  for (const tool of tools) withinBudget(tool, budgets.get(tool));
  tools.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const loaded = new Map([...specs].flatMap(([name, spec]) => (isSpecProblem(spec) ? [] : [[name, spec] as const])));
  const plan: ProjectPlan = { tools, apis };
  if (resourcesPlan.resources.length > 0 || resourcesPlan.templates.length > 0) plan.resources = resourcesPlan;
  return { plan, diagnostics, specs: loaded };
}

/** The tools/list budget (budget.ts) applied to what clients see; the handler's types keep the full input. */
function withinBudget(tool: ToolPlan, budget: ToolBudget = DEFAULT_BUDGET): void {
  const fitted = fitBudget(tool.definition, budget);
  if (fitted === tool.definition) return;
  if (fitted.inputSchema !== tool.definition.inputSchema) tool.argsSchema = tool.definition.inputSchema;
  if (fitted.outputSchema !== tool.definition.outputSchema) tool.fullOutputSchema = tool.definition.outputSchema;
  tool.definition = fitted;
}
