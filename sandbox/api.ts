/**
 * The API routes of openapi/dta-wide.yaml, behind bearer-token checks: a route needs a
 * token of one kind (user or service) carrying its scope. Missing, invalid, expired or
 * revoked tokens get 401 with a Bearer challenge; the wrong kind or scope gets 403.
 * Every request is recorded, rejected ones included, with its raw body.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3 (WWW-Authenticate)
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { delay, echoCredentials, takeUnauthorized } from './faults.ts';
import { mediaType, readBody, sendProblem, sendJson } from './http.ts';
import type { Signer, TokenKind } from './keys.ts';
import { headerRecord, queryRecord } from './recorder.ts';
import type { Recorder } from './recorder.ts';
import type { TokenStore } from './token-store.ts';
import type { RecordedRequest, SandboxFaults } from './types.ts';
import { activityOf, profileOf, projectsOf, recentErrors, settingsProblem } from './data.ts';
import type { Settings, SettingsStore } from './data.ts';
import { MEDIA, sendBytes, type MediaFile } from './media.ts';
import { eventPage, linkHeader } from './events.ts';

export interface ApiContext {
  signer: Signer;
  store: TokenStore;
  recorder: Recorder;
  faults: SandboxFaults;
  settings: SettingsStore;
  /** Aborted when the sandbox closes: ends an `apiDelayMs` wait early. */
  closing?: AbortSignal;
}

interface Call {
  ctx: ApiContext;
  sub: string;
  query: URLSearchParams;
  body: string;
  contentType: string;
  /** Extension: the request's URL, for answers that link to other pages (events.ts). */
  url: URL;
}

interface Answer {
  status: number;
  body: unknown;
  /** Extension: a binary answer (media.ts), sent as it is instead of `body` as JSON. */
  media?: MediaFile;
  /** Extension: response headers (a paged list's `Link`). */
  headers?: Record<string, string>;
}

interface Route {
  method: string;
  /** undefined: no token needed. */
  auth?: { kind: TokenKind; scope: string };
  handle(call: Call): Answer;
}

const REALM = 'dta-wide';
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

const routes: Record<string, Route> = {
  '/health': { method: 'GET', handle: () => ok({ status: 'ok' }) },
  // Extension: an item by id, no token needed (the conformance fixture's resource template reads it).
  '/items': {
    method: 'GET',
    handle: ({ query }) => {
      const id = query.get('id') ?? '';
      return ok({ id, templateTest: true, data: `Data for ID: ${id}` });
    },
  },
  '/system/errors': {
    method: 'GET',
    auth: { kind: 'service', scope: 'system.read' },
    handle: ({ query }) => {
      const hours = intParam(query, 'hours', 24, 1, 168);
      if (typeof hours === 'string') return badRequest(hours);
      const limit = intParam(query, 'limit', 100, 1, 1000);
      if (typeof limit === 'string') return badRequest(limit);
      const errors = recentErrors(Date.now(), hours, limit);
      return ok({ errors, count: errors.length });
    },
  },
  '/user/profile': {
    method: 'GET',
    auth: { kind: 'user', scope: 'profile' },
    handle: ({ sub }) => ok(profileOf(sub)),
  },
  '/user/settings': {
    method: 'PUT',
    auth: { kind: 'user', scope: 'settings.write' },
    handle: ({ ctx, sub, body, contentType }) => {
      if (contentType !== 'application/json' && !contentType.endsWith('+json')) {
        return { status: 415, body: { error: 'unsupported_media_type', message: 'The body must be application/json.' } };
      }
      let patch: unknown;
      try {
        patch = JSON.parse(body);
      } catch {
        return badRequest('The body is not valid JSON.');
      }
      if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
        return badRequest('The body must be a JSON object.');
      }
      const problem = settingsProblem(patch as Settings);
      if (problem) return badRequest(problem);
      return ok(ctx.settings.merge(sub, patch as Settings));
    },
  },
  // Extension: the user's current settings, so a test can watch them change (resource subscriptions).
  '/user/settings/current': {
    method: 'GET',
    auth: { kind: 'user', scope: 'profile' },
    handle: ({ ctx, sub }) => ok(ctx.settings.get(sub)),
  },
  '/user/activity': {
    method: 'GET',
    auth: { kind: 'user', scope: 'activity.read' },
    handle: ({ sub, query }) => {
      const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
      const end = dateParam(query, 'endDate', today);
      if (typeof end === 'string') return badRequest(end);
      const start = dateParam(query, 'startDate', end - 29 * DAY_MS);
      if (typeof start === 'string') return badRequest(start);
      if (start > end) return badRequest('startDate must not be after endDate.');
      const limit = intParam(query, 'limit', 20, 1, 100);
      if (typeof limit === 'string') return badRequest(limit);
      const entries = activityOf(sub, start, end, limit);
      return ok({ entries, count: entries.length });
    },
  },
  '/user/projects': {
    method: 'GET',
    auth: { kind: 'user', scope: 'profile' },
    handle: ({ sub, query }) => {
      const prefix = query.get('q') ?? '';
      const items = projectsOf(sub).filter((name) => name.startsWith(prefix)).map((name) => ({ name }));
      return ok({ items, count: items.length });
    },
  },
  // Extension: a large paged list with Link headers (events.ts).
  '/user/events': {
    method: 'GET',
    auth: { kind: 'user', scope: 'activity.read' },
    handle: ({ sub, query, url }) => {
      const page = intParam(query, 'page', 1, 1, 1_000_000);
      if (typeof page === 'string') return badRequest(page);
      const perPage = intParam(query, 'per_page', 30, 1, 100);
      if (typeof perPage === 'string') return badRequest(perPage);
      const link = linkHeader(url.origin, page, perPage);
      return { status: 200, body: eventPage(sub, page, perPage), ...(link ? { headers: { link } } : {}) };
    },
  },
  // A PNG, a PDF and a WAV (media.ts), for the signed-in user.
  ...Object.fromEntries(
    Object.entries(MEDIA).map(([path, media]): [string, Route] => [
      path,
      { method: 'GET', auth: { kind: 'user', scope: 'profile' }, handle: () => ({ status: 200, body: undefined, media }) },
    ]),
  ),
};

export async function handleApiRequest(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const entry: RecordedRequest = {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: queryRecord(url.searchParams),
    headers: headerRecord(req),
    body: '',
    status: 0,
  };
  const respond = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
    entry.status = status;
    ctx.recorder.recordRequest(entry);
    sendJson(res, status, body, headers);
  };

  const read = await readBody(req);
  if (!read.ok) {
    if (read.reason === 'too_large') respond(413, problem('payload_too_large', 'The request body is too large.'));
    return;
  }
  entry.body = read.text;

  const route = Object.hasOwn(routes, url.pathname) ? routes[url.pathname] : undefined;
  if (!route) return respond(404, problem('not_found', `No route for ${url.pathname}.`));
  if (route.method !== entry.method) {
    return respond(405, problem('method_not_allowed', `Use ${route.method}.`), { allow: route.method });
  }

  const presented = bearerToken(req);
  let sub = '';
  if (route.auth) {
    await delay(ctx.faults.apiDelayMs ?? 0, ctx.closing ?? new AbortController().signal);
    const identity = presented === undefined ? undefined : await ctx.signer.verify(presented);
    const valid = identity && !('failure' in identity) && !ctx.store.isAccessRevoked(identity.jti) ? identity : undefined;
    if (valid && presented) entry.auth = { kind: valid.kind, sub: valid.sub, token: presented };

    if (takeUnauthorized(ctx.faults)) return respond(401, ...unauthorized('The access token was rejected (injected fault).'));
    if (presented === undefined) {
      return respond(401, problem('invalid_token', 'A bearer token is required.'), {
        'www-authenticate': `Bearer realm="${REALM}"`,
      });
    }
    if (!valid) {
      const expired = identity && 'failure' in identity && identity.failure === 'expired';
      return respond(401, ...unauthorized(expired ? 'The access token has expired.' : 'The access token is invalid or revoked.'));
    }
    if (valid.kind !== route.auth.kind || !valid.scope.includes(route.auth.scope)) {
      const message = valid.kind !== route.auth.kind
        ? `This operation needs a ${route.auth.kind} token.`
        : `This operation needs scope ${route.auth.scope}.`;
      return respond(403, problem('insufficient_scope', message), {
        'www-authenticate': `Bearer realm="${REALM}", error="insufficient_scope", scope="${route.auth.scope}"`,
      });
    }
    sub = valid.sub;
    const echo = echoCredentials(ctx.faults, req.headers.authorization);
    if (echo) return respond(echo.status, echo.body, echo.headers);
  }

  const answer = route.handle({ ctx, sub, query: url.searchParams, body: read.text, contentType: mediaType(req), url });
  if (answer.media) {
    entry.status = answer.status;
    ctx.recorder.recordRequest(entry);
    return sendBytes(res, answer.status, answer.media);
  }
  respond(answer.status, answer.body, answer.headers);
}

/** Answers a request outside the API (e.g. a crash in a handler) with a 500 problem. */
export function sendInternalError(res: ServerResponse): void {
  sendProblem(res, 500, 'server_error', 'The sandbox failed to handle the request.');
}

function bearerToken(req: IncomingMessage): string | undefined {
  const header = req.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1];
}

function unauthorized(message: string): [unknown, Record<string, string>] {
  return [
    problem('invalid_token', message),
    { 'www-authenticate': `Bearer realm="${REALM}", error="invalid_token", error_description="${message}"` },
  ];
}

function problem(error: string, message: string): { error: string; message: string } {
  return { error, message };
}

function ok(body: unknown): Answer {
  return { status: 200, body };
}

function badRequest(message: string): Answer {
  return { status: 400, body: problem('invalid_request', message) };
}

/** An integer query parameter in [min, max], its default when absent, or a message. */
function intParam(query: URLSearchParams, name: string, dflt: number, min: number, max: number): number | string {
  const raw = query.get(name);
  if (raw === null) return dflt;
  if (!/^-?\d+$/.test(raw)) return `${name} must be an integer.`;
  const n = Number(raw);
  if (n < min || n > max) return `${name} must be between ${min} and ${max}.`;
  return n;
}

/** A YYYY-MM-DD query parameter as epoch ms of UTC midnight, its default, or a message. */
function dateParam(query: URLSearchParams, name: string, dflt: number): number | string {
  const raw = query.get(name);
  if (raw === null) return dflt;
  const m = DATE.exec(raw);
  if (!m) return `${name} must be a date as YYYY-MM-DD.`;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const at = Date.UTC(y, mo - 1, d);
  const back = new Date(at);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    return `${name} is not a calendar date.`;
  }
  return at;
}
