/**
 * Test-run set-up: a private redis-server (unless REDIS_URL names one), so `npm test`
 * needs only `redis-server` on PATH. Workers inherit REDIS_URL.
 */
import { startRedisServer, type RedisServer } from './support/redis-server.ts';

let redis: RedisServer | undefined;

export async function setup(): Promise<void> {
  if (process.env.REDIS_URL) return;
  redis = await startRedisServer();
  process.env.REDIS_URL = redis.url;
}

export async function teardown(): Promise<void> {
  redis?.stop();
}
