/**
 * Tool results as the model sees them. Upstream failures are results with `isError`
 * (so the model can correct itself), never JSON-RPC errors.
 * @see https://modelcontextprotocol.io/specification/2025-06-18/server/tools#error-handling
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { excerptOf } from '../upstream/excerpt.ts';

export const DEFAULT_MAX_TEXT_CHARS = 100_000;

export function successResult(
  data: unknown,
  options: { structured: boolean; status?: number; maxTextChars?: number },
): CallToolResult {
  const max = options.maxTextChars ?? DEFAULT_MAX_TEXT_CHARS;
  const text =
    data === undefined || data === null || data === ''
      ? `(no content${options.status ? `, status ${options.status}` : ''})`
      : typeof data === 'string'
        ? data
        : data instanceof Blob
          ? binarySummary(data)
          : JSON.stringify(data, null, 2);
  const result: CallToolResult = { content: [{ type: 'text', text: truncate(text, max) }] };
  if (options.structured && isPlainObject(data)) result.structuredContent = data;
  return result;
}

export function errorResult(message: string, extra?: Record<string, unknown>): CallToolResult {
  const result: CallToolResult = { content: [{ type: 'text', text: message }], isError: true };
  if (extra) result._meta = { 'dta-mcp/error': extra };
  return result;
}

export function upstreamErrorResult(status: number, statusText: string, body: unknown): CallToolResult {
  const excerpt = excerptOf(body);
  const head = `Upstream API answered ${status}${statusText ? ` ${statusText}` : ''}.`;
  return errorResult(excerpt ? `${head}\n${excerpt}` : head, { code: 'upstream_error', status, retryable: status >= 500 || status === 429 });
}

/**
 * The upstream answered 2xx with a body that does not match the operation's declared
 * response schema. Marked isError so clients do not reject the result for lacking
 * structuredContent; the model still gets a bounded excerpt of the data.
 */
export function schemaMismatchResult(data: unknown, problems: string): CallToolResult {
  return errorResult(
    `The upstream response does not match the operation's declared schema (${problems.slice(0, 500)}). The response was:\n${excerptOf(data, 20_000)}`,
    { code: 'output_schema_mismatch', retryable: false },
  );
}

/** Binary bodies (generated handlers use `parseAs: 'blob'`) are described, never dumped. */
function binarySummary(blob: Blob): string {
  return `(binary content: ${blob.size} bytes${blob.type ? ` of ${blob.type}` : ''}; not shown)`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}\n… [truncated ${text.length - max} characters]`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
