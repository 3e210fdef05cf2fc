/**
 * The server's own credentials for `service-account` tools: an OAuth 2.0
 * client_credentials grant (or a configured static key), cached until near expiry and
 * refreshed single-flight, with the same after-401 semantics as user tokens: a rejected
 * token is replaced once, however many calls saw it rejected.
 *
 * Service-account tokens are cached per process, not in the shared store: each replica
 * may hold its own, and client_credentials has no rotating secret to protect. The cache
 * is the token manager's (one engine for every cached token), over a memory store.
 *
 * @see RFC 6749 §4.4 (client credentials grant), §5.2
 */
import { ConfigError, ServiceAccountError, TokenRefreshError } from '../errors.ts';
import type { ExpiryPolicy } from './expiry.ts';
import { silentAuthLogger, type AuthLogger } from './logger.ts';
import { requestToken, type ClientAuthMethod } from './oauth-token-endpoint.ts';
import { MemoryTokenStore } from './stores/memory-store.ts';
import { TokenManager, type Acquire } from './token-manager.ts';
import type { CredentialSource } from './types.ts';
import type { GrantEvent } from './options.ts';

export interface ClientCredentialsOptions {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Default 'client_secret_basic'. */
  authMethod?: Exclude<ClientAuthMethod, 'none'>;
  scope?: string;
  /** Non-standard audience parameter (Auth0, Okta). */
  audience?: string;
  /** RFC 8707 resource indicator. */
  resource?: string;
  /** Token endpoint timeout; default 10 s. */
  timeoutMs?: number;
  expiry?: Partial<ExpiryPolicy>;
}

export interface StaticTokenOptions {
  /** A long-lived key sent as the bearer token; never refreshed. */
  staticToken: string;
}

export type ServiceAccountOptions = ClientCredentialsOptions | StaticTokenOptions;

export interface ServiceAccount extends CredentialSource {
  /** Drops the cached token; the next call fetches a new one. */
  invalidate(): void;
}

export function createServiceAccount(
  options: ServiceAccountOptions,
  deps: { name?: string; logger?: AuthLogger; onRefresh?: (event: GrantEvent) => void } = {},
): ServiceAccount {
  const name = deps.name ?? 'default';
  if ('staticToken' in options) {
    if (typeof options.staticToken !== 'string' || options.staticToken === '') {
      throw new ConfigError(`Service account "${name}": staticToken must be a non-empty string.`);
    }
    const token = options.staticToken;
    return {
      // A static key cannot be refreshed: the middleware returns its 401 as it is.
      canRefresh: false,
      getToken: async () => token,
      refreshAfterRejection: async () => token,
      invalidate: () => undefined,
    };
  }
  return new ClientCredentialsAccount(options, name, deps.logger ?? silentAuthLogger, deps.onRefresh);
}

/**
 * client_credentials through the same token engine as user tokens: a TokenManager over a
 * per-process memory store, keyed by the account's name, whose "acquire" is the grant.
 * Expiry buffer, single-flight, "a rejected token is replaced once" and "an early refresh
 * that failed transiently keeps the still-valid token" are the manager's, not copies.
 */
class ClientCredentialsAccount implements ServiceAccount {
  readonly #manager: TokenManager;
  readonly #key: string;
  readonly #acquire: Acquire;

  constructor(options: ClientCredentialsOptions, name: string, logger: AuthLogger, onRefresh?: (event: GrantEvent) => void) {
    this.#key = `service-account:${name}`;
    this.#manager = new TokenManager({
      store: new MemoryTokenStore({ maxUsers: 16 }),
      logger,
      // Acquiring is the client_credentials grant; a refresh_token grant happens only if the server issued one.
      ...(onRefresh ? { onRefresh: (e) => onRefresh({ grant: e.grant === 'acquire' ? 'client_credentials' : e.grant, outcome: e.outcome }) } : {}),
      ...(options.expiry ? { expiry: options.expiry } : {}),
      ...(options.timeoutMs ? { refreshTimeoutMs: options.timeoutMs } : {}),
    });
    this.#acquire = clientCredentialsGrant(options, name, logger);
  }

  getToken(signal?: AbortSignal): Promise<string> {
    return this.#manager.getValidToken(this.#key, signal, this.#acquire);
  }

  async refreshAfterRejection(rejectedToken: string, signal?: AbortSignal): Promise<string> {
    const options = { rejectedAccessToken: rejectedToken, acquire: this.#acquire, ...(signal ? { signal } : {}) };
    return (await this.#manager.refreshUserToken(this.#key, options)).accessToken;
  }

  invalidate(): void {
    void this.#manager.cleanupUserSession(this.#key);
  }
}

/** RFC 6749 §4.4: a refused grant is the configuration's fault (not retryable); 5xx etc. are. */
function clientCredentialsGrant(o: ClientCredentialsOptions, name: string, logger: AuthLogger): Acquire {
  return async ({ signal }) => {
    const result = await requestToken(o, { grant_type: 'client_credentials', scope: o.scope, audience: o.audience, resource: o.resource }, signal);
    if (result.ok) {
      logger.debug({ serviceAccount: name }, 'service account token fetched');
      return result.tokens;
    }
    if (result.kind === 'rejected') {
      logger.error({ serviceAccount: name, status: result.status, oauthError: result.error }, 'service account grant rejected');
      throw new ServiceAccountError(`The service account "${name}" was refused a token (${result.error}); check its configuration.`);
    }
    logger.warn({ serviceAccount: name, status: result.status, reason: result.reason }, 'service account token request failed');
    throw new TokenRefreshError(`The service account token request failed temporarily (${result.reason}); try again.`, { cause: result.cause });
  };
}
