/**
 * `dta-mcp login` driven as a person would: a real headless Chromium (Debian's
 * `chromium`, installed by .ci/run) opens the printed URL, signs in on the sandbox page,
 * lands on the loopback callback; then a stdio tool call acts as that user.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { startSandbox, type Sandbox } from '../../sandbox/index.ts';
import { connectStdio, loginWorkspace, startLogin, textOf, type LoginWorkspace } from './login-support.ts';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
const skipNote = hasChromium ? '' : ` (skipped: ${CHROMIUM} is missing; apt-get install -y chromium)`;

let sandbox: Sandbox;
let ws: LoginWorkspace;
let browser: Browser | undefined;

beforeAll(async () => {
  sandbox = await startSandbox();
  ws = await loginWorkspace(sandbox);
  if (hasChromium) {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }
});
afterAll(async () => {
  await browser?.close();
  await sandbox.close();
  await ws.remove();
});

describe('dta-mcp login in a real browser', () => {
  it.skipIf(!hasChromium)(`signs in on the sandbox page, lands on the loopback callback, and a tool call acts as that user${skipNote}`, async () => {
    const { cli, url } = await startLogin(ws);
    // A fresh context: its own cookies and storage, nothing from an earlier run.
    const context = await (browser as Browser).newContext();
    const page = await context.newPage();
    await page.goto(url.href);
    await page.fill('input[name="username"]', 'carol');
    await page.fill('input[name="password"]', 'password');
    await Promise.all([page.waitForURL(/^http:\/\/127\.0\.0\.1:\d+\/callback\?/), page.click('#sign-in')]);
    expect(await page.textContent('#title')).toBe('Signed in');
    await context.close();
    expect(await cli.exit).toBe(0);
    expect(cli.stdout()).toBe('Signed in as carol\n');

    sandbox.reset();
    const client = await connectStdio(ws);
    const profile = await client.callTool({ name: 'get-user-profile', arguments: {} });
    await client.close();
    expect(profile.isError, textOf(profile)).toBeFalsy();
    expect(textOf(profile)).toContain('carol');
    expect(sandbox.requests[0]?.auth).toMatchObject({ kind: 'user', sub: 'carol' });
  });
});
