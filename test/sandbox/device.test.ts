import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { startSandbox } from '../../sandbox/index.ts';
import type { Sandbox } from '../../sandbox/types.ts';
import { postToken } from './helpers.ts';
import { getPage, postForm, PUBLIC_CLIENT } from './login.ts';

const DEVICE_CODE = 'urn:ietf:params:oauth:grant-type:device_code';

interface DeviceStart {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete: string;
  expires_in: number;
  interval: number;
}

let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox({ devicePollIntervalSec: 0 });
});
afterAll(() => sb.close());

async function startDevice(target = sb): Promise<DeviceStart> {
  const res = await fetch(target.deviceAuthorizationUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: PUBLIC_CLIENT, scope: 'profile' }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as DeviceStart;
}

function poll(deviceCode: string, target = sb) {
  return postToken(target, { grant_type: DEVICE_CODE, device_code: deviceCode, client_id: PUBLIC_CLIENT }, 'none');
}

describe('device authorization grant', () => {
  it('answers codes and the page to visit', async () => {
    const start = await startDevice();
    expect(start.user_code).toMatch(/^[B-Z]{4}-[B-Z]{4}$/);
    expect(start.verification_uri).toBe(`${sb.url}/device`);
    expect(start.verification_uri_complete).toContain(encodeURIComponent(start.user_code));
    expect(start.expires_in).toBe(600);
  });

  it('answers authorization_pending until the user signs in on the page, then tokens once', async () => {
    const start = await startDevice();
    expect((await poll(start.device_code)).body.error).toBe('authorization_pending');

    const page = await getPage(start.verification_uri_complete);
    expect(page.html).toContain(`value="${start.user_code}"`);
    expect(page.html).toMatch(/<button type="submit" id="sign-in"/);
    const done = await postForm(`${sb.url}/device`, {
      user_code: start.user_code.toLowerCase(),
      username: 'carol',
      password: 'password',
    });
    expect(done.html).toContain('Device signed in');

    const res = await poll(start.device_code);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ scope: 'profile', refresh_token: expect.any(String) });
    expect(decodeJwt(res.body.access_token as string)).toMatchObject({ sub: 'carol', aud: 'dta-wide' });
    expect((await poll(start.device_code)).body.error).toBe('invalid_grant');
  });

  it('answers access_denied when the user cancels', async () => {
    const start = await startDevice();
    await postForm(`${sb.url}/device`, { user_code: start.user_code, action: 'deny' });
    expect((await poll(start.device_code)).body.error).toBe('access_denied');
  });

  it('keeps the code pending after a wrong password', async () => {
    const start = await startDevice();
    const res = await postForm(`${sb.url}/device`, { user_code: start.user_code, username: 'carol', password: 'x' });
    expect(res.html).toContain('id="error"');
    expect((await poll(start.device_code)).body.error).toBe('authorization_pending');
  });

  it('answers slow_down to polls faster than the interval', async () => {
    const slow = await startSandbox({ devicePollIntervalSec: 5 });
    try {
      const start = await startDevice(slow);
      expect(start.interval).toBe(5);
      expect((await poll(start.device_code, slow)).body.error).toBe('authorization_pending');
      expect((await poll(start.device_code, slow)).body.error).toBe('slow_down');
    } finally {
      await slow.close();
    }
  });

  it('answers expired_token for an expired device code', async () => {
    const short = await startSandbox({ deviceCodeTtlSec: 0 });
    try {
      const start = await startDevice(short);
      expect((await poll(start.device_code, short)).body.error).toBe('expired_token');
    } finally {
      await short.close();
    }
  });

  it('answers invalid_grant for an unknown device code', async () => {
    expect((await poll('nope')).body.error).toBe('invalid_grant');
  });
});
