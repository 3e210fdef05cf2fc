/**
 * The credentials step of an upstream call: attaches a token from a CredentialSource
 * and, on a 401, asks the source for a fresh token once and sends the same request
 * again exactly once (same method, URL, headers and body bytes; only the credential
 * changes). The retry goes to the step below, so a second 401 comes back as it is:
 * never a loop. A source that cannot refresh (`canRefresh: false`, a static key) gets
 * its 401 back without a retry. If the refresh itself fails, its typed error
 * (AuthRequiredError, TokenRefreshError) is what the call rejects with.
 * @see RFC 6750 §3.1 (invalid_token)
 */
import type { CredentialSource } from '../auth/types.ts';
import type { SecretSink } from '../observability/scrub.ts';
import type { CredentialPlacement } from '../tools/types.ts';
import type { Send, UpstreamRequest } from '../tools/types.ts';

export interface CredentialHooks {
  /** Called as the request is sent again with a refreshed token after a 401 (metrics). */
  onRetry?: () => void;
}

/**
 * @param placement where the token goes (an apiKey scheme's header, query parameter or
 *   cookie); default `Authorization: Bearer <token>`.
 * @param seen told every token attached (the first and any refreshed one), so the call
 *   can scrub them from what an upstream echoes back.
 */
export function withCredentials(
  send: Send,
  source: CredentialSource,
  placement?: CredentialPlacement,
  seen?: SecretSink,
  hooks: CredentialHooks = {},
): Send {
  const place = placement ? placeCredential(placement) : bearer;
  const attach = (request: UpstreamRequest, token: string): UpstreamRequest => {
    seen?.add(token);
    return place(request, token);
  };
  return async (request) => {
    const token = await source.getToken(request.signal);
    const response = await send(attach(request, token));
    if (response.status !== 401 || source.canRefresh === false) return response;
    await response.discard();
    const fresh = await source.refreshAfterRejection(token, request.signal);
    hooks.onRetry?.();
    return send(attach(request, fresh));
  };
}

/** Each attempt gets its own copy of the request: the step below may change it (request id). */
type Attach = (request: UpstreamRequest, token: string) => UpstreamRequest;

const bearer: Attach = (request, token) => ({ ...request, headers: { ...request.headers, authorization: `Bearer ${token}` } });

/** @see https://spec.openapis.org/oas/v3.1.0#security-scheme-object (apiKey: in, name) */
function placeCredential({ in: where, name }: CredentialPlacement): Attach {
  const key = name.toLowerCase();
  if (where === 'header') return (request, token) => ({ ...request, headers: { ...request.headers, [key]: token } });
  if (where === 'cookie') {
    const pair = encodeURIComponent(name);
    return (request, token) => {
      // Replace our own pair (a retry re-attaches), keep any other cookies.
      const others = (request.headers.cookie ?? '')
        .split(';')
        .map((c) => c.trim())
        .filter((c) => c !== '' && !c.startsWith(`${pair}=`));
      return { ...request, headers: { ...request.headers, cookie: [...others, `${pair}=${encodeURIComponent(token)}`].join('; ') } };
    };
  }
  // query (and the odd path-located key)
  return (request, token) => {
    const url = new URL(request.url);
    url.searchParams.set(name, token);
    return { ...request, url: url.href };
  };
}
