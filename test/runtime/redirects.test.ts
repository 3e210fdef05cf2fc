/**
 * followSameOrigin (runtime/upstream/redirects.ts) over the runtime's undici dispatch, against a loopback server: same-origin
 * redirects are followed with the same credentials (a 307 resends the body, a 303 turns
 * into a GET), at most twice; a redirect to another origin comes back unfollowed.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchWith, originAndPath } from '../../runtime/upstream/dispatch.ts';
import { crossOriginTarget, followSameOrigin, MAX_SAME_ORIGIN_HOPS } from '../../runtime/upstream/redirects.ts';
import type { UpstreamRequest } from '../../runtime/tools/types.ts';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

let server: Server;
let other: Server;
let base: string;
let otherBase: string;
const seen: Seen[] = [];
const otherSeen: string[] = [];

async function listen(s: Server): Promise<string> {
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  other = createServer((req, res) => {
    otherSeen.push(req.url ?? '');
    res.end('elsewhere');
  });
  otherBase = await listen(other);
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += String(d)));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const hop = (status: number, location: string) => res.writeHead(status, { location }).end();
      if (req.url === '/307') return hop(307, '/final');
      if (req.url === '/303') return hop(303, '/final');
      if (req.url === '/a') return hop(302, '/b');
      if (req.url === '/b') return hop(302, '/c');
      if (req.url === '/c') return hop(302, '/d');
      if (req.url === '/away') return hop(302, `${otherBase}/file`);
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`done ${req.method}`);
    });
  });
  base = await listen(server);
});

afterAll(async () => {
  for (const s of [server, other]) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

const fetchOnce = followSameOrigin(dispatchWith());
const post = (path: string): UpstreamRequest => ({
  method: 'POST',
  url: `${base}${path}`,
  body: '{"a":1}',
  headers: { authorization: 'Bearer t1', 'content-type': 'application/json' },
});
const get = (path: string, headers: Record<string, string> = {}): UpstreamRequest => ({ method: 'GET', url: `${base}${path}`, headers });

describe('followSameOrigin', () => {
  it('resends a 307 to the same origin with the same method, body and credentials', async () => {
    seen.length = 0;
    const response = await fetchOnce(post('/307'));
    expect(await response.text()).toBe('done POST');
    expect(seen[1]).toMatchObject({ method: 'POST', url: '/final', body: '{"a":1}', headers: { authorization: 'Bearer t1' } });
  });

  it('turns a 303 into a GET without the body or its headers, keeping the credentials', async () => {
    seen.length = 0;
    await fetchOnce(post('/303'));
    expect(seen[1]).toMatchObject({ method: 'GET', url: '/final', body: '', headers: { authorization: 'Bearer t1' } });
    expect(seen[1]?.headers['content-type']).toBeUndefined();
  });

  it(`follows at most ${MAX_SAME_ORIGIN_HOPS} same-origin hops, then returns the redirect`, async () => {
    seen.length = 0;
    const response = await fetchOnce(get('/a'));
    expect(seen.map((s) => s.url)).toEqual(['/a', '/b', '/c']);
    expect(response.status).toBe(302);
    expect(crossOriginTarget(response)).toBeUndefined();
  });

  it('returns a redirect to another origin unfollowed, naming its target', async () => {
    otherSeen.length = 0;
    const response = await fetchOnce(get('/away', { authorization: 'Bearer t1' }));
    expect(response.status).toBe(302);
    expect(crossOriginTarget(response)?.href).toBe(`${otherBase}/file`);
    expect(otherSeen).toEqual([]);
  });
});

describe('originAndPath', () => {
  it.each([
    ['http://127.0.0.1:8080/user/profile?x=1&y=2', 'http://127.0.0.1:8080', '/user/profile?x=1&y=2'],
    ['https://api.example.com', 'https://api.example.com', '/'],
    ['https://api.example.com?q=1', 'https://api.example.com', '/?q=1'],
    ['https://api.example.com/v1/a%20b', 'https://api.example.com', '/v1/a%20b'],
    ['https://user:pw@api.example.com/x', 'https://api.example.com', '/x'],
    ['http://[::1]:3000/p', 'http://[::1]:3000', '/p'],
  ])('splits %s as a URL parse would', (url, origin, path) => {
    expect(originAndPath(url)).toEqual({ origin, path });
    const parsed = new URL(url);
    expect(originAndPath(url).path).toBe(`${parsed.pathname}${parsed.search}`);
  });
});
