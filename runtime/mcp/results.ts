/**
 * Tool results as the model sees them. Upstream failures are results with `isError`
 * (so the model can correct itself), never JSON-RPC errors.
 * @see https://modelcontextprotocol.io/specification/2025-06-18/server/tools#error-handling
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { scrubKnownSecretsDeep, scrubKnownSecrets, scrubSecrets } from '../observability/scrub.ts';
import { excerptOf } from '../upstream/excerpt.ts';

export const DEFAULT_MAX_TEXT_CHARS = 100_000;
/** An error message (a local handler's own, say) is shown up to this many characters. */
export const MAX_ERROR_MESSAGE_CHARS = 2_000;

/** The credentials a call attached upstream: scrubbed from everything built for it. */
export type CallSecrets = ReadonlySet<string>;
const NONE: CallSecrets = new Set();

export function successResult(
  data: unknown,
  options: {
    structured: boolean;
    status?: number;
    maxTextChars?: number;
    secrets?: CallSecrets;
    /** A structured value too large for the text bound is an isError result (local handlers). */
    boundStructured?: boolean;
  },
): CallToolResult {
  const max = options.maxTextChars ?? DEFAULT_MAX_TEXT_CHARS;
  const secrets = options.secrets ?? NONE;
  // A success body may legitimately hold token-shaped data; only this call's own
  // credentials are removed from it.
  const text = scrubKnownSecrets(
    data === undefined || data === null || data === ''
      ? `(no content${options.status ? `, status ${options.status}` : ''})`
      : typeof data === 'string'
        ? data
        : data instanceof Blob
          ? binarySummary(data)
          : JSON.stringify(data, null, 2),
    secrets,
  );
  const structured = options.structured && isPlainObject(data);
  if (structured && options.boundStructured && text.length > max) {
    return errorResult(
      `The result is too large to return (${text.length} characters; the limit is ${max}). It begins:\n${text.slice(0, MAX_ERROR_MESSAGE_CHARS)}`,
      { code: 'result_too_large', retryable: false },
    );
  }
  const result: CallToolResult = { content: [{ type: 'text', text: truncate(text, max) }] };
  if (structured) result.structuredContent = scrubKnownSecretsDeep(data, secrets);
  return result;
}

/** Every error text is scrubbed of credentials (known and credential-shaped) and bounded. */
export function errorResult(message: string, extra?: Record<string, unknown>, secrets: CallSecrets = NONE): CallToolResult {
  const text = truncate(scrubSecrets(message, secrets), DEFAULT_MAX_TEXT_CHARS);
  const result: CallToolResult = { content: [{ type: 'text', text }], isError: true };
  if (extra) result._meta = { 'dta-mcp/error': extra };
  return result;
}

/** Upstream headers (WWW-Authenticate included) are never shown; the status text and body are, scrubbed. */
export function upstreamErrorResult(status: number, statusText: string, body: unknown, secrets: CallSecrets = NONE): CallToolResult {
  const excerpt = excerptOf(body, undefined, secrets);
  const head = `Upstream API answered ${status}${statusText ? ` ${statusText.slice(0, 200)}` : ''}.`;
  return errorResult(
    excerpt ? `${head}\n${excerpt}` : head,
    { code: 'upstream_error', status, retryable: status >= 500 || status === 429 },
    secrets,
  );
}

/**
 * The upstream answered 2xx with a body that does not match the operation's declared
 * response schema. Marked isError so clients do not reject the result for lacking
 * structuredContent; the model still gets a bounded excerpt of the data.
 */
export function schemaMismatchResult(data: unknown, problems: string, secrets: CallSecrets = NONE): CallToolResult {
  return errorResult(
    `The upstream response does not match the operation's declared schema (${problems.slice(0, 500)}). The response was:\n${excerptOf(data, 20_000, secrets)}`,
    { code: 'output_schema_mismatch', retryable: false },
    secrets,
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
