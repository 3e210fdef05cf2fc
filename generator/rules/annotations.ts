/**
 * `annotation-contradicts-method`: clients show and trust hints, so a GET that says it
 * is destructive, or a DELETE that says it is read-only, is almost always a copy-paste
 * slip. A real exception (a GET that purges a cache) states why in
 * `annotations.reason`, which stays in the manifest.
 * @see https://modelcontextprotocol.io/specification/2025-06-18/server/tools#tool-annotations
 */
import { diagnostic, type Diagnostic } from '../diagnostics.ts';
import type { HttpMethod } from '../openapi/operations.ts';
import type { OperationRuleContext } from './context.ts';

const SAFE_METHODS: ReadonlySet<HttpMethod> = new Set(['get', 'head', 'options', 'trace']);

export function annotationsAgreeWithMethod({ tool, op, spec, source, base }: OperationRuleContext): Diagnostic[] {
  const hints = tool.annotations;
  if (!hints || (hints.reason ?? '').trim() !== '') return [];
  const method = op.ref.method;
  const clash =
    SAFE_METHODS.has(method) && hints.destructiveHint === true
      ? { hint: 'destructiveHint', says: 'destructive', but: `${method.toUpperCase()} is a safe method (no side effects)` }
      : method === 'delete' && hints.readOnlyHint === true
        ? { hint: 'readOnlyHint', says: 'read-only', but: 'DELETE removes data' }
        : undefined;
  if (!clash) return [];
  const opName = op.ref.operationId ?? `${method.toUpperCase()} ${op.ref.path}`;
  return [
    diagnostic(
      'annotation-contradicts-method',
      source.locate([...base, 'annotations', clash.hint], { key: true }),
      `tool '${tool.name}' is marked ${clash.says} but calls ${opName}, and ${clash.but}; fix the hint, or keep it and say why in annotations.reason`,
      { specLocation: spec.docs.location(op.ref.at, { key: true }) },
    ),
  ];
}
