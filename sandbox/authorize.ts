/**
 * The authorization endpoint: GET /oauth/authorize shows a sign-in page, POST checks the
 * credentials and redirects to the client with a single-use code (or an error).
 *
 * Until client_id and redirect_uri are known good, errors are shown on a page and never
 * redirected (an open redirector otherwise); after that they go back to the client.
 * PKCE S256 is required of every client (OAuth 2.1).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1
 * @see https://www.rfc-editor.org/rfc/rfc7636#section-4.3
 * @see https://www.rfc-editor.org/rfc/rfc9207 (the `iss` response parameter)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { audienceForResource, DEFAULT_USER_SCOPE, isSubset, normalizeScope, USER_SCOPES } from './grant.ts';
import type { OAuthContext } from './grant.ts';
import { mediaType, readBody } from './http.ts';
import { messagePage, sendHtml, signInPage } from './pages.ts';

/** A checked authorization request. */
interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  state?: string;
  codeChallenge: string;
  scope: string;
  resource?: string;
}

type Checked =
  | { kind: 'ok'; request: AuthorizeRequest }
  | { kind: 'page'; message: string }
  | { kind: 'redirect'; redirectUri: string; state?: string; error: string; description: string };

/** The parameters carried from the page through its POST. */
const CARRIED = ['response_type', 'client_id', 'redirect_uri', 'state', 'code_challenge', 'code_challenge_method', 'scope', 'resource'];

export async function handleAuthorize(ctx: OAuthContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  if (req.method === 'GET') {
    const checked = check(ctx, url.searchParams);
    if (checked.kind !== 'ok') return refuse(ctx, res, checked);
    return sendHtml(res, 200, page(url.searchParams));
  }
  if (req.method !== 'POST') return sendHtml(res, 405, messagePage('Method not allowed', 'Use GET or POST.'), { allow: 'GET, POST' });

  const body = await readBody(req);
  if (!body.ok) {
    if (body.reason === 'too_large') sendHtml(res, 413, messagePage('Bad request', 'The form is too large.'));
    return;
  }
  if (mediaType(req) !== 'application/x-www-form-urlencoded') {
    return sendHtml(res, 400, messagePage('Bad request', 'The form must be application/x-www-form-urlencoded.'));
  }
  // Only the body counts: the hidden fields carry the request, the query string is ignored.
  const form = new URLSearchParams(body.text);
  const checked = check(ctx, form);
  if (checked.kind !== 'ok') return refuse(ctx, res, checked);
  const { request } = checked;
  if (form.get('action') === 'deny') {
    return redirect(ctx, res, request.redirectUri, { error: 'access_denied', error_description: 'The user cancelled.', state: request.state });
  }
  const username = form.get('username') ?? '';
  if (!ctx.users.check(username, form.get('password') ?? '')) {
    return sendHtml(res, 200, page(form, 'Unknown user or wrong password.'));
  }
  const code = ctx.codes.issue({
    clientId: request.clientId,
    redirectUri: request.redirectUri,
    codeChallenge: request.codeChallenge,
    scope: request.scope,
    sub: username,
    resource: request.resource,
  });
  redirect(ctx, res, request.redirectUri, { code, state: request.state });
}

function check(ctx: OAuthContext, params: URLSearchParams): Checked {
  // §3.1: parameters must not be repeated; refused before anything is trusted.
  const dup = CARRIED.find((k) => params.getAll(k).length > 1);
  if (dup) return { kind: 'page', message: `Parameter ${dup} is repeated.` };
  const clientId = params.get('client_id');
  if (!clientId || !ctx.clients.has(clientId)) return { kind: 'page', message: 'Unknown client.' };
  const redirectUri = params.get('redirect_uri');
  if (!redirectUri || !ctx.clients.allowsRedirect(clientId, redirectUri)) {
    return { kind: 'page', message: 'The redirect_uri is not registered for this client.' };
  }
  const state = params.get('state') ?? undefined;
  const back = (error: string, description: string): Checked => ({ kind: 'redirect', redirectUri, state, error, description });

  if (params.get('response_type') !== 'code') return back('unsupported_response_type', 'response_type must be code.');
  const codeChallenge = params.get('code_challenge');
  if (!codeChallenge) return back('invalid_request', 'code_challenge is required (PKCE).');
  if (params.get('code_challenge_method') !== 'S256') return back('invalid_request', 'code_challenge_method must be S256.');
  if (!/^[A-Za-z0-9_-]{43}$/.test(codeChallenge)) return back('invalid_request', 'code_challenge is not a base64url SHA-256.');
  const scope = normalizeScope(params.get('scope')) ?? DEFAULT_USER_SCOPE;
  if (!isSubset(scope, USER_SCOPES)) return back('invalid_scope', 'The requested scope is unknown.');
  const resource = params.get('resource') ?? undefined;
  if (!audienceForResource(ctx, resource).ok) return back('invalid_target', 'The requested resource is not served here.');
  return { kind: 'ok', request: { clientId, redirectUri, state, codeChallenge, scope, resource } };
}

function page(params: URLSearchParams, error?: string): string {
  const hidden: Record<string, string> = {};
  for (const name of CARRIED) {
    const value = params.get(name);
    if (value !== null) hidden[name] = value;
  }
  return signInPage({
    title: 'Sign in to the dta-wide sandbox',
    action: '/oauth/authorize',
    clientId: hidden.client_id,
    scope: normalizeScope(hidden.scope) ?? DEFAULT_USER_SCOPE,
    hidden,
    error,
  });
}

function refuse(ctx: OAuthContext, res: ServerResponse, checked: Exclude<Checked, { kind: 'ok' }>): void {
  if (checked.kind === 'page') return sendHtml(res, 400, messagePage('Authorization failed', checked.message));
  redirect(ctx, res, checked.redirectUri, { error: checked.error, error_description: checked.description, state: checked.state });
}

/** 302 to the client's redirect URI, its own query kept, plus `iss` (RFC 9207). */
function redirect(ctx: OAuthContext, res: ServerResponse, redirectUri: string, params: Record<string, string | undefined>): void {
  const target = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) target.searchParams.set(k, v);
  target.searchParams.set('iss', ctx.issuer);
  if (res.headersSent || res.destroyed) return;
  res.writeHead(302, { location: target.href, 'cache-control': 'no-store', 'content-length': '0' });
  res.end();
}
