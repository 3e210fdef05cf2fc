/**
 * Two token managers sharing one Redis (separate connections, same prefix and keys) behave
 * like one: a stampede split between them refreshes once, and each sees the other's
 * rotation. The sandbox revokes the whole family on any refresh-token reuse, so a double
 * refresh cannot hide. Also run with a second OS process.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuth, type Auth } from '../../runtime/auth/index.ts';
import { startSandbox, type Sandbox } from '../../sandbox/index.ts';
import { REDIS_URL, randomPrefix } from './helpers.ts';

const keyPrefix = randomPrefix('replicas');
const key = randomBytes(32).toString('base64');
let sb: Sandbox;
let a: Auth;
let b: Auth;

function replica(): Auth {
  return createAuth({
    encryption: { keys: [{ id: 'k1', key }] },
    store: { kind: 'redis', url: REDIS_URL, keyPrefix },
    refresh: { tokenUrl: sb.tokenUrl, clientId: 'dta-mcp', clientSecret: 'dta-mcp-secret' },
  });
}

beforeAll(async () => {
  sb = await startSandbox();
  a = replica();
  b = replica();
});

afterAll(async () => {
  await Promise.all([a.close(), b.close()]);
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${keyPrefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
  await sb.close();
});

beforeEach(() => sb.reset());

const refreshes = () => sb.tokenRequests.filter((r) => r.grantType === 'refresh_token');

describe('two replicas on one Redis', () => {
  it('refresh an expired token once between them for 100 concurrent calls', async () => {
    const old = await sb.issueUserTokens('alice', { accessTtlSec: 0 });
    await a.tokenManager.setupUserSession('alice', old);
    const calls = Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).tokenManager.getValidToken('alice'));
    const tokens = await Promise.all(calls);
    expect(refreshes()).toHaveLength(1);
    expect(refreshes()[0]?.status).toBe(200);
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]).not.toBe(old.accessToken);
  });

  it("each sees the other's rotation", async () => {
    await a.tokenManager.setupUserSession('bob', await sb.issueUserTokens('bob'));
    const first = await a.tokenManager.getValidToken('bob');
    const rotatedByB = await b.tokenManager.refreshUserToken('bob', { rejectedAccessToken: first });
    expect(await a.tokenManager.getValidToken('bob')).toBe(rotatedByB.accessToken);
    const rotatedByA = await a.tokenManager.refreshUserToken('bob', { rejectedAccessToken: rotatedByB.accessToken });
    expect(await b.tokenManager.getValidToken('bob')).toBe(rotatedByA.accessToken);
    // Both refreshes presented the then-current refresh token: no reuse, no revoked family.
    expect(refreshes().map((r) => r.status)).toEqual([200, 200]);
  });

  it('share one refresh after concurrent 401s on both', async () => {
    await a.tokenManager.setupUserSession('carol', await sb.issueUserTokens('carol'));
    const rejected = await a.tokenManager.getValidToken('carol');
    const calls = Array.from({ length: 40 }, (_, i) =>
      (i % 2 ? a : b).tokenManager.refreshUserToken('carol', { rejectedAccessToken: rejected }),
    );
    const results = await Promise.all(calls);
    expect(refreshes()).toHaveLength(1);
    expect(new Set(results.map((r) => r.accessToken)).size).toBe(1);
  });

  it('refresh once between two OS processes', async () => {
    const old = await sb.issueUserTokens('dave', { accessTtlSec: 0 });
    await a.tokenManager.setupUserSession('dave', old);
    const job = { redisUrl: REDIS_URL, keyPrefix, key, tokenUrl: sb.tokenUrl, userKey: 'dave', calls: 50 };
    const child = spawn(process.execPath, ['bin/run-ts.js', 'test/auth/fixtures/replica.ts', JSON.stringify(job)], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const lines: string[] = [];
    let buffer = '';
    const ready = new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          lines.push(buffer.slice(0, nl));
          buffer = buffer.slice(nl + 1);
          if (lines.length === 1) resolve();
        }
      });
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await Promise.race([ready, exited.then((code) => Promise.reject(new Error(`replica exited early (${code})`)))]);
    // A slow token endpoint keeps our refresh in flight while the other process starts.
    sb.faults.tokenEndpointDelayMs = 300;
    child.stdin.write('go\n');
    const mine = await Promise.all(Array.from({ length: 50 }, () => a.tokenManager.getValidToken('dave')));
    expect(await exited).toBe(0);
    const theirs = JSON.parse(lines[1] ?? '[]') as string[];
    expect(theirs).toHaveLength(50);
    expect(new Set([...mine, ...theirs]).size).toBe(1);
    expect(refreshes()).toHaveLength(1);
  });
});
