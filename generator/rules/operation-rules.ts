/**
 * The rules that need a resolved operation, run by the cross-check for every upstream
 * tool (an explicit registry: add a rule here and to docs/rules.md).
 */
import type { Diagnostic } from '../diagnostics.ts';
import { annotationsAgreeWithMethod } from './annotations.ts';
import type { OperationRule, OperationRuleContext } from './context.ts';
import { authFitsSecurity } from './security.ts';

export const operationRules = {
  annotationsAgreeWithMethod,
  authFitsSecurity,
} satisfies Record<string, OperationRule>;

export function checkOperationRules(context: OperationRuleContext): Diagnostic[] {
  return Object.values(operationRules).flatMap((rule) => rule(context));
}
