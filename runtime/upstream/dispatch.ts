/**
 * The bottom of every upstream call: undici's `request` over one keep-alive connection
 * pool per process. Not `fetch`: on the same loopback upstream fetch costs about three
 * times the CPU per request of `request` (bench/README.md), and a tool call needs none
 * of what fetch adds (CORS, WHATWG streams, redirect modes: redirects are ours,
 * upstream/redirects.ts).
 *
 * A failure to connect or to read the answer is an UpstreamUnavailableError; an abort
 * rejects with the signal's own reason (a TimeoutError for the call's deadline), as fetch
 * does, so callers classify both by type.
 * @see https://undici.nodejs.org/#/docs/api/Dispatcher?id=dispatcherrequestoptions-callback
 */
import { STATUS_CODES } from 'node:http';
import type { Dispatcher } from 'undici';
import { UpstreamUnavailableError } from '../errors.ts';
import type { ResponseHeaders, Send, UpstreamResponse } from '../tools/types.ts';

/** Keep-alive connections per upstream origin. */
export const CONNECTIONS_PER_ORIGIN = 64;

let shared: Promise<Dispatcher> | undefined;
/** The pool once created: a request does not wait on a promise for it after the first. */
let ready: Dispatcher | undefined;

/** The process's connection pool, created (and undici loaded) on the first upstream request: start-up does not pay for it. */
export function sharedDispatcher(): Promise<Dispatcher> {
  shared ??= import('undici').then((undici) => {
    // undici is CommonJS: Node gives its exports by name, a bundle (dist/bundle) as `default`.
    const { Agent } = 'Agent' in undici ? undici : (undici as { default: typeof undici }).default;
    ready = new Agent({ connections: CONNECTIONS_PER_ORIGIN, keepAliveTimeout: 10_000 });
    return ready;
  });
  return shared;
}

export function dispatchWith(given?: Dispatcher): Send {
  return async (request) => {
    const dispatcher = given ?? ready ?? (await sharedDispatcher());
    const { origin, path } = originAndPath(request.url);
    let answer: Dispatcher.ResponseData;
    try {
      answer = await dispatcher.request({
        origin,
        path,
        method: request.method as Dispatcher.HttpMethod,
        headers: request.headers,
        body: request.body ?? null,
        signal: request.signal ?? null,
      });
    } catch (error) {
      throw aborted(request.signal) ?? new UpstreamUnavailableError('The upstream API could not be reached. Try again later.', { cause: error });
    }
    return responseOf(answer, request.url, request.signal);
  };
}

/**
 * `http://host:port` and `/path?query` of an absolute URL as the clients build them,
 * without a WHATWG URL parse per request; anything unusual (user info, no scheme) is
 * parsed properly.
 */
export function originAndPath(url: string): { origin: string; path: string } {
  const scheme = url.indexOf('://');
  if (scheme > 0) {
    const from = scheme + 3;
    let end = from;
    while (end < url.length && url[end] !== '/' && url[end] !== '?' && url[end] !== '#') end++;
    const authority = url.slice(from, end);
    if (authority !== '' && !authority.includes('@') && url[end] !== '#') {
      const rest = url.slice(end);
      return { origin: url.slice(0, end), path: rest.startsWith('/') ? rest : `/${rest}` };
    }
  }
  const parsed = new URL(url);
  return { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
}

function responseOf({ statusCode, headers, body }: Dispatcher.ResponseData, url: string, signal: AbortSignal | undefined): UpstreamResponse {
  const read = async <T>(how: () => Promise<T>): Promise<T> => {
    try {
      return await how();
    } catch (error) {
      throw aborted(signal) ?? new UpstreamUnavailableError('The upstream answer could not be read. Try again later.', { cause: error });
    }
  };
  return {
    status: statusCode,
    statusText: STATUS_CODES[statusCode] ?? '',
    ok: statusCode >= 200 && statusCode < 300,
    url,
    headers: headersOf(headers),
    text: () => read(() => body.text()),
    blob: () => read(() => body.blob()),
    arrayBuffer: () => read(() => body.arrayBuffer()),
    discard: () => body.dump().then(() => undefined, () => undefined),
  };
}

function headersOf(raw: Record<string, string | string[] | undefined>): ResponseHeaders {
  return {
    get(name) {
      const value = raw[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
    has(name) {
      return raw[name.toLowerCase()] !== undefined;
    },
  };
}

/**
 * Why the call was aborted (its deadline's TimeoutError, a cancellation's AbortError), or
 * undefined when it was not. A reason that is not an Error (`abort('some text')`) becomes
 * an AbortError: callers classify by type.
 */
function aborted(signal: AbortSignal | undefined): Error | undefined {
  if (!signal?.aborted) return undefined;
  return signal.reason instanceof Error ? signal.reason : new DOMException('The operation was aborted.', 'AbortError');
}
