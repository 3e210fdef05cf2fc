/**
 * The container topology (compose.yaml, deploy/, Dockerfile) agrees with itself and with
 * what topology.test.ts shows as processes: Redis, two stateless replicas with inbound
 * auth, nginx round-robin in front. With a Docker daemon, the stack is also built and
 * brought up; without one that part is skipped with a note.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../runtime/config/load-config.ts';
import { ROOT } from '../support/serve-process.ts';

const run = promisify(execFile);
const read = (path: string) => readFile(join(ROOT, path), 'utf8');

interface ComposeService {
  image?: string;
  build?: unknown;
  environment?: Record<string, string>;
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: string[];
}
const compose = parse(await read('compose.yaml')) as { services: Record<string, ComposeService> };
const services = compose.services;
const replicaNames = Object.keys(services).filter((name) => /^dta-mcp-\d+$/.test(name));

/** Values an operator would put in .env; compose's `${VAR:?}` requires them. */
const SAMPLE_ENV = {
  ISSUER_URL: 'https://id.example.com',
  MCP_AUDIENCE: 'dta-mcp',
  MCP_PUBLIC_HOST: 'mcp.example.com',
  DTA_WIDE_BASE_URL: 'https://api.example.com',
  DTA_WIDE_TOKEN_URL: 'https://id.example.com/oauth/token',
  DTA_WIDE_CLIENT_ID: 'dta-mcp',
  DTA_WIDE_CLIENT_SECRET: 'secret',
  DTA_MCP_TOKEN_KEYS: `k1:${randomBytes(32).toString('base64')}`,
};

/** A replica's environment as compose gives it (${VAR} and ${VAR:?msg} from SAMPLE_ENV). */
function replicaEnv(service: ComposeService): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(service.environment ?? {})) {
    env[key] = String(value).replace(/\$\{(\w+)(?::[?-][^}]*)?\}/g, (_m, name: string) => SAMPLE_ENV[name as keyof typeof SAMPLE_ENV] ?? '');
  }
  return env;
}

describe('compose.yaml', () => {
  it('runs redis, two replicas of one image and nginx, which waits for both to be healthy', () => {
    expect(replicaNames).toEqual(['dta-mcp-1', 'dta-mcp-2']);
    const [first, second] = replicaNames.map((name) => services[name]!);
    expect(first!.image).toBe(second!.image);
    for (const name of replicaNames) {
      expect(services[name]!.depends_on).toMatchObject({ redis: { condition: 'service_healthy' } });
      expect(services[name]!.ports ?? []).toEqual([]); // reachable only through the balancer
    }
    expect(services.redis?.healthcheck?.test.join(' ')).toContain('ping');
    expect(services.nginx?.depends_on).toEqual(Object.fromEntries(replicaNames.map((n) => [n, { condition: 'service_healthy' }])));
  });

  it('gives the replicas a config that loads as written: stateless, tokens in Redis, inbound auth, all interfaces', async () => {
    for (const name of replicaNames) {
      const service = services[name]!;
      const mount = (service.volumes ?? []).find((v) => v.endsWith(':/config/dta-mcp.config.yaml:ro'));
      expect(mount).toBeDefined();
      const config = await loadConfig(join(ROOT, mount!.split(':')[0]!), {}, replicaEnv(service));
      expect(config.http).toMatchObject({ host: '0.0.0.0', port: 3000, sessions: 'stateless', auth: { issuer: SAMPLE_ENV.ISSUER_URL } });
      expect(config.http.allowedHosts).toContain(SAMPLE_ENV.MCP_PUBLIC_HOST);
      expect(config.tokens).toMatchObject({ store: 'redis', redisUrl: 'redis://redis:6379' });
      expect(config.apis['dta-wide']?.userAuth?.exchange).toBeDefined();
    }
  });
});

describe('deploy/nginx.conf', () => {
  it('balances over exactly the replica services, on their port, without buffering responses (SSE)', async () => {
    const conf = (await read('deploy/nginx.conf')).replace(/#.*$/gm, '');
    const servers = [...conf.matchAll(/^\s*server\s+([\w-]+):(\d+)/gm)].map((m) => `${m[1]}:${m[2]}`);
    expect(servers).toEqual(replicaNames.map((n) => `${n}:3000`));
    expect(conf).toMatch(/proxy_buffering\s+off;/);
    expect(conf).not.toMatch(/\b(ip_hash|hash|sticky)\b/); // stateless: no affinity
    const volumes = services.nginx?.volumes ?? [];
    expect(volumes.some((v) => v.startsWith('./deploy/nginx.conf:'))).toBe(true);
  });
});

describe('Dockerfile', () => {
  it('builds the packed package in one stage and runs it in another as the unprivileged node user, probed on /healthz, stopped by SIGTERM', async () => {
    const dockerfile = await read('Dockerfile');
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/^FROM node:20-bookworm-slim AS build$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK [^]*?\/healthz/m);
    expect(dockerfile).toMatch(/^STOPSIGNAL SIGTERM$/m);
    // The package as published (npm pack), not the checkout: what `npm i dta-mcp` gives a user.
    expect(dockerfile).toMatch(/npm pack/);
    expect(dockerfile).toMatch(/npm install --omit=dev/);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["node", "node_modules\/dta-mcp\/bin\/dta-mcp.js"\]$/m);
    const ignored = (await read('.dockerignore')).split('\n');
    for (const path of ['node_modules', '.git', 'test']) expect(ignored).toContain(path);
  });
});

const daemon = await run('docker', ['info'], { timeout: 15_000 }).then(
  () => true,
  () => false,
);
const skipNote = daemon ? '' : ' (skipped: no Docker daemon answers `docker info`; see README "Run in production")';

describe('with a Docker daemon', () => {
  const project = `dta-mcp-smoke-${randomBytes(4).toString('hex')}`;
  let port = 0;
  const env = () => ({ ...process.env, ...SAMPLE_ENV, DTA_MCP_PORT: String(port), MCP_PUBLIC_HOST: '127.0.0.1' });
  const composeRun = (...args: string[]) => run('docker', ['compose', '-p', project, '-f', join(ROOT, 'compose.yaml'), ...args], { env: env(), cwd: ROOT, timeout: 900_000 });
  afterAll(async () => {
    if (daemon) await composeRun('down', '-v', '--remove-orphans').catch(() => undefined);
  });

  it.skipIf(!daemon)(`builds the image, brings the stack up healthy, and answers through nginx${skipNote}`, { timeout: 900_000 }, async () => {
    port = await freePort();
    await composeRun('config', '--quiet');
    await composeRun('up', '--detach', '--build', '--wait');
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    // Both replicas refuse an anonymous MCP call with a Bearer challenge (inbound auth is on).
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`${base}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{}' });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
