import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { startSandbox } from '../../sandbox/index.ts';
import type { Sandbox } from '../../sandbox/types.ts';
import { callApi, CLIENT_ID, CLIENT_SECRET, postToken } from './helpers.ts';
import {
  authorizeParams,
  codeFor,
  getPage,
  hiddenFields,
  LOOPBACK,
  pkcePair,
  postForm,
  PUBLIC_CLIENT,
  signIn,
} from './login.ts';

const WEB_CALLBACK = 'https://app.example/oauth/callback';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({
    clients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [WEB_CALLBACK] }],
  });
});
afterAll(() => sb.close());
beforeEach(() => sb.reset());

function redeem(code: string, verifier: string, extra: Record<string, string> = {}) {
  return postToken(
    sb,
    { grant_type: 'authorization_code', code, redirect_uri: LOOPBACK, code_verifier: verifier, client_id: PUBLIC_CLIENT, ...extra },
    'none',
  );
}

describe('the sign-in page', () => {
  it('is a plain form posting username and password, carrying the request in hidden fields', async () => {
    const { challenge } = pkcePair();
    const page = await getPage(`${sb.authorizationUrl}?${new URLSearchParams(authorizeParams(challenge, { scope: 'profile' }))}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.html).toContain('<form method="post" action="/oauth/authorize">');
    expect(page.html).toMatch(/<input name="username"/);
    expect(page.html).toMatch(/<input name="password" type="password"/);
    expect(page.html).toMatch(/<button type="submit" id="sign-in"/);
    expect(hiddenFields(page.html)).toEqual(authorizeParams(challenge, { scope: 'profile' }));
  });

  it('escapes request values on the page', async () => {
    const { challenge } = pkcePair();
    const page = await getPage(`${sb.authorizationUrl}?${new URLSearchParams(authorizeParams(challenge, { state: '"><script>x</script>' }))}`);
    expect(page.html).not.toContain('<script>');
    expect(hiddenFields(page.html).state).toBe('"><script>x</script>');
  });

  it('redirects to the loopback redirect URI with a code, the state and the issuer after sign-in', async () => {
    const { challenge } = pkcePair();
    const back = await signIn(sb, authorizeParams(challenge));
    expect(back.origin + back.pathname).toBe(LOOPBACK);
    expect(back.searchParams.get('code')).toEqual(expect.any(String));
    expect(back.searchParams.get('state')).toBe('st-123');
    expect(back.searchParams.get('iss')).toBe(sb.issuer);
  });

  it('accepts a loopback redirect on any port and on localhost for the public client', async () => {
    const { challenge } = pkcePair();
    for (const uri of ['http://127.0.0.1:1234/callback', 'http://localhost:40000/cb', 'http://[::1]:9/callback']) {
      const back = await signIn(sb, authorizeParams(challenge, { redirect_uri: uri }));
      expect(back.href.startsWith(uri)).toBe(true);
    }
  });

  it('shows the form again with an error for a wrong password, without redirecting', async () => {
    const { challenge } = pkcePair();
    const page = await getPage(`${sb.authorizationUrl}?${new URLSearchParams(authorizeParams(challenge))}`);
    const res = await postForm(sb.authorizationUrl, { ...hiddenFields(page.html), username: 'alice', password: 'nope' });
    expect(res.status).toBe(200);
    expect(res.headers.get('location')).toBeNull();
    expect(res.html).toContain('id="error"');
    expect(res.html).not.toContain('nope');
  });

  it('redirects with access_denied when the user cancels', async () => {
    const { challenge } = pkcePair();
    const res = await postForm(sb.authorizationUrl, { ...authorizeParams(challenge), action: 'deny' });
    const back = new URL(res.headers.get('location') ?? '');
    expect(res.status).toBe(302);
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(back.searchParams.get('state')).toBe('st-123');
  });
});

describe('authorization request refusals', () => {
  it('shows an error page and never redirects for a redirect URI that is not registered', async () => {
    const { challenge } = pkcePair();
    for (const uri of ['https://evil.example/callback', 'http://127.0.0.1.evil.example/callback']) {
      const page = await getPage(`${sb.authorizationUrl}?${new URLSearchParams(authorizeParams(challenge, { redirect_uri: uri }))}`);
      expect(page.status).toBe(400);
      expect(page.headers.get('location')).toBeNull();
      expect(page.html).toContain('redirect_uri');
    }
  });

  it('also refuses the mismatch when it arrives in the POST', async () => {
    const { challenge } = pkcePair();
    const res = await postForm(sb.authorizationUrl, {
      ...authorizeParams(challenge, { redirect_uri: 'https://evil.example/cb' }),
      username: 'alice',
      password: 'password',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });

  it('requires an exact redirect URI match for a confidential client (no loopback leeway)', async () => {
    const { challenge } = pkcePair();
    const ok = await getPage(`${sb.authorizationUrl}?${new URLSearchParams(authorizeParams(challenge, { client_id: CLIENT_ID, redirect_uri: WEB_CALLBACK }))}`);
    expect(ok.status).toBe(200);
    const loopback = await getPage(`${sb.authorizationUrl}?${new URLSearchParams(authorizeParams(challenge, { client_id: CLIENT_ID }))}`);
    expect(loopback.status).toBe(400);
    const prefix = await getPage(`${sb.authorizationUrl}?${new URLSearchParams(authorizeParams(challenge, { client_id: CLIENT_ID, redirect_uri: `${WEB_CALLBACK}/x` }))}`);
    expect(prefix.status).toBe(400);
  });

  it('shows an error page for an unknown client', async () => {
    const { challenge } = pkcePair();
    const page = await getPage(`${sb.authorizationUrl}?${new URLSearchParams(authorizeParams(challenge, { client_id: 'ghost' }))}`);
    expect(page.status).toBe(400);
    expect(page.headers.get('location')).toBeNull();
  });

  it.each([
    ['no PKCE challenge', { code_challenge: '' }, 'invalid_request'],
    ['the plain PKCE method', { code_challenge_method: 'plain' }, 'invalid_request'],
    ['a response_type other than code', { response_type: 'token' }, 'unsupported_response_type'],
    ['an unknown scope', { scope: 'profile admin' }, 'invalid_scope'],
    ['an unknown resource', { resource: 'https://elsewhere.example/' }, 'invalid_target'],
  ])('redirects back with an error for %s', async (_name, override, error) => {
    const { challenge } = pkcePair();
    const page = await getPage(`${sb.authorizationUrl}?${new URLSearchParams(authorizeParams(challenge, override))}`);
    expect(page.status).toBe(302);
    const back = new URL(page.headers.get('location') ?? '');
    expect(back.searchParams.get('error')).toBe(error);
    expect(back.searchParams.get('state')).toBe('st-123');
  });
});

describe('authorization_code grant', () => {
  it('redeems a code with the right verifier for upstream tokens of the signed-in user', async () => {
    const { code, verifier } = await codeFor(sb, { scope: 'profile activity.read' });
    const res = await redeem(code, verifier);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body).toMatchObject({ token_type: 'Bearer', scope: 'profile activity.read', refresh_token: expect.any(String) });
    expect(decodeJwt(res.body.access_token as string)).toMatchObject({
      sub: 'alice', aud: 'dta-wide', iss: sb.issuer, client_id: PUBLIC_CLIENT,
    });
    expect((await callApi(sb, '/user/profile', { token: res.body.access_token as string })).status).toBe(200);
    expect(sb.tokenRequests).toEqual([
      { grantType: 'authorization_code', clientId: PUBLIC_CLIENT, subject: 'alice', status: 200 },
    ]);
  });

  it('lets the public client refresh with rotation', async () => {
    const { code, verifier } = await codeFor(sb);
    const first = await redeem(code, verifier);
    const res = await postToken(
      sb,
      { grant_type: 'refresh_token', refresh_token: first.body.refresh_token as string, client_id: PUBLIC_CLIENT },
      'none',
    );
    expect(res.status).toBe(200);
    expect(res.body.refresh_token).not.toBe(first.body.refresh_token);
  });

  it('issues MCP-audience tokens when the resource is the MCP audience, and keeps that audience on refresh', async () => {
    const { code, verifier } = await codeFor(sb, { resource: sb.mcpAudience });
    const res = await redeem(code, verifier, { resource: sb.mcpAudience });
    expect(res.status).toBe(200);
    expect(decodeJwt(res.body.access_token as string).aud).toBe(sb.mcpAudience);
    const refreshed = await postToken(
      sb,
      { grant_type: 'refresh_token', refresh_token: res.body.refresh_token as string, client_id: PUBLIC_CLIENT },
      'none',
    );
    expect(decodeJwt(refreshed.body.access_token as string).aud).toBe(sb.mcpAudience);
  });

  it('refuses a resource at the token endpoint that differs from the authorization request', async () => {
    const { code, verifier } = await codeFor(sb, { resource: sb.mcpAudience });
    const res = await redeem(code, verifier, { resource: sb.url });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_target');
  });

  it('answers invalid_grant for a wrong code_verifier, and the code is spent', async () => {
    const { code, verifier } = await codeFor(sb);
    const wrong = await redeem(code, pkcePair().verifier);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toBe('invalid_grant');
    expect((await redeem(code, verifier)).body.error).toBe('invalid_grant');
  });

  it('answers invalid_grant for a reused code and revokes the tokens issued from it', async () => {
    const { code, verifier } = await codeFor(sb);
    const first = await redeem(code, verifier);
    expect((await callApi(sb, '/user/profile', { token: first.body.access_token as string })).status).toBe(200);
    const again = await redeem(code, verifier);
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('invalid_grant');
    expect((await callApi(sb, '/user/profile', { token: first.body.access_token as string })).status).toBe(401);
    const refresh = await postToken(
      sb,
      { grant_type: 'refresh_token', refresh_token: first.body.refresh_token as string, client_id: PUBLIC_CLIENT },
      'none',
    );
    expect(refresh.body.error).toBe('invalid_grant');
  });

  it('answers invalid_grant for a redirect_uri that differs from the authorization request', async () => {
    const { code, verifier } = await codeFor(sb);
    const res = await redeem(code, verifier, { redirect_uri: 'http://127.0.0.1:9999/callback' });
    expect(res.body.error).toBe('invalid_grant');
  });

  it('answers invalid_grant for a code issued to another client', async () => {
    const { code, verifier } = await codeFor(sb);
    const res = await postToken(sb, { grant_type: 'authorization_code', code, redirect_uri: LOOPBACK, code_verifier: verifier });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_grant');
    expect((await redeem(code, verifier)).status).toBe(200);
  });

  it('answers invalid_grant for an expired code', async () => {
    const short = await startSandbox({ authorizationCodeTtlSec: 0 });
    try {
      const { code, verifier } = await codeFor(short);
      const res = await postToken(
        short,
        { grant_type: 'authorization_code', code, redirect_uri: LOOPBACK, code_verifier: verifier, client_id: PUBLIC_CLIENT },
        'none',
      );
      expect(res.body.error).toBe('invalid_grant');
    } finally {
      await short.close();
    }
  });

  it('answers invalid_client for an unknown public client and for the public client presenting a secret', async () => {
    const { code, verifier } = await codeFor(sb);
    const ghost = await redeem(code, verifier, { client_id: 'ghost' });
    expect(ghost.status).toBe(401);
    expect(ghost.body.error).toBe('invalid_client');
    const withSecret = await redeem(code, verifier, { client_secret: 'guess' });
    expect(withSecret.status).toBe(401);
    expect(JSON.stringify(withSecret.body)).not.toContain('guess');
  });

  it('answers invalid_request without a code_verifier', async () => {
    const { code } = await codeFor(sb);
    const res = await postToken(sb, { grant_type: 'authorization_code', code, redirect_uri: LOOPBACK, client_id: PUBLIC_CLIENT }, 'none');
    expect(res.body.error).toBe('invalid_request');
  });

  it('does not let a public client use client_credentials', async () => {
    const res = await postToken(sb, { grant_type: 'client_credentials', client_id: PUBLIC_CLIENT }, 'none');
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('unauthorized_client');
  });
});
