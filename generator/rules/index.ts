/**
 * Rules `validate` adds on top of the cross-check `generate` shares (an explicit
 * registry; every rule id is listed in docs/rules.md).
 */
import type { Analysis } from '../analyze.ts';
import type { Diagnostic } from '../diagnostics.ts';
import type { ProjectRule, ProjectRuleOptions } from './context.ts';
import { descriptionSaysEnough } from './descriptions.ts';
import { outputSchemaFits } from './output-size.ts';
import { toolNameFitsPrefix } from './tool-names.ts';

export const projectRules = {
  toolNameFitsPrefix,
  descriptionSaysEnough,
  outputSchemaFits,
} satisfies Record<string, ProjectRule>;

export function checkProjectRules(analysis: Analysis, options: ProjectRuleOptions): Diagnostic[] {
  return Object.values(projectRules).flatMap((rule) => rule(analysis, options));
}

export { checkDrift } from './drift.ts';
export { DEFAULT_CLIENT_PREFIX } from './tool-names.ts';
export type { ProjectRuleOptions } from './context.ts';
