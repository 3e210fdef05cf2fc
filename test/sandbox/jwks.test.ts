import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { startSandbox } from '../../sandbox/index.ts';
import type { Sandbox } from '../../sandbox/types.ts';
import { callApi } from './helpers.ts';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(() => sb.close());
beforeEach(() => sb.reset());

async function kids(): Promise<string[]> {
  const res = await fetch(sb.jwksUrl);
  const body = (await res.json()) as { keys: { kid: string }[] };
  return body.keys.map((k) => k.kid);
}

describe('JWKS', () => {
  it('publishes the signing key and counts every fetch', async () => {
    expect(await kids()).toEqual([sb.signingKid]);
    await kids();
    expect(sb.jwksRequests).toBe(2);
  });

  it('keeps the old key published after rotation and signs with the new one', async () => {
    const oldKid = sb.signingKid;
    const oldToken = (await sb.issueUserTokens('alice')).accessToken;
    const newKid = await sb.rotateSigningKey();
    expect(newKid).not.toBe(oldKid);
    expect(sb.signingKid).toBe(newKid);
    expect(await kids()).toEqual([oldKid, newKid]);
    const newToken = (await sb.issueUserTokens('alice')).accessToken;
    expect(decodeProtectedHeader(newToken).kid).toBe(newKid);
    expect(decodeProtectedHeader(await sb.issueMcpToken('alice')).kid).toBe(newKid);
    expect((await callApi(sb, '/user/profile', { token: oldToken })).status).toBe(200);
    expect((await callApi(sb, '/user/profile', { token: newToken })).status).toBe(200);
  });

  it('unpublishes old keys on retireOldKeys; tokens they signed stop verifying at the API', async () => {
    const oldToken = (await sb.issueUserTokens('alice')).accessToken;
    const oldKid = sb.signingKid;
    await sb.rotateSigningKey();
    expect(sb.retireOldKeys()).toBeGreaterThanOrEqual(1);
    expect(await kids()).toEqual([sb.signingKid]);
    expect((await callApi(sb, '/user/profile', { token: oldToken })).status).toBe(401);
    // A retired key can still sign, to forge "signed by a retired key" tokens.
    expect(decodeProtectedHeader(await sb.issueMcpToken('alice', { kid: oldKid })).kid).toBe(oldKid);
  });

  it('lets a client see a cached JWKS and refetch on an unknown kid', async () => {
    const jwks = createRemoteJWKSet(new URL(sb.jwksUrl), { cooldownDuration: 0 });
    const opts = { issuer: sb.issuer, audience: sb.mcpAudience };
    await jwtVerify(await sb.issueMcpToken('alice'), jwks, opts);
    await jwtVerify(await sb.issueMcpToken('bob'), jwks, opts);
    expect(sb.jwksRequests).toBe(1);
    await sb.rotateSigningKey();
    await jwtVerify(await sb.issueMcpToken('alice'), jwks, opts);
    expect(sb.jwksRequests).toBe(2);
  });

  it('answers 503 while jwksDown, still counting the request', async () => {
    sb.faults.jwksDown = true;
    const res = await fetch(sb.jwksUrl);
    expect(res.status).toBe(503);
    expect(sb.jwksRequests).toBe(1);
    sb.faults.jwksDown = false;
    expect((await fetch(sb.jwksUrl)).status).toBe(200);
  });
});

describe('discovery', () => {
  it.each(['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration'])(
    'lists the endpoints, grants and PKCE method at %s',
    async (path) => {
      const res = await callApi(sb, path);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        issuer: sb.issuer,
        jwks_uri: sb.jwksUrl,
        token_endpoint: sb.tokenUrl,
        authorization_endpoint: sb.authorizationUrl,
        introspection_endpoint: sb.introspectionUrl,
        device_authorization_endpoint: sb.deviceAuthorizationUrl,
        code_challenge_methods_supported: ['S256'],
        response_types_supported: ['code'],
      });
      expect((res.body as { grant_types_supported: string[] }).grant_types_supported).toEqual(
        expect.arrayContaining([
          'authorization_code',
          'refresh_token',
          'client_credentials',
          'urn:ietf:params:oauth:grant-type:token-exchange',
          'urn:ietf:params:oauth:grant-type:device_code',
        ]),
      );
      expect(sb.requests).toEqual([]);
    },
  );
});
