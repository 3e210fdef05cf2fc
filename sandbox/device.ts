/**
 * The device flow's two front doors: POST /oauth/device_authorization (the device asks
 * for codes; client-authenticated like the token endpoint, public clients included) and
 * the /device page where the user types the code and signs in.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.1
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.3
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate, clientCredentials } from './clients.ts';
import { DEFAULT_USER_SCOPE, isSubset, normalizeScope, USER_SCOPES } from './grant.ts';
import type { OAuthContext } from './grant.ts';
import { mediaType, readBody, readForm, sendJson } from './http.ts';
import { messagePage, sendHtml, signInPage } from './pages.ts';

const NO_STORE = { 'cache-control': 'no-store' };

export async function handleDeviceAuthorization(ctx: OAuthContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const fail = (status: number, error: string, description: string): void =>
    sendJson(res, status, { error, error_description: description }, NO_STORE);
  if (req.method !== 'POST') return fail(405, 'invalid_request', 'Use POST.');
  const params = await readForm(req, fail);
  if (!params) return;
  const client = clientCredentials(req, params);
  if (client.kind === 'both') return fail(400, 'invalid_request', 'Use one client authentication method, not two.');
  const authed = authenticate(ctx.clients, client, params);
  if (!authed.ok) return fail(401, 'invalid_client', 'Client authentication failed.');
  const scope = normalizeScope(params.get('scope')) ?? DEFAULT_USER_SCOPE;
  if (!isSubset(scope, USER_SCOPES)) return fail(400, 'invalid_scope', 'The requested scope is unknown.');

  const { deviceCode, record } = ctx.devices.start(authed.clientId, scope);
  const verificationUri = `${ctx.issuer}/device`;
  sendJson(
    res,
    200,
    {
      device_code: deviceCode,
      user_code: record.userCode,
      verification_uri: verificationUri,
      verification_uri_complete: `${verificationUri}?user_code=${encodeURIComponent(record.userCode)}`,
      expires_in: ctx.devices.ttlSec,
      interval: record.intervalSec,
    },
    NO_STORE,
  );
}

export async function handleDevicePage(ctx: OAuthContext, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const page = (userCode: string, error?: string): string =>
    signInPage({ title: 'Sign in a device', action: '/device', hidden: {}, userCode: userCode || true, error });
  if (req.method === 'GET') return sendHtml(res, 200, page(url.searchParams.get('user_code') ?? ''));
  if (req.method !== 'POST') return sendHtml(res, 405, messagePage('Method not allowed', 'Use GET or POST.'), { allow: 'GET, POST' });

  const body = await readBody(req);
  if (!body.ok) {
    if (body.reason === 'too_large') sendHtml(res, 413, messagePage('Bad request', 'The form is too large.'));
    return;
  }
  const form = new URLSearchParams(mediaType(req) === 'application/x-www-form-urlencoded' ? body.text : '');
  const typed = form.get('user_code') ?? '';
  const device = ctx.devices.byUserCode(typed);
  if (!device || device.status !== 'pending' || device.expiresAt <= Date.now()) {
    return sendHtml(res, 200, page(typed, 'Unknown or expired code.'));
  }
  if (form.get('action') === 'deny') {
    device.status = 'denied';
    return sendHtml(res, 200, messagePage('Access denied', 'The device was not signed in.'));
  }
  const username = form.get('username') ?? '';
  if (!ctx.users.check(username, form.get('password') ?? '')) {
    return sendHtml(res, 200, page(typed, 'Unknown user or wrong password.'));
  }
  device.status = 'approved';
  device.sub = username;
  sendHtml(res, 200, messagePage('Device signed in', 'You can return to your device.'));
}
