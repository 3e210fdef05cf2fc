/** Loopback is a parsed address or `localhost`, never a hostname that starts like one. */
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { isLoopback, originAllowed } from '../../runtime/transports/request-guards.ts';

const withOrigin = (origin: string) => ({ headers: { origin } }) as IncomingMessage;

describe('isLoopback', () => {
  it.each([
    ['localhost', true],
    ['LOCALHOST', true],
    ['127.0.0.1', true],
    ['127.255.3.4', true],
    ['::1', true],
    ['[::1]', true],
    ['0:0:0:0:0:0:0:1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:7f00:1', true],
    ['127.0.0.1.evil.example', false],
    ['127.evil.example', false],
    ['localhost.evil.example', false],
    ['128.0.0.1', false],
    ['0.0.0.0', false],
    ['::', false],
    ['::ffff:10.0.0.1', false],
    ['10.1.2.3', false],
    ['', false],
  ])('%s -> %s', (host, want) => {
    expect(isLoopback(host)).toBe(want);
  });
});

describe('originAllowed', () => {
  it.each([
    ['http://localhost:1234', true],
    ['http://127.0.0.1', true],
    ['http://[::1]:3000', true],
    ['http://127.0.0.1.evil.example', false],
    ['http://127.evil.example', false],
    ['https://evil.example', false],
    ['null', false],
  ])('Origin %s -> %s', (origin, want) => {
    expect(originAllowed(withOrigin(origin), [])).toBe(want);
  });

  it('allows a configured Origin as written', () => {
    expect(originAllowed(withOrigin('https://app.example'), ['https://app.example'])).toBe(true);
  });
});
