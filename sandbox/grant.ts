/**
 * What every grant of the token endpoint shares: the context, the call, and how tokens
 * and errors are answered (RFC 6749 §5.1/§5.2: JSON, Cache-Control: no-store).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5
 */
import type { ServerResponse } from 'node:http';
import type { Clients } from './clients.ts';
import type { CodeStore } from './codes.ts';
import type { DeviceStore } from './device-store.ts';
import { sendJson } from './http.ts';
import type { Signer } from './keys.ts';
import type { Recorder } from './recorder.ts';
import type { Family, TokenStore } from './token-store.ts';
import type { SandboxFaults, TokenRequest } from './types.ts';
import type { Users } from './users.ts';

export const DEFAULT_USER_SCOPE = 'profile settings.write activity.read';
/** Scopes a user can grant (the API's user routes). */
export const USER_SCOPES: readonly string[] = ['profile', 'settings.write', 'activity.read'];

export interface OAuthContext {
  issuer: string;
  clients: Clients;
  users: Users;
  store: TokenStore;
  codes: CodeStore;
  devices: DeviceStore;
  signer: Signer;
  recorder: Recorder;
  faults: SandboxFaults;
  accessTtlSec: number;
  mcpAudience: string;
  /** Aborts when the sandbox closes, cutting injected delays short. */
  closing: AbortSignal;
}

export interface TokenCall {
  ctx: OAuthContext;
  res: ServerResponse;
  params: URLSearchParams;
  clientId: string;
  /** The client authenticated as a public client (client_id only). */
  isPublic: boolean;
  record: TokenRequest;
}

export interface Grant {
  handle(call: TokenCall): Promise<void>;
  /** Whether public clients may use it (they cannot keep a secret, so not for client_credentials). */
  publicClients: boolean;
}

interface TokenAnswer {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token?: string;
  scope: string;
}

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

export function answer(
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

/** An RFC 6749 §5.2 error answer; descriptions never carry secrets or tokens. */
export function refuse(call: TokenCall, status: number, error: string, description: string): void {
  answer(call.ctx, call.res, call.record, status, { error, error_description: description });
}

export function tokenAnswer(accessToken: string, ttlSec: number, scope: string, refreshToken?: string): TokenAnswer {
  return {
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: Math.max(0, Math.floor(ttlSec)),
    ...(refreshToken ? { refresh_token: refreshToken } : {}),
    scope,
  };
}

/** Signs an access token in `family` (for its audience) and, with `withRefresh`, adds a new refresh token to it. */
export async function issueFromFamily(
  ctx: Pick<OAuthContext, 'signer' | 'store'>,
  family: Family,
  accessTtlSec: number,
  scope: string,
  withRefresh: boolean,
): Promise<{ accessToken: string; refreshToken?: string; expiresAt: number }> {
  const refreshToken = withRefresh ? ctx.store.addRefreshToken(family) : undefined;
  const signed = await ctx.signer.sign(
    { sub: family.sub, kind: 'user', scope, clientId: family.clientId, audience: family.audience },
    accessTtlSec,
  );
  ctx.store.addAccessToken(family, signed.jti);
  return { accessToken: signed.token, refreshToken, expiresAt: signed.exp * 1000 };
}

/** Issues access + refresh tokens in `family` (new, for the grant's scope) and answers them. */
export async function answerFamily(call: TokenCall, family: Family): Promise<void> {
  const { ctx } = call;
  const issued = await issueFromFamily(ctx, family, ctx.accessTtlSec, family.scope, true);
  answer(ctx, call.res, call.record, 200, tokenAnswer(issued.accessToken, ctx.accessTtlSec, family.scope, issued.refreshToken));
}

/**
 * The audience for an RFC 8707 `resource`: the MCP audience, or (absent, the sandbox
 * URL, or 'dta-wide') the upstream API; anything else is not a resource we serve.
 * @see https://www.rfc-editor.org/rfc/rfc8707#section-2
 */
export function audienceForResource(
  ctx: Pick<OAuthContext, 'issuer' | 'mcpAudience'>,
  resource: string | undefined,
): { ok: true; audience?: string } | { ok: false } {
  if (resource === undefined) return { ok: true };
  if (resource === ctx.mcpAudience) return { ok: true, audience: ctx.mcpAudience };
  if (resource === ctx.issuer || resource === `${ctx.issuer}/` || resource === 'dta-wide') return { ok: true };
  return { ok: false };
}

export function normalizeScope(scope: string | null | undefined): string | undefined {
  if (scope === null || scope === undefined) return undefined;
  const parts = scope.split(' ').filter(Boolean);
  return parts.length ? parts.join(' ') : undefined;
}

export function isSubset(requested: string, granted: string | readonly string[]): boolean {
  const have = new Set(typeof granted === 'string' ? granted.split(' ') : granted);
  return requested.split(' ').every((s) => have.has(s));
}
