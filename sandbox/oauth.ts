/**
 * The token endpoint: POST /oauth/token, application/x-www-form-urlencoded.
 * Grants: client_credentials (service tokens) and refresh_token (rotation with reuse
 * detection, see token-store.ts). Errors are RFC 6749 §5.2 bodies; every answer carries
 * Cache-Control: no-store (§5.1). Error descriptions never echo secrets or tokens.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { delay, oauthErrorForStatus } from './faults.ts';
import { mediaType, readBody, sendJson } from './http.ts';
import type { Signer } from './keys.ts';
import type { Recorder } from './recorder.ts';
import type { Family, TokenStore } from './token-store.ts';
import type { SandboxFaults, TokenRequest } from './types.ts';

export const DEFAULT_SERVICE_SCOPE = 'system.read';

export interface OAuthContext {
  clients: ReadonlyMap<string, string>;
  store: TokenStore;
  signer: Signer;
  recorder: Recorder;
  faults: SandboxFaults;
  accessTtlSec: number;
  /** Aborts when the sandbox closes, cutting injected delays short. */
  closing: AbortSignal;
}

interface TokenCall {
  ctx: OAuthContext;
  res: ServerResponse;
  params: URLSearchParams;
  clientId: string;
  record: TokenRequest;
}

interface TokenAnswer {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token?: string;
  scope: string;
}

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

/** Grant handlers by grant_type: an explicit registry. */
const grants = {
  client_credentials: clientCredentialsGrant,
  refresh_token: refreshTokenGrant,
} satisfies Record<string, (call: TokenCall) => Promise<void>>;

export async function handleTokenRequest(ctx: OAuthContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const record: TokenRequest = { grantType: '', status: 0 };
  const fail = (status: number, error: string, description: string, headers: Record<string, string> = {}): void =>
    answer(ctx, res, record, status, { error, error_description: description }, headers);

  if (req.method !== 'POST') return fail(405, 'invalid_request', 'The token endpoint accepts POST only.', { allow: 'POST' });
  const body = await readBody(req);
  if (!body.ok) {
    if (body.reason === 'too_large') fail(413, 'invalid_request', 'The request body is too large.');
    return;
  }
  if (mediaType(req) !== 'application/x-www-form-urlencoded') {
    return fail(400, 'invalid_request', 'The body must be application/x-www-form-urlencoded.');
  }
  const params = new URLSearchParams(body.text);
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
  if (client.kind === 'none' || !authenticate(ctx.clients, client.clientId, client.secret)) {
    const challenge: Record<string, string> = client.kind === 'ok' && client.method === 'basic'
      ? { 'www-authenticate': 'Basic realm="dta-wide", charset="UTF-8"' }
      : {};
    return fail(401, 'invalid_client', 'Client authentication failed.', challenge);
  }
  if (!record.grantType) return fail(400, 'invalid_request', 'grant_type is required.');
  const grant = Object.hasOwn(grants, record.grantType) ? grants[record.grantType as keyof typeof grants] : undefined;
  if (!grant) return fail(400, 'unsupported_grant_type', 'This grant type is not supported.');
  await grant({ ctx, res, params, clientId: client.clientId, record });
}

async function clientCredentialsGrant({ ctx, res, params, clientId, record }: TokenCall): Promise<void> {
  const scope = normalizeScope(params.get('scope')) ?? DEFAULT_SERVICE_SCOPE;
  const signed = await ctx.signer.sign({ sub: clientId, kind: 'service', scope, clientId }, ctx.accessTtlSec);
  answer(ctx, res, record, 200, tokenAnswer(signed.token, ctx.accessTtlSec, scope));
}

async function refreshTokenGrant({ ctx, res, params, clientId, record }: TokenCall): Promise<void> {
  const fail = (status: number, error: string, description: string): void =>
    answer(ctx, res, record, status, { error, error_description: description });
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

/** Signs an access token in `family` and, with `withRefresh`, adds a new refresh token to it. */
export async function issueFromFamily(
  ctx: Pick<OAuthContext, 'signer' | 'store'>,
  family: Family,
  accessTtlSec: number,
  scope: string,
  withRefresh: boolean,
): Promise<{ accessToken: string; refreshToken?: string; expiresAt: number }> {
  const refreshToken = withRefresh ? ctx.store.addRefreshToken(family) : undefined;
  const signed = await ctx.signer.sign({ sub: family.sub, kind: 'user', scope, clientId: family.clientId }, accessTtlSec);
  ctx.store.addAccessToken(family, signed.jti);
  return { accessToken: signed.token, refreshToken, expiresAt: signed.exp * 1000 };
}

function tokenAnswer(accessToken: string, ttlSec: number, scope: string, refreshToken?: string): TokenAnswer {
  return {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: Math.max(0, Math.floor(ttlSec)),
    ...(refreshToken ? { refresh_token: refreshToken } : {}),
    scope,
  };
}

function answer(
  ctx: OAuthContext,
  res: ServerResponse,
  record: TokenRequest,
  status: number,
  body: object,
  headers: Record<string, string> = {},
): void {
  const error = 'error' in body && typeof body.error === 'string' ? body.error : undefined;
  ctx.recorder.recordToken({ ...record, status, error });
  sendJson(res, status, body, { ...NO_STORE, ...headers });
}

type ClientAuth =
  | { kind: 'none' }
  | { kind: 'ok' | 'both'; method: 'basic' | 'post'; clientId: string; secret: string };

/** HTTP Basic (RFC 6749 §2.3.1: form-encoded id and secret) or client_id/client_secret in the body. */
function clientCredentials(req: IncomingMessage, params: URLSearchParams): ClientAuth {
  const header = req.headers.authorization;
  const inBody = params.has('client_id') || params.has('client_secret');
  if (header?.toLowerCase().startsWith('basic ')) {
    const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const id = formDecode(colon < 0 ? decoded : decoded.slice(0, colon));
    const secret = colon < 0 ? '' : formDecode(decoded.slice(colon + 1));
    return { kind: inBody ? 'both' : 'ok', method: 'basic', clientId: id, secret };
  }
  const id = params.get('client_id');
  if (id === null) return { kind: 'none' };
  return { kind: 'ok', method: 'post', clientId: id, secret: params.get('client_secret') ?? '' };
}

function formDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

function authenticate(clients: ReadonlyMap<string, string>, clientId: string, secret: string): boolean {
  const expected = clients.get(clientId);
  if (expected === undefined || secret === '') return false;
  // Compare digests so the comparison is constant-time whatever the lengths.
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(secret).digest();
  return timingSafeEqual(a, b);
}

function normalizeScope(scope: string | null): string | undefined {
  if (scope === null) return undefined;
  const parts = scope.split(' ').filter(Boolean);
  return parts.length ? parts.join(' ') : undefined;
}

function isSubset(requested: string, granted: string): boolean {
  const have = new Set(granted.split(' '));
  return requested.split(' ').every((s) => have.has(s));
}
