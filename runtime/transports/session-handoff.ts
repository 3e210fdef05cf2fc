/**
 * Session hand-off (the seed's setupUserSession / cleanupUserSession over HTTP): a user,
 * with their own inbound token, or a trusted backend, with its own client's token, puts a
 * user's upstream access and refresh tokens into the token store, or ends the session.
 *
 *   PUT    /sessions/me                 { accessToken, refreshToken?, expiresIn?, api? }
 *   DELETE /sessions/me                 [?api=NAME]
 *   PUT    /sessions/users/<subject>    same body; trusted clients only (http.auth.trustedClients)
 *   DELETE /sessions/users/<subject>    trusted clients only
 *
 * A caller only ever touches its own user's session unless its token's client is trusted.
 * Tokens are never logged or echoed; answers are 204, or a JSON error.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Auth } from '../auth/index.ts';
import type { UserTokens } from '../auth/types.ts';
import type { VerifiedCaller } from '../identity/inbound/types.ts';
import { userKeyOf } from '../identity/inbound/types.ts';
import type { Logger } from '../observability/logger.ts';
import { BodyTooLargeError, readBody } from './request-guards.ts';

export const HANDOFF_PREFIX = '/sessions/';

export interface HandoffDeps {
  auths: ReadonlyMap<string, Auth>;
  trustedClients: readonly string[];
  maxBodyBytes: number;
  logger: Logger;
}

export async function handleSessionHandoff(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  caller: VerifiedCaller,
  deps: HandoffDeps,
): Promise<void> {
  const target = targetOf(path, caller);
  if (!target) return error(res, 404, 'not_found', 'Use /sessions/me or /sessions/users/<subject>.');
  if (target.userKey !== caller.userKey && !(caller.clientId && deps.trustedClients.includes(caller.clientId))) {
    return error(res, 403, 'forbidden', "Only a trusted backend may hand off another user's session.");
  }
  const api = new URL(req.url ?? '/', 'http://localhost').searchParams.get('api') ?? undefined;
  if (req.method === 'DELETE') {
    const auths = select(deps.auths, api);
    if (!auths) return error(res, 404, 'unknown_api', `No API named "${api}" uses user tokens here.`);
    await Promise.all(auths.map((a) => a.tokenManager.cleanupUserSession(target.userKey)));
    deps.logger.info({ user: target.userKey, by: caller.userKey, apis: auths.length }, 'session ended by hand-off');
    return void res.writeHead(204).end();
  }
  if (req.method !== 'PUT') {
    res.setHeader('allow', 'PUT, DELETE');
    return error(res, 405, 'method_not_allowed', 'PUT puts tokens, DELETE ends the session.');
  }
  let body: unknown;
  try {
    body = JSON.parse(await readBody(req, deps.maxBodyBytes));
  } catch (e) {
    if (e instanceof BodyTooLargeError) return error(res, 413, 'too_large', 'Request body too large.');
    return error(res, 400, 'invalid_request', 'The body must be JSON.');
  }
  const parsed = parseTokens(body);
  if (typeof parsed === 'string') return error(res, 400, 'invalid_request', parsed);
  const auths = select(deps.auths, parsed.api ?? api);
  if (!auths) return error(res, 404, 'unknown_api', `No API named "${parsed.api ?? api}" uses user tokens here.`);
  try {
    await Promise.all(auths.map((a) => a.tokenManager.setupUserSession(target.userKey, parsed.tokens)));
  } catch {
    return error(res, 400, 'invalid_request', 'The tokens were not accepted (expired without a refresh token?).');
  }
  deps.logger.info({ user: target.userKey, by: caller.userKey, apis: auths.length }, 'session handed off');
  res.writeHead(204).end();
}

function targetOf(path: string, caller: VerifiedCaller): { userKey: string } | undefined {
  const rest = path.slice(HANDOFF_PREFIX.length);
  if (rest === 'me') return { userKey: caller.userKey };
  const match = /^users\/([^/]+)$/.exec(rest);
  if (!match?.[1]) return undefined;
  let subject: string;
  try {
    subject = decodeURIComponent(match[1]);
  } catch {
    return undefined;
  }
  // Users of this server are subjects of its one configured issuer.
  return subject ? { userKey: userKeyOf(caller.issuer, subject) } : undefined;
}

function select(auths: ReadonlyMap<string, Auth>, api: string | undefined): Auth[] | undefined {
  if (api === undefined) return [...auths.values()];
  const auth = auths.get(api);
  return auth ? [auth] : undefined;
}

function parseTokens(body: unknown): { tokens: UserTokens; api?: string } | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'The body must be a JSON object.';
  const b = body as Record<string, unknown>;
  const known = new Set(['accessToken', 'refreshToken', 'expiresIn', 'api']);
  const unknown = Object.keys(b).filter((k) => !known.has(k));
  if (unknown.length > 0) return `Unknown field${unknown.length > 1 ? 's' : ''}: ${unknown.map((k) => JSON.stringify(k.slice(0, 40))).join(', ')}.`;
  if (typeof b.accessToken !== 'string' || b.accessToken === '') return 'accessToken: a non-empty string is required.';
  if (b.refreshToken !== undefined && (typeof b.refreshToken !== 'string' || b.refreshToken === '')) return 'refreshToken: must be a non-empty string.';
  if (b.expiresIn !== undefined && !(typeof b.expiresIn === 'number' && Number.isFinite(b.expiresIn) && b.expiresIn > 0)) {
    return 'expiresIn: must be a number of seconds > 0.';
  }
  if (b.api !== undefined && typeof b.api !== 'string') return 'api: must be a string.';
  const tokens: UserTokens = { accessToken: b.accessToken };
  if (typeof b.refreshToken === 'string') tokens.refreshToken = b.refreshToken;
  if (typeof b.expiresIn === 'number') tokens.expiresAt = Date.now() + b.expiresIn * 1000;
  return { tokens, ...(typeof b.api === 'string' ? { api: b.api } : {}) };
}

function error(res: ServerResponse, status: number, code: string, description: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify({ error: code, error_description: description }));
}
