/**
 * The authorization_code grant with PKCE: redeems a code from the authorize page for
 * access + refresh tokens. The tokens are for the upstream API ("dta-wide"), or for the
 * MCP server when `resource` names the MCP audience (RFC 8707).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.3
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.5
 * @see https://www.rfc-editor.org/rfc/rfc8707#section-2.2
 */
import { pkceMatches } from './codes.ts';
import { answerFamily, audienceForResource, refuse } from './grant.ts';
import type { Grant, TokenCall } from './grant.ts';

export const authorizationCodeGrant: Grant = { handle: redeem, publicClients: true };

async function redeem(call: TokenCall): Promise<void> {
  const { ctx, params, clientId, record } = call;
  const code = params.get('code');
  const redirectUri = params.get('redirect_uri');
  const verifier = params.get('code_verifier');
  if (!code) return refuse(call, 400, 'invalid_request', 'code is required.');
  if (!redirectUri) return refuse(call, 400, 'invalid_request', 'redirect_uri is required.');
  if (!verifier) return refuse(call, 400, 'invalid_request', 'code_verifier is required (PKCE).');

  const grant = ctx.codes.get(code);
  if (!grant) return refuse(call, 400, 'invalid_grant', 'The authorization code is unknown.');
  // Another client presenting it proves nothing about the owner: the code stays usable.
  if (grant.clientId !== clientId) return refuse(call, 400, 'invalid_grant', 'The authorization code was issued to another client.');
  record.subject = grant.sub;
  if (grant.used) {
    // §4.1.2: a second use revokes what the first one obtained.
    if (grant.family) ctx.store.revokeFamily(grant.family);
    return refuse(call, 400, 'invalid_grant', 'The authorization code was already used; its tokens have been revoked.');
  }
  // One attempt per code, before any await: a wrong verifier burns it too.
  grant.used = true;
  if (grant.expiresAt <= Date.now()) return refuse(call, 400, 'invalid_grant', 'The authorization code has expired.');
  if (grant.redirectUri !== redirectUri) {
    return refuse(call, 400, 'invalid_grant', 'redirect_uri differs from the authorization request.');
  }
  if (!pkceMatches(verifier, grant.codeChallenge)) {
    return refuse(call, 400, 'invalid_grant', 'The code_verifier does not match the code_challenge.');
  }

  const resource = params.get('resource') ?? undefined;
  if (resource !== undefined && grant.resource !== undefined && resource !== grant.resource) {
    return refuse(call, 400, 'invalid_target', 'resource differs from the authorization request.');
  }
  const target = audienceForResource(ctx, resource ?? grant.resource);
  if (!target.ok) return refuse(call, 400, 'invalid_target', 'The requested resource is not served here.');

  // Linked before any await, so a concurrent reuse revokes these tokens too.
  grant.family = ctx.store.startFamily(grant.sub, clientId, grant.scope, target.audience);
  await answerFamily(call, grant.family);
}
