/**
 * `operation-not-found`: the manifest names an operation its spec does not have
 * (misspelt, or removed from the spec since). The diagnostic points at the manifest
 * line and at the spec's `paths`, and suggests the closest operationIds — or the
 * closest `"METHOD /path"` forms when the selector is written that way.
 */
import { didYouMean } from '../did-you-mean.ts';
import { diagnostic, type Diagnostic, type SourcePosition } from '../diagnostics.ts';
import { child } from '../openapi/documents.ts';
import { listOperations } from '../openapi/operations.ts';
import type { ApiSpec } from '../openapi/spec.ts';

export function operationNotFound(spec: ApiSpec, selector: string, at: SourcePosition): Diagnostic {
  const operations = listOperations(spec);
  const byRoute = /^[A-Za-z]+\s+\//.test(selector.trim());
  const candidates = operations.map((op) => (byRoute || op.operationId === undefined ? `${op.method.toUpperCase()} ${op.path}` : op.operationId));
  const needle = byRoute ? selector.trim().replace(/^([A-Za-z]+)\s+/, (_, m: string) => `${m.toUpperCase()} `) : selector;
  return diagnostic('operation-not-found', at, `operation '${selector}' is not in ${spec.file}${didYouMean(needle, candidates)}`, {
    specLocation: spec.docs.location(child(spec.root, 'paths'), { key: true }),
  });
}
