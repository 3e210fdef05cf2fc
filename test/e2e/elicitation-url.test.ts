/**
 * URL-mode elicitation (MCP 2025-11-25) driven as a person would: a user-token call with
 * no session makes the server send `elicitation/create` with `mode: "url"`; the SDK
 * client's handler opens that URL in a real headless Chromium (Debian's `chromium`),
 * signs in on the sandbox page, the browser lands on the dta-mcp server's
 * /oauth/callback, and the original tool call answers with the user's data.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitationCompleteNotificationSchema, ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { sandboxConfig } from '../../cli/demo/sandbox-config.ts';
import { createRuntime, type Runtime } from '../../runtime/app/create-runtime.ts';
import { createLogger } from '../../runtime/observability/logger.ts';
import type { HttpHandle } from '../../runtime/transports/http.ts';
import { startSandbox, type Sandbox } from '../../sandbox/index.ts';
import { getPage, hiddenFields, postForm } from '../sandbox/login.ts';
import { logSink, registry, serveOverHttp, textOf } from './support.ts';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const skipNote = hasChromium ? '' : ` (skipped: ${CHROMIUM} is missing; apt-get install -y chromium)`;

let sandbox: Sandbox;
let runtime: Runtime;
let http: HttpHandle;
let logs: string[];
let browser: Browser | undefined;

beforeAll(async () => {
  sandbox = await startSandbox();
  const base = sandboxConfig(sandbox, undefined, { logLevel: 'debug' });
  const sink = logSink();
  logs = sink.lines;
  runtime = await createRuntime({
    config: {
      ...base,
      // carol has no session: the store is empty until she signs in.
      user: { key: 'carol' },
      apis: {
        'dta-wide': {
          ...base.apis['dta-wide'],
          userAuth: {
            tokenUrl: sandbox.tokenUrl,
            clientId: 'dta-mcp-cli',
            authMethod: 'none',
            authorize: { authorizationUrl: sandbox.authorizationUrl, issuer: sandbox.issuer },
          },
        },
      },
    },
    registry,
    logger: createLogger({ level: 'debug', destination: sink.stream }),
  });
  http = await serveOverHttp(runtime);
  if (hasChromium) {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }
});
afterAll(async () => {
  await browser?.close();
  await http?.close();
  await runtime?.close();
  await sandbox?.close();
});

async function connect(capabilities: ConstructorParameters<typeof Client>[1]): Promise<Client> {
  const client = new Client({ name: 'e2e-elicitation', version: '1.0.0' }, capabilities);
  await client.connect(new StreamableHTTPClientTransport(new URL(http.url)));
  return client;
}

describe('URL-mode elicitation sign-in', () => {
  it('a client without URL elicitation gets the clear re-authorize result, as before', async () => {
    const client = await connect({ capabilities: { elicitation: { form: {} } } });
    const result = await client.callTool({ name: 'get-user-profile', arguments: {} });
    await client.close();
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/Authorization required/);
    expect(sandbox.requests.filter((r) => r.path === '/user/profile')).toHaveLength(0);
  });

  it('a user who declines to open the URL gets the re-authorize result and no session is stored', async () => {
    const client = await connect({ capabilities: { elicitation: { url: {} } } });
    const urls: string[] = [];
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      if (request.params.mode === 'url') urls.push(request.params.url);
      return { action: 'decline' };
    });
    const result = await client.callTool({ name: 'get-user-profile', arguments: {} });
    await client.close();
    expect(urls).toHaveLength(1);
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/Authorization required/);
    expect(await runtime.credentials.auths.get('dta-wide')?.tokenManager.hasSession('carol')).toBe(false);
  });

  it.skipIf(!hasChromium)(`opens the URL in a real browser, signs in on the sandbox page, and the original call returns the user's data${skipNote}`, async () => {
    const client = await connect({ capabilities: { elicitation: { url: {} } } });
    const completed: string[] = [];
    client.setNotificationHandler(ElicitationCompleteNotificationSchema, (n) => {
      completed.push(n.params.elicitationId);
    });
    let asked: { url: string; elicitationId: string; message: string } | undefined;
    let browsing: Promise<string | null> | undefined;
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      if (request.params.mode !== 'url') return { action: 'decline' };
      asked = request.params;
      const url = request.params.url;
      // As a client does: open the URL, answer "accept" at once; the sign-in happens out of band.
      browsing = (async () => {
        const context = await (browser as Browser).newContext();
        const page = await context.newPage();
        await page.goto(url);
        await page.fill('input[name="username"]', 'carol');
        await page.fill('input[name="password"]', 'password');
        await Promise.all([page.waitForURL(/\/oauth\/callback\?/), page.click('#sign-in')]);
        const title = await page.textContent('#title');
        await context.close();
        return title;
      })();
      return { action: 'accept' };
    });

    const result = await client.callTool({ name: 'get-user-profile', arguments: {} });
    await client.close();

    expect(await browsing).toBe('Signed in');
    expect(asked?.url.startsWith(sandbox.authorizationUrl)).toBe(true);
    expect(new URL(asked?.url ?? 'http://x').searchParams.get('redirect_uri')).toBe(http.url.replace(/\/mcp$/, '/oauth/callback'));
    expect(completed).toEqual([asked?.elicitationId]);
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(textOf(result)).toContain('carol');
    expect(sandbox.requests.at(-1)?.auth).toMatchObject({ kind: 'user', sub: 'carol' });
    expect(await runtime.credentials.auths.get('dta-wide')?.tokenManager.hasSession('carol')).toBe(true);
    // The authorization code, the tokens and the state never reach a log line.
    const url = new URL(asked?.url ?? 'http://x');
    expect(logs.join('\n')).not.toContain(url.searchParams.get('state') ?? 'no-state');
  });

  it('a session whose refresh token the authorization server rejects is replaced by a new sign-in, and the call succeeds', async () => {
    const manager = runtime.credentials.auths.get('dta-wide')?.tokenManager;
    await manager?.setupUserSession('carol', { accessToken: 'expired-access', refreshToken: 'revoked-refresh', expiresAt: Date.now() - 1000 });
    const client = await connect({ capabilities: { elicitation: { url: {} } } });
    let landed: Promise<number> | undefined;
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      if (request.params.mode !== 'url') return { action: 'decline' };
      // The sign-in page walked over plain HTTP, as the sandbox tests do (no browser needed here).
      const url = request.params.url;
      landed = (async () => {
        const page = await getPage(url);
        const back = await postForm(sandbox.authorizationUrl, { ...hiddenFields(page.html), username: 'carol', password: 'password' });
        const res = await fetch(back.headers.get('location') ?? '');
        return res.status;
      })();
      return { action: 'accept' };
    });
    const result = await client.callTool({ name: 'get-user-profile', arguments: {} });
    await client.close();
    expect(await landed).toBe(200);
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(textOf(result)).toContain('carol');
  });

  it('a callback with an unknown or spent state is refused and stores nothing', async () => {
    const callback = http.url.replace(/\/mcp$/, '/oauth/callback');
    const res = await fetch(`${callback}?code=forged&state=not-a-state`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('unknown or already used');
  });
});
