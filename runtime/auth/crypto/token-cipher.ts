/**
 * Encryption at rest for stored sessions: AES-256-GCM with a fresh 96-bit IV per write.
 *
 * Sealed format: `v1.<keyId>.<iv>.<ciphertext>.<tag>` (base64url parts). The key id lets
 * several keys be configured at once: the first encrypts, all decrypt, so a retired key
 * keeps old records readable until they are rewritten.
 *
 * The user key (and key id) are bound as additional authenticated data: a record copied
 * to another user's slot fails authentication exactly like a flipped bit, and both read
 * as "no session". `open` never throws for bad input; it returns undefined.
 *
 * @see NIST SP 800-38D (GCM; 96-bit IVs, 128-bit tags)
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ConfigError } from '../../errors.ts';

export interface EncryptionKey {
  /** Short id stored with each ciphertext: letters, digits, `_` or `-`, at most 32. */
  id: string;
  /** 32 bytes: raw, or base64 / base64url text. */
  key: string | Uint8Array;
}

export interface TokenCipher {
  /** Id of the key new records are sealed with. */
  readonly currentKeyId: string;
  seal(userKey: string, plaintext: string): string;
  /** The plaintext, or undefined when the record is malformed, tampered, moved or its key unknown. */
  open(userKey: string, sealed: string): string | undefined;
}

const VERSION = 'v1';
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A new random key, base64: what an operator puts in the configuration. */
export function generateEncryptionKey(): string {
  return randomBytes(32).toString('base64');
}

/** Problems with a key list, empty when it is usable (for validation that collects them all). */
export function checkEncryptionKeys(keys: readonly EncryptionKey[], path = 'encryption.keys'): string[] {
  const problems: string[] = [];
  if (keys.length === 0) problems.push(`${path}: at least one key is required`);
  const seen = new Set<string>();
  keys.forEach((entry, i) => {
    if (typeof entry?.id !== 'string' || !KEY_ID.test(entry.id)) {
      problems.push(`${path}[${i}].id: must match ${KEY_ID.source}`);
    } else if (seen.has(entry.id)) {
      problems.push(`${path}[${i}].id: duplicate key id "${entry.id}"`);
    } else {
      seen.add(entry.id);
    }
    // Never echo the key itself, only what is wrong with it.
    if (decodeKey(entry?.key) === undefined) problems.push(`${path}[${i}].key: must be 32 bytes (raw, base64 or base64url)`);
  });
  return problems;
}

export function createTokenCipher(keys: readonly EncryptionKey[]): TokenCipher {
  const problems = checkEncryptionKeys(keys);
  if (problems.length > 0) throw new ConfigError(`Invalid encryption keys: ${problems.join('; ')}`);
  const byId = new Map<string, Buffer>();
  for (const entry of keys) byId.set(entry.id, decodeKey(entry.key) as Buffer);
  const current = keys[0] as EncryptionKey;
  const currentKey = byId.get(current.id) as Buffer;

  return {
    currentKeyId: current.id,
    seal(userKey, plaintext) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', currentKey, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(aad(current.id, userKey));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, current.id, b64(iv), b64(body), b64(cipher.getAuthTag())].join('.');
    },
    open(userKey, sealed) {
      if (typeof sealed !== 'string') return undefined;
      const parts = sealed.split('.');
      if (parts.length !== 5 || parts[0] !== VERSION) return undefined;
      const [, keyId, ivText, bodyText, tagText] = parts as [string, string, string, string, string];
      const key = byId.get(keyId);
      if (!key) return undefined;
      const iv = Buffer.from(ivText, 'base64url');
      const tag = Buffer.from(tagText, 'base64url');
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(aad(keyId, userKey));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(Buffer.from(bodyText, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        return undefined;
      }
    },
  };
}

/** A cipher with a random key that lives as long as the process: for the memory store. */
export function createEphemeralTokenCipher(): TokenCipher {
  return createTokenCipher([{ id: 'ephemeral', key: randomBytes(32) }]);
}

function aad(keyId: string, userKey: string): Buffer {
  // NUL separators: neither a key id nor the fixed prefix can contain one.
  return Buffer.from(`dta-mcp/session/${VERSION}\0${keyId}\0${userKey}`, 'utf8');
}

function decodeKey(key: unknown): Buffer | undefined {
  if (key instanceof Uint8Array) return key.length === 32 ? Buffer.from(key) : undefined;
  if (typeof key !== 'string') return undefined;
  const text = key.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return undefined;
  const bytes = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return bytes.length === 32 ? bytes : undefined;
}

function b64(bytes: Buffer): string {
  return bytes.toString('base64url');
}
