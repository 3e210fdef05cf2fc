/**
 * A private redis-server on a free loopback port, for the test run and the benchmarks:
 * nothing depends on (or disturbs) a Redis the developer runs for something else.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { Redis } from 'ioredis';

export interface RedisServer {
  url: string;
  stop(): void;
}

export const REDIS_MISSING =
  'redis-server is not on PATH (Debian/Ubuntu: apt-get install -y redis-server), and REDIS_URL is not set.';

export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const failed = new Promise<never>((_, reject) => child.once('error', () => reject(new Error(REDIS_MISSING))));
  const url = `redis://127.0.0.1:${port}`;
  try {
    await Promise.race([waitForPing(url), failed]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return { url, stop: () => void child.kill('SIGTERM') };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForPing(url: string): Promise<void> {
  const { port } = new URL(url);
  const deadline = Date.now() + 10_000;
  // Wait for the port to accept, then ask for PONG (ioredis retries would hide failures).
  while (!(await accepts(Number(port)))) {
    if (Date.now() > deadline) throw new Error(`redis-server did not answer on ${url}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    if ((await redis.ping()) !== 'PONG') throw new Error(`redis-server on ${url} did not answer PONG`);
  } finally {
    redis.disconnect();
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
