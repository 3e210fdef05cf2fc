import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { startSandbox } from '../../sandbox/index.ts';
import type { Sandbox } from '../../sandbox/types.ts';
import { callApi, CLIENT_ID, postToken } from './helpers.ts';
import { PUBLIC_CLIENT } from './login.ts';

const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS_TOKEN = 'urn:ietf:params:oauth:token-type:access_token';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.close());
beforeEach(() => sb.reset());

function exchange(subjectToken: string, extra: Record<string, string> = {}, auth: 'basic' | 'post' = 'basic') {
  return postToken(sb, { grant_type: TOKEN_EXCHANGE, subject_token: subjectToken, subject_token_type: ACCESS_TOKEN, ...extra }, auth);
}

describe('token exchange', () => {
  it('trades an MCP-audience token for an upstream token and refresh token for the same user', async () => {
    const res = await exchange(await sb.issueMcpToken('alice'));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({
      issued_token_type: ACCESS_TOKEN,
      token_type: 'Bearer',
      expires_in: 3600,
      scope: 'profile settings.write activity.read',
      refresh_token: expect.any(String),
    });
    expect(decodeJwt(res.body.access_token as string)).toMatchObject({ sub: 'alice', aud: 'dta-wide', client_id: CLIENT_ID });
    expect((await callApi(sb, '/user/profile', { token: res.body.access_token as string })).body).toMatchObject({ id: 'alice' });
  });

  it('records the exchange with the client, audience, resource, scope and subject', async () => {
    await exchange(await sb.issueMcpToken('bob'), { audience: 'dta-wide', resource: sb.url, scope: 'profile' }, 'post');
    expect(sb.tokenRequests).toEqual([
      {
        grantType: TOKEN_EXCHANGE,
        clientId: CLIENT_ID,
        authMethod: 'post',
        audience: 'dta-wide',
        resource: sb.url,
        scope: 'profile',
        subject: 'bob',
        status: 200,
      },
    ]);
  });

  it('gives a refresh token that rotates like any other', async () => {
    const first = await exchange(await sb.issueMcpToken('alice'));
    const res = await postToken(sb, { grant_type: 'refresh_token', refresh_token: first.body.refresh_token as string });
    expect(res.status).toBe(200);
    expect(decodeJwt(res.body.access_token as string)).toMatchObject({ sub: 'alice', aud: 'dta-wide' });
    const reuse = await postToken(sb, { grant_type: 'refresh_token', refresh_token: first.body.refresh_token as string });
    expect(reuse.body.error).toBe('invalid_grant');
  });

  it('narrows the scope on request and refuses to widen it beyond the subject token', async () => {
    const subject = await sb.issueMcpToken('alice', { scope: 'profile activity.read' });
    expect((await exchange(subject, { scope: 'profile' })).body.scope).toBe('profile');
    const wide = await exchange(subject, { scope: 'profile settings.write' });
    expect(wide.status).toBe(400);
    expect(wide.body.error).toBe('invalid_scope');
  });

  it.each([
    ['expired', { ttlSec: 0 }],
    ['for another audience', { audience: 'dta-wide' }],
    ['without audience', { audience: null }],
    ['from another issuer', { issuer: 'https://evil.example' }],
    ['signed by a key outside the JWKS', { foreign: true }],
    ['unsigned', { unsigned: true }],
  ] as const)('answers invalid_grant for a subject token %s', async (_name, opts) => {
    const subject = await sb.issueMcpToken('alice', opts);
    const res = await exchange(subject);
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_grant');
    expect(JSON.stringify(res.body)).not.toContain(subject);
  });

  it('answers invalid_grant for a revoked subject token and for an upstream token', async () => {
    const revoked = await sb.issueMcpToken('alice');
    sb.revokeAccessToken(revoked);
    expect((await exchange(revoked)).body.error).toBe('invalid_grant');
    expect((await exchange((await sb.issueUserTokens('alice')).accessToken)).body.error).toBe('invalid_grant');
  });

  it('answers invalid_target for an audience or resource it does not serve', async () => {
    const subject = await sb.issueMcpToken('alice');
    expect((await exchange(subject, { audience: 'elsewhere' })).body.error).toBe('invalid_target');
    expect((await exchange(subject, { resource: 'https://elsewhere.example/' })).body.error).toBe('invalid_target');
  });

  it('answers invalid_request without a subject token type, and for an actor token', async () => {
    const subject = await sb.issueMcpToken('alice');
    const res = await postToken(sb, { grant_type: TOKEN_EXCHANGE, subject_token: subject });
    expect(res.body.error).toBe('invalid_request');
    expect((await exchange(subject, { actor_token: subject, actor_token_type: ACCESS_TOKEN })).body.error).toBe('invalid_request');
  });

  it('answers invalid_client for an unknown client and unauthorized_client for a public one', async () => {
    const subject = await sb.issueMcpToken('alice');
    const ghost = await postToken(
      sb,
      { grant_type: TOKEN_EXCHANGE, subject_token: subject, subject_token_type: ACCESS_TOKEN },
      'basic',
      { id: 'ghost', secret: 'x' },
    );
    expect(ghost.status).toBe(401);
    expect(ghost.body.error).toBe('invalid_client');
    const pub = await postToken(
      sb,
      { grant_type: TOKEN_EXCHANGE, subject_token: subject, subject_token_type: ACCESS_TOKEN, client_id: PUBLIC_CLIENT },
      'none',
    );
    expect(pub.body.error).toBe('unauthorized_client');
  });
});
