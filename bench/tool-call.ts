/**
 * Tool-call overhead: a call through a real MCP Client and the runtime (argument
 * validation, credentials, openapi-fetch, result shaping) against the same upstream
 * request made with plain fetch, in this process, on loopback.
 */
import { sandboxConfig } from '../cli/demo/sandbox-config.ts';
import registry from '../generated/index.gen.ts';
import { createRuntime } from '../runtime/app/create-runtime.ts';
import { silentLogger } from '../runtime/observability/logger.ts';
import { connectHttp, connectInMemory, serveOverHttp } from '../test/e2e/support.ts';
import handler from '../manifests/handlers/current-time.ts';
import { startSandbox } from '../sandbox/index.ts';
import { detachedContext } from '../runtime/tools/types.ts';
import { QUICK } from './quick.ts';

const N = QUICK ? 100 : 2_000;

async function perCall(n: number, op: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < Math.min(200, n); i++) await op();
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await op();
  return Number(process.hrtime.bigint() - start) / n / 1e3; // µs
}

const sandbox = await startSandbox();
const tokens = await sandbox.issueUserTokens('bench-user');
const runtime = await createRuntime({
  config: sandboxConfig(sandbox, { key: 'bench-user', ...tokens }),
  registry,
  logger: silentLogger,
});
const client = await connectInMemory(runtime);
const http = await serveOverHttp(runtime);
const httpClient = await connectHttp(http.url);

const direct = await perCall(N, async () => {
  const r = await fetch(`${sandbox.url}/user/profile`, { headers: { authorization: `Bearer ${tokens.accessToken}` } });
  await r.json();
});
const viaMcp = await perCall(N, () => client.callTool({ name: 'get-user-profile', arguments: {} }));
const viaHttp = await perCall(N / 2, () => httpClient.callTool({ name: 'get-user-profile', arguments: {} }));
const localDirect = await perCall(N * 5, async () => handler({ format: 'ISO' }, detachedContext()));
const localMcp = await perCall(N, () => client.callTool({ name: 'get-current-time', arguments: { format: 'ISO' } }));
sandbox.requests.length = 0;

const f = (us: number) => `${us.toFixed(1)} µs`;
console.table([
  { case: 'user-token tool, in-memory MCP', perCall: f(viaMcp), baseline: `plain fetch (${f(direct)})`, ratio: `${(viaMcp / direct).toFixed(2)}x` },
  { case: 'user-token tool, Streamable HTTP', perCall: f(viaHttp), baseline: `plain fetch (${f(direct)})`, ratio: `${(viaHttp / direct).toFixed(2)}x` },
  { case: 'local tool, in-memory MCP', perCall: f(localMcp), baseline: `handler call (${f(localDirect)})`, ratio: `${(localMcp / localDirect).toFixed(1)}x` },
]);

await httpClient.close();
await client.close();
await http.close();
await runtime.close();
await sandbox.close();
