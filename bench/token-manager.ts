/**
 * Token manager benchmark: the cost of a cache hit and of a 1,000-call stampede on an
 * expired token, each as a ratio to a baseline measured here on the same machine
 * (a plain Map lookup; one token-endpoint round trip; one raw Redis GET). Prints a table,
 * writes nothing else. Run: `node bin/run-ts.js bench/token-manager.ts` (< 30 s).
 * Redis rows are skipped when REDIS_URL (default redis://127.0.0.1:6379) is unreachable.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createAuth } from '../runtime/auth/index.ts';
import { requestToken } from '../runtime/auth/oauth-token-endpoint.ts';
import { startSandbox } from '../sandbox/index.ts';
import { QUICK } from './quick.ts';

const HIT_ITERATIONS = QUICK ? 2_000 : 100_000;
const REDIS_ITERATIONS = QUICK ? 200 : 5_000;
const ROUND_TRIPS = QUICK ? 5 : 50;
const STAMPEDE = 1_000;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const rows: { case: string; perOp: string; baseline: string; ratio: string }[] = [];

function fmt(ns: number): string {
  return ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : ns >= 1e3 ? `${(ns / 1e3).toFixed(2)} µs` : `${ns.toFixed(0)} ns`;
}

async function timeNs(iterations: number, op: () => unknown): Promise<number> {
  for (let i = 0; i < Math.min(1_000, iterations); i++) await op(); // warm-up
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await op();
  return Number(process.hrtime.bigint() - start) / iterations;
}

function row(name: string, ns: number, baselineName: string, baselineNs: number): void {
  rows.push({ case: name, perOp: fmt(ns), baseline: `${baselineName} (${fmt(baselineNs)})`, ratio: `${(ns / baselineNs).toFixed(1)}x` });
}

const sb = await startSandbox();
const client = { tokenUrl: sb.tokenUrl, clientId: 'dta-mcp', clientSecret: 'dta-mcp-secret' };
const key = randomBytes(32).toString('base64');

// Baselines.
const map = new Map<string, string>([['alice', 'token']]);
const mapNs = await timeNs(HIT_ITERATIONS, () => map.get('alice'));
const roundTripNs = await timeNs(ROUND_TRIPS, () => requestToken(client, { grant_type: 'client_credentials' }));

// Memory store: cache hit and stampede.
const memory = createAuth({ encryption: { keys: [{ id: 'k1', key }] }, refresh: client });
await memory.tokenManager.setupUserSession('alice', await sb.issueUserTokens('alice'));
row('cache hit (memory, AES-GCM)', await timeNs(HIT_ITERATIONS, () => memory.tokenManager.getValidToken('alice')), 'Map.get', mapNs);

async function stampede(auth: typeof memory, user: string): Promise<number> {
  await auth.tokenManager.setupUserSession(user, await sb.issueUserTokens(user, { accessTtlSec: 0 }));
  sb.reset();
  const start = process.hrtime.bigint();
  const tokens = await Promise.all(Array.from({ length: STAMPEDE }, () => auth.tokenManager.getValidToken(user)));
  const ns = Number(process.hrtime.bigint() - start);
  const refreshes = sb.tokenRequests.filter((r) => r.grantType === 'refresh_token').length;
  if (refreshes !== 1 || new Set(tokens).size !== 1) throw new Error(`stampede: ${refreshes} refreshes, ${new Set(tokens).size} distinct tokens`);
  return ns;
}
row(`${STAMPEDE}-call stampede (memory), whole batch`, await stampede(memory, 'bob'), '1 token round trip', roundTripNs);

// Redis store, if reachable.
const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1_000, retryStrategy: () => null });
const redisUp = await probe.connect().then(() => true, () => false);
if (redisUp) {
  const keyPrefix = `dta-mcp-bench:${randomBytes(4).toString('hex')}:`;
  await probe.set(`${keyPrefix}raw`, 'x'.repeat(600));
  const getNs = await timeNs(REDIS_ITERATIONS, () => probe.get(`${keyPrefix}raw`));
  const shared = createAuth({ encryption: { keys: [{ id: 'k1', key }] }, store: { kind: 'redis', url: REDIS_URL, keyPrefix }, refresh: client });
  await shared.tokenManager.setupUserSession('carol', await sb.issueUserTokens('carol'));
  row('cache hit (Redis, AES-GCM)', await timeNs(REDIS_ITERATIONS, () => shared.tokenManager.getValidToken('carol')), 'raw Redis GET', getNs);
  row(`${STAMPEDE}-call stampede (Redis + lock), whole batch`, await stampede(shared, 'dave'), '1 token round trip', roundTripNs);
  const keys = await probe.keys(`${keyPrefix}*`);
  if (keys.length > 0) await probe.del(...keys);
  await shared.close();
} else {
  rows.push({ case: 'Redis rows', perOp: 'skipped', baseline: `${REDIS_URL} unreachable`, ratio: '-' });
}
probe.disconnect();

await memory.close();
await sb.close();
console.table(rows);
