/**
 * openapi-fetch middleware that attaches a bearer token from a CredentialSource and,
 * on a 401, asks the source for a fresh token once and retries exactly once.
 *
 * openapi-fetch never clones a request, and a sent body cannot be read again, so the
 * request is cloned before the first send; the retry replays the clone byte for byte
 * (same method, URL, headers and body; only Authorization changes).
 * The retry goes straight to fetch, so a second 401 comes back as it is: never a loop.
 * A source that cannot refresh (`canRefresh: false`, a static key) gets its 401 back
 * without a retry. If the refresh itself fails, its typed error (AuthRequiredError,
 * TokenRefreshError) is what the call rejects with.
 *
 * @see https://openapi-ts.dev/openapi-fetch/middleware-auth
 * @see RFC 6750 §3.1 (invalid_token)
 */
import type { Middleware } from 'openapi-fetch';
import type { CredentialSource } from '../auth/types.ts';
import type { SecretSink } from '../observability/scrub.ts';
import type { CredentialPlacement } from '../tools/types.ts';

interface Pending {
  replay: Request;
  token: string;
}

/**
 * A request short-circuited by a later middleware (one that answers from onRequest)
 * never reaches onResponse; this bound keeps such entries from piling up.
 */
const MAX_PENDING = 10_000;

export interface AuthMiddlewareHooks {
  /** Called as the request is sent again with a refreshed token after a 401 (metrics). */
  onRetry?: () => void;
}

/**
 * @param placement where the token goes (an apiKey scheme's header, query parameter or
 *   cookie); default `Authorization: Bearer <token>`.
 * @param seen told every token attached (the first and any refreshed one), so the call
 *   can scrub them from what an upstream echoes back.
 */
export function authMiddleware(
  source: CredentialSource,
  placement?: CredentialPlacement,
  seen?: SecretSink,
  hooks: AuthMiddlewareHooks = {},
): Middleware {
  const pending = new Map<string, Pending>();
  const place = placement ? placeCredential(placement) : bearer;
  const attach: Attach = (request, token) => {
    seen?.add(token);
    return place(request, token);
  };
  return {
    async onRequest({ request, id }) {
      const token = await source.getToken(request.signal);
      request = attach(request, token);
      if (source.canRefresh !== false) {
        if (pending.size >= MAX_PENDING) {
          const oldest = pending.keys().next();
          if (!oldest.done) pending.delete(oldest.value);
        }
        pending.set(id, { replay: request.clone(), token });
      }
      return request;
    },
    async onResponse({ response, id, options }) {
      const entry = pending.get(id);
      pending.delete(id);
      if (!entry || response.status !== 401) return response;
      // Drain the rejected response so its socket can be reused.
      await response.body?.cancel().catch(() => undefined);
      const fresh = await source.refreshAfterRejection(entry.token, entry.replay.signal);
      hooks.onRetry?.();
      return options.fetch(attach(entry.replay, fresh));
    },
    onError({ id }) {
      pending.delete(id);
    },
  };
}

type Attach = (request: Request, token: string) => Request;

const bearer: Attach = (request, token) => {
  request.headers.set('Authorization', `Bearer ${token}`);
  return request;
};

/** @see https://spec.openapis.org/oas/v3.1.0#security-scheme-object (apiKey: in, name) */
function placeCredential({ in: where, name }: CredentialPlacement): Attach {
  if (where === 'header') {
    return (request, token) => {
      request.headers.set(name, token);
      return request;
    };
  }
  if (where === 'cookie') {
    const key = encodeURIComponent(name);
    return (request, token) => {
      // Replace our own pair (a retry re-attaches), keep any other cookies.
      const others = (request.headers.get('Cookie') ?? '')
        .split(';')
        .map((c) => c.trim())
        .filter((c) => c !== '' && !c.startsWith(`${key}=`));
      request.headers.set('Cookie', [...others, `${key}=${encodeURIComponent(token)}`].join('; '));
      return request;
    };
  }
  // query (and the odd path-located key): the URL changes, so the request is rebuilt;
  // `new Request(url, request)` keeps method, headers, body and signal.
  return (request, token) => {
    const url = new URL(request.url);
    url.searchParams.set(name, token);
    return new Request(url, request);
  };
}
