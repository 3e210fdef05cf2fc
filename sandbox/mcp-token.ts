/**
 * Access tokens whose audience is the MCP server, as an MCP client would present them
 * (RFC 9068 claims), and forged variants for attack tests: other or no audience, wrong
 * issuer, expired, not yet valid, a key outside the JWKS, alg "none".
 * @see https://www.rfc-editor.org/rfc/rfc9068#section-2.2
 * @see https://modelcontextprotocol.io/specification/2025-06-18/basic/authorization#token-audience-binding-and-validation
 */
import { randomUUID } from 'node:crypto';
import type { JWTPayload } from 'jose';
import { DEFAULT_PUBLIC_CLIENT } from './clients.ts';
import { DEFAULT_USER_SCOPE } from './grant.ts';
import type { Signer } from './keys.ts';
import type { IssueMcpTokenOptions } from './types.ts';

export interface McpTokenContext {
  signer: Signer;
  issuer: string;
  mcpAudience: string;
  accessTtlSec: number;
}

export function issueMcpToken(ctx: McpTokenContext, userId: string, opts: IssueMcpTokenOptions = {}): Promise<string> {
  const iat = Math.floor(Date.now() / 1000);
  const audience = opts.audience === undefined ? ctx.mcpAudience : opts.audience;
  const payload: JWTPayload = {
    iss: opts.issuer ?? ctx.issuer,
    sub: userId,
    ...(audience === null ? {} : { aud: audience }),
    iat,
    // ttl <= 0 gives an already-expired token.
    exp: iat + Math.floor(opts.ttlSec ?? ctx.accessTtlSec),
    ...(opts.nbfSec === undefined ? {} : { nbf: iat + Math.floor(opts.nbfSec) }),
    jti: randomUUID(),
    kind: 'user',
    scope: opts.scope ?? DEFAULT_USER_SCOPE,
    client_id: opts.clientId ?? DEFAULT_PUBLIC_CLIENT,
    ...opts.claims,
  };
  return ctx.signer.signRaw(payload, { kid: opts.kid, foreign: opts.foreign, unsigned: opts.unsigned, typ: opts.typ });
}
