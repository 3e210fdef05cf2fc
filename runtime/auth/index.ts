/**
 * The auth layer's entry point for the runtime: `createAuth(options)` wires encryption,
 * the store and its lock, the refresher, the token manager and the service accounts from
 * plain options, validated up front (one ConfigError listing every problem).
 *
 * @example
 * const auth = createAuth({
 *   encryption: { keys: [{ id: 'k2', key: process.env.TOKEN_KEY_2! }, { id: 'k1', key: process.env.TOKEN_KEY_1! }] },
 *   store: { kind: 'redis', url: 'redis://127.0.0.1:6379', keyPrefix: 'dta-mcp:prod:' },
 *   refresh: { tokenUrl: 'https://id.example.com/oauth/token', clientId: 'dta-mcp', clientSecret: '…' },
 *   serviceAccounts: { default: { tokenUrl: '…', clientId: 'svc', clientSecret: '…', scope: 'reports.read' } },
 * });
 * const source = auth.userCredentials(identity.userKey); // -> withCredentials(send, source) (upstream/attach-credentials.ts)
 */
import { createTokenCipher } from './crypto/token-cipher.ts';
import { silentAuthLogger } from './logger.ts';
import { validateAuthOptions, type AuthOptions } from './options.ts';
import { createOAuthRefresher } from './refreshers/oauth-refresh.ts';
import { createServiceAccount, type ServiceAccount } from './service-account.ts';
import { createStoreBackend } from './stores/index.ts';
import { TokenManager } from './token-manager.ts';
import type { CredentialSource, Refresher } from './types.ts';
import { userCredentialSource } from './user-credentials.ts';

export interface Auth {
  tokenManager: TokenManager;
  /** The CredentialSource for one user's delegated token (for withCredentials, upstream/attach-credentials.ts). */
  userCredentials(userKey: string): CredentialSource;
  /** A configured service account by name (default 'default'); undefined if none. */
  serviceAccount(name?: string): ServiceAccount | undefined;
  /** Closes connections the store opened (Redis). */
  close(): Promise<void>;
}

export function createAuth(options: AuthOptions = {}): Auth {
  validateAuthOptions(options);
  const logger = options.logger ?? silentAuthLogger;
  const cipher = options.encryption ? createTokenCipher(options.encryption.keys) : undefined;
  const { store, lock } = createStoreBackend(options.store ?? { kind: 'memory' }, { cipher, logger });

  let refresher: Refresher | undefined;
  if (options.refresh) refresher = 'refresher' in options.refresh ? options.refresh.refresher : createOAuthRefresher(options.refresh);

  const { onRefresh } = options;
  const tokenManager = new TokenManager({
    store,
    lock,
    logger,
    // A user's tokens are acquired only by token exchange (RFC 8693): see credentials.ts.
    ...(onRefresh ? { onRefresh: (e) => onRefresh({ grant: e.grant === 'acquire' ? 'token_exchange' : e.grant, outcome: e.outcome }) } : {}),
    ...(refresher ? { refresher } : {}),
    ...(options.expiry ? { expiry: options.expiry } : {}),
    ...(options.refreshTimeoutMs ? { refreshTimeoutMs: options.refreshTimeoutMs } : {}),
  });

  const accounts = new Map<string, ServiceAccount>();
  for (const [name, account] of Object.entries(options.serviceAccounts ?? {})) {
    accounts.set(name, createServiceAccount(account, { name, logger, ...(onRefresh ? { onRefresh } : {}) }));
  }

  return {
    tokenManager,
    userCredentials: (userKey) => userCredentialSource(tokenManager, userKey),
    serviceAccount: (name = 'default') => accounts.get(name),
    close: () => store.close(),
  };
}

export type { AuthOptions, GrantEvent } from './options.ts';
export { validateAuthOptions } from './options.ts';
export { TokenManager, type TokenManagerOptions, type RefreshOptions, type AccessTokens, type RefreshEvent } from './token-manager.ts';
export { createServiceAccount, type ServiceAccount, type ServiceAccountOptions } from './service-account.ts';
export { userCredentialSource } from './user-credentials.ts';
export { createOAuthRefresher, type OAuthRefreshOptions } from './refreshers/oauth-refresh.ts';
export { createTokenCipher, generateEncryptionKey, type EncryptionKey, type TokenCipher } from './crypto/token-cipher.ts';
export { stores, createStoreBackend, type StoreOptions, type TokenStore, type StoredSession } from './stores/index.ts';
export { LocalLock, type RefreshLock } from './locks.ts';
export { RedisLock } from './redis-lock.ts';
export { SingleFlight } from './single-flight.ts';
export { DEFAULT_EXPIRY_POLICY, type ExpiryPolicy } from './expiry.ts';
export type { AuthLogger } from './logger.ts';
export type { CredentialSource, Refresher, RefreshResult, UserTokens } from './types.ts';
