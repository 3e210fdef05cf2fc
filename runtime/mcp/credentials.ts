/**
 * Resolves the credentials for one tool call from its authType: an explicit registry,
 * one entry per authType, so adding a type is one line here and nowhere else.
 */
import type { CredentialSource } from '../auth/types.ts';
import { AuthRequiredError, ConfigError } from '../errors.ts';
import type { Identity } from '../identity/types.ts';
import type { AuthType, GeneratedTool } from '../tools/types.ts';

export interface CredentialProviders {
  /** The server's own credentials for an API, if configured. */
  serviceAccount(api: string): CredentialSource | undefined;
  /** The user's delegated credentials for an API. */
  user(api: string, userKey: string): CredentialSource;
}

type Resolver = (
  tool: GeneratedTool,
  identity: Identity | undefined,
  providers: CredentialProviders,
) => CredentialSource | undefined;

const resolvers = {
  none: () => undefined,
  'service-account': (tool, _identity, providers) => {
    const api = apiOf(tool);
    const source = providers.serviceAccount(api);
    if (!source) throw new ConfigError(`No service account is configured for API "${api}".`);
    return source;
  },
  'user-token': (tool, identity, providers) => {
    if (!identity) {
      throw new AuthRequiredError(`The tool "${tool.definition.name}" acts as the signed-in user, and no user is signed in.`);
    }
    return providers.user(apiOf(tool), identity.userKey);
  },
} satisfies Record<AuthType, Resolver>;

export function resolveCredentials(
  tool: GeneratedTool,
  identity: Identity | undefined,
  providers: CredentialProviders,
): CredentialSource | undefined {
  return resolvers[tool.authType](tool, identity, providers);
}

function apiOf(tool: GeneratedTool): string {
  // Local tools have no API; a local user-token tool resolves against the default key.
  return tool.kind === 'upstream' ? tool.api : '';
}
