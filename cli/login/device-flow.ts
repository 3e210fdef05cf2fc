/**
 * The device authorization grant, for machines without a usable browser: ask for a user
 * code, tell the user where to enter it, and poll the token endpoint at the server's
 * interval — `authorization_pending` waits, `slow_down` adds 5 s, a denial or expiry ends it.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.4
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.5
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { requestToken, type TokenResponse } from '../../runtime/auth/oauth-token-endpoint.ts';
import type { LoginEndpoints } from './endpoints.ts';
import { LoginError } from './login-error.ts';

export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export interface DeviceFlowOptions {
  endpoints: LoginEndpoints;
  clientId: string;
  scope?: string;
  resource?: string;
  timeoutMs: number;
  /** Shown where to go and which code to type. */
  onCode(code: { verificationUri: string; userCode: string; verificationUriComplete?: string }): void;
}

interface DeviceAuthorization {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  verificationUriComplete?: string;
  expiresInSec: number;
  intervalSec: number;
}

export async function deviceFlow(options: DeviceFlowOptions): Promise<TokenResponse> {
  const started = await startDeviceAuthorization(options);
  options.onCode({
    verificationUri: started.verificationUri,
    userCode: started.userCode,
    ...(started.verificationUriComplete ? { verificationUriComplete: started.verificationUriComplete } : {}),
  });
  const client = { tokenUrl: options.endpoints.tokenUrl, clientId: options.clientId, authMethod: 'none' as const };
  const deadline = Date.now() + Math.min(options.timeoutMs, started.expiresInSec * 1000);
  let intervalMs = started.intervalSec * 1000;
  for (;;) {
    if (Date.now() + intervalMs > deadline) {
      throw new LoginError('The code was not entered in time; run dta-mcp login again.');
    }
    await sleep(intervalMs);
    const result = await requestToken(client, { grant_type: DEVICE_CODE_GRANT, device_code: started.deviceCode });
    if (result.ok) return result.tokens;
    if (result.kind === 'transient') continue; // a blip: keep polling until the deadline
    if (result.error === 'authorization_pending') continue;
    if (result.error === 'slow_down') {
      intervalMs += 5000;
      continue;
    }
    if (result.error === 'access_denied') throw new LoginError('The sign-in was denied.');
    if (result.error === 'expired_token') throw new LoginError('The code expired; run dta-mcp login again.');
    throw new LoginError(`The token endpoint refused the device code (${result.error}).`);
  }
}

async function startDeviceAuthorization(options: DeviceFlowOptions): Promise<DeviceAuthorization> {
  const body = new URLSearchParams({ client_id: options.clientId });
  if (options.scope) body.set('scope', options.scope);
  if (options.resource) body.set('resource', options.resource);
  let json: Record<string, unknown>;
  try {
    const res = await fetch(options.endpoints.deviceAuthorizationUrl as string, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(10_000),
    });
    json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) {
      const error = typeof json.error === 'string' && /^[a-z_]{1,64}$/.test(json.error) ? json.error : `http_${res.status}`;
      throw new LoginError(`The device authorization endpoint refused the request (${error}).`);
    }
  } catch (error) {
    if (error instanceof LoginError) throw error;
    throw new LoginError('The device authorization endpoint could not be used; try again.');
  }
  const { device_code, user_code, verification_uri, verification_uri_complete, expires_in, interval } = json;
  if (typeof device_code !== 'string' || typeof user_code !== 'string' || typeof verification_uri !== 'string') {
    throw new LoginError('The device authorization endpoint answered without a device code, user code or verification URI.');
  }
  return {
    deviceCode: device_code,
    userCode: user_code,
    verificationUri: verification_uri,
    ...(typeof verification_uri_complete === 'string' ? { verificationUriComplete: verification_uri_complete } : {}),
    expiresInSec: typeof expires_in === 'number' && expires_in > 0 ? expires_in : 600,
    // §3.2: 5 s when the server names none.
    intervalSec: typeof interval === 'number' && interval > 0 ? interval : 5,
  };
}
