/**
 * Redirects, followed by the runtime rather than by fetch: a call carries credentials,
 * and they must never reach another origin. Every request goes out with
 * `redirect: 'manual'`; a redirect to the same origin (scheme, host and port) is followed
 * here, at most MAX_SAME_ORIGIN_HOPS times, with the same headers (credentials included);
 * a redirect to another origin (a download on a CDN, a signed storage URL) is not
 * followed at all: its 3xx response comes back to the executor, which gives the model
 * the location as a resource link (see crossOriginLocation and mcp/redirect-result.ts).
 * @see https://fetch.spec.whatwg.org/#http-redirect-fetch (303, and 301/302 on POST, become GET)
 * @see RFC 9110 §15.4
 */

/** Same-origin hops followed for one request; the next redirect comes back as it is. */
export const MAX_SAME_ORIGIN_HOPS = 2;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

type Fetch = (request: Request) => Promise<Response>;

export function isRedirect(response: Response): boolean {
  return REDIRECT_STATUSES.has(response.status) && response.headers.has('location');
}

/**
 * The absolute target of a redirect response that was not followed, resolved against
 * the request's URL; undefined when the response is not a redirect.
 */
export function redirectTarget(response: Response, requestUrl: string): URL | undefined {
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
export function crossOriginTarget(response: Response): URL | undefined {
  if (!response.url) return undefined;
  const target = redirectTarget(response, response.url);
  return target && target.origin !== new URL(response.url).origin ? target : undefined;
}

/** Wraps a fetch: manual redirects, same-origin ones followed with the same credentials. */
export function followSameOrigin(inner: Fetch): Fetch {
  return async (first) => {
    let request = withManualRedirect(first);
    for (let hop = 0; ; hop++) {
      // A body can be sent once: keep a copy in case a 307/308 must resend it.
      const replay = request.body !== null ? request.clone() : undefined;
      const response = await inner(request);
      const target = redirectTarget(response, request.url);
      if (!target || hop >= MAX_SAME_ORIGIN_HOPS || target.origin !== new URL(request.url).origin) return response;
      await response.body?.cancel().catch(() => undefined);
      request = nextRequest(request, replay, target, response.status);
    }
  };
}

function withManualRedirect(request: Request): Request {
  return request.redirect === 'manual' ? request : new Request(request, { redirect: 'manual' });
}

function nextRequest(previous: Request, replay: Request | undefined, target: URL, status: number): Request {
  const keepsMethod = status === 307 || status === 308 || (status !== 303 && previous.method !== 'POST') || previous.method === 'HEAD';
  if (keepsMethod) return new Request(target, replay ?? previous);
  const headers = new Headers(previous.headers);
  for (const name of ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']) headers.delete(name);
  return new Request(target, { method: 'GET', headers, signal: previous.signal, redirect: 'manual' });
}
