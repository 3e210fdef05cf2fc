/**
 * Keeps each user's upstream tokens fresh: the seed's TokenManagerService, made safe
 * under concurrency and failure.
 *
 * - Keyed by a stable user key (the verified subject), never a session id or tool input.
 * - Refresh before expiry (see expiry.ts); an expired access token with a refresh token is
 *   refreshed, not rejected.
 * - One refresh per user at a time: in-process single-flight, and inside it a pluggable
 *   lock (LocalLock, or RedisLock across replicas). After taking the lock the store is
 *   read again: another replica may already have rotated, and then we use its tokens.
 * - After an upstream 401, `refreshUserToken(k, { rejectedAccessToken })` refreshes only
 *   if the stored token is still the rejected one; so N concurrent 401s cost one refresh.
 * - Rotation: the new session (with the new refresh token, or the old one when the
 *   response has none) is written before the new access token is handed out.
 * - AuthRequiredError from the refresher clears the session only if the stored refresh
 *   token is still the one that failed; TokenRefreshError keeps the tokens.
 * - Acquire: a caller may pass a way to get tokens without a session (RFC 8693 token
 *   exchange of the caller's inbound token; a client_credentials grant for a service
 *   account). It runs under the same single-flight and lock as a refresh, when there is
 *   no session or the session cannot be refreshed, so a burst of first calls costs one
 *   exchange, across replicas too.
 *
 * @see RFC 6749 §6
 * @see RFC 6819 §5.2.2.3 (refresh token rotation)
 */
import { AuthRequiredError, DtaError, TokenRefreshError, TokenStoreUnavailableError } from '../errors.ts';
import { DEFAULT_EXPIRY_POLICY, isRefreshDue, resolveTokenTimes, type ExpiryPolicy } from './expiry.ts';
import { LocalLock, type RefreshLock } from './locks.ts';
import { errorFields, silentAuthLogger, type AuthLogger } from './logger.ts';
import { SingleFlight, abortable } from './single-flight.ts';
import type { StoredSession, TokenStore } from './stores/types.ts';
import type { Refresher, UserTokens } from './types.ts';
import { HotTokens, type HotTokenOptions } from './hot-tokens.ts';

export interface TokenManagerOptions {
  store: TokenStore;
  /** Exchanges a refresh token; without one, an expired session means AuthRequiredError. */
  refresher?: Refresher;
  /** Cross-process exclusion around a refresh; default LocalLock (single-flight only). */
  lock?: RefreshLock;
  expiry?: Partial<ExpiryPolicy>;
  /** Abort signal given to the refresher after this long; default 15 s. */
  refreshTimeoutMs?: number;
  logger?: AuthLogger;
  /** Told of every grant made (for metrics); must not throw. */
  onRefresh?: (event: RefreshEvent) => void;
  /**
   * The in-process cache of decrypted sessions (see hot-tokens.ts). Default: on (5 s) for
   * the memory store, off for shared stores; `{ ttlMs: 0 }` turns it off.
   */
  hotCache?: HotTokenOptions;
}

/**
 * One grant made for fresh tokens: `refresh_token`, or `acquire` (whatever the caller's
 * acquirer does: token exchange, client_credentials). `rejected` means the grant was
 * refused (sign in again), `transient` that it failed and may work later.
 */
export interface RefreshEvent {
  grant: 'refresh_token' | 'acquire';
  outcome: 'ok' | 'rejected' | 'transient';
}

/** Gets fresh tokens without a refresh token (token exchange, client_credentials). */
export type Acquire = (ctx: { userKey: string; signal: AbortSignal }) => Promise<UserTokens>;

export interface RefreshOptions {
  /** The access token the upstream just rejected (401): refresh only if it is still stored. */
  rejectedAccessToken?: string;
  /** Stops this caller waiting; never aborts the shared refresh. */
  signal?: AbortSignal;
  /** Used when there is no session, or it cannot be refreshed. */
  acquire?: Acquire;
}

/** Tokens handed to callers: never the refresh token, which stays in the store. */
export type AccessTokens = Omit<UserTokens, 'refreshToken'> & { expiresAt: number };

export class TokenManager {
  readonly #store: TokenStore;
  readonly #hot: HotTokens;
  readonly #refresher: Refresher | undefined;
  readonly #lock: RefreshLock;
  readonly #policy: ExpiryPolicy;
  readonly #refreshTimeoutMs: number;
  readonly #logger: AuthLogger;
  readonly #onRefresh: ((event: RefreshEvent) => void) | undefined;
  readonly #flights = new SingleFlight<StoredSession>();

  constructor(options: TokenManagerOptions) {
    this.#store = options.store;
    // Process-local stores have no other writer, so a cached copy cannot go stale; a shared
    // store (Redis, the credentials file) is read every time unless a TTL is chosen.
    this.#hot = new HotTokens({ ttlMs: options.store.kind === 'memory' ? undefined : 0, ...options.hotCache });
    this.#refresher = options.refresher;
    this.#lock = options.lock ?? new LocalLock();
    this.#policy = { ...DEFAULT_EXPIRY_POLICY, ...options.expiry };
    this.#refreshTimeoutMs = options.refreshTimeoutMs ?? 15_000;
    this.#logger = options.logger ?? silentAuthLogger;
    this.#onRefresh = options.onRefresh;
  }

  /** The expiry policy in effect (defaults merged). */
  get expiryPolicy(): Readonly<ExpiryPolicy> {
    return this.#policy;
  }

  /**
   * Stores a user's tokens (after sign-in or a session hand-off), replacing any previous
   * session. An access token is required; without a refresh token, expiry ends the session.
   */
  async setupUserSession(userKey: string, tokens: UserTokens): Promise<void> {
    assertUserKey(userKey);
    if (typeof tokens?.accessToken !== 'string' || tokens.accessToken === '') {
      throw new TypeError('setupUserSession: tokens.accessToken is required.');
    }
    if (tokens.refreshToken !== undefined && (typeof tokens.refreshToken !== 'string' || tokens.refreshToken === '')) {
      throw new TypeError('setupUserSession: tokens.refreshToken must be a non-empty string when given.');
    }
    const session = this.#toSession(tokens);
    if (!session.refreshToken && Date.now() >= session.expiresAt) {
      throw new AuthRequiredError('The access token has already expired and there is no refresh token; sign in again.');
    }
    await this.#store.set(userKey, session);
    this.#hot.put(userKey, session);
    this.#logger.info({ userKey, store: this.#store.kind }, 'user session set up');
  }

  /** Whether a readable session is stored for the user (expired or not). */
  async hasSession(userKey: string): Promise<boolean> {
    assertUserKey(userKey);
    return (await this.#read(userKey)) !== undefined;
  }

  /** A usable access token for the user, refreshed first if expired or about to expire. */
  async getValidToken(userKey: string, signal?: AbortSignal, acquire?: Acquire): Promise<string> {
    assertUserKey(userKey);
    const hot = this.#hot.get(userKey);
    if (hot && !this.#isDue(hot)) return hot.accessToken;
    const session = await this.#read(userKey);
    if (!session && !acquire) throw noSession();
    if (session && !this.#isDue(session)) {
      this.#hot.put(userKey, session);
      return session.accessToken;
    }
    try {
      return (await this.#refreshShared(userKey, undefined, signal, acquire)).accessToken;
    } catch (error) {
      // A proactive refresh that failed transiently is no reason to fail a call while the
      // current token is still valid: use it, and the next call tries again.
      if (error instanceof TokenRefreshError && session && Date.now() < session.expiresAt) {
        this.#logger.warn({ userKey, ...errorFields(error) }, 'early refresh failed; using the still-valid token');
        return session.accessToken;
      }
      throw error;
    }
  }

  /**
   * Refreshes the user's tokens (single-flight) and returns the new access token data.
   * With `rejectedAccessToken`, returns the stored tokens without refreshing when they
   * already differ from the rejected one (someone refreshed meanwhile).
   */
  async refreshUserToken(userKey: string, options: RefreshOptions = {}): Promise<AccessTokens> {
    assertUserKey(userKey);
    const { rejectedAccessToken, signal, acquire } = options;
    // A 401 means the cached copy may be stale (revoked, or rotated by another replica).
    this.#hot.drop(userKey);
    if (rejectedAccessToken !== undefined) {
      // Fast path without the lock: a late 401 for a token that was already replaced.
      const stored = await this.#read(userKey);
      if (stored && stored.accessToken !== rejectedAccessToken && !this.#isDue(stored)) return publicTokens(stored);
    }
    let session = await this.#refreshShared(userKey, rejectedAccessToken ?? null, signal, acquire);
    if (rejectedAccessToken !== undefined && session.accessToken === rejectedAccessToken) {
      // We joined a flight that started before this rejection and judged the token fine
      // (e.g. an expiry check); run once more, now knowing it was rejected.
      session = await this.#refreshShared(userKey, rejectedAccessToken, signal, acquire);
    }
    return publicTokens(session);
  }

  /** Forgets the user's tokens (sign-out). */
  async cleanupUserSession(userKey: string): Promise<void> {
    assertUserKey(userKey);
    this.#hot.drop(userKey);
    await this.#store.delete(userKey);
    this.#logger.info({ userKey }, 'user session cleaned up');
  }

  /**
   * Whether these tokens are expired or within the refresh buffer, so should be refreshed
   * before use. Uses `expiresAt`, else the JWT `exp`, else the default lifetime from now.
   */
  isTokenExpired(tokens: Pick<UserTokens, 'accessToken' | 'expiresAt'> & { issuedAt?: number }): boolean {
    const times = resolveTokenTimes(tokens, Date.now(), this.#policy);
    if (typeof tokens.issuedAt === 'number') times.issuedAt = tokens.issuedAt;
    return isRefreshDue(times, Date.now(), this.#policy);
  }

  /**
   * `rejected`: a token string after a 401, null for "refresh regardless" (explicit call),
   * undefined for "refresh if due" (expiry path).
   */
  #refreshShared(
    userKey: string,
    rejected: string | null | undefined,
    signal?: AbortSignal,
    acquire?: Acquire,
  ): Promise<StoredSession> {
    const flight = this.#flights.run(userKey, () => this.#lock.withLock(userKey, () => this.#refreshLocked(userKey, rejected, acquire)));
    return signal ? abortable(flight, signal) : flight;
  }

  async #refreshLocked(userKey: string, rejected: string | null | undefined, acquire?: Acquire): Promise<StoredSession> {
    // Re-read under the lock: another replica (or an earlier flight) may have rotated.
    const current = await this.#read(userKey);
    if (!current) {
      if (acquire) return this.#acquireLocked(userKey, acquire);
      throw noSession();
    }
    const rejectedIsCurrent = typeof rejected === 'string' && current.accessToken === rejected;
    if (rejected !== null && !rejectedIsCurrent && !this.#isDue(current)) {
      this.#logger.debug({ userKey }, 'token already refreshed elsewhere; skipping refresh');
      return current;
    }
    const refreshToken = current.refreshToken;
    if ((!refreshToken || !this.#refresher) && acquire) return this.#acquireLocked(userKey, acquire);
    if (!refreshToken || !this.#refresher) {
      // Nothing to refresh with: the session is over. It is left in place (no refresh token to
      // compare-and-delete on, and a concurrent sign-in must not be erased); it expires anyway.
      this.#logger.info({ userKey, hasRefreshToken: !!refreshToken }, 'session expired and cannot be refreshed');
      throw new AuthRequiredError('The session has expired and cannot be refreshed; the user must sign in again.');
    }

    let result: UserTokens;
    try {
      result = await this.#refresher(refreshToken, { userKey, signal: AbortSignal.timeout(this.#refreshTimeoutMs) });
    } catch (error) {
      this.#report('refresh_token', error instanceof AuthRequiredError ? 'rejected' : 'transient');
      if (error instanceof AuthRequiredError) {
        this.#hot.drop(userKey);
        const cleared = await this.#store.deleteIf(userKey, refreshToken);
        if (acquire) {
          this.#logger.info({ userKey, cleared }, 'refresh grant rejected; acquiring anew');
          return this.#acquireLocked(userKey, acquire);
        }
        this.#logger.warn({ userKey, cleared }, 'refresh grant rejected; the user must re-authorize');
        throw error;
      }
      this.#logger.warn({ userKey, ...errorFields(error) }, 'token refresh failed; tokens kept');
      if (error instanceof TokenRefreshError) throw error;
      // A custom refresher's unknown failure: keep the tokens, report retryable.
      throw new TokenRefreshError('Token refresh failed; try again.', { cause: error });
    }
    if (typeof result?.accessToken !== 'string' || result.accessToken === '') {
      this.#report('refresh_token', 'transient');
      throw new TokenRefreshError('The refresher returned no access token; tokens kept.');
    }
    this.#report('refresh_token', 'ok');

    // Rotation: keep the old refresh token only when the response carries none (§6).
    const next = this.#toSession({ ...result, refreshToken: result.refreshToken || refreshToken });
    await this.#store.set(userKey, next);
    this.#hot.put(userKey, next);
    this.#logger.info({ userKey, rotated: !!result.refreshToken && result.refreshToken !== refreshToken }, 'token refreshed');
    return next;
  }

  /** Runs under the lock: tokens from the acquirer are stored before they are handed out. */
  async #acquireLocked(userKey: string, acquire: Acquire): Promise<StoredSession> {
    let tokens: UserTokens;
    try {
      tokens = await acquire({ userKey, signal: AbortSignal.timeout(this.#refreshTimeoutMs) });
    } catch (error) {
      // A typed, non-retryable refusal (AuthRequiredError, ServiceAccountError) is a rejection.
      this.#report('acquire', error instanceof DtaError && !error.retryable ? 'rejected' : 'transient');
      throw error;
    }
    if (typeof tokens?.accessToken !== 'string' || tokens.accessToken === '') {
      this.#report('acquire', 'transient');
      throw new TokenRefreshError('No access token was acquired; try again.');
    }
    this.#report('acquire', 'ok');
    const session = this.#toSession(tokens);
    await this.#store.set(userKey, session);
    this.#hot.put(userKey, session);
    this.#logger.info({ userKey, refreshable: !!tokens.refreshToken }, 'tokens acquired');
    return session;
  }

  #report(grant: RefreshEvent['grant'], outcome: RefreshEvent['outcome']): void {
    try {
      this.#onRefresh?.({ grant, outcome });
    } catch (error) {
      this.#logger.warn({ ...errorFields(error) }, 'onRefresh listener failed');
    }
  }

  /** A store that cannot be reached is a retryable condition, not a lost session. */
  async #read(userKey: string): Promise<StoredSession | undefined> {
    try {
      return await this.#store.get(userKey);
    } catch (error) {
      this.#logger.error({ userKey, store: this.#store.kind, ...errorFields(error) }, 'token store unavailable');
      throw new TokenStoreUnavailableError('The token store is unavailable; try again.', { cause: error });
    }
  }

  #toSession(tokens: UserTokens): StoredSession {
    const times = resolveTokenTimes(tokens, Date.now(), this.#policy);
    const session: StoredSession = { accessToken: tokens.accessToken, ...times };
    if (tokens.refreshToken) session.refreshToken = tokens.refreshToken;
    if (tokens.tokenType) session.tokenType = tokens.tokenType;
    if (tokens.scope) session.scope = tokens.scope;
    return session;
  }

  #isDue(session: StoredSession): boolean {
    return isRefreshDue(session, Date.now(), this.#policy);
  }
}

function publicTokens(session: StoredSession): AccessTokens {
  const out: AccessTokens = { accessToken: session.accessToken, expiresAt: session.expiresAt };
  if (session.tokenType) out.tokenType = session.tokenType;
  if (session.scope) out.scope = session.scope;
  return out;
}

function noSession(): AuthRequiredError {
  return new AuthRequiredError('No upstream session for this user; the user must sign in (authorize) first.');
}

function assertUserKey(userKey: string): void {
  if (typeof userKey !== 'string' || userKey === '') throw new TypeError('A non-empty user key is required.');
}
