/**
 * The one interface every token store implements. It holds exactly what the token manager
 * needs for atomic rotation and safe failure handling:
 *
 * - a session is one record (access + refresh token together), so `set` rotates both at
 *   once and a reader never sees a new access token with an old refresh token;
 * - `deleteIf` is compare-and-delete on the refresh token, so a replica whose refresh
 *   failed with a token that has since been rotated does not log the user out.
 *
 * Stores encrypt records at rest; a record that does not decrypt for its user reads as
 * undefined ("no session").
 */
import type { TokenCipher } from '../crypto/token-cipher.ts';
import type { AuthLogger } from '../logger.ts';
import type { RefreshLock } from '../locks.ts';

/** A user's tokens as stored, with times resolved when they were stored. */
export interface StoredSession {
  accessToken: string;
  refreshToken?: string;
  tokenType?: string;
  scope?: string;
  /** Epoch ms the access token expires (resolved from expiresAt, JWT exp or the default). */
  expiresAt: number;
  /** Epoch ms the access token was issued (JWT iat, else when stored). */
  issuedAt: number;
}

export interface TokenStore {
  /** Store name for logs ('memory', 'redis'). */
  readonly kind: string;
  get(userKey: string): Promise<StoredSession | undefined>;
  /** Writes (replaces) the session atomically. */
  set(userKey: string, session: StoredSession): Promise<void>;
  delete(userKey: string): Promise<void>;
  /**
   * Deletes the session only if its refresh token is still `expectedRefreshToken`,
   * atomically with respect to other writers. Resolves whether it deleted.
   */
  deleteIf(userKey: string, expectedRefreshToken: string): Promise<boolean>;
  /** Releases connections the store opened itself. */
  close(): Promise<void>;
}

/** What every store factory is given besides its own options. */
export interface StoreContext {
  /** Encryption at rest; a store that is shared or persistent refuses to start without it. */
  cipher?: TokenCipher;
  logger: AuthLogger;
}

/** A store plus the refresh lock that matches its reach (local for memory, Redis for Redis). */
export interface StoreBackend {
  store: TokenStore;
  lock: RefreshLock;
}

/** The shape of every entry in the store registry. */
export type StoreFactory<Options> = (options: Options, context: StoreContext) => StoreBackend;

/** Serialises a session for sealing. */
export function encodeSession(session: StoredSession): string {
  return JSON.stringify(session);
}

/** Parses an opened record; undefined when it is not a well-formed session. */
export function decodeSession(text: string | undefined): StoredSession | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.accessToken !== 'string' || v.accessToken === '') return undefined;
  if (typeof v.expiresAt !== 'number' || typeof v.issuedAt !== 'number') return undefined;
  const session: StoredSession = { accessToken: v.accessToken, expiresAt: v.expiresAt, issuedAt: v.issuedAt };
  if (typeof v.refreshToken === 'string' && v.refreshToken !== '') session.refreshToken = v.refreshToken;
  if (typeof v.tokenType === 'string') session.tokenType = v.tokenType;
  if (typeof v.scope === 'string') session.scope = v.scope;
  return session;
}

/**
 * A store's slice of the runtime config: the `tokens.*` keys it reads (JSON Schema,
 * composed into the config schema), the rules the schema cannot say (named by those
 * keys), and the mapping to its options for one API.
 */
export interface StoreConfig<Slice, Options> {
  properties: Readonly<Record<string, object>>;
  /** Problems with `tokens.*` when this store is chosen, e.g. `tokens.redisUrl: required ...`. */
  check?(tokens: Slice & { encryptionKeys?: string }): string[];
  /** Resolves values from the environment at load (the credentials file path). */
  resolve?<T extends Slice>(tokens: T, env: NodeJS.ProcessEnv): T;
  fromConfig(tokens: Slice, api: string): Options;
}
