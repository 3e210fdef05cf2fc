/**
 * Test-run set-up: a private redis-server on a free loopback port (unless REDIS_URL
 * names one already), so `npm test` needs only `redis-server` on PATH and never touches
 * a Redis the developer uses for something else.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

let child: ChildProcess | undefined;

export async function setup(): Promise<void> {
  if (process.env.REDIS_URL) return;
  const port = await freePort();
  child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  const failed = new Promise<never>((_, reject) =>
    child!.once('error', () =>
      reject(new Error('Tests need redis-server on PATH (Debian/Ubuntu: apt-get install -y redis-server), or REDIS_URL set.')),
    ),
  );
  const url = `redis://127.0.0.1:${port}`;
  await Promise.race([waitForPing(url), failed]);
  process.env.REDIS_URL = url;
}

export async function teardown(): Promise<void> {
  child?.kill('SIGTERM');
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
  const deadline = Date.now() + 10_000;
  for (;;) {
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      await redis.connect();
      if ((await redis.ping()) === 'PONG') return;
    } catch {
      if (Date.now() > deadline) throw new Error(`redis-server did not answer on ${url}`);
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      redis.disconnect();
    }
  }
}
