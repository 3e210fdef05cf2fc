/**
 * One client per API (http-client.ts): its base URL and the API's fixed headers from the
 * config (`apis.<api>.headers`, e.g. X-GitHub-Api-Version), sent on every request;
 * a fixed header may not be where the API's key goes (the credentials step's).
 * Credentials and observation are per call (the executor passes them in `init.send`),
 * so the shared client never holds a token.
 */
import type { Client } from 'openapi-fetch';
import type { ToolRegistry } from '../tools/types.ts';
import { asTypedClient, createUpstreamClient } from './http-client.ts';
import { ConfigError } from '../errors.ts';

export interface ApiEndpoint {
  baseUrl: string;
  headers: Record<string, string>;
}

export type UpstreamClients = ReadonlyMap<string, Client<{}>>;

export function createUpstreamClients(
  registry: ToolRegistry,
  endpoints: Record<string, Partial<ApiEndpoint> | undefined>,
): UpstreamClients {
  const clients = new Map<string, Client<{}>>();
  const missing: string[] = [];
  const refused = keyHeaderProblems(registry, endpoints);
  if (refused.length > 0) throw new ConfigError(refused.join('; '));
  for (const api of Object.values(registry.apis)) {
    const baseUrl = endpoints[api.name]?.baseUrl ?? api.defaultBaseUrl;
    if (!baseUrl) {
      missing.push(api.name);
      continue;
    }
    const headers = endpoints[api.name]?.headers;
    clients.set(api.name, asTypedClient(createUpstreamClient(baseUrl, headers)));
  }
  if (missing.length > 0) {
    throw new ConfigError(
      `No base URL for API ${missing.map((m) => `"${m}"`).join(', ')}: set apis.<name>.baseUrl in the config or a servers[] URL in the spec.`,
    );
  }
  return clients;
}

/** A fixed header named like the header an apiKey scheme of the API puts its key in. */
function keyHeaderProblems(registry: ToolRegistry, endpoints: Record<string, Partial<ApiEndpoint> | undefined>): string[] {
  const problems = new Set<string>();
  for (const tool of registry.tools) {
    if (tool.kind !== 'upstream' || tool.credential?.in !== 'header') continue;
    const key = tool.credential.name.toLowerCase();
    for (const name of Object.keys(endpoints[tool.api]?.headers ?? {})) {
      if (name.toLowerCase() === key) problems.add(`apis.${tool.api}.headers.${name}: is where the API's key goes (its apiKey security scheme); credentials cannot be fixed headers`);
    }
  }
  return [...problems];
}
