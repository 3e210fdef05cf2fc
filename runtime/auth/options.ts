/**
 * Plain options for `createAuth`, and their validation: every problem is collected and
 * reported in one ConfigError, naming the option path, never echoing a secret's value.
 */
import { ConfigError } from '../errors.ts';
import { checkEncryptionKeys, type EncryptionKey } from './crypto/token-cipher.ts';
import type { ExpiryPolicy } from './expiry.ts';
import type { AuthLogger } from './logger.ts';
import type { OAuthRefreshOptions } from './refreshers/oauth-refresh.ts';
import type { ServiceAccountOptions } from './service-account.ts';
import { stores, type StoreOptions } from './stores/index.ts';
import type { Refresher } from './types.ts';

export interface AuthOptions {
  /**
   * Encryption at rest (AES-256-GCM). The first key encrypts, every key decrypts, so
   * rotate by putting the new key first and keeping the old one until its records are
   * rewritten. Required with the Redis store; without it the memory store uses a
   * random per-process key.
   */
  encryption?: { keys: EncryptionKey[] };
  /** Where sessions live; default `{ kind: 'memory' }`. */
  store?: StoreOptions;
  /**
   * How user tokens are refreshed: the OAuth 2.0 refresh_token grant against a token
   * endpoint (the default kind), or any async function. Omitted: sessions cannot be
   * refreshed and expiry means the user must sign in again.
   */
  refresh?: OAuthRefreshOptions | { refresher: Refresher };
  /** Refresh buffer and default lifetime; see expiry.ts. */
  expiry?: Partial<ExpiryPolicy>;
  /** Abort a user-token refresh after this long; default 15 s. */
  refreshTimeoutMs?: number;
  /** The server's own credentials, by name (e.g. per upstream API); 'default' if one. */
  serviceAccounts?: Record<string, ServiceAccountOptions>;
  /** pino-shaped; default silent. */
  logger?: AuthLogger;
  /** Told of every grant made for fresh tokens, users' and service accounts' (for metrics). */
  onRefresh?: (event: GrantEvent) => void;
}

/** A grant made for fresh tokens, named by what was sent to the token endpoint. */
export interface GrantEvent {
  grant: 'refresh_token' | 'token_exchange' | 'client_credentials';
  outcome: 'ok' | 'rejected' | 'transient';
}

const TOP_LEVEL = new Set(['encryption', 'store', 'refresh', 'expiry', 'refreshTimeoutMs', 'serviceAccounts', 'logger', 'onRefresh']);
const AUTH_METHODS = new Set(['client_secret_basic', 'client_secret_post', 'none']);

/** Throws one ConfigError listing every problem in `options`. */
export function validateAuthOptions(options: AuthOptions): void {
  const problems: string[] = [];
  const o = (options ?? {}) as AuthOptions & Record<string, unknown>;
  for (const key of Object.keys(o)) if (!TOP_LEVEL.has(key)) problems.push(`${key}: unknown option`);

  if (o.encryption !== undefined) {
    if (!Array.isArray(o.encryption?.keys)) problems.push('encryption.keys: must be a list of { id, key }');
    else problems.push(...checkEncryptionKeys(o.encryption.keys));
  }

  const store = o.store ?? { kind: 'memory' as const };
  if (!Object.hasOwn(stores, store.kind)) {
    problems.push(`store.kind: must be one of ${Object.keys(stores).join(', ')}`);
  } else if (store.kind === 'redis') {
    if (!store.url && !store.client) problems.push('store.url: required for the Redis store');
    if (!o.encryption) problems.push('encryption.keys: required with the Redis store (tokens are never stored in clear)');
    positive(problems, 'store.ttlMs', store.ttlMs);
    positive(problems, 'store.lock.ttlMs', store.lock?.ttlMs);
    positive(problems, 'store.lock.maxWaitMs', store.lock?.maxWaitMs);
    const lockTtl = store.lock?.ttlMs ?? 30_000;
    if (lockTtl <= (o.refreshTimeoutMs ?? 15_000)) problems.push('store.lock.ttlMs: must exceed refreshTimeoutMs');
  } else if (store.kind === 'file') {
    if (typeof store.path !== 'string' || store.path === '') problems.push('store.path: required for the file store');
    if (typeof store.section !== 'string' || store.section === '') problems.push('store.section: required for the file store');
  } else {
    positive(problems, 'store.ttlMs', store.ttlMs);
    if (store.maxUsers !== undefined && !(Number.isInteger(store.maxUsers) && store.maxUsers >= 1)) {
      problems.push('store.maxUsers: must be an integer >= 1');
    }
  }

  if (o.refresh !== undefined) {
    if ('refresher' in o.refresh) {
      if (typeof o.refresh.refresher !== 'function') problems.push('refresh.refresher: must be a function');
    } else {
      checkClient(problems, 'refresh', o.refresh, true);
    }
  }

  if (o.expiry) {
    nonNegative(problems, 'expiry.bufferMs', o.expiry.bufferMs);
    positive(problems, 'expiry.defaultTtlMs', o.expiry.defaultTtlMs);
    const f = o.expiry.maxBufferFraction;
    if (f !== undefined && !(typeof f === 'number' && f >= 0 && f < 1)) problems.push('expiry.maxBufferFraction: must be in [0, 1)');
  }
  positive(problems, 'refreshTimeoutMs', o.refreshTimeoutMs);
  if (o.onRefresh !== undefined && typeof o.onRefresh !== 'function') problems.push('onRefresh: must be a function');

  for (const [name, account] of Object.entries(o.serviceAccounts ?? {})) {
    const path = `serviceAccounts.${name}`;
    if (typeof account !== 'object' || account === null) problems.push(`${path}: must be an object`);
    else if ('staticToken' in account) {
      if (typeof account.staticToken !== 'string' || account.staticToken === '') problems.push(`${path}.staticToken: must be a non-empty string`);
    } else {
      checkClient(problems, path, account, false);
    }
  }

  if (problems.length > 0) {
    throw new ConfigError(`Invalid auth configuration (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n- ${problems.join('\n- ')}`);
  }
}

function checkClient(
  problems: string[],
  path: string,
  c: { tokenUrl?: unknown; clientId?: unknown; clientSecret?: unknown; authMethod?: unknown; timeoutMs?: unknown },
  allowPublic: boolean,
): void {
  if (typeof c.tokenUrl !== 'string' || !isHttpUrl(c.tokenUrl)) problems.push(`${path}.tokenUrl: must be an http(s) URL`);
  if (typeof c.clientId !== 'string' || c.clientId === '') problems.push(`${path}.clientId: required`);
  const method = c.authMethod ?? 'client_secret_basic';
  if (typeof method !== 'string' || !AUTH_METHODS.has(method) || (!allowPublic && method === 'none')) {
    problems.push(`${path}.authMethod: must be client_secret_basic or client_secret_post${allowPublic ? ' or none' : ''}`);
  } else if (method !== 'none' && (typeof c.clientSecret !== 'string' || c.clientSecret === '')) {
    problems.push(`${path}.clientSecret: required for ${method}`);
  }
  positive(problems, `${path}.timeoutMs`, c.timeoutMs);
}

function positive(problems: string[], path: string, value: unknown): void {
  if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value > 0)) problems.push(`${path}: must be a number > 0`);
}

function nonNegative(problems: string[], path: string, value: unknown): void {
  if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= 0)) problems.push(`${path}: must be a number >= 0`);
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}
