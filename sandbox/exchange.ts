/**
 * Token exchange: a confidential client (the MCP server) trades a user's MCP-audience
 * access token for an upstream one (aud "dta-wide") for the same user, with a refresh
 * token in a new family so it can refresh later without the user.
 *
 * Only impersonation is supported: an actor_token is refused rather than ignored.
 * @see https://www.rfc-editor.org/rfc/rfc8693#section-2
 */
import { AUDIENCE } from './keys.ts';
import { answer, audienceForResource, issueFromFamily, isSubset, normalizeScope, refuse } from './grant.ts';
import type { Grant, TokenCall } from './grant.ts';

export const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const ACCESS_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
const JWT_TOKEN_TYPE = 'urn:ietf:params:oauth:token-type:jwt';

export const tokenExchangeGrant: Grant = { handle: exchange, publicClients: false };

async function exchange(call: TokenCall): Promise<void> {
  const { ctx, params, record } = call;
  const subjectToken = params.get('subject_token');
  const subjectType = params.get('subject_token_type');
  if (!subjectToken) return refuse(call, 400, 'invalid_request', 'subject_token is required.');
  if (!subjectType) return refuse(call, 400, 'invalid_request', 'subject_token_type is required.');
  if (subjectType !== ACCESS_TOKEN_TYPE && subjectType !== JWT_TOKEN_TYPE) {
    return refuse(call, 400, 'invalid_request', 'subject_token_type must be an access token type.');
  }
  if (params.has('actor_token')) return refuse(call, 400, 'invalid_request', 'actor_token (delegation) is not supported.');
  const requestedType = params.get('requested_token_type');
  if (requestedType !== null && requestedType !== ACCESS_TOKEN_TYPE) {
    return refuse(call, 400, 'invalid_request', 'Only access tokens can be requested.');
  }

  // The subject must be a live token this server issued for the MCP server.
  const subject = await ctx.signer.verify(subjectToken, ctx.mcpAudience);
  if ('failure' in subject || ctx.store.isAccessRevoked(subject.jti) || subject.kind !== 'user') {
    return refuse(call, 400, 'invalid_grant', 'The subject token is invalid, expired, revoked or not for this audience.');
  }
  record.subject = subject.sub;

  // §2.2.2 invalid_target: only the upstream API can be asked for.
  const audience = params.get('audience');
  if (audience !== null && audience !== AUDIENCE) {
    return refuse(call, 400, 'invalid_target', 'The requested audience is not served here.');
  }
  const target = audienceForResource(ctx, params.get('resource') ?? undefined);
  if (!target.ok || target.audience !== undefined) {
    return refuse(call, 400, 'invalid_target', 'The requested resource is not served here.');
  }

  const granted = subject.scope.join(' ');
  const scope = normalizeScope(params.get('scope')) ?? granted;
  if (!isSubset(scope, subject.scope)) {
    return refuse(call, 400, 'invalid_scope', 'The requested scope exceeds the subject token\'s scope.');
  }

  const family = ctx.store.startFamily(subject.sub, call.clientId, scope);
  const issued = await issueFromFamily(ctx, family, ctx.accessTtlSec, scope, true);
  answer(ctx, call.res, record, 200, {
    access_token: issued.accessToken,
    issued_token_type: ACCESS_TOKEN_TYPE,
    token_type: 'Bearer',
    expires_in: Math.max(0, Math.floor(ctx.accessTtlSec)),
    scope,
    refresh_token: issued.refreshToken,
  });
}
