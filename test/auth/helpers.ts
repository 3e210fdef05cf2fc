/** Shared fixtures for the auth suites: Redis URL, key prefixes, keys, a capturing logger. */
import { randomBytes } from 'node:crypto';
import type { AuthLogger } from '../../runtime/auth/logger.ts';
import type { EncryptionKey } from '../../runtime/auth/crypto/token-cipher.ts';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A fresh Redis key prefix, so suites and runs never see each other's keys. */
export function randomPrefix(suite: string): string {
  return `dta-mcp-test:${suite}:${randomBytes(6).toString('hex')}:`;
}

export function testKey(id: string): EncryptionKey {
  return { id, key: randomBytes(32).toString('base64') };
}

export interface CapturedLogger extends AuthLogger {
  lines: { level: string; obj: object; msg?: string }[];
  /** Every captured line as one string, for "no secret in any log line" checks. */
  text(): string;
}

export function captureLogger(): CapturedLogger {
  const lines: CapturedLogger['lines'] = [];
  const at = (level: string) => (obj: object, msg?: string) => void lines.push({ level, obj, ...(msg ? { msg } : {}) });
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    text: () => lines.map((l) => JSON.stringify(l)).join('\n'),
  };
}

/** A promise whose resolution the test controls. */
export function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: unknown): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
