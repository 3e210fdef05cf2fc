/**
 * The one credentials seam: `credentials.for(tool, identity)` answers "what does this
 * call carry upstream", through an explicit registry by authType, fed by one `Auth` per
 * upstream API (each API may have its own identity provider and service account; all
 * share one encryption key ring).
 *
 * - `none`: nothing.
 * - `service-account`: the API's own client_credentials token (or static key).
 * - `user-token`: the caller's delegated token from the token manager; with
 *   `userAuth.exchange`, a missing or unrefreshable session is filled by exchanging the
 *   caller's verified inbound token (RFC 8693), once per user.
 */
import { createAuth, type Auth, type AuthOptions, type EncryptionKey, type GrantEvent } from './index.ts';
import type { ServiceAccountOptions } from './service-account.ts';
import { tokenExchange } from './acquirers/token-exchange.ts';
import { storeConfigs, type StoreConfig, type StoreOptions } from './stores/index.ts';
import { userCredentialSource } from './user-credentials.ts';
import type { CredentialSource } from './types.ts';
import { AuthRequiredError, ConfigError } from '../errors.ts';
import type { Identity } from '../identity/types.ts';
import type { Logger } from '../observability/logger.ts';
import type { ApiConfig, RuntimeConfig, ServiceAccountConfig } from '../config/schema.ts';
import { splitEncryptionKeys } from '../config/cross-checks.ts';
import type { AuthType, GeneratedTool } from '../tools/types.ts';

type Resolver = (tool: GeneratedTool, identity: Identity | undefined, auths: ReadonlyMap<string, Auth>, config: RuntimeConfig) => CredentialSource | undefined;

const resolvers = {
  none: () => undefined,
  'service-account': (tool, _identity, auths) => {
    const api = apiOf(tool);
    const source = auths.get(api)?.serviceAccount();
    if (!source) throw new ConfigError(`No service account is configured for API "${api}".`);
    return source;
  },
  'user-token': (tool, identity, auths, config) => {
    if (!identity) {
      throw new AuthRequiredError(`The tool "${tool.definition.name}" acts as the signed-in user, and no user is signed in.`);
    }
    const api = apiOf(tool);
    const auth = auths.get(api);
    if (!auth) throw new ConfigError(`API "${api}" is not configured.`);
    const userAuth = config.apis[api]?.userAuth;
    const inbound = identity.caller?.token;
    const acquire = userAuth?.exchange && inbound ? tokenExchange({ ...clientOf(userAuth), ...userAuth.exchange }, inbound) : undefined;
    return userCredentialSource(auth.tokenManager, identity.userKey, acquire);
  },
} satisfies Record<AuthType, Resolver>;

export interface Credentials {
  /** What one call of `tool` by `identity` carries upstream; undefined for nothing. */
  for(tool: GeneratedTool, identity: Identity | undefined): CredentialSource | undefined;
  /** Per API, for tests, health and the session hand-off. */
  auths: ReadonlyMap<string, Auth>;
  /**
   * Creates the auth layer for APIs not seen yet (at start-up, and when a reload brings
   * a new API) and seeds the configured local user's tokens there, when the store has no
   * session for them.
   */
  ensureApis(apis: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

export interface CredentialsHooks {
  /** Told of every token grant made, for any API (metrics). */
  onRefresh?: (event: GrantEvent) => void;
}

export function createCredentials(config: RuntimeConfig, logger: Logger, hooks: CredentialsHooks = {}): Credentials {
  const keys = parseEncryptionKeys(config.tokens.encryptionKeys);
  const auths = new Map<string, Auth>();
  return {
    auths,
    for: (tool, identity) => resolvers[tool.authType](tool, identity, auths, config),
    async ensureApis(apis) {
      const added: Auth[] = [];
      for (const api of apis) {
        if (auths.has(api)) continue;
        const options = authOptions(api, config.apis[api] ?? {}, config, keys, logger);
        if (hooks.onRefresh) options.onRefresh = hooks.onRefresh;
        const auth = createAuth(options);
        auths.set(api, auth);
        added.push(auth);
      }
      const user = config.user;
      if (!user?.accessToken) return;
      for (const auth of added) {
        // A stored session wins: it may hold a rotated refresh token (another replica, or
        // an earlier run against Redis), and replaying the configured one would be reuse.
        if (await auth.tokenManager.hasSession(user.key)) continue;
        await auth.tokenManager.setupUserSession(user.key, {
          accessToken: user.accessToken,
          ...(user.refreshToken ? { refreshToken: user.refreshToken } : {}),
          ...(user.expiresAt ? { expiresAt: user.expiresAt } : {}),
        });
      }
    },
    async close() {
      await Promise.all([...auths.values()].map((a) => a.close()));
    },
  };
}

function authOptions(
  api: string,
  apiConfig: ApiConfig,
  config: RuntimeConfig,
  keys: EncryptionKey[] | undefined,
  logger: Logger,
): AuthOptions {
  const { tokens } = config;
  const slice: StoreConfig<typeof tokens, Omit<StoreOptions, 'kind'>> = storeConfigs[tokens.store];
  const options: AuthOptions = {
    logger: logger.child({ api }),
    // Each store maps its own slice of `tokens.*` (stores/<kind>-store.ts).
    store: { kind: tokens.store, ...slice.fromConfig(tokens, api) } as StoreOptions,
    expiry: { bufferMs: tokens.expiryBufferMs },
    ...(keys ? { encryption: { keys } } : {}),
  };
  if (apiConfig.userAuth) options.refresh = clientOf(apiConfig.userAuth);
  const sa = apiConfig.serviceAccount;
  if (sa) options.serviceAccounts = { default: serviceAccountOf(sa) };
  return options;
}

/** `kid:key[,kid:key...]`, first encrypts (checked at load: cross-checks.ts). */
export function parseEncryptionKeys(text: string | undefined): EncryptionKey[] | undefined {
  if (!text) return undefined;
  const { keys, problems } = splitEncryptionKeys(text);
  if (problems.length > 0) throw new ConfigError(problems.join('; '));
  return keys;
}

/** A static key, or the client_credentials client (the schema's oneOf: one or the other). */
function serviceAccountOf(sa: ServiceAccountConfig): ServiceAccountOptions {
  if (sa.staticToken) return { staticToken: sa.staticToken };
  const { staticToken: _none, ...client } = sa;
  return client as ServiceAccountOptions;
}

/** The token-endpoint client of a userAuth block, without its exchange and authorize settings. */
export function clientOf(userAuth: NonNullable<ApiConfig['userAuth']>): Omit<NonNullable<ApiConfig['userAuth']>, 'exchange' | 'authorize'> {
  const { exchange: _exchange, authorize: _authorize, ...client } = userAuth;
  return client;
}

function apiOf(tool: GeneratedTool): string {
  // Local tools have no API; a local user-token tool resolves against the default key.
  return tool.kind === 'upstream' ? tool.api : '';
}
