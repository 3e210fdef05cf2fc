/** Shared set-up for end-to-end tests: sandbox + runtime + a real SDK Client. */
import { Writable } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { sandboxConfig } from '../../cli/demo/sandbox-config.ts';
import registry from '../../generated/index.gen.ts';
import { createRuntime, type Runtime } from '../../runtime/app/create-runtime.ts';
import type { RuntimeConfig } from '../../runtime/config/schema.ts';
import { createLogger } from '../../runtime/observability/logger.ts';
import type { ToolRegistry } from '../../runtime/tools/types.ts';
import { serveRuntimeHttp } from '../../runtime/app/serve-http.ts';
import type { HttpHandle } from '../../runtime/transports/http.ts';
import { startSandbox, type Sandbox } from '../../sandbox/index.ts';

export { registry };

/** Captures log lines so tests can assert what was (not) logged. */
export function logSink(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, stream };
}

export interface Harness {
  sandbox: Sandbox;
  runtime: Runtime;
  logs: string[];
  userToken: string;
  close(): Promise<void>;
}

export async function startHarness(
  options: {
    user?: string;
    accessTtlSec?: number;
    registry?: ToolRegistry;
    config?: (base: RuntimeConfig) => RuntimeConfig;
  } = {},
): Promise<Harness> {
  const sandbox = await startSandbox();
  const user = options.user ?? 'alice';
  const tokens = await sandbox.issueUserTokens(user, { accessTtlSec: options.accessTtlSec ?? 3600 });
  let config = sandboxConfig(sandbox, { key: user, ...tokens }, { logLevel: 'debug' });
  if (options.config) config = options.config(config);
  const sink = logSink();
  const runtime = await createRuntime({
    config,
    registry: options.registry ?? registry,
    logger: createLogger({ level: 'debug', destination: sink.stream }),
  });
  return {
    sandbox,
    runtime,
    logs: sink.lines,
    userToken: tokens.accessToken,
    async close() {
      await runtime.close();
      await sandbox.close();
    },
  };
}

/** A real SDK Client connected to a fresh server over a linked in-memory pair. */
export async function connectInMemory(runtime: Runtime): Promise<Client> {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const server = runtime.createServer('memory');
  await server.connect(serverSide);
  const client = new Client({ name: 'e2e', version: '1.0.0' });
  await client.connect(clientSide);
  return client;
}

export async function serveOverHttp(runtime: Runtime, overrides: Partial<RuntimeConfig['http']> = {}): Promise<HttpHandle> {
  return serveRuntimeHttp(runtime, { ...runtime.config.http, port: 0, ...overrides });
}

export async function connectHttp(url: string): Promise<Client> {
  const client = new Client({ name: 'e2e-http', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}

export function textOf(result: object): string {
  const content = ((result as { content?: unknown }).content ?? []) as { type: string; text?: string }[];
  return content.map((c) => c.text ?? '').join('\n');
}
