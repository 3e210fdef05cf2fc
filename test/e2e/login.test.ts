/**
 * `dta-mcp login` (authorization code + PKCE, loopback redirect; device grant) and
 * `dta-mcp logout` as child processes against the sandbox, the sign-in page driven with
 * plain HTTP as a browser would; then `serve --transport stdio` acts as that user.
 */
import { readFile, stat } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { keyFileFor } from '../../runtime/auth/stores/credentials-file.ts';
import { startSandbox, type Sandbox } from '../../sandbox/index.ts';
import { getPage, hiddenFields, postForm } from '../sandbox/login.ts';
import { connectStdio, loginWorkspace, runCli, startLogin, textOf, type LoginWorkspace } from './login-support.ts';

let sandbox: Sandbox;
let ws: LoginWorkspace;

beforeAll(async () => {
  sandbox = await startSandbox({ devicePollIntervalSec: 1 });
});
afterAll(async () => {
  await sandbox.close();
});
afterEach(async () => {
  await ws?.remove();
});

/** GET the sign-in page, POST the credentials, follow the 302 to the loopback callback. */
async function signInAs(url: URL, username: string, action = 'approve'): Promise<{ status: number; html: string; location: URL }> {
  const page = await getPage(url.href);
  expect(page.status).toBe(200);
  const answer = await postForm(sandbox.authorizationUrl, { ...hiddenFields(page.html), username, password: 'password', action });
  expect(answer.status).toBe(302);
  const location = new URL(answer.headers.get('location') as string);
  const callback = await getPage(location.href);
  return { status: callback.status, html: callback.html, location };
}

async function signedIn(username = 'alice'): Promise<void> {
  const { cli, url } = await startLogin(ws);
  const callback = await signInAs(url, username);
  expect(callback.status).toBe(200);
  expect(await cli.exit).toBe(0);
}

describe('dta-mcp login (authorization code, loopback redirect)', () => {
  it('asks for a code with PKCE S256 and a random state, redirecting to 127.0.0.1/callback', async () => {
    ws = await loginWorkspace(sandbox);
    const { cli, url } = await startLogin(ws);
    expect(url.origin + url.pathname).toBe(sandbox.authorizationUrl);
    expect(url.searchParams.get('client_id')).toBe('dta-mcp-cli');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get('state')?.length).toBeGreaterThanOrEqual(32);
    expect(url.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    cli.child.kill();
    await cli.exit;
  });

  it('signs alice in, stores her tokens sealed in a 0600 file, and a stdio tool call acts as her', async () => {
    ws = await loginWorkspace(sandbox);
    const { cli, url } = await startLogin(ws);
    const callback = await signInAs(url, 'alice');
    expect(callback.status).toBe(200);
    expect(callback.html).toContain('signed in');
    expect(await cli.exit).toBe(0);
    expect(cli.stdout()).toBe('Signed in as alice\n');
    expect(cli.stderr()).toMatch(/^Open this URL to sign in: \S+\nCredentials saved to \S+\n$/);

    expect((await stat(ws.credentials)).mode & 0o777).toBe(0o600);
    expect((await stat(keyFileFor(ws.credentials))).mode & 0o777).toBe(0o600);
    const file = JSON.parse(await readFile(ws.credentials, 'utf8')) as { signedIn: { userKey: string } };
    expect(file.signedIn.userKey).toBe(`${sandbox.issuer}#alice`);

    sandbox.reset();
    const client = await connectStdio(ws);
    const profile = await client.callTool({ name: 'get-user-profile', arguments: {} });
    await client.close();
    expect(profile.isError).toBeFalsy();
    expect(textOf(profile)).toContain('alice');
    const used = sandbox.requests[0]?.auth;
    expect(used).toMatchObject({ kind: 'user', sub: 'alice' });
    const text = await readFile(ws.credentials, 'utf8');
    expect(text).not.toContain(used?.token);
    expect(cli.stderr()).not.toContain(used?.token);
  });

  it('persists a rotated refresh token, so a later serve refreshes with the new one', async () => {
    ws = await loginWorkspace(sandbox);
    await signedIn('bob');
    const call = async () => {
      const client = await connectStdio(ws);
      try {
        return await client.callTool({ name: 'get-user-profile', arguments: {} });
      } finally {
        await client.close();
      }
    };
    sandbox.reset();
    expect((await call()).isError).toBeFalsy();
    // Each access token is revoked after use: the next serve gets a 401 and must refresh
    // with the refresh token the previous one stored. Replaying a used one revokes the grant.
    for (let round = 0; round < 2; round++) {
      sandbox.revokeAccessToken(sandbox.requests.at(-1)?.auth?.token as string);
      const result = await call();
      expect(result.isError, textOf(result)).toBeFalsy();
    }
    const refreshes = sandbox.tokenRequests.filter((r) => r.grantType === 'refresh_token');
    expect(refreshes.map((r) => r.status)).toEqual([200, 200]);
    expect(refreshes[0]?.refreshToken).not.toBe(refreshes[1]?.refreshToken);
    expect(sandbox.requests.at(-1)?.auth).toMatchObject({ kind: 'user', sub: 'bob' });
  });

  it('refuses a callback with the wrong state: an error page for the browser, exit 1 with one line', async () => {
    ws = await loginWorkspace(sandbox);
    const { cli, url } = await startLogin(ws);
    const redirect = new URL(url.searchParams.get('redirect_uri') as string);
    redirect.search = new URLSearchParams({ code: 'stolen', state: 'not-the-one' }).toString();
    const page = await getPage(redirect.href);
    expect(page.status).toBe(400);
    expect(page.html).toContain('state mismatch');
    expect(await cli.exit).toBe(1);
    expect(cli.stderr()).toMatch(/^error: .*state mismatch.*\n$/m);
    expect(cli.stderr()).not.toMatch(/\n\s+at /);
    await expect(stat(ws.credentials)).rejects.toThrow();
  });

  it('answers only the exact callback path, and stops listening after the callback', async () => {
    ws = await loginWorkspace(sandbox);
    const { cli, url } = await startLogin(ws);
    const redirect = new URL(url.searchParams.get('redirect_uri') as string);
    expect((await getPage(`${redirect.origin}/callback/extra?state=x`)).status).toBe(404);
    expect((await getPage(`${redirect.origin}/`)).status).toBe(404);
    const { location } = await signInAs(url, 'alice');
    expect(await cli.exit).toBe(0);
    await expect(fetch(location)).rejects.toThrow(); // the listener is gone
  });

  it('exits 1 when the user cancels on the sign-in page (error=access_denied)', async () => {
    ws = await loginWorkspace(sandbox);
    const { cli, url } = await startLogin(ws);
    const callback = await signInAs(url, 'alice', 'deny');
    expect(callback.status).toBe(400);
    expect(await cli.exit).toBe(1);
    expect(cli.stderr()).toMatch(/refused the sign-in \(access_denied\)/);
  });

  it('times out with exit 1 when nobody signs in', async () => {
    ws = await loginWorkspace(sandbox);
    const cli = runCli(['login', '--no-browser', '--config', ws.config, '--timeout', '1'], ws.env);
    expect(await cli.exit).toBe(1);
    expect(cli.stderr()).toMatch(/No sign-in within 1 s/);
  });
});

describe('dta-mcp login --device', () => {
  it('prints the verification URL and code, polls until the user approves, and signs carol in', async () => {
    ws = await loginWorkspace(sandbox);
    const cli = runCli(['login', '--device', '--no-browser', '--config', ws.config, '--timeout', '60'], ws.env);
    const [, uri, code] = await cli.waitForStderr(/open (\S+) and enter the code: (\S+)\n/);
    expect(uri).toBe(`${sandbox.url}/device`);
    const approved = await postForm(uri as string, { user_code: code as string, username: 'carol', password: 'password', action: 'approve' });
    expect(approved.status).toBe(200);
    expect(await cli.exit).toBe(0);
    expect(cli.stdout()).toBe('Signed in as carol\n');
    const polls = sandbox.tokenRequests.filter((r) => r.grantType === 'urn:ietf:params:oauth:grant-type:device_code');
    expect(polls.at(-1)?.status).toBe(200);
  });
});

describe('dta-mcp logout', () => {
  it('removes the credentials and key files, and a later serve has no signed-in user', async () => {
    ws = await loginWorkspace(sandbox);
    await signedIn('alice');
    const out = runCli(['logout', '--config', ws.config], ws.env);
    expect(await out.exit).toBe(0);
    expect(out.stderr()).toContain(ws.credentials);
    await expect(stat(ws.credentials)).rejects.toThrow();
    await expect(stat(keyFileFor(ws.credentials))).rejects.toThrow();

    const client = await connectStdio(ws);
    const profile = await client.callTool({ name: 'get-user-profile', arguments: {} });
    await client.close();
    expect(profile.isError).toBe(true);
    expect(textOf(profile)).toMatch(/sign/i);
  });

  it('exits 0 when nobody is signed in', async () => {
    ws = await loginWorkspace(sandbox);
    const out = runCli(['logout'], ws.env);
    expect(await out.exit).toBe(0);
    expect(out.stderr()).toMatch(/Not signed in/);
  });
});
