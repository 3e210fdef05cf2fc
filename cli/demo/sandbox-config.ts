/**
 * The runtime configuration that points every example API at a running sandbox: its
 * base URL, its token endpoint for the service account and for user refreshes, and a
 * local user whose tokens the sandbox minted. Used by `dta-mcp demo` and the e2e tests.
 */
import { DEFAULT_CONFIG, type RuntimeConfig } from '../../runtime/config/schema.ts';
import type { Sandbox } from '../../sandbox/index.ts';

export const DEMO_CLIENT = { clientId: 'dta-mcp', clientSecret: 'dta-mcp-secret' } as const;

export interface SandboxUser {
  key: string;
  accessToken: string;
  refreshToken: string;
  expiresAt?: number;
}

export function sandboxConfig(sandbox: Sandbox, user?: SandboxUser, overrides: Partial<RuntimeConfig> = {}): RuntimeConfig {
  const client = { tokenUrl: sandbox.tokenUrl, ...DEMO_CLIENT };
  return {
    ...DEFAULT_CONFIG,
    apis: {
      'dta-wide': {
        baseUrl: sandbox.url,
        serviceAccount: { ...client, scope: 'system.read' },
        userAuth: client,
      },
    },
    ...(user ? { user } : {}),
    logLevel: 'warn',
    ...overrides,
  };
}

/**
 * The sandbox as the MCP server's authorization server too: callers present tokens the
 * sandbox issued for the MCP audience, and user-token tools exchange them (RFC 8693) for
 * the caller's upstream token.
 */
export function withInboundAuth(sandbox: Sandbox, config: RuntimeConfig): RuntimeConfig {
  const apis = Object.fromEntries(
    Object.entries(config.apis).map(([name, api]) => [
      name,
      api.userAuth ? { ...api, userAuth: { ...api.userAuth, exchange: { audience: 'dta-wide' } } } : api,
    ]),
  );
  return { ...config, apis, user: undefined, http: { ...config.http, auth: { issuer: sandbox.issuer, audience: sandbox.mcpAudience } } };
}

/** The same, as the YAML a user would write (secrets as ${VAR} in real life). */
export function sandboxConfigYaml(sandbox: Sandbox): string {
  return `apis:
  dta-wide:
    baseUrl: ${sandbox.url}
    serviceAccount:
      tokenUrl: ${sandbox.tokenUrl}
      clientId: ${DEMO_CLIENT.clientId}
      clientSecret: \${DTA_WIDE_CLIENT_SECRET}
      scope: system.read
    userAuth:
      tokenUrl: ${sandbox.tokenUrl}
      clientId: ${DEMO_CLIENT.clientId}
      clientSecret: \${DTA_WIDE_CLIENT_SECRET}
user:
  key: \${DTA_MCP_USER}
  accessToken: \${DTA_MCP_USER_ACCESS_TOKEN}
  refreshToken: \${DTA_MCP_USER_REFRESH_TOKEN}
`;
}
