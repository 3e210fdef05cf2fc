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

interface Pending {
  replay: Request;
  token: string;
}

/**
 * A request short-circuited by a later middleware (one that answers from onRequest)
 * never reaches onResponse; this bound keeps such entries from piling up.
 */
const MAX_PENDING = 10_000;

export function authMiddleware(source: CredentialSource): Middleware {
  const pending = new Map<string, Pending>();
  return {
    async onRequest({ request, id }) {
      const token = await source.getToken(request.signal);
      request.headers.set('Authorization', `Bearer ${token}`);
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
      entry.replay.headers.set('Authorization', `Bearer ${fresh}`);
      return options.fetch(entry.replay);
    },
    onError({ id }) {
      pending.delete(id);
    },
  };
}
