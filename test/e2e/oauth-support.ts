/**
 * Set-up for the inbound-auth suites: the sandbox as authorization server and upstream,
 * dta-mcp over HTTP as an OAuth resource server (`http.auth`) with RFC 8693 exchange for
 * user-token tools, no configured local user.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { sandboxConfig, DEMO_CLIENT } from '../../cli/demo/sandbox-config.ts';
import { createRuntime, type Runtime } from '../../runtime/app/create-runtime.ts';
import type { RuntimeConfig } from '../../runtime/config/schema.ts';
import { createLogger } from '../../runtime/observability/logger.ts';
import type { ToolRegistry } from '../../runtime/tools/types.ts';
import type { HttpHandle } from '../../runtime/transports/http.ts';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/index.ts';
import { logSink, registry, serveOverHttp } from './support.ts';

export interface OAuthHarness {
  sandbox: Sandbox;
  runtime: Runtime;
  http: HttpHandle;
  logs: string[];
  close(): Promise<void>;
}

type AuthOverrides = Partial<NonNullable<RuntimeConfig['http']['auth']>>;

export function oauthConfig(sandbox: Sandbox, over: Partial<NonNullable<RuntimeConfig['http']['auth']>> = {}): RuntimeConfig {
  const base = sandboxConfig(sandbox, undefined, { logLevel: 'debug' });
  const api = base.apis['dta-wide'];
  return {
    ...base,
    apis: {
      'dta-wide': {
        ...api,
        userAuth: { tokenUrl: sandbox.tokenUrl, ...DEMO_CLIENT, exchange: { audience: 'dta-wide' } },
      },
    },
    http: {
      ...base.http,
      auth: { issuer: sandbox.issuer, audience: sandbox.mcpAudience, trustedClients: ['backend'], ...over },
    },
  };
}

export async function startOAuthHarness(
  options: {
    sandbox?: SandboxOptions;
    /** Overrides of http.auth, or a function of the started sandbox giving them. */
    auth?: AuthOverrides | ((sandbox: Sandbox) => AuthOverrides);
    http?: Partial<RuntimeConfig['http']>;
    /** Default: the committed `generated/` registry. */
    registry?: ToolRegistry;
  } = {},
): Promise<OAuthHarness> {
  const sandbox = await startSandbox(options.sandbox);
  const sink = logSink();
  const runtime = await createRuntime({
    config: oauthConfig(sandbox, typeof options.auth === 'function' ? options.auth(sandbox) : options.auth),
    registry: options.registry ?? registry,
    logger: createLogger({ level: 'debug', destination: sink.stream }),
  });
  const http = await serveOverHttp(runtime, options.http);
  return {
    sandbox,
    runtime,
    http,
    logs: sink.lines,
    async close() {
      await http.close();
      await runtime.close();
      await sandbox.close();
    },
  };
}

/** A real SDK client sending `Authorization: Bearer <token>` on every request. */
export async function connectAs(url: string, token: string): Promise<Client> {
  const client = new Client({ name: 'e2e-oauth', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
  return client;
}

export const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};

export function postMcp(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify(body),
  });
}
