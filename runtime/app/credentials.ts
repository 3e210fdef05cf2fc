/**
 * Wires the auth layer from the runtime configuration: one `Auth` per upstream API (each
 * API may have its own identity provider and service account), sharing one encryption
 * key ring. Returns the CredentialProviders the executor needs, and the local user's
 * seeding (the configured user's tokens, until identity over HTTP lands).
 */
import { createAuth, type Auth, type AuthOptions, type EncryptionKey } from '../auth/index.ts';
import type { ServiceAccountOptions } from '../auth/service-account.ts';
import { ConfigError } from '../errors.ts';
import type { CredentialProviders } from '../mcp/credentials.ts';
import type { Logger } from '../observability/logger.ts';
import type { ApiConfig, RuntimeConfig } from '../config/schema.ts';
import { splitEncryptionKeys } from '../config/cross-checks.ts';

export interface CredentialWiring {
  providers: CredentialProviders;
  /** Per API, for tests and health. */
  auths: ReadonlyMap<string, Auth>;
  /**
   * Creates the auth layer for APIs not seen yet (at start-up, and when a reload brings
   * a new API) and seeds the configured local user's tokens there, when the store has no
   * session for them.
   */
  ensureApis(apis: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

export function wireCredentials(config: RuntimeConfig, logger: Logger): CredentialWiring {
  const keys = parseEncryptionKeys(config.tokens.encryptionKeys);
  const auths = new Map<string, Auth>();
  return {
    auths,
    providers: {
      serviceAccount: (api) => auths.get(api)?.serviceAccount(),
      user: (api, userKey) => {
        const auth = auths.get(api);
        if (!auth) throw new ConfigError(`API "${api}" is not configured.`);
        return auth.userCredentials(userKey);
      },
    },
    async ensureApis(apis) {
      const added: Auth[] = [];
      for (const api of apis) {
        if (auths.has(api)) continue;
        const auth = createAuth(authOptions(api, config.apis[api] ?? {}, config, keys, logger));
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
  const options: AuthOptions = {
    logger: logger.child({ api }),
    store:
      tokens.store === 'redis'
        ? {
            kind: 'redis',
            ...(tokens.redisUrl ? { url: tokens.redisUrl } : {}),
            keyPrefix: `${tokens.redisPrefix ?? 'dta-mcp:'}${api}:`,
            ...(tokens.ttlMs ? { ttlMs: tokens.ttlMs } : {}),
          }
        : {
            kind: 'memory',
            ...(tokens.maxUsers ? { maxUsers: tokens.maxUsers } : {}),
            ...(tokens.ttlMs ? { ttlMs: tokens.ttlMs } : {}),
          },
    ...(tokens.expiryBufferMs !== undefined ? { expiry: { bufferMs: tokens.expiryBufferMs } } : {}),
    ...(keys ? { encryption: { keys } } : {}),
  };
  if (apiConfig.userAuth) options.refresh = apiConfig.userAuth;
  const sa = apiConfig.serviceAccount;
  if (sa) {
    options.serviceAccounts = {
      default: (sa.staticToken ? { staticToken: sa.staticToken } : sa) as ServiceAccountOptions,
    };
  }
  return options;
}

/** `kid:key[,kid:key...]`, first encrypts (checked at load: cross-checks.ts). */
export function parseEncryptionKeys(text: string | undefined): EncryptionKey[] | undefined {
  if (!text) return undefined;
  const { keys, problems } = splitEncryptionKeys(text);
  if (problems.length > 0) throw new ConfigError(problems.join('; '));
  return keys;
}
