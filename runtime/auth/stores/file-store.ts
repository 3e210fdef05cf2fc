/**
 * Sessions in the local credentials file (`tokens.store: file`): what `dta-mcp login`
 * writes and a later `serve` reads. One section of the file per store (per API), one
 * sealed record per user.
 *
 * - Sealed with the configured cipher (`tokens.encryptionKeys`), else with a random key
 *   generated into a key file beside the credentials file on the first write.
 * - Every read goes to the disk: another process may have rotated the refresh token, and
 *   replaying the old one would be reuse (the grant gets revoked).
 * - Writes are atomic, mode 0600 (credentials-file.ts); refreshes across processes are
 *   serialised by a lock file (file-lock.ts).
 */
import type { FromSchema } from 'json-schema-to-ts';
import { createTokenCipher, type TokenCipher } from '../crypto/token-cipher.ts';
import { FileLock } from '../file-lock.ts';
import { silentAuthLogger, type AuthLogger } from '../logger.ts';
import { fileKey, readCredentialsFile, resolveCredentialsPath, updateCredentialsFile } from './credentials-file.ts';
import { decodeSession, encodeSession, type StoreConfig, type StoreFactory, type StoredSession, type TokenStore } from './types.ts';

export interface FileStoreOptions {
  /** The credentials file (absolute; see resolveCredentialsPath). */
  path: string;
  /** This store's section of the file (the API name). */
  section: string;
}

export class FileTokenStore implements TokenStore {
  readonly kind = 'file';
  readonly #path: string;
  readonly #section: string;
  readonly #configured: TokenCipher | undefined;
  readonly #logger: AuthLogger;

  constructor(options: FileStoreOptions, cipher?: TokenCipher, logger: AuthLogger = silentAuthLogger) {
    this.#path = options.path;
    this.#section = options.section;
    this.#configured = cipher;
    this.#logger = logger;
  }

  get path(): string {
    return this.#path;
  }

  async get(userKey: string): Promise<StoredSession | undefined> {
    const sealed = (await readCredentialsFile(this.#path)).sessions[this.#section]?.[userKey];
    if (sealed === undefined) return undefined;
    const cipher = await this.#cipher(false);
    const session = cipher ? decodeSession(cipher.open(userKey, sealed)) : undefined;
    if (!session) this.#logger.warn({ userKey, store: this.kind }, 'stored session is unreadable; treating as no session');
    return session;
  }

  async set(userKey: string, session: StoredSession): Promise<void> {
    const cipher = (await this.#cipher(true)) as TokenCipher;
    const sealed = cipher.seal(userKey, encodeSession(session));
    await updateCredentialsFile(this.#path, (file) => {
      file.sessions[this.#section] = { ...file.sessions[this.#section], [userKey]: sealed };
    });
  }

  async delete(userKey: string): Promise<void> {
    await updateCredentialsFile(this.#path, (file) => {
      delete file.sessions[this.#section]?.[userKey];
    });
  }

  async deleteIf(userKey: string, expectedRefreshToken: string): Promise<boolean> {
    // Decided inside the serialised update, on what is on disk at that moment.
    const cipher = await this.#cipher(false);
    let deleted = false;
    await updateCredentialsFile(this.#path, (file) => {
      const sealed = file.sessions[this.#section]?.[userKey];
      if (sealed === undefined || !cipher) return;
      if (decodeSession(cipher.open(userKey, sealed))?.refreshToken !== expectedRefreshToken) return;
      delete file.sessions[this.#section]?.[userKey];
      deleted = true;
    });
    return deleted;
  }

  async close(): Promise<void> {}

  async #cipher(create: boolean): Promise<TokenCipher | undefined> {
    if (this.#configured) return this.#configured;
    const key = await keyOnce(this.#path, create);
    return key ? createTokenCipher([{ id: 'file', key }]) : undefined;
  }
}

const creating = new Map<string, Promise<Buffer | undefined>>();

/** Two stores of one process creating the key at once must agree on one key. */
function keyOnce(path: string, create: boolean): Promise<Buffer | undefined> {
  if (!create) return creating.get(path) ?? fileKey(path, false);
  const pending = creating.get(path) ?? fileKey(path, true);
  creating.set(path, pending);
  return pending.finally(() => {
    if (creating.get(path) === pending) creating.delete(path);
  });
}

export const fileStore: StoreFactory<FileStoreOptions> = (options, context) => {
  const store = new FileTokenStore(options, context.cipher, context.logger);
  return { store, lock: new FileLock(`${options.path}.lock`, { logger: context.logger }) };
};

const configProperties = {
  file: { type: 'string', minLength: 1, description: 'The credentials file; DTA_MCP_CREDENTIALS overrides; default ~/.config/dta-mcp/credentials.json.' },
} as const;

/** `tokens.store: file` reads `tokens.file`, resolved at load; each API is a section of the file. */
export const fileStoreConfig = {
  properties: configProperties,
  resolve: (tokens, env) => ({ ...tokens, file: resolveCredentialsPath(tokens.file, env) }),
  fromConfig: (tokens, api) => ({ path: tokens.file ?? resolveCredentialsPath(undefined), section: api }),
} satisfies StoreConfig<FromSchema<{ type: 'object'; properties: typeof configProperties }>, FileStoreOptions>;
