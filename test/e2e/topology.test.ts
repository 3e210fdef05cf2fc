/**
 * The production topology as processes (what compose.yaml runs as containers): one Redis,
 * two `dta-mcp serve` replicas with inbound auth and RFC 8693 exchange, and a round-robin
 * load balancer without affinity in front. The sandbox is the upstream API and the
 * authorization server.
 *
 * Stateless replicas answer one user's alternating calls between them, refresh an upstream
 * token that expires mid-run once between them, and carry on when one is killed. Stateful
 * replicas behind the same balancer cannot: a session lives in one process, so the README
 * asks for affinity with `http.sessions: stateful`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLIENT } from '../../cli/demo/sandbox-config.ts';
import { startSandbox, type Sandbox } from '../../sandbox/index.ts';
import { randomPrefix, REDIS_URL } from '../auth/helpers.ts';
import { startRoundRobinProxy, type RoundRobinProxy } from '../support/round-robin-proxy.ts';
import { startServeProcess, type ServeProcess } from '../support/serve-process.ts';
import { connectAs } from './oauth-support.ts';
import { textOf } from './support.ts';

const REFRESH = 'refresh_token';
const EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';

let sandbox: Sandbox;
let dir: string;
const replicas: ServeProcess[] = [];
const proxies: RoundRobinProxy[] = [];

beforeAll(async () => {
  sandbox = await startSandbox();
  dir = await mkdtemp(join(tmpdir(), 'dta-topology-'));
});
afterAll(async () => {
  await Promise.all(replicas.map((r) => r.kill()));
  await Promise.all(proxies.map((p) => p.close()));
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

/** Two replicas of one config (a Redis prefix of their own) behind a fresh round-robin proxy. */
async function topology(sessions: 'stateful' | 'stateless'): Promise<{ proxy: RoundRobinProxy; a: ServeProcess; b: ServeProcess }> {
  const config = join(dir, `${sessions}.yaml`);
  await writeFile(config, replicaConfigYaml(sandbox, sessions));
  const env = {
    ...process.env,
    REDIS_URL,
    DTA_REDIS_PREFIX: randomPrefix(`topology-${sessions}`),
    DTA_WIDE_CLIENT_SECRET: DEMO_CLIENT.clientSecret,
    DTA_MCP_TOKEN_KEYS: `k1:${randomBytes(32).toString('base64')}`,
  };
  const [a, b] = await Promise.all([startServeProcess(config, env), startServeProcess(config, env)]);
  replicas.push(a, b);
  const proxy = await startRoundRobinProxy([a.base, b.base]);
  proxies.push(proxy);
  return { proxy, a, b };
}

/** A replica's config as an operator writes it: secrets and per-deployment values from the environment. */
function replicaConfigYaml(s: Sandbox, sessions: 'stateful' | 'stateless'): string {
  return `apis:
  dta-wide:
    baseUrl: ${s.url}
    serviceAccount:
      tokenUrl: ${s.tokenUrl}
      clientId: ${DEMO_CLIENT.clientId}
      clientSecret: \${DTA_WIDE_CLIENT_SECRET}
      scope: system.read
    userAuth:
      tokenUrl: ${s.tokenUrl}
      clientId: ${DEMO_CLIENT.clientId}
      clientSecret: \${DTA_WIDE_CLIENT_SECRET}
      exchange:
        audience: dta-wide
tokens:
  store: redis
  redisUrl: \${REDIS_URL}
  redisPrefix: \${DTA_REDIS_PREFIX}
  encryptionKeys: \${DTA_MCP_TOKEN_KEYS}
http:
  sessions: ${sessions}
  auth:
    issuer: ${s.issuer}
    audience: ${s.mcpAudience}
logLevel: warn
`;
}

/** Tool calls a replica executed, from its own /metrics. */
async function toolCallsServed(replica: ServeProcess): Promise<number> {
  const text = await (await fetch(`${replica.base}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('dta_mcp_tool_calls_total{'))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
}

const profileOf = async (client: Client) => JSON.parse(textOf(await client.callTool({ name: 'get-user-profile', arguments: {} }))) as { id?: string };

describe('stateless replicas behind a round-robin balancer', () => {
  it("answer one user's alternating calls, refresh an expired token once between them, and survive losing a replica", async () => {
    const { proxy, a, b } = await topology('stateless');
    const client = await connectAs(proxy.url, await sandbox.issueMcpToken('vera', { ttlSec: 3600 }));
    sandbox.reset();

    // Sequential calls alternate between the replicas: the first exchanges once, the other reads it from Redis.
    for (let i = 0; i < 10; i++) expect(await profileOf(client)).toMatchObject({ id: 'vera' });
    expect(proxy.toolCalls).toEqual([5, 5]);
    expect([await toolCallsServed(a), await toolCallsServed(b)]).toEqual([5, 5]);
    expect(sandbox.tokenRequests.filter((t) => t.grantType === EXCHANGE)).toHaveLength(1);

    // The upstream token dies mid-run: concurrent calls on both replicas get 401, one refreshes.
    const current = sandbox.requests.at(-1)?.auth?.token;
    expect(current).toBeDefined();
    sandbox.revokeAccessToken(current!);
    const burst = await Promise.all(Array.from({ length: 20 }, () => client.callTool({ name: 'get-user-profile', arguments: {} })));
    expect(burst.filter((r) => r.isError)).toEqual([]);
    expect(sandbox.tokenRequests.filter((t) => t.grantType === REFRESH)).toHaveLength(1);
    expect(sandbox.tokenRequests.filter((t) => t.grantType === EXCHANGE)).toHaveLength(1);
    expect(proxy.toolCalls).toEqual([15, 15]);

    // One replica dies without a goodbye: the next calls succeed on the other.
    await b.kill('SIGKILL');
    for (let i = 0; i < 6; i++) expect(await profileOf(client)).toMatchObject({ id: 'vera' });
    expect(proxy.toolCalls).toEqual([21, 15]);
    expect(sandbox.tokenRequests.filter((t) => t.grantType === REFRESH)).toHaveLength(1);
    await client.close();
  });
});

describe('stateful replicas behind the same balancer, without affinity', () => {
  it('lose the session on the replica that did not open it (404 Session not found)', async () => {
    const { proxy } = await topology('stateful');
    // initialize lands on one replica, notifications/initialized on the other.
    await expect(connectAs(proxy.url, await sandbox.issueMcpToken('walt'))).rejects.toThrow(/Session not found/);
  });
});
