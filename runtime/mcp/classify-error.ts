/**
 * A failed tool call, as a result for the model and an outcome label for metrics.
 * Classified by error class (and DOMException name), never by message text.
 */
import { randomUUID } from 'node:crypto';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { AuthRequiredError, ConfigError, DtaError, TokenRefreshError, ToolArgumentsError } from '../errors.ts';
import type { Logger } from '../observability/logger.ts';
import { excerptOf } from '../upstream/excerpt.ts';
import { errorResult as buildErrorResult, MAX_ERROR_MESSAGE_CHARS, type CallSecrets } from './results.ts';

export interface ClassifiedError {
  result: CallToolResult;
  /** The outcome label for metrics and logs. */
  kind: string;
}

/** @param secrets the credentials the call attached upstream: scrubbed from every message. */
export function classifyError(
  error: unknown,
  log: Logger,
  upstreamTimeoutMs: number,
  secrets: CallSecrets = new Set(),
): ClassifiedError {
  const errorResult = (message: string, extra: Record<string, unknown>): CallToolResult => buildErrorResult(message, extra, secrets);
  if (error instanceof ToolArgumentsError) {
    return { kind: 'invalid_arguments', result: errorResult(error.message, { code: error.code }) };
  }
  if (error instanceof AuthRequiredError) {
    log.warn({ code: error.code }, 'authorization required');
    return {
      kind: 'auth_required',
      result: errorResult(
        `Authorization required: ${error.message} The user must sign in again (re-authorize) before this tool can be used.`,
        { code: error.code, retryable: false },
      ),
    };
  }
  if (error instanceof TokenRefreshError) {
    log.warn({ code: error.code }, 'token refresh failed (retryable)');
    return {
      kind: 'token_refresh_failed',
      result: errorResult(`Could not refresh credentials right now: ${error.message} This is temporary; try again shortly.`, {
        code: error.code,
        retryable: true,
      }),
    };
  }
  if (error instanceof ConfigError) {
    log.error({ code: error.code, err: error.message }, 'tool not available: configuration');
    return { kind: 'config', result: errorResult(`This tool is not available: ${error.message}`, { code: error.code }) };
  }
  if (error instanceof DtaError) {
    return { kind: error.code, result: errorResult(error.message, { code: error.code, retryable: error.retryable }) };
  }
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    const timedOut = error.name === 'TimeoutError';
    return {
      kind: timedOut ? 'upstream_timeout' : 'cancelled',
      result: errorResult(
        timedOut
          ? `The upstream API did not answer within ${upstreamTimeoutMs} ms. Try again later.`
          : 'The call was cancelled.',
        { code: timedOut ? 'upstream_timeout' : 'cancelled', retryable: timedOut },
      ),
    };
  }
  if (error instanceof TypeError && error.cause !== undefined) {
    // undici's fetch: TypeError('fetch failed') with the socket error as cause.
    log.warn({ code: 'upstream_unavailable' }, 'upstream unreachable');
    return {
      kind: 'upstream_unavailable',
      result: errorResult('The upstream API could not be reached. Try again later.', {
        code: 'upstream_unavailable',
        retryable: true,
      }),
    };
  }
  if (error instanceof Error) {
    // A local handler's own error: its message is written for the caller, and may echo
    // an argument of any size, so it is bounded here (the logger bounds its copy).
    const ref = randomUUID();
    log.error({ ref, errName: error.name, err: error.message }, 'tool failed');
    const message = excerptOf(error.message, MAX_ERROR_MESSAGE_CHARS, secrets);
    return { kind: 'tool_error', result: errorResult(message, { code: 'tool_error', ref }) };
  }
  const ref = randomUUID();
  log.error({ ref }, 'tool failed with a non-Error value');
  return { kind: 'internal_error', result: errorResult(`Internal error (ref ${ref}).`, { code: 'internal_error', ref }) };
}
