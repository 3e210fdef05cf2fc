import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { startSandbox } from '../../sandbox/index.ts';
import type { Sandbox } from '../../sandbox/types.ts';
import { basicAuth, callApi, CLIENT_ID, CLIENT_SECRET, postToken } from './helpers.ts';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ clients: [
    { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
    { clientId: 'other', clientSecret: 'other-secret' },
  ] });
});
afterAll(() => sb.close());
beforeEach(() => sb.reset());

describe('client_credentials grant', () => {
  it('issues a service access token to a client authenticating with HTTP Basic', async () => {
    const res = await postToken(sb, { grant_type: 'client_credentials' }, 'basic');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'system.read' });
    expect(res.body.refresh_token).toBeUndefined();
    const claims = decodeJwt(res.body.access_token as string);
    expect(claims).toMatchObject({ sub: CLIENT_ID, kind: 'service', scope: 'system.read', iss: sb.issuer, aud: 'dta-wide' });
    expect(typeof claims.jti).toBe('string');
    expect(sb.tokenRequests).toEqual([
      { grantType: 'client_credentials', clientId: CLIENT_ID, authMethod: 'basic', status: 200 },
    ]);
  });

  it('accepts client credentials in the form body and records the method', async () => {
    const res = await postToken(sb, { grant_type: 'client_credentials', scope: 'system.read' }, 'post');
    expect(res.status).toBe(200);
    expect(sb.tokenRequests[0]).toMatchObject({ authMethod: 'post', clientId: CLIENT_ID, scope: 'system.read' });
  });

  it('signs tokens verifiable with the published JWKS, issuer and audience', async () => {
    const res = await postToken(sb, { grant_type: 'client_credentials' });
    const jwks = createRemoteJWKSet(new URL(`${sb.url}/.well-known/jwks.json`));
    const { payload, protectedHeader } = await jwtVerify(res.body.access_token as string, jwks, {
      issuer: sb.issuer,
      audience: 'dta-wide',
    });
    expect(protectedHeader.alg).toBe('ES256');
    expect(payload.sub).toBe(CLIENT_ID);
  });

  it('publishes authorization server metadata', async () => {
    const res = await callApi(sb, '/.well-known/oauth-authorization-server');
    expect(res.body).toMatchObject({ issuer: sb.issuer, token_endpoint: sb.tokenUrl });
  });
});

describe('client authentication', () => {
  it('answers 401 invalid_client with a Basic challenge for a wrong secret over Basic', async () => {
    const res = await postToken(sb, { grant_type: 'client_credentials' }, 'basic', { id: CLIENT_ID, secret: 'nope' });
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_client');
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect(JSON.stringify(res.body)).not.toContain('nope');
    expect(sb.tokenRequests[0]).toMatchObject({ status: 401, error: 'invalid_client', authMethod: 'basic' });
  });

  it('answers 401 invalid_client for an unknown client in the body', async () => {
    const res = await postToken(sb, { grant_type: 'client_credentials' }, 'post', { id: 'ghost', secret: 'x' });
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_client');
    expect(res.headers.get('www-authenticate')).toBeNull();
  });

  it('answers 401 invalid_client when no client authentication is given', async () => {
    const res = await postToken(sb, { grant_type: 'client_credentials' }, 'none');
    expect(res.status).toBe(401);
    expect(res.body.error).toBe('invalid_client');
  });

  it('rejects using Basic and body credentials at once as invalid_request', async () => {
    const res = await fetch(sb.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basicAuth(CLIENT_ID, CLIENT_SECRET) },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('invalid_request');
  });
});

describe('malformed token requests', () => {
  it('answers unsupported_grant_type for an unknown grant', async () => {
    const res = await postToken(sb, { grant_type: 'password' });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('unsupported_grant_type');
  });

  it('answers invalid_request without grant_type', async () => {
    const res = await postToken(sb, {});
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_request');
  });

  it('answers invalid_request for a JSON body', async () => {
    const res = await fetch(sb.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basicAuth(CLIENT_ID, CLIENT_SECRET) },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('invalid_request');
  });

  it('answers 405 to GET', async () => {
    const res = await fetch(sb.tokenUrl);
    expect(res.status).toBe(405);
  });
});

describe('refresh_token grant', () => {
  it('rotates: each use returns a new access token and a new refresh token', async () => {
    const first = await sb.issueUserTokens('alice');
    const res = await postToken(sb, { grant_type: 'refresh_token', refresh_token: first.refreshToken });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body.refresh_token).toEqual(expect.any(String));
    expect(res.body.refresh_token).not.toBe(first.refreshToken);
    expect(res.body.access_token).not.toBe(first.accessToken);
    expect(decodeJwt(res.body.access_token as string)).toMatchObject({ sub: 'alice', kind: 'user' });
    const again = await postToken(sb, { grant_type: 'refresh_token', refresh_token: res.body.refresh_token as string });
    expect(again.status).toBe(200);
    expect(sb.tokenRequests.map((t) => t.refreshToken)).toEqual([first.refreshToken, res.body.refresh_token]);
  });

  it('detects reuse of a used refresh token and revokes the whole family, access tokens included', async () => {
    const first = await sb.issueUserTokens('bob');
    const rotated = await postToken(sb, { grant_type: 'refresh_token', refresh_token: first.refreshToken });
    const newAccess = rotated.body.access_token as string;
    expect((await callApi(sb, '/user/profile', { token: newAccess })).status).toBe(200);

    const reuse = await postToken(sb, { grant_type: 'refresh_token', refresh_token: first.refreshToken });
    expect(reuse.status).toBe(400);
    expect(reuse.body.error).toBe('invalid_grant');

    const latest = await postToken(sb, { grant_type: 'refresh_token', refresh_token: rotated.body.refresh_token as string });
    expect(latest.status).toBe(400);
    expect(latest.body.error).toBe('invalid_grant');
    expect((await callApi(sb, '/user/profile', { token: newAccess })).status).toBe(401);
    expect((await callApi(sb, '/user/profile', { token: first.accessToken })).status).toBe(401);
  });

  it('lets only one of two concurrent uses of a refresh token win; the other is a reuse', async () => {
    const t = await sb.issueUserTokens('alice');
    const both = await Promise.all([
      postToken(sb, { grant_type: 'refresh_token', refresh_token: t.refreshToken }),
      postToken(sb, { grant_type: 'refresh_token', refresh_token: t.refreshToken }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 400]);
    const winner = both.find((r) => r.status === 200);
    expect((await callApi(sb, '/user/profile', { token: winner?.body.access_token as string })).status).toBe(401);
  });

  it('leaves other families of the same user alone when one family is revoked', async () => {
    const a = await sb.issueUserTokens('bob');
    const b = await sb.issueUserTokens('bob');
    await postToken(sb, { grant_type: 'refresh_token', refresh_token: a.refreshToken });
    await postToken(sb, { grant_type: 'refresh_token', refresh_token: a.refreshToken });
    expect((await callApi(sb, '/user/profile', { token: b.accessToken })).status).toBe(200);
    expect((await postToken(sb, { grant_type: 'refresh_token', refresh_token: b.refreshToken })).status).toBe(200);
  });

  it('answers invalid_grant for an unknown refresh token', async () => {
    const res = await postToken(sb, { grant_type: 'refresh_token', refresh_token: 'not-a-token' });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_grant');
    expect(JSON.stringify(res.body)).not.toContain('not-a-token');
  });

  it('answers invalid_request without a refresh_token parameter', async () => {
    const res = await postToken(sb, { grant_type: 'refresh_token' });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_request');
  });

  it('answers invalid_grant when the refresh token belongs to another client', async () => {
    const t = await sb.issueUserTokens('alice');
    const res = await postToken(sb, { grant_type: 'refresh_token', refresh_token: t.refreshToken }, 'basic', {
      id: 'other',
      secret: 'other-secret',
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_grant');
    // The rightful client can still use it: a wrong-client attempt is not a reuse.
    expect((await postToken(sb, { grant_type: 'refresh_token', refresh_token: t.refreshToken })).status).toBe(200);
  });

  it('records resource and audience parameters', async () => {
    const t = await sb.issueUserTokens('alice');
    await postToken(sb, {
      grant_type: 'refresh_token',
      refresh_token: t.refreshToken,
      resource: 'https://api.example/',
      audience: 'dta-wide',
    });
    expect(sb.tokenRequests[0]).toMatchObject({ resource: 'https://api.example/', audience: 'dta-wide', status: 200 });
  });

  it('narrows the scope on request and refuses to widen it', async () => {
    const t = await sb.issueUserTokens('alice', { scope: 'profile activity.read' });
    const narrow = await postToken(sb, { grant_type: 'refresh_token', refresh_token: t.refreshToken, scope: 'profile' });
    expect(narrow.body.scope).toBe('profile');
    const wide = await postToken(sb, {
      grant_type: 'refresh_token',
      refresh_token: narrow.body.refresh_token as string,
      scope: 'profile settings.write',
    });
    expect(wide.status).toBe(400);
    expect(wide.body.error).toBe('invalid_scope');
  });
});

describe('expiry', () => {
  it('answers invalid_grant for an expired refresh token', async () => {
    const short = await startSandbox({ refreshTokenTtlSec: 0 });
    try {
      const t = await short.issueUserTokens('alice');
      const res = await postToken(short, { grant_type: 'refresh_token', refresh_token: t.refreshToken });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_grant');
    } finally {
      await short.close();
    }
  });

  it('uses accessTokenTtlSec for token endpoint access tokens', async () => {
    const short = await startSandbox({ accessTokenTtlSec: 60 });
    try {
      const res = await postToken(short, { grant_type: 'client_credentials' });
      expect(res.body.expires_in).toBe(60);
      const claims = decodeJwt(res.body.access_token as string);
      expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(60);
    } finally {
      await short.close();
    }
  });
});

describe('token endpoint faults', () => {
  it('omitRefreshToken leaves refresh_token out and keeps the old one usable', async () => {
    const t = await sb.issueUserTokens('alice');
    sb.faults.omitRefreshToken = true;
    const res = await postToken(sb, { grant_type: 'refresh_token', refresh_token: t.refreshToken });
    expect(res.status).toBe(200);
    expect(res.body.refresh_token).toBeUndefined();
    const again = await postToken(sb, { grant_type: 'refresh_token', refresh_token: t.refreshToken });
    expect(again.status).toBe(200);
  });

  it('tokenEndpointStatus answers that status with an OAuth error body and consumes nothing', async () => {
    const t = await sb.issueUserTokens('alice');
    sb.faults.tokenEndpointStatus = 503;
    const res = await postToken(sb, { grant_type: 'refresh_token', refresh_token: t.refreshToken });
    expect(res.status).toBe(503);
    expect(res.body.error).toBe('temporarily_unavailable');
    expect(sb.tokenRequests[0]).toMatchObject({ grantType: 'refresh_token', status: 503, refreshToken: t.refreshToken });
    sb.faults.tokenEndpointStatus = undefined;
    expect((await postToken(sb, { grant_type: 'refresh_token', refresh_token: t.refreshToken })).status).toBe(200);
  });

  it('tokenEndpointDelayMs delays the answer', async () => {
    sb.faults.tokenEndpointDelayMs = 150;
    const started = performance.now();
    const res = await postToken(sb, { grant_type: 'client_credentials' });
    expect(res.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('does not serve a request whose client gave up during the delay, so nothing is consumed', async () => {
    const t = await sb.issueUserTokens('alice');
    sb.faults.tokenEndpointDelayMs = 300;
    const aborted = fetch(sb.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basicAuth(CLIENT_ID, CLIENT_SECRET) },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: t.refreshToken }),
      signal: AbortSignal.timeout(50),
    });
    await expect(aborted).rejects.toThrow();
    await expect.poll(() => sb.tokenRequests.length, { timeout: 1000 }).toBe(1);
    expect(sb.tokenRequests[0]).toMatchObject({ status: 499 });
    sb.faults.tokenEndpointDelayMs = 0;
    expect((await postToken(sb, { grant_type: 'refresh_token', refresh_token: t.refreshToken })).status).toBe(200);
  });

  it('reset clears faults and recordings in place', async () => {
    const faults = sb.faults;
    const tokenRequests = sb.tokenRequests;
    sb.faults.tokenEndpointStatus = 500;
    await postToken(sb, { grant_type: 'client_credentials' });
    sb.reset();
    expect(faults).toEqual({});
    expect(tokenRequests).toEqual([]);
    expect((await postToken(sb, { grant_type: 'client_credentials' })).status).toBe(200);
  });
});
