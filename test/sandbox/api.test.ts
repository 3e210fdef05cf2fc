import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/index.ts';
import type { Sandbox } from '../../sandbox/types.ts';
import { callApi, postToken, serviceToken } from './helpers.ts';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.close());
beforeEach(() => sb.reset());

describe('health', () => {
  it('answers without a token', async () => {
    const res = await callApi(sb, '/health');
    expect(res).toMatchObject({ status: 200, body: { status: 'ok' } });
  });
});

describe('items (extension)', () => {
  it('answers an item echoing the id it was asked for, without a token', async () => {
    const res = await callApi(sb, '/items?id=123');
    expect(res).toMatchObject({ status: 200, body: { id: '123', templateTest: true, data: 'Data for ID: 123' } });
  });
});

describe('bearer token checks', () => {
  it('answers 401 without a token, with a Bearer challenge and a problem body', async () => {
    const res = await callApi(sb, '/user/profile');
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(res.body).toMatchObject({ error: 'invalid_token', message: expect.any(String) });
  });

  it('answers 401 invalid_token for a garbage token', async () => {
    const res = await callApi(sb, '/user/profile', { token: 'garbage' });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('answers 401 for an expired access token', async () => {
    const t = await sb.issueUserTokens('alice', { accessTtlSec: 0 });
    expect(t.expiresAt).toBeLessThanOrEqual(Date.now());
    const res = await callApi(sb, '/user/profile', { token: t.accessToken });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(JSON.stringify(res.body)).not.toContain(t.accessToken);
  });

  it('accepts a token until it expires, then answers 401', async () => {
    // exp has whole-second precision: start early in a second so the token lives >= 300 ms.
    const intoSecond = Date.now() % 1000;
    if (intoSecond > 700) await new Promise((r) => setTimeout(r, 1000 - intoSecond));
    const t = await sb.issueUserTokens('alice', { accessTtlSec: 1 });
    expect((await callApi(sb, '/user/profile', { token: t.accessToken })).status).toBe(200);
    await new Promise((r) => setTimeout(r, Math.max(0, t.expiresAt - Date.now()) + 20));
    expect((await callApi(sb, '/user/profile', { token: t.accessToken })).status).toBe(401);
  });

  it('answers 401 for a revoked access token', async () => {
    const t = await sb.issueUserTokens('alice');
    expect((await callApi(sb, '/user/profile', { token: t.accessToken })).status).toBe(200);
    sb.revokeAccessToken(t.accessToken);
    expect((await callApi(sb, '/user/profile', { token: t.accessToken })).status).toBe(401);
  });

  it('answers 401 for a token signed by another sandbox', async () => {
    const other = await startSandbox();
    try {
      const t = await other.issueUserTokens('alice');
      expect((await callApi(sb, '/user/profile', { token: t.accessToken })).status).toBe(401);
    } finally {
      await other.close();
    }
  });

  it('answers 403 insufficient_scope for a user token on /system/errors', async () => {
    const t = await sb.issueUserTokens('alice');
    const res = await callApi(sb, '/system/errors', { token: t.accessToken });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: 'insufficient_scope' });
  });

  it('answers 403 for a service token on a user route', async () => {
    const res = await callApi(sb, '/user/profile', { token: await serviceToken(sb) });
    expect(res.status).toBe(403);
  });

  it('answers 403 when the user token lacks the operation scope', async () => {
    const t = await sb.issueUserTokens('alice', { scope: 'profile' });
    expect((await callApi(sb, '/user/profile', { token: t.accessToken })).status).toBe(200);
    expect((await callApi(sb, '/user/activity', { token: t.accessToken })).status).toBe(403);
  });
});

describe('routes', () => {
  it('answers 404 problem for an unknown route and 405 for a wrong method', async () => {
    const nf = await callApi(sb, '/nope');
    expect(nf).toMatchObject({ status: 404, body: { error: 'not_found' } });
    const na = await callApi(sb, '/user/profile', { method: 'DELETE' });
    expect(na.status).toBe(405);
    expect(na.headers.get('allow')).toBe('GET');
  });

  it('returns recent system errors to a service token, bounded by limit', async () => {
    const token = await serviceToken(sb);
    const res = await callApi(sb, '/system/errors?hours=168&limit=3', { token });
    expect(res.status).toBe(200);
    const body = res.body as { errors: { timestamp: string }[]; count: number };
    expect(body.count).toBe(body.errors.length);
    expect(body.errors.length).toBeLessThanOrEqual(3);
    const times = body.errors.map((e) => Date.parse(e.timestamp));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('validates hours and limit on /system/errors', async () => {
    const token = await serviceToken(sb);
    expect((await callApi(sb, '/system/errors?hours=0', { token })).status).toBe(400);
    expect((await callApi(sb, '/system/errors?limit=abc', { token })).status).toBe(400);
  });

  it('returns a deterministic per-user profile, with defaults for unknown users', async () => {
    const alice = await sb.issueUserTokens('alice');
    const res = await callApi(sb, '/user/profile', { token: alice.accessToken });
    expect(res.body).toMatchObject({ id: 'alice', name: expect.any(String), email: expect.stringContaining('@') });
    const stranger = await sb.issueUserTokens('zed-42');
    expect((await callApi(sb, '/user/profile', { token: stranger.accessToken })).body).toMatchObject({ id: 'zed-42' });
  });
});

describe('PUT /user/settings', () => {
  it('merges settings per user and returns the result', async () => {
    const bob = await sb.issueUserTokens('bob');
    const demo = await sb.issueUserTokens('demo-user');
    const first = await callApi(sb, '/user/settings', { token: bob.accessToken, method: 'PUT', body: '{"theme":"dark"}' });
    expect(first.status).toBe(200);
    const second = await callApi(sb, '/user/settings', { token: bob.accessToken, method: 'PUT', body: '{"extra":1}' });
    expect(second.body).toMatchObject({ theme: 'dark', extra: 1 });
    const other = await callApi(sb, '/user/settings', { token: demo.accessToken, method: 'PUT', body: '{}' });
    expect(other.body).not.toHaveProperty('extra');
    expect((other.body as { theme?: string }).theme).not.toBe('dark');
  });

  it.each([
    ['invalid JSON', '{"theme":'],
    ['an array', '[1,2]'],
    ['null', 'null'],
    ['a wrongly typed known key', '{"notifications":"yes"}'],
  ])('answers 400 problem for %s', async (_name, body) => {
    const t = await sb.issueUserTokens('alice');
    const res = await callApi(sb, '/user/settings', { token: t.accessToken, method: 'PUT', body });
    expect(res).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
  });

  it('answers 413 for a body over 1 MiB', async () => {
    const t = await sb.issueUserTokens('alice');
    const big = JSON.stringify({ blob: 'x'.repeat(1024 * 1024 + 1) });
    const res = await callApi(sb, '/user/settings', { token: t.accessToken, method: 'PUT', body: big });
    expect(res.status).toBe(413);
  });
});

describe('GET /user/activity', () => {
  it('filters by date, newest first, bounded by limit, same answer every time', async () => {
    const t = await sb.issueUserTokens('alice');
    const q = '/user/activity?startDate=2024-03-01&endDate=2024-03-10&limit=100';
    const res = await callApi(sb, q, { token: t.accessToken });
    expect(res.status).toBe(200);
    const body = res.body as { entries: { timestamp: string }[]; count: number };
    expect(body.entries.length).toBeGreaterThan(0);
    expect(body.count).toBe(body.entries.length);
    for (const e of body.entries) {
      expect(e.timestamp.slice(0, 10) >= '2024-03-01' && e.timestamp.slice(0, 10) <= '2024-03-10').toBe(true);
    }
    expect((await callApi(sb, q, { token: t.accessToken })).body).toEqual(body);
    const limited = await callApi(sb, q.replace('limit=100', 'limit=2'), { token: t.accessToken });
    expect((limited.body as { entries: unknown[] }).entries).toEqual(body.entries.slice(0, 2));
  });

  it.each([
    ['startDate=2024-13-01'],
    ['endDate=yesterday'],
    ['startDate=2024-02-30'],
    ['limit=0'],
    ['limit=101'],
    ['limit=1.5'],
    ['startDate=2024-03-10&endDate=2024-03-01'],
  ])('answers 400 problem for %s', async (query) => {
    const t = await sb.issueUserTokens('alice');
    const res = await callApi(sb, `/user/activity?${query}`, { token: t.accessToken });
    expect(res).toMatchObject({ status: 400, body: { error: 'invalid_request', message: expect.any(String) } });
  });
});

describe('recording', () => {
  it('records every API request with the raw body, auth and status, rejected ones included', async () => {
    const t = await sb.issueUserTokens('alice');
    const raw = '{ "theme" : "light",\n  "notifications": false }';
    await callApi(sb, '/user/settings?x=1', { token: t.accessToken, method: 'PUT', body: raw });
    await callApi(sb, '/user/profile');
    await postToken(sb, { grant_type: 'client_credentials' });
    expect(sb.requests).toHaveLength(2);
    expect(sb.requests[0]).toMatchObject({
      method: 'PUT',
      path: '/user/settings',
      query: { x: '1' },
      body: raw,
      status: 200,
      auth: { kind: 'user', sub: 'alice', token: t.accessToken },
    });
    expect(sb.requests[0]?.headers['content-type']).toBe('application/json');
    expect(sb.requests[1]).toMatchObject({ method: 'GET', path: '/user/profile', status: 401, body: '' });
    expect(sb.requests[1]?.auth).toBeUndefined();
  });
});

describe('API faults', () => {
  it('unauthorizedNext answers 401 to the next N requests whatever their token, then recovers', async () => {
    const t = await sb.issueUserTokens('alice');
    sb.faults.unauthorizedNext = 2;
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await callApi(sb, '/user/profile', { token: t.accessToken })).status);
    expect(statuses).toEqual([401, 401, 200]);
    expect(sb.faults.unauthorizedNext).toBe(0);
    expect(sb.requests[0]?.auth?.sub).toBe('alice');
  });

  it('alwaysUnauthorized answers 401 to every authenticated request but leaves /health alone', async () => {
    const t = await sb.issueUserTokens('alice');
    sb.faults.alwaysUnauthorized = true;
    expect((await callApi(sb, '/user/profile', { token: t.accessToken })).status).toBe(401);
    expect((await callApi(sb, '/user/profile', { token: t.accessToken })).status).toBe(401);
    expect((await callApi(sb, '/health')).status).toBe(200);
  });
});
