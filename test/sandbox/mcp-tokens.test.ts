import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { startSandbox } from '../../sandbox/index.ts';
import type { Sandbox } from '../../sandbox/types.ts';
import { callApi } from './helpers.ts';

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ mcpAudience: 'https://mcp.example/mcp' });
});
afterAll(() => sb.close());
beforeEach(() => sb.reset());

async function verifyForMcp(token: string) {
  return jwtVerify(token, createRemoteJWKSet(new URL(sb.jwksUrl)), { issuer: sb.issuer, audience: sb.mcpAudience });
}

describe('issueMcpToken', () => {
  it('signs a JWT for the MCP audience that verifies with the published JWKS', async () => {
    const token = await sb.issueMcpToken('alice');
    const { payload, protectedHeader } = await verifyForMcp(token);
    expect(protectedHeader).toMatchObject({ alg: 'ES256', typ: 'at+jwt', kid: sb.signingKid });
    expect(payload).toMatchObject({
      iss: sb.issuer,
      aud: 'https://mcp.example/mcp',
      sub: 'alice',
      scope: 'profile settings.write activity.read',
      client_id: 'dta-mcp-cli',
    });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(3600);
    expect(payload.nbf).toBeUndefined();
  });

  it('takes scope, lifetime, nbf and client_id', async () => {
    const token = await sb.issueMcpToken('bob', { scope: 'profile', ttlSec: 60, nbfSec: 30, clientId: 'claude' });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({ sub: 'bob', scope: 'profile', client_id: 'claude' });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(60);
    expect((claims.nbf ?? 0) - (claims.iat ?? 0)).toBe(30);
    await expect(verifyForMcp(token)).rejects.toMatchObject({ code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'nbf' });
  });

  it.each([
    ['an expired token', { ttlSec: 0 }, 'ERR_JWT_EXPIRED'],
    ['another audience', { audience: 'someone-else' }, 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
    ['no audience', { audience: null }, 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
    ['a wrong issuer', { issuer: 'https://evil.example' }, 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
    ['a key outside the JWKS', { foreign: true }, 'ERR_JWKS_NO_MATCHING_KEY'],
  ] as const)('forges %s for attack tests', async (_name, opts, code) => {
    const token = await sb.issueMcpToken('alice', opts);
    await expect(verifyForMcp(token)).rejects.toMatchObject({ code });
  });

  it('forges a token claiming a published kid but signed by a foreign key', async () => {
    const token = await sb.issueMcpToken('alice', { foreign: true, kid: sb.signingKid });
    expect(decodeProtectedHeader(token).kid).toBe(sb.signingKid);
    await expect(verifyForMcp(token)).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED' });
  });

  it('forges an unsigned alg "none" token and a list audience with extra claims', async () => {
    const none = await sb.issueMcpToken('alice', { unsigned: true });
    expect(decodeProtectedHeader(none).alg).toBe('none');
    expect(none.endsWith('.')).toBe(true);
    const multi = await sb.issueMcpToken('alice', { audience: [sb.mcpAudience, 'dta-wide'], claims: { act: { sub: 'x' } } });
    expect(decodeJwt(multi)).toMatchObject({ aud: [sb.mcpAudience, 'dta-wide'], act: { sub: 'x' } });
  });
});

describe('the API and MCP-audience tokens', () => {
  it('refuses a valid MCP-audience token with 401 and counts it', async () => {
    const token = await sb.issueMcpToken('alice');
    const res = await callApi(sb, '/user/profile', { token });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: 'invalid_token' });
    expect(sb.mcpAudienceTokensSeen).toBe(1);
    expect(sb.requests[0]?.auth).toBeUndefined();
  });

  it('counts a passed-through MCP token even where no token is needed, and not upstream tokens', async () => {
    await callApi(sb, '/health', { token: await sb.issueMcpToken('alice', { foreign: true }) });
    const upstream = await sb.issueUserTokens('alice');
    await callApi(sb, '/user/profile', { token: upstream.accessToken });
    expect(sb.mcpAudienceTokensSeen).toBe(1);
  });

  it('starts counting from zero after reset', async () => {
    await callApi(sb, '/user/profile', { token: await sb.issueMcpToken('alice') });
    sb.reset();
    expect(sb.mcpAudienceTokensSeen).toBe(0);
  });
});
