/**
 * Token introspection for resource servers: POST /oauth/introspect with `token`,
 * authenticated as a confidential client. Any live access token this sandbox signed
 * (upstream or MCP audience) is active; anything else, refresh tokens included, is
 * `{ active: false }` with no reason given (§2.2).
 * @see https://www.rfc-editor.org/rfc/rfc7662#section-2
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate, clientCredentials } from './clients.ts';
import type { OAuthContext } from './grant.ts';
import { readForm, sendJson } from './http.ts';
import { unverifiedAudiences } from './keys.ts';

const NO_STORE = { 'cache-control': 'no-store' };

export async function handleIntrospection(ctx: OAuthContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const fail = (status: number, error: string, description: string, headers: Record<string, string> = {}): void =>
    sendJson(res, status, { error, error_description: description }, { ...NO_STORE, ...headers });
  if (req.method !== 'POST') return fail(405, 'invalid_request', 'Use POST.', { allow: 'POST' });
  const params = await readForm(req, fail);
  if (!params) return;
  const client = clientCredentials(req, params);
  const authed = client.kind === 'both' ? { ok: false as const } : authenticate(ctx.clients, client, params);
  // §2.1: the caller must be authorized; a public client cannot be.
  if (!authed.ok || authed.public) {
    const challenge: Record<string, string> = client.kind === 'ok' && client.method === 'basic'
      ? { 'www-authenticate': 'Basic realm="dta-wide", charset="UTF-8"' }
      : {};
    return fail(401, 'invalid_client', 'Client authentication failed.', challenge);
  }
  const token = params.get('token');
  if (!token) return fail(400, 'invalid_request', 'token is required.');
  sendJson(res, 200, await introspect(ctx, token), NO_STORE);
}

async function introspect(ctx: OAuthContext, token: string): Promise<Record<string, unknown>> {
  // Verify for whichever of our audiences the token names; the signature check decides.
  const audience = unverifiedAudiences(token).find((a) => a === ctx.mcpAudience) ?? undefined;
  const verified = await ctx.signer.verify(token, audience);
  if ('failure' in verified || ctx.store.isAccessRevoked(verified.jti)) return { active: false };
  return {
    active: true,
    iss: ctx.issuer,
    sub: verified.sub,
    aud: verified.aud,
    scope: verified.scope.join(' '),
    client_id: verified.clientId,
    exp: verified.exp,
    iat: verified.iat,
    jti: verified.jti,
    token_type: 'Bearer',
  };
}
