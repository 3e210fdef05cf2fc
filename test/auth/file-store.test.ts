/** The `file` token store: the credentials file of `dta-mcp login`, shared by processes. */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTokenCipher, generateEncryptionKey } from '../../runtime/auth/crypto/token-cipher.ts';
import { FileLock } from '../../runtime/auth/file-lock.ts';
import { keyFileFor, readSignedInUser, resolveCredentialsPath, updateCredentialsFile } from '../../runtime/auth/stores/credentials-file.ts';
import { FileTokenStore } from '../../runtime/auth/stores/file-store.ts';
import type { StoredSession } from '../../runtime/auth/stores/types.ts';

let dir: string;
let path: string;
const session = (refreshToken: string): StoredSession => ({
  accessToken: `access-${refreshToken}`,
  refreshToken,
  expiresAt: Date.now() + 3600_000,
  issuedAt: Date.now(),
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dta-file-store-'));
  path = join(dir, 'nested', 'credentials.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('file token store', () => {
  it('writes sessions sealed, in a 0600 file inside a 0700 directory, with a 0600 key file', async () => {
    const store = new FileTokenStore({ path, section: 'dta-wide' });
    await store.set('iss#alice', session('rt-secret-1'));
    const text = await readFile(path, 'utf8');
    expect(text).not.toContain('rt-secret-1');
    expect(text).not.toContain('access-rt-secret-1');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'nested'))).mode & 0o777).toBe(0o700);
    expect((await stat(keyFileFor(path))).mode & 0o777).toBe(0o600);
    expect(await store.get('iss#alice')).toMatchObject({ refreshToken: 'rt-secret-1' });
  });

  it('reads what another store instance (another process) wrote since', async () => {
    const a = new FileTokenStore({ path, section: 'dta-wide' });
    const b = new FileTokenStore({ path, section: 'dta-wide' });
    await a.set('iss#alice', session('rt-1'));
    expect(await b.get('iss#alice')).toMatchObject({ refreshToken: 'rt-1' });
    await b.set('iss#alice', session('rt-2'));
    expect(await a.get('iss#alice')).toMatchObject({ refreshToken: 'rt-2' });
  });

  it('keeps each section (API) apart, and concurrent writes to both survive', async () => {
    const wide = new FileTokenStore({ path, section: 'dta-wide' });
    const other = new FileTokenStore({ path, section: 'other' });
    await Promise.all([wide.set('iss#alice', session('rt-w')), other.set('iss#alice', session('rt-o'))]);
    expect(await wide.get('iss#alice')).toMatchObject({ refreshToken: 'rt-w' });
    expect(await other.get('iss#alice')).toMatchObject({ refreshToken: 'rt-o' });
  });

  it('reads as no session when the key file is gone or the record was moved to another user', async () => {
    const store = new FileTokenStore({ path, section: 'dta-wide' });
    await store.set('iss#alice', session('rt-1'));
    await updateCredentialsFile(path, (file) => {
      const sealed = file.sessions['dta-wide']?.['iss#alice'] as string;
      file.sessions['dta-wide'] = { ...file.sessions['dta-wide'], 'iss#mallory': sealed };
    });
    expect(await store.get('iss#mallory')).toBeUndefined();
    await rm(keyFileFor(path));
    expect(await store.get('iss#alice')).toBeUndefined();
  });

  it('uses configured encryption keys instead of a key file', async () => {
    const cipher = createTokenCipher([{ id: 'k1', key: generateEncryptionKey() }]);
    const store = new FileTokenStore({ path, section: 'dta-wide' }, cipher);
    await store.set('iss#alice', session('rt-1'));
    await expect(stat(keyFileFor(path))).rejects.toThrow();
    expect(await store.get('iss#alice')).toMatchObject({ refreshToken: 'rt-1' });
  });

  it('deleteIf deletes only while the stored refresh token is the expected one', async () => {
    const store = new FileTokenStore({ path, section: 'dta-wide' });
    await store.set('iss#alice', session('rt-2'));
    expect(await store.deleteIf('iss#alice', 'rt-1')).toBe(false);
    expect(await store.get('iss#alice')).toBeDefined();
    expect(await store.deleteIf('iss#alice', 'rt-2')).toBe(true);
    expect(await store.get('iss#alice')).toBeUndefined();
  });

  it('keeps who is signed in beside the sessions', async () => {
    const store = new FileTokenStore({ path, section: 'dta-wide' });
    await store.set('iss#alice', session('rt-1'));
    const signedIn = { userKey: 'iss#alice', sub: 'alice', issuer: 'iss', api: 'dta-wide', signedInAt: new Date(0).toISOString() };
    await updateCredentialsFile(path, (file) => {
      file.signedIn = signedIn;
    });
    expect(await readSignedInUser(path)).toEqual(signedIn);
    expect(await store.get('iss#alice')).toBeDefined();
  });
});

describe('credentials path', () => {
  it('is DTA_MCP_CREDENTIALS, else tokens.file (~ expanded), else under XDG_CONFIG_HOME', () => {
    expect(resolveCredentialsPath('/etc/x.json', { DTA_MCP_CREDENTIALS: '/tmp/c.json' })).toBe('/tmp/c.json');
    expect(resolveCredentialsPath('~/c.json', { HOME: '/home/u' })).toMatch(/\/c\.json$/);
    expect(resolveCredentialsPath(undefined, { XDG_CONFIG_HOME: '/cfg' })).toBe('/cfg/dta-mcp/credentials.json');
  });
});

describe('file lock', () => {
  it('runs one holder at a time across lock instances on the same file', async () => {
    const lockPath = join(dir, 'c.lock');
    const [a, b] = [new FileLock(lockPath, { pollMs: 5 }), new FileLock(lockPath, { pollMs: 5 })];
    const order: string[] = [];
    let release!: () => void;
    const held = a.withLock('u', async () => {
      order.push('a-in');
      await new Promise<void>((done) => (release = done));
      order.push('a-out');
    });
    await new Promise((done) => setTimeout(done, 20));
    const waiting = b.withLock('u', async () => void order.push('b-in'));
    await new Promise((done) => setTimeout(done, 20));
    expect(order).toEqual(['a-in']);
    release();
    await Promise.all([held, waiting]);
    expect(order).toEqual(['a-in', 'a-out', 'b-in']);
  });

  it('takes over a lock left by a process that died (older than ttlMs)', async () => {
    const lockPath = join(dir, 'c.lock');
    await writeFile(lockPath, 'dead-holder');
    const lock = new FileLock(lockPath, { ttlMs: 1, pollMs: 5 });
    await new Promise((done) => setTimeout(done, 10));
    expect(await lock.withLock('u', async () => 'ran')).toBe('ran');
  });
});
