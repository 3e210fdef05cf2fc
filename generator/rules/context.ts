/**
 * What the rules see. Operation rules run inside the cross-check, once per upstream
 * tool, with the resolved operation (so `generate` refuses what `validate` reports);
 * project rules run in `validate` only, over everything that parsed.
 */
import type { Analysis } from '../analyze.ts';
import type { Diagnostic } from '../diagnostics.ts';
import type { ManifestTool } from '../manifest/types.ts';
import type { OperationDetails } from '../openapi/operations.ts';
import type { ApiSpec } from '../openapi/spec.ts';
import type { PathSegment, YamlSource } from '../yaml-source.ts';

export interface OperationRuleContext {
  tool: ManifestTool;
  op: OperationDetails;
  spec: ApiSpec;
  /** The manifest file the tool is in. */
  source: YamlSource;
  /** `['tools', <index>]`: the tool's path in the manifest. */
  base: readonly PathSegment[];
}

export type OperationRule = (context: OperationRuleContext) => Diagnostic[];

export interface ProjectRuleOptions {
  /** What clients put before tool names (Claude Code: `mcp__<server>__`). */
  clientPrefix: string;
}

export type ProjectRule = (analysis: Analysis, options: ProjectRuleOptions) => Diagnostic[];
