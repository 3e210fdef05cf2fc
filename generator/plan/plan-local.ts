/**
 * A local tool (no upstream): its handler module must exist; its input schema is the
 * manifest's (default: no arguments).
 */
import { dirname, resolve } from 'node:path';
import type { ToolDefinition } from '../../runtime/tools/types.ts';
import { diagnostic, type Diagnostic } from '../diagnostics.ts';
import type { ManifestFile, ManifestTool } from '../manifest/types.ts';
import { annotationsFor } from './annotations.ts';
import { planConfirm } from './confirm.ts';
import { manifestInput } from './input.ts';
import { assembleInput, orderDefinition } from './definition.ts';
import { checkToolSchema } from './schema-check.ts';
import type { LocalPlan } from './types.ts';
import { inputExists } from '../cache/inputs.ts';

export function planLocal(file: ManifestFile, tool: ManifestTool, index: number): { plan?: LocalPlan; diagnostics: Diagnostic[] } {
  const src = file.source;
  const base = ['tools', index] as const;
  const diagnostics: Diagnostic[] = [];
  const handlerPath = resolve(dirname(file.path), tool.handler ?? '');
  if (!inputExists(handlerPath)) {
    diagnostics.push(diagnostic('handler-not-found', src.locate([...base, 'handler']), `handler module ${tool.handler ?? ''} does not exist (looked for ${handlerPath})`));
  }
  const { parts, diagnostics: inputProblems } = manifestInput(tool.input ?? {}, [...base, 'input'], src, undefined, undefined);
  diagnostics.push(...inputProblems);
  const definition: ToolDefinition = { name: tool.name, description: tool.description, inputSchema: assembleInput(parts, {}) };
  if (tool.title !== undefined) definition.title = tool.title;
  const annotations = annotationsFor(undefined, tool.annotations);
  if (annotations) definition.annotations = annotations;
  const inputAt = (path: string[]) => src.locate([...base, tool.input ? 'input' : 'name', ...path], { key: path.length === 0 });
  diagnostics.push(...checkToolSchema(definition.inputSchema, `input schema of tool '${tool.name}'`, inputAt));
  const plan: LocalPlan = {
    kind: 'local',
    name: tool.name,
    authType: tool.authType,
    definition: orderDefinition(definition),
    manifestFile: file.file,
    at: src.locate([...base, 'name']),
    handlerPath,
  };
  if (tool.scopes !== undefined) plan.scopes = [...tool.scopes];
  const confirm = planConfirm(tool, plan.definition);
  if (confirm) plan.confirm = confirm;
  return { plan, diagnostics };
}
