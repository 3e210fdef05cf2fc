/**
 * The answers a resource server gives a refused request: 401 (or 400/403/503) with a
 * `WWW-Authenticate: Bearer` challenge naming the protected resource metadata, so an
 * MCP client can discover where to get a token.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-5.1
 */
import type { InboundAuthError } from './errors.ts';

export interface Refusal {
  status: number;
  headers: Record<string, string>;
  body: { error: string; error_description?: string; scope?: string };
}

const STATUS = { missing: 401, invalid_request: 400, invalid_token: 401, insufficient_scope: 403, unavailable: 503 } as const;

export function refusal(error: InboundAuthError, resourceMetadataUrl: string): Refusal {
  const parts = [`resource_metadata="${resourceMetadataUrl}"`];
  if (error.failure !== 'missing' && error.failure !== 'unavailable') {
    parts.unshift(`error="${error.failure}"`, `error_description="${quote(error.description)}"`);
  }
  if (error.scope) parts.push(`scope="${quote(error.scope)}"`);
  const headers: Record<string, string> = { 'www-authenticate': `Bearer ${parts.join(', ')}`, 'cache-control': 'no-store' };
  if (error.failure === 'unavailable') headers['retry-after'] = '5';
  const code = error.failure === 'missing' ? 'invalid_token' : error.failure === 'unavailable' ? 'temporarily_unavailable' : error.failure;
  return {
    status: STATUS[error.failure],
    headers,
    body: { error: code, error_description: error.description, ...(error.scope ? { scope: error.scope } : {}) },
  };
}

function quote(text: string): string {
  return text.replace(/["\\]/g, "'");
}
