/**
 * Classification of token endpoint answers the sandbox cannot produce (malformed JSON,
 * odd error codes), against a tiny real HTTP server on loopback.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestToken } from '../../runtime/auth/oauth-token-endpoint.ts';
import { createOAuthRefresher } from '../../runtime/auth/refreshers/oauth-refresh.ts';
import { AuthRequiredError, TokenRefreshError } from '../../runtime/errors.ts';

let server: Server;
let url: string;
let next: { status: number; body: string } = { status: 200, body: '{}' };
let lastAuthorization: string | undefined;
let lastBody = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      lastAuthorization = req.headers.authorization;
      lastBody = body;
      res.writeHead(next.status, { 'content-type': 'application/json' }).end(next.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const client = () => ({ tokenUrl: url, clientId: 'id:with space', clientSecret: 's&cret' });

describe('token endpoint classification', () => {
  it.each([
    ['200 with a body that is not JSON', 200, '<html>oops</html>', 'transient'],
    ['200 without access_token', 200, '{"token_type":"Bearer"}', 'transient'],
    ['500', 500, '{"error":"server_error"}', 'transient'],
    ['429 (rate limited: not the user\'s fault)', 429, '{"error":"slow_down"}', 'transient'],
    ['400 invalid_grant', 400, '{"error":"invalid_grant"}', 'rejected'],
    ['403 with no body', 403, '', 'rejected'],
  ])('classifies %s as %s', async (_name, status, body, kind) => {
    next = { status, body };
    const result = await requestToken(client(), { grant_type: 'refresh_token', refresh_token: 'rt' });
    expect(result.ok ? 'ok' : result.kind).toBe(kind);
  });

  it('parses a success, including expires_in', async () => {
    next = { status: 200, body: '{"access_token":"at","token_type":"Bearer","expires_in":"120","refresh_token":"rt2","scope":"a b"}' };
    const before = Date.now();
    const result = await requestToken(client(), { grant_type: 'client_credentials' });
    expect(result.ok && result.tokens).toMatchObject({ accessToken: 'at', refreshToken: 'rt2', scope: 'a b', tokenType: 'Bearer' });
    if (result.ok) expect(result.tokens.expiresAt).toBeGreaterThanOrEqual(before + 120_000);
  });

  it('form-encodes the client id and secret inside HTTP Basic (RFC 6749 §2.3.1)', async () => {
    next = { status: 200, body: '{"access_token":"at"}' };
    await requestToken(client(), { grant_type: 'client_credentials', scope: undefined });
    const decoded = Buffer.from((lastAuthorization ?? '').replace(/^Basic /, ''), 'base64').toString();
    expect(decoded).toBe('id%3Awith+space:s%26cret');
    expect(lastBody).toBe('grant_type=client_credentials');
  });

  it('drops an error code that is not a plain OAuth word from the message', async () => {
    next = { status: 400, body: '{"error":"bad\\"quote <script>"}' };
    const refresh = createOAuthRefresher(client());
    const error = await refresh('rt-secret', { userKey: 'alice' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthRequiredError);
    expect((error as Error).message).toContain('http_400');
    expect((error as Error).message).not.toContain('script');
    expect((error as Error).message).not.toContain('rt-secret');
  });

  it('maps malformed JSON to a retryable TokenRefreshError in the refresher', async () => {
    next = { status: 200, body: 'not json' };
    await expect(createOAuthRefresher(client())('rt', { userKey: 'alice' })).rejects.toBeInstanceOf(TokenRefreshError);
  });
});
