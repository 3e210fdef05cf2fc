/**
 * Redirects, followed by the runtime rather than by the HTTP client: a call carries
 * credentials, and they must never reach another origin. undici's `request` never
 * follows a redirect itself (upstream/dispatch.ts); a redirect to the same origin (scheme, host and port) is followed
 * here, at most MAX_SAME_ORIGIN_HOPS times, with the same headers (credentials included);
 * a redirect to another origin (a download on a CDN, a signed storage URL) is not
 * followed at all: its 3xx response comes back to the executor, which gives the model
 * the location as a resource link (see crossOriginLocation and mcp/redirect-result.ts).
 * @see https://fetch.spec.whatwg.org/#http-redirect-fetch (303, and 301/302 on POST, become GET)
 * @see RFC 9110 §15.4
 */

import type { Send, UpstreamRequest, UpstreamResponse } from '../tools/types.ts';

/** Same-origin hops followed for one request; the next redirect comes back as it is. */
export const MAX_SAME_ORIGIN_HOPS = 2;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** The slice of a response the redirect rules read. */
type Answer = Pick<UpstreamResponse, 'status' | 'url' | 'headers'>;

export function isRedirect(response: Answer): boolean {
  return REDIRECT_STATUSES.has(response.status) && response.headers.has('location');
}

/**
 * The absolute target of a redirect response that was not followed, resolved against
 * the request's URL; undefined when the response is not a redirect.
 */
export function redirectTarget(response: Answer, requestUrl: string): URL | undefined {
  if (!isRedirect(response)) return undefined;
  try {
    return new URL(response.headers.get('location') ?? '', requestUrl);
  } catch {
    return undefined;
  }
}

/**
 * Where a redirect that was not followed points, when that is another origin than the
 * response's own (the cross-origin case the executor turns into a resource link).
 */
export function crossOriginTarget(response: Answer): URL | undefined {
  if (!response.url) return undefined;
  const target = redirectTarget(response, response.url);
  return target && target.origin !== new URL(response.url).origin ? target : undefined;
}

/** Wraps a send: same-origin redirects followed with the same headers (credentials included). */
export function followSameOrigin(inner: Send): Send {
  return async (first) => {
    let request = first;
    for (let hop = 0; ; hop++) {
      const response = await inner(request);
      if (!REDIRECT_STATUSES.has(response.status)) return response;
      const target = redirectTarget(response, request.url);
      if (!target || hop >= MAX_SAME_ORIGIN_HOPS || target.origin !== new URL(request.url).origin) return response;
      await response.discard();
      request = nextRequest(request, target, response.status);
    }
  };
}

/** The body is a string (or FormData) serialized once: a 307/308 sends the same bytes again. */
function nextRequest(previous: UpstreamRequest, target: URL, status: number): UpstreamRequest {
  const keepsMethod = status === 307 || status === 308 || (status !== 303 && previous.method !== 'POST') || previous.method === 'HEAD';
  if (keepsMethod) return { ...previous, url: target.href, headers: { ...previous.headers } };
  const headers = { ...previous.headers };
  for (const name of ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']) delete headers[name];
  return { method: 'GET', url: target.href, headers, signal: previous.signal };
}
