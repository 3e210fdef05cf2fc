/**
 * One client per API with openapi-fetch's call shape (`client.GET('/path', { params,
 * body, parseAs })`), so generated handlers stay typed by openapi-typescript's `paths`
 * through openapi-fetch's `Client<paths>`, and with openapi-fetch's own serializers for
 * the path, the query and the body, so what goes on the wire is what openapi-fetch would
 * send. What differs is below the call: no WHATWG Request per call and no middleware
 * chain; each call brings its own `send` (ctx.init.send: credentials and their 401 retry,
 * same-origin redirects, observation, then undici; see the executor), and the answer is
 * parsed as openapi-fetch parses it (`{ data }` on 2xx, `{ error }` otherwise, JSON when
 * it parses).
 * @see https://openapi-ts.dev/openapi-fetch/api
 */
import type { Client } from 'openapi-fetch';
import {
  createFinalURL,
  createQuerySerializer,
  defaultBodySerializer,
  defaultPathSerializer,
  removeTrailingSlash,
} from 'openapi-fetch';
import type { Send, UpstreamRequest, UpstreamResponse } from '../tools/types.ts';

/** What a generated handler passes besides its params and body (it spreads ctx.init). */
export interface CallOptions {
  send: Send;
  signal?: AbortSignal;
  /** Per-call headers (the tool's Accept). */
  headers?: Record<string, string>;
  params?: { path?: Record<string, unknown>; query?: Record<string, unknown>; header?: Record<string, unknown> };
  body?: unknown;
  parseAs?: 'json' | 'text' | 'blob' | 'arrayBuffer';
}

export interface CallOutcome {
  data?: unknown;
  error?: unknown;
  response: UpstreamResponse;
}

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;

const querySerializer = createQuerySerializer();

export interface UpstreamClient {
  call(method: string, path: string, options: CallOptions): Promise<CallOutcome>;
}

/**
 * @param headers the API's fixed headers (`apis.<api>.headers`), sent on every request;
 *   a call's own headers and header parameters override them.
 */
export function createUpstreamClient(baseUrl: string, headers: Record<string, string> = {}): UpstreamClient {
  const base = removeTrailingSlash(baseUrl);
  const fixed = lowerCased(headers);
  return {
    async call(method, path, { send, signal, headers: own, params = {}, body, parseAs = 'json' }) {
      const request: UpstreamRequest = {
        method,
        url: createFinalURL(path, { baseUrl: base, params, querySerializer, pathSerializer: defaultPathSerializer }),
        headers: { ...fixed },
        signal,
      };
      merge(request.headers, own);
      merge(request.headers, params.header);
      if (body !== undefined) {
        // openapi-fetch's serializer reads the Content-Type (form-urlencoded bodies); its types omit that parameter.
        const serialized = (defaultBodySerializer as (body: unknown, headers: Record<string, string>) => string | FormData)(body, request.headers);
        if (!(serialized instanceof FormData)) request.headers['content-type'] ??= 'application/json';
        request.body = serialized;
      }
      return outcomeOf(await send(request), method, parseAs);
    },
  };
}

/**
 * The client as generated handlers type it (openapi-fetch's `Client<paths>`): one
 * function per HTTP method. Only the call shape is implemented, not `use`/`eject`
 * (middleware is per call here, in `send`).
 */
export function asTypedClient(client: UpstreamClient): Client<{}> {
  const typed: Record<string, unknown> = {};
  for (const method of METHODS) typed[method] = (path: string, options: CallOptions) => client.call(method, path, options);
  return typed as unknown as Client<{}>;
}

/** openapi-fetch's parsing: no body on 204, HEAD or an empty 2xx; JSON unless parseAs says otherwise; errors as JSON when they parse. */
async function outcomeOf(response: UpstreamResponse, method: string, parseAs: CallOptions['parseAs']): Promise<CallOutcome> {
  const length = response.headers.get('content-length');
  if (response.status === 204 || method === 'HEAD' || (length === '0' && !response.headers.get('transfer-encoding')?.includes('chunked'))) {
    await response.discard();
    return response.ok ? { data: undefined, response } : { error: undefined, response };
  }
  if (response.ok) {
    if (parseAs === 'blob') return { data: await response.blob(), response };
    if (parseAs === 'arrayBuffer') return { data: await response.arrayBuffer(), response };
    const text = await response.text();
    if (parseAs === 'text') return { data: text, response };
    return { data: text ? (JSON.parse(text) as unknown) : undefined, response };
  }
  let error: unknown = await response.text();
  try {
    error = JSON.parse(error as string);
  } catch {
    // not JSON: the text as it is
  }
  return { error, response };
}

function lowerCased(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}

/** openapi-fetch's mergeHeaders on a plain record: null removes, arrays are joined, undefined is skipped. */
function merge(into: Record<string, string>, from: Record<string, unknown> | undefined): void {
  if (!from) return;
  for (const [name, value] of Object.entries(from)) {
    const key = name.toLowerCase();
    if (value === null) delete into[key];
    else if (Array.isArray(value)) into[key] = value.map(String).join(', ');
    else if (value !== undefined) into[key] = String(value);
  }
}
