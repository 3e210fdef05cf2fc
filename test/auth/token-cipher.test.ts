import { describe, expect, it } from 'vitest';
import { createTokenCipher, generateEncryptionKey } from '../../runtime/auth/crypto/token-cipher.ts';
import { ConfigError } from '../../runtime/errors.ts';
import { testKey } from './helpers.ts';

const secret = JSON.stringify({ accessToken: 'at-secret-value', refreshToken: 'rt-secret-value' });

function flipBit(sealed: string, part: number): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[part] as string, 'base64url');
  bytes[0] = (bytes[0] as number) ^ 0x01;
  parts[part] = bytes.toString('base64url');
  return parts.join('.');
}

describe('token cipher (AES-256-GCM)', () => {
  const k1 = testKey('k1');
  const cipher = createTokenCipher([k1]);

  it('round-trips a record for its own user and hides the plaintext', () => {
    const sealed = cipher.seal('alice', secret);
    expect(sealed).toMatch(/^v1\.k1\./);
    expect(sealed).not.toContain('secret-value');
    expect(cipher.open('alice', sealed)).toBe(secret);
  });

  it('uses a fresh IV for every write', () => {
    expect(cipher.seal('alice', secret)).not.toBe(cipher.seal('alice', secret));
  });

  it.each([
    ['iv', 2],
    ['ciphertext', 3],
    ['tag', 4],
  ])('reads a record with a flipped %s bit as nothing', (_name, part) => {
    expect(cipher.open('alice', flipBit(cipher.seal('alice', secret), part))).toBeUndefined();
  });

  it('reads a record copied to another user as nothing (user key is bound as AAD)', () => {
    expect(cipher.open('bob', cipher.seal('alice', secret))).toBeUndefined();
  });

  it('reads malformed input as nothing instead of throwing', () => {
    for (const junk of ['', 'v1', 'v1.k1.a.b.c', 'v2.k1.AAAA.AAAA.AAAA', 'x'.repeat(500)]) {
      expect(cipher.open('alice', junk)).toBeUndefined();
    }
  });

  it('still decrypts with a retired key and encrypts with the current one', () => {
    const old = cipher.seal('alice', secret);
    const rotated = createTokenCipher([testKey('k2'), k1]);
    expect(rotated.open('alice', old)).toBe(secret);
    expect(rotated.seal('alice', secret)).toMatch(/^v1\.k2\./);
  });

  it('reads a record whose key was removed as nothing', () => {
    const old = cipher.seal('alice', secret);
    expect(createTokenCipher([testKey('k2')]).open('alice', old)).toBeUndefined();
  });

  it('rejects a relabelled key id (the id is authenticated too)', () => {
    const both = createTokenCipher([k1, { id: 'k9', key: k1.key }]);
    const relabelled = both.seal('alice', secret).replace(/^v1\.k1\./, 'v1.k9.');
    expect(both.open('alice', relabelled)).toBeUndefined();
  });

  it('refuses bad key lists with every problem listed and no key material echoed', () => {
    const bad = 'c2hvcnQ=';
    let error: unknown;
    try {
      createTokenCipher([{ id: 'a.b', key: bad }, { id: 'ok', key: generateEncryptionKey() }, { id: 'ok', key: generateEncryptionKey() }]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toContain('[0].id');
    expect(message).toContain('[0].key');
    expect(message).toContain('duplicate');
    expect(message).not.toContain(bad);
    expect(() => createTokenCipher([])).toThrow(ConfigError);
  });
});
