/**
 * One openapi-fetch client per API: its base URL. Credentials and observation are per
 * call (the executor passes the auth middleware in `init.middleware` and an observing
 * fetch in `init.fetch`, see observe.ts), so the shared client never holds a token.
 */
import createClient, { type Client } from 'openapi-fetch';
import type { ToolRegistry } from '../tools/types.ts';
import { ConfigError } from '../errors.ts';

export interface ApiEndpoint {
  baseUrl: string;
}

export type UpstreamClients = ReadonlyMap<string, Client<{}>>;

export function createUpstreamClients(
  registry: ToolRegistry,
  endpoints: Record<string, Partial<ApiEndpoint> | undefined>,
): UpstreamClients {
  const clients = new Map<string, Client<{}>>();
  const missing: string[] = [];
  for (const api of Object.values(registry.apis)) {
    const baseUrl = endpoints[api.name]?.baseUrl ?? api.defaultBaseUrl;
    if (!baseUrl) {
      missing.push(api.name);
      continue;
    }
    clients.set(api.name, createClient<{}>({ baseUrl }));
  }
  if (missing.length > 0) {
    throw new ConfigError(
      `No base URL for API ${missing.map((m) => `"${m}"`).join(', ')}: set apis.<name>.baseUrl in the config or a servers[] URL in the spec.`,
    );
  }
  return clients;
}
