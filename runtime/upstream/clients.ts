/**
 * One openapi-fetch client per API: base URL and an observing middleware. Credentials
 * are per call (the executor passes the auth middleware in `init.middleware`), so the
 * shared client never holds a token.
 */
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { Logger } from '../observability/logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { ToolRegistry } from '../tools/types.ts';
import { ConfigError } from '../errors.ts';

export interface ApiEndpoint {
  baseUrl: string;
}

export type UpstreamClients = ReadonlyMap<string, Client<{}>>;

export function createUpstreamClients(
  registry: ToolRegistry,
  endpoints: Record<string, Partial<ApiEndpoint> | undefined>,
  deps: { logger: Logger; metrics: Metrics },
): UpstreamClients {
  const clients = new Map<string, Client<{}>>();
  const missing: string[] = [];
  for (const api of Object.values(registry.apis)) {
    const baseUrl = endpoints[api.name]?.baseUrl ?? api.defaultBaseUrl;
    if (!baseUrl) {
      missing.push(api.name);
      continue;
    }
    const client = createClient<{}>({ baseUrl });
    client.use(observe(api.name, deps));
    clients.set(api.name, client);
  }
  if (missing.length > 0) {
    throw new ConfigError(
      `No base URL for API ${missing.map((m) => `"${m}"`).join(', ')}: set apis.<name>.baseUrl in the config or a servers[] URL in the spec.`,
    );
  }
  return clients;
}

/** Counts and logs upstream responses. Logs method, path template and status only. */
function observe(api: string, { logger, metrics }: { logger: Logger; metrics: Metrics }): Middleware {
  return {
    onResponse({ request, response, schemaPath }) {
      metrics.upstreamCalls.inc({ api, status: String(response.status) });
      logger.debug({ api, method: request.method, path: schemaPath, status: response.status }, 'upstream response');
      return undefined;
    },
    onError({ request, schemaPath, error }) {
      metrics.upstreamCalls.inc({ api, status: '0' });
      const reason = error instanceof Error ? error.name : 'unknown';
      logger.warn({ api, method: request.method, path: schemaPath, reason }, 'upstream unreachable');
      return undefined;
    },
  };
}
