/**
 * The manifest's `response` and `pagination` on an upstream tool's plan. Pagination gets
 * its defaults (`page`, `per_page`, `cursor`); every parameter it names must be an
 * argument of the tool, since the next page's hint is a set of arguments. A tool that
 * selects or drops paths publishes no output schema: the shaped value is not the
 * operation's response model any more.
 */
import { diagnostic, type Diagnostic, type SourcePosition } from '../diagnostics.ts';
import type { ManifestTool } from '../manifest/types.ts';
import type { PaginationSpec } from '../../runtime/tools/types.ts';
import type { InputParts } from './input.ts';
import type { UpstreamPlan } from './types.ts';

const DEFAULTS = {
  link: { pageParam: 'page', perPageParam: 'per_page' },
  page: { pageParam: 'page', perPageParam: 'per_page' },
  cursor: { cursorParam: 'cursor' },
} satisfies Record<PaginationSpec['style'], Partial<PaginationSpec>>;

type Param = 'pageParam' | 'perPageParam' | 'cursorParam';

export function applyPaging(plan: UpstreamPlan, tool: ManifestTool, input: InputParts, at: SourcePosition): Diagnostic[] {
  if (tool.response) {
    plan.response = { ...tool.response };
    if (tool.response.select || tool.response.drop) {
      const { outputSchema: _shapedAway, ...definition } = plan.definition;
      plan.definition = definition;
    }
  }
  if (!tool.pagination) return [];
  const declared = tool.pagination;
  const spec: PaginationSpec = { style: declared.style };
  const problems: Diagnostic[] = [];
  const defaults: Partial<Record<Param, string>> = DEFAULTS[declared.style];
  for (const key of ['pageParam', 'perPageParam', 'cursorParam'] as const) {
    const name = declared[key] ?? defaults[key];
    if (name === undefined) continue;
    const isArgument = Object.hasOwn(input.properties, name);
    // A default that is not an argument is simply not used; a name the manifest wrote must be one.
    if (!isArgument && declared[key] === undefined && key === 'perPageParam') continue;
    if (!isArgument && declared[key] === undefined && declared.style === 'link') continue;
    if (!isArgument) {
      problems.push(diagnostic('map-unknown-argument', at, `'pagination' ${key} names '${name}', which is not an argument of tool '${tool.name}' (arguments: ${Object.keys(input.properties).join(', ') || 'none'})`));
      continue;
    }
    spec[key] = name;
  }
  if (declared.cursorPath !== undefined) spec.cursorPath = declared.cursorPath;
  plan.pagination = spec;
  return problems;
}
