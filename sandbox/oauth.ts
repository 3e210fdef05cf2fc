/**
 * The token endpoint: POST /oauth/token, application/x-www-form-urlencoded.
 * Grants (an explicit registry below): client_credentials (service tokens),
 * refresh_token (rotation with reuse detection, see token-store.ts), authorization_code
 * with PKCE (code-grant.ts), token exchange (exchange.ts) and the device grant
 * (device-grant.ts). Errors are RFC 6749 §5.2 bodies; every answer carries
 * Cache-Control: no-store (§5.1). Error descriptions never echo secrets or tokens.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate, clientCredentials } from './clients.ts';
import { authorizationCodeGrant } from './code-grant.ts';
import { deviceCodeGrant } from './device-grant.ts';
import { TOKEN_EXCHANGE, tokenExchangeGrant } from './exchange.ts';
import { delay, oauthErrorForStatus } from './faults.ts';
import { answer, issueFromFamily, isSubset, normalizeScope, refuse, tokenAnswer } from './grant.ts';
import type { Grant, OAuthContext, TokenCall } from './grant.ts';
import { readForm } from './http.ts';
import type { TokenRequest } from './types.ts';

export type { OAuthContext } from './grant.ts';
export { issueFromFamily } from './grant.ts';

export const DEFAULT_SERVICE_SCOPE = 'system.read';
export const DEVICE_CODE = 'urn:ietf:params:oauth:grant-type:device_code';

/** Grant handlers by grant_type: an explicit registry. */
export const grants = {
  authorization_code: authorizationCodeGrant,
  client_credentials: { handle: clientCredentialsGrant, publicClients: false },
  refresh_token: { handle: refreshTokenGrant, publicClients: true },
  [TOKEN_EXCHANGE]: tokenExchangeGrant,
  [DEVICE_CODE]: deviceCodeGrant,
} satisfies Record<string, Grant>;

export async function handleTokenRequest(ctx: OAuthContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const record: TokenRequest = { grantType: '', status: 0 };
  const fail = (status: number, error: string, description: string, headers: Record<string, string> = {}): void =>
    answer(ctx, res, record, status, { error, error_description: description }, headers);
  if (req.method !== 'POST') return fail(405, 'invalid_request', 'The token endpoint accepts POST only.', { allow: 'POST' });
  const params = await readForm(req, fail);
  if (!params) return;
  record.grantType = params.get('grant_type') ?? '';
  record.refreshToken = params.get('refresh_token') ?? undefined;
  record.scope = params.get('scope') ?? undefined;
  record.resource = params.get('resource') ?? undefined;
  record.audience = params.get('audience') ?? undefined;

  const client = clientCredentials(req, params);
  if (client.kind === 'ok' || client.kind === 'both') {
    record.clientId = client.clientId;
    record.authMethod = client.method;
  }

  let clientGone = false;
  res.on('close', () => {
    clientGone = !res.writableFinished;
  });
  await delay(ctx.faults.tokenEndpointDelayMs ?? 0, ctx.closing);
  // A client that gave up during the delay is not served: nothing is consumed, so it can
  // retry with the same refresh token. Recorded as 499 (client closed request).
  if (clientGone || ctx.closing.aborted) return void ctx.recorder.recordToken({ ...record, status: 499 });

  const injected = ctx.faults.tokenEndpointStatus;
  if (injected !== undefined) return fail(injected, oauthErrorForStatus(injected), 'Injected fault.');

  const dup = [...new Set(params.keys())].find((k) => params.getAll(k).length > 1);
  if (dup) return fail(400, 'invalid_request', `Parameter ${dup} is repeated.`);
  if (client.kind === 'both') return fail(400, 'invalid_request', 'Use one client authentication method, not two.');
  const authed = authenticate(ctx.clients, client, params);
  if (!authed.ok) {
    const challenge: Record<string, string> = client.kind === 'ok' && client.method === 'basic'
      ? { 'www-authenticate': 'Basic realm="dta-wide", charset="UTF-8"' }
      : {};
    return fail(401, 'invalid_client', 'Client authentication failed.', challenge);
  }
  // A public client has no authentication method to record (RFC 8414 "none").
  if (authed.public) delete record.authMethod;
  if (!record.grantType) return fail(400, 'invalid_request', 'grant_type is required.');
  const grant: Grant | undefined = Object.hasOwn(grants, record.grantType)
    ? grants[record.grantType as keyof typeof grants]
    : undefined;
  if (!grant) return fail(400, 'unsupported_grant_type', 'This grant type is not supported.');
  if (authed.public && !grant.publicClients) {
    return fail(400, 'unauthorized_client', 'A public client may not use this grant type.');
  }
  await grant.handle({ ctx, res, params, clientId: authed.clientId, isPublic: authed.public, record });
}

async function clientCredentialsGrant({ ctx, res, params, clientId, record }: TokenCall): Promise<void> {
  const scope = normalizeScope(params.get('scope')) ?? DEFAULT_SERVICE_SCOPE;
  const signed = await ctx.signer.sign({ sub: clientId, kind: 'service', scope, clientId }, ctx.accessTtlSec);
  answer(ctx, res, record, 200, tokenAnswer(signed.token, ctx.accessTtlSec, scope));
}

async function refreshTokenGrant(call: TokenCall): Promise<void> {
  const { ctx, res, params, clientId, record } = call;
  const fail = (status: number, error: string, description: string): void => refuse(call, status, error, description);
  const presented = params.get('refresh_token');
  if (!presented) return fail(400, 'invalid_request', 'refresh_token is required.');
  const checked = ctx.store.check(presented, clientId);
  if (!checked.ok) return fail(400, 'invalid_grant', refreshFailure[checked.reason]);
  const { family } = checked;
  const requested = normalizeScope(params.get('scope'));
  // RFC 6749 §6: a refresh may narrow the scope, never widen it.
  if (requested !== undefined && !isSubset(requested, family.scope)) {
    return fail(400, 'invalid_scope', 'The requested scope exceeds the granted scope.');
  }
  const rotate = !ctx.faults.omitRefreshToken;
  // Consume before any await: a concurrent second use of the same token is then a reuse.
  if (rotate) ctx.store.consume(presented);
  const issued = await issueFromFamily(ctx, family, ctx.accessTtlSec, requested ?? family.scope, rotate);
  answer(ctx, res, record, 200, tokenAnswer(issued.accessToken, ctx.accessTtlSec, requested ?? family.scope, issued.refreshToken));
}

const refreshFailure = {
  unknown: 'The refresh token is unknown.',
  expired: 'The refresh token has expired.',
  revoked: 'The refresh token has been revoked.',
  wrong_client: 'The refresh token was issued to another client.',
  reused: 'The refresh token was already used; its whole grant has been revoked.',
} as const;
