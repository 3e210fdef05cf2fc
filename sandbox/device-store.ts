/**
 * Pending device authorizations (RFC 8628): a device code for the polling client and a
 * short user code typed on the /device page.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.2
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-6.1 (user code alphabet)
 */
import { randomBytes, randomInt } from 'node:crypto';

/** Consonants only: no vowels (no words), nothing easily confused. */
const USER_CODE_CHARS = 'BCDFGHJKLMNPQRSTVWXZ';

export interface DeviceRecord {
  clientId: string;
  scope: string;
  userCode: string;
  /** Epoch ms. */
  expiresAt: number;
  /** Minimum seconds between polls; grows by 5 on every slow_down (§3.5). */
  intervalSec: number;
  /** Epoch ms of the last poll. */
  lastPollAt?: number;
  status: 'pending' | 'approved' | 'denied' | 'redeemed';
  /** Who approved it. */
  sub?: string;
}

export class DeviceStore {
  readonly #byDeviceCode = new Map<string, DeviceRecord>();
  readonly #byUserCode = new Map<string, DeviceRecord>();

  constructor(
    readonly ttlSec: number,
    readonly intervalSec: number,
  ) {}

  start(clientId: string, scope: string): { deviceCode: string; record: DeviceRecord } {
    const deviceCode = randomBytes(32).toString('base64url');
    let userCode: string;
    do {
      userCode = Array.from({ length: 8 }, () => USER_CODE_CHARS[randomInt(USER_CODE_CHARS.length)]).join('');
    } while (this.#byUserCode.has(userCode));
    const record: DeviceRecord = {
      clientId,
      scope,
      userCode: `${userCode.slice(0, 4)}-${userCode.slice(4)}`,
      expiresAt: Date.now() + this.ttlSec * 1000,
      intervalSec: this.intervalSec,
      status: 'pending',
    };
    this.#byDeviceCode.set(deviceCode, record);
    this.#byUserCode.set(userCode, record);
    return { deviceCode, record };
  }

  byDeviceCode(code: string): DeviceRecord | undefined {
    return this.#byDeviceCode.get(code);
  }

  /** Case, dashes and spaces do not matter when a person types the code. */
  byUserCode(typed: string): DeviceRecord | undefined {
    return this.#byUserCode.get(typed.toUpperCase().replace(/[\s-]/g, ''));
  }
}
