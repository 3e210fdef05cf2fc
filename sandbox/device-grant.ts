/**
 * The device_code grant: the device polls until the user approved on the /device page.
 * Polling faster than the interval answers slow_down and adds 5 s to the interval.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.4
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.5
 */
import { answerFamily, refuse } from './grant.ts';
import type { Grant, TokenCall } from './grant.ts';

export const deviceCodeGrant: Grant = { handle: poll, publicClients: true };

async function poll(call: TokenCall): Promise<void> {
  const { ctx, params, clientId, record } = call;
  const deviceCode = params.get('device_code');
  if (!deviceCode) return refuse(call, 400, 'invalid_request', 'device_code is required.');
  const device = ctx.devices.byDeviceCode(deviceCode);
  if (!device || device.clientId !== clientId) return refuse(call, 400, 'invalid_grant', 'The device code is unknown.');
  if (device.sub) record.subject = device.sub;
  const now = Date.now();
  if (device.expiresAt <= now && device.status !== 'redeemed') {
    return refuse(call, 400, 'expired_token', 'The device code has expired.');
  }
  if (device.status === 'denied') return refuse(call, 400, 'access_denied', 'The user denied the request.');
  if (device.status === 'redeemed') return refuse(call, 400, 'invalid_grant', 'The device code was already used.');
  if (device.status === 'pending') {
    const tooSoon = device.lastPollAt !== undefined && now - device.lastPollAt < device.intervalSec * 1000;
    device.lastPollAt = now;
    if (tooSoon) {
      device.intervalSec += 5;
      return refuse(call, 400, 'slow_down', `Poll at most every ${device.intervalSec} s.`);
    }
    return refuse(call, 400, 'authorization_pending', 'The user has not signed in yet.');
  }
  // Approved: redeemed exactly once, marked before any await.
  device.status = 'redeemed';
  await answerFamily(call, ctx.store.startFamily(device.sub ?? '', clientId, device.scope));
}
