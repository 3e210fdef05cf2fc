import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { createAuth, validateAuthOptions, type AuthOptions } from '../../runtime/auth/index.ts';
import { AuthRequiredError, ConfigError } from '../../runtime/errors.ts';
import { REDIS_URL, randomPrefix } from './helpers.ts';

function problemsOf(options: AuthOptions): string {
  try {
    validateAuthOptions(options);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  return '';
}

describe('createAuth', () => {
  it('works with no options: memory store, no refresher, no service accounts', async () => {
    const auth = createAuth();
    await auth.tokenManager.setupUserSession('alice', { accessToken: 'at', expiresAt: Date.now() + 3_600_000 });
    expect(await auth.userCredentials('alice').getToken()).toBe('at');
    await expect(auth.userCredentials('bob').getToken()).rejects.toBeInstanceOf(AuthRequiredError);
    expect(auth.serviceAccount()).toBeUndefined();
    await auth.close();
  });

  it('lists every problem at once, without echoing secrets', () => {
    const message = problemsOf({
      store: { kind: 'redis', url: '' },
      refresh: { tokenUrl: 'not a url', clientId: '', clientSecret: '' },
      expiry: { maxBufferFraction: 2 },
      serviceAccounts: { reports: { tokenUrl: 'https://id.example.com/token', clientId: 'svc', clientSecret: 'sa-secret', authMethod: 'none' as never } },
      bogus: true,
    } as AuthOptions);
    for (const part of [
      'store.url',
      'encryption.keys: required with the Redis store',
      'refresh.tokenUrl',
      'refresh.clientId',
      'refresh.clientSecret',
      'expiry.maxBufferFraction',
      'serviceAccounts.reports.authMethod',
      'bogus: unknown option',
    ]) {
      expect(message).toContain(part);
    }
    expect(message).not.toContain('sa-secret');
  });

  it('refuses a Redis store without an encryption key', () => {
    expect(() => createAuth({ store: { kind: 'redis', url: REDIS_URL } })).toThrow(/encryption\.keys/);
  });

  it('refuses an unknown store kind', () => {
    expect(problemsOf({ store: { kind: 'sqlite' } as never })).toContain('store.kind: must be one of memory, redis');
  });

  it('wires a Redis store with encryption, and service accounts by name', async () => {
    const keyPrefix = randomPrefix('create-auth');
    const auth = createAuth({
      encryption: { keys: [{ id: 'k1', key: randomBytes(32).toString('base64') }] },
      store: { kind: 'redis', url: REDIS_URL, keyPrefix },
      serviceAccounts: { reports: { staticToken: 'static' } },
    });
    await auth.tokenManager.setupUserSession('alice', { accessToken: 'at-redis', expiresAt: Date.now() + 3_600_000 });
    expect(await auth.tokenManager.getValidToken('alice')).toBe('at-redis');
    expect(await auth.serviceAccount('reports')?.getToken()).toBe('static');
    await auth.close();
    const redis = new Redis(REDIS_URL);
    const raw = await redis.get(`${keyPrefix}session:alice`);
    expect(raw).toMatch(/^v1\.k1\./);
    await redis.del(`${keyPrefix}session:alice`);
    await redis.quit();
  });
});
