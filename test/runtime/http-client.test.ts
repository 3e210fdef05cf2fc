/**
 * The runtime's upstream client (runtime/upstream/http-client.ts) against openapi-fetch
 * itself: for the same call, the same method, URL (path and query serialization), headers
 * and body go out, and the same `{ data }` / `{ error }` comes back for the same answer.
 * openapi-fetch's requests are captured through its `fetch` option; ours through `send`.
 */
import createClient from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import type { UpstreamRequest, UpstreamResponse } from '../../runtime/tools/types.ts';
import { createUpstreamClient, type CallOptions } from '../../runtime/upstream/http-client.ts';

const BASE = 'https://api.example.com/v1/';
const FIXED = { 'X-Api-Version': '2026-01-01' };

interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
}

interface Answer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

type Init = Omit<CallOptions, 'send'>;

/** What openapi-fetch sends for a call, and what it makes of `answer`. */
async function viaOpenapiFetch(method: string, path: string, init: Init, answer: Answer) {
  let sent: Sent | undefined;
  const client = createClient<any>({
    baseUrl: BASE,
    headers: FIXED,
    fetch: async (request: Request) => {
      const headers: Record<string, string> = {};
      request.headers.forEach((value, name) => (headers[name] = value));
      sent = { method: request.method, url: request.url, headers, body: request.body ? await request.text() : undefined };
      return new Response(answer.status === 204 ? null : answer.body, { status: answer.status, headers: answer.headers ?? {} });
    },
  });
  const { data, error } = await (client as any)[method](path, init);
  return { sent: sent!, data, error };
}

/** What the runtime's client sends for the same call, and what it makes of the same answer. */
async function viaRuntime(method: string, path: string, init: Init, answer: Answer) {
  let sent: Sent | undefined;
  const send = async (request: UpstreamRequest): Promise<UpstreamResponse> => {
    sent = { method: request.method, url: request.url, headers: { ...request.headers }, body: typeof request.body === 'string' ? request.body : undefined };
    const headers = Object.fromEntries(Object.entries(answer.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    return {
      status: answer.status,
      statusText: '',
      ok: answer.status >= 200 && answer.status < 300,
      url: request.url,
      headers: { get: (name) => headers[name.toLowerCase()] ?? null, has: (name) => name.toLowerCase() in headers },
      text: async () => answer.body,
      blob: async () => new Blob([answer.body], { type: headers['content-type'] ?? '' }),
      arrayBuffer: async () => new TextEncoder().encode(answer.body).buffer as ArrayBuffer,
      discard: async () => undefined,
    };
  };
  const client = createUpstreamClient(BASE, FIXED);
  const { data, error } = await client.call(method, path, { ...init, send });
  return { sent: sent!, data, error };
}

const JSON_OK: Answer = { status: 200, body: '{"id":"u1","tags":["a"]}', headers: { 'content-type': 'application/json' } };

const CASES: Array<[string, string, string, Init, Answer]> = [
  ['a plain GET', 'GET', '/user/profile', {}, JSON_OK],
  [
    'path and query parameters (arrays, objects, encoding)',
    'GET',
    '/repos/{owner}/{repo}/issues',
    { params: { path: { owner: 'a b', repo: 'x/y' }, query: { state: 'open', labels: ['bug', 'ui'], since: '2026-01-01T00:00:00Z', page: 2, sort: { by: 'created' } } } },
    JSON_OK,
  ],
  ['header parameters and a per-call Accept', 'GET', '/things', { headers: { accept: 'application/json' }, params: { header: { 'X-Trace': 't-1', 'X-Count': 3 } } }, JSON_OK],
  ['a JSON body', 'POST', '/user/settings', { body: { theme: 'dark', notifications: false, nested: { a: [1, 2] } } }, JSON_OK],
  ['a form-urlencoded body', 'PUT', '/form', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: { a: '1', b: 'x y' } }, JSON_OK],
  ['a 204', 'DELETE', '/things/{id}', { params: { path: { id: 7 } } }, { status: 204, body: '' }],
  ['an empty 200', 'GET', '/empty', {}, { status: 200, body: '', headers: { 'content-length': '0' } }],
  ['a JSON error', 'GET', '/missing', {}, { status: 404, body: '{"message":"Not Found"}', headers: { 'content-type': 'application/json' } }],
  ['a text error', 'GET', '/broken', {}, { status: 500, body: 'upstream exploded', headers: { 'content-type': 'text/plain' } }],
  ['parseAs text', 'GET', '/readme', { parseAs: 'text' }, { status: 200, body: '# hello', headers: { 'content-type': 'text/markdown' } }],
];

describe('the runtime upstream client, against openapi-fetch', () => {
  it.each(CASES)('%s: the same request goes out, the same outcome comes back', async (_name, method, path, init, answer) => {
    const expected = await viaOpenapiFetch(method, path, init, answer);
    const actual = await viaRuntime(method, path, init, answer);
    expect(actual.sent.method).toBe(expected.sent.method);
    expect(actual.sent.url).toBe(expected.sent.url);
    expect(actual.sent.body).toBe(expected.sent.body);
    // Headers fetch adds by itself (none here besides those) aside, the same set.
    expect(actual.sent.headers).toEqual(expected.sent.headers);
    expect(actual.data).toEqual(expected.data);
    expect(actual.error).toEqual(expected.error);
  });

  it('gives a binary answer as a Blob typed by its Content-Type (parseAs blob)', async () => {
    const { data } = await viaRuntime('GET', '/logo', { parseAs: 'blob' }, { status: 200, body: 'PNG…', headers: { 'content-type': 'image/png' } });
    expect(data).toBeInstanceOf(Blob);
    expect((data as Blob).type).toBe('image/png');
  });
});
