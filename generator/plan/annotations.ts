/**
 * MCP tool annotations: defaults from the HTTP method, overridden by the manifest.
 * Hints only — clients must not rely on them for security.
 * @see https://modelcontextprotocol.io/specification/2025-06-18/server/tools#tool-annotations
 */
import type { ToolAnnotations } from '../../runtime/tools/types.ts';
import type { HttpMethod } from '../openapi/operations.ts';

const BY_METHOD: Record<HttpMethod, ToolAnnotations> = {
  get: { readOnlyHint: true },
  head: { readOnlyHint: true },
  options: { readOnlyHint: true },
  trace: { readOnlyHint: true },
  put: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
  post: { readOnlyHint: false, destructiveHint: false },
  patch: { readOnlyHint: false, destructiveHint: false },
  delete: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
};

const ORDER: ReadonlyArray<keyof ToolAnnotations> = ['title', 'readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'];

export function annotationsFor(method: HttpMethod | undefined, overrides: ToolAnnotations | undefined): ToolAnnotations | undefined {
  const merged: ToolAnnotations = { ...(method ? BY_METHOD[method] : {}), ...(overrides ?? {}) };
  const out: Record<string, unknown> = {};
  for (const key of ORDER) if (merged[key] !== undefined) out[key] = merged[key];
  return Object.keys(out).length > 0 ? (out as ToolAnnotations) : undefined;
}
