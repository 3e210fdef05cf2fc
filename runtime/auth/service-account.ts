/**
 * The server's own credentials for `service-account` tools: an OAuth 2.0
 * client_credentials grant (or a configured static key), cached until near expiry and
 * refreshed single-flight, with the same after-401 semantics as user tokens: a rejected
 * token is replaced once, however many calls saw it rejected.
 *
 * Service-account tokens are cached per process, not in the shared store: each replica
 * may hold its own, and client_credentials has no rotating secret to protect.
 *
 * @see RFC 6749 §4.4 (client credentials grant), §5.2
 */
import { ConfigError, ServiceAccountError, TokenRefreshError } from '../errors.ts';
import { DEFAULT_EXPIRY_POLICY, isRefreshDue, resolveTokenTimes, type ExpiryPolicy, type TokenTimes } from './expiry.ts';
import { silentAuthLogger, type AuthLogger } from './logger.ts';
import { requestToken, type ClientAuthMethod } from './oauth-token-endpoint.ts';
import { SingleFlight, abortable } from './single-flight.ts';
import type { CredentialSource } from './types.ts';

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
  deps: { name?: string; logger?: AuthLogger } = {},
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
  return new ClientCredentialsAccount(options, name, deps.logger ?? silentAuthLogger);
}

interface CachedToken extends TokenTimes {
  accessToken: string;
}

class ClientCredentialsAccount implements ServiceAccount {
  readonly #options: ClientCredentialsOptions;
  readonly #name: string;
  readonly #logger: AuthLogger;
  readonly #policy: ExpiryPolicy;
  readonly #flight = new SingleFlight<CachedToken>();
  #cached: CachedToken | undefined;

  constructor(options: ClientCredentialsOptions, name: string, logger: AuthLogger) {
    this.#options = options;
    this.#name = name;
    this.#logger = logger;
    this.#policy = { ...DEFAULT_EXPIRY_POLICY, ...options.expiry };
  }

  async getToken(signal?: AbortSignal): Promise<string> {
    const cached = this.#cached;
    if (cached && !isRefreshDue(cached, Date.now(), this.#policy)) return cached.accessToken;
    try {
      return (await this.#fetchShared(signal)).accessToken;
    } catch (error) {
      // Early refresh failed transiently but the cached token is still valid: use it.
      if (error instanceof TokenRefreshError && cached && Date.now() < cached.expiresAt) return cached.accessToken;
      throw error;
    }
  }

  async refreshAfterRejection(rejectedToken: string, signal?: AbortSignal): Promise<string> {
    const cached = this.#cached;
    if (cached && cached.accessToken !== rejectedToken && !isRefreshDue(cached, Date.now(), this.#policy)) {
      return cached.accessToken; // someone already replaced it
    }
    if (cached?.accessToken === rejectedToken) this.#cached = undefined;
    return (await this.#fetchShared(signal)).accessToken;
  }

  invalidate(): void {
    this.#cached = undefined;
  }

  #fetchShared(signal?: AbortSignal): Promise<CachedToken> {
    const flight = this.#flight.run('token', () => this.#fetch());
    return signal ? abortable(flight, signal) : flight;
  }

  async #fetch(): Promise<CachedToken> {
    const o = this.#options;
    const result = await requestToken(o, {
      grant_type: 'client_credentials',
      scope: o.scope,
      audience: o.audience,
      resource: o.resource,
    });
    if (!result.ok) {
      if (result.kind === 'rejected') {
        this.#logger.error({ serviceAccount: this.#name, status: result.status, oauthError: result.error }, 'service account grant rejected');
        throw new ServiceAccountError(`The service account "${this.#name}" was refused a token (${result.error}); check its configuration.`);
      }
      this.#logger.warn({ serviceAccount: this.#name, status: result.status, reason: result.reason }, 'service account token request failed');
      throw new TokenRefreshError(`The service account token request failed temporarily (${result.reason}); try again.`, { cause: result.cause });
    }
    const token: CachedToken = {
      accessToken: result.tokens.accessToken,
      ...resolveTokenTimes(result.tokens, Date.now(), this.#policy),
    };
    this.#cached = token;
    this.#logger.debug({ serviceAccount: this.#name }, 'service account token fetched');
    return token;
  }
}
