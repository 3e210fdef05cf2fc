/**
 * Who is calling, for one HTTP request: the bearer token from the Authorization header
 * (never from the query string or a form body), verified, with the scopes checked.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2 (only the header method is accepted)
 * @see https://modelcontextprotocol.io/specification/2025-06-18/basic/authorization#access-token-usage
 */
import type { IncomingMessage } from 'node:http';
import type { InboundAuthConfig } from '../../config/schema.ts';
import { InboundAuthError } from './errors.ts';
import { createIntrospectionVerifier } from './introspection-verifier.ts';
import { createJwtVerifier } from './jwt-verifier.ts';
import type { TokenVerifier, VerifiedCaller } from './types.ts';

export interface InboundAuth {
  config: InboundAuthConfig;
  /** Resolves the caller of a request, or throws InboundAuthError. */
  authenticate(req: IncomingMessage): Promise<VerifiedCaller>;
}

export function createInboundAuth(config: InboundAuthConfig, verifier: TokenVerifier = verifierFor(config)): InboundAuth {
  const required = config.requiredScopes ?? [];
  return {
    config,
    async authenticate(req) {
      const token = bearerToken(req);
      const caller = await verifier.verify(token);
      requireScopes(caller, required);
      return caller;
    },
  };
}

export function verifierFor(config: InboundAuthConfig): TokenVerifier {
  const common = { issuer: config.issuer, audience: config.audience, clockToleranceSec: config.clockToleranceSec ?? 30 };
  if (config.introspection) return createIntrospectionVerifier({ ...common, ...config.introspection });
  return createJwtVerifier({ ...common, ...(config.jwksUri ? { jwksUri: config.jwksUri } : {}) });
}

/** Throws insufficient_scope naming every scope to ask for (RFC 6750 §3.1). */
export function requireScopes(caller: VerifiedCaller, scopes: readonly string[]): void {
  if (scopes.length === 0) return;
  const missing = scopes.filter((s) => !caller.scopes.includes(s));
  if (missing.length > 0) {
    throw new InboundAuthError('insufficient_scope', `This needs the scope${missing.length > 1 ? 's' : ''} ${missing.join(' ')}.`, [...new Set([...caller.scopes, ...scopes])].join(' '));
  }
}

const QUERY_TOKEN = /[?&]access_token=/;

function bearerToken(req: IncomingMessage): string {
  if (QUERY_TOKEN.test(req.url ?? '')) {
    throw new InboundAuthError('invalid_request', 'Tokens in the query string are refused; send Authorization: Bearer.');
  }
  const header = req.headers.authorization;
  if (header === undefined || header === '') throw new InboundAuthError('missing', 'Authorization required.');
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header);
  if (!match?.[1]) {
    throw new InboundAuthError('invalid_token', 'Expected "Authorization: Bearer <token>".');
  }
  return match[1];
}
