/**
 * The local user (stdio, or HTTP on loopback without inbound auth): the configured
 * `user.key` (development: tokens from the environment), else whoever `dta-mcp login`
 * signed in, as recorded in the credentials file (`tokens.store: file`). Read once, when
 * the runtime starts; `dta-mcp login` again means restarting the server.
 */
import { readSignedInUser, resolveCredentialsPath } from '../auth/stores/credentials-file.ts';
import type { RuntimeConfig } from '../config/schema.ts';

export async function localUserKey(config: Pick<RuntimeConfig, 'user' | 'tokens'>): Promise<string | undefined> {
  if (config.user?.key) return config.user.key;
  if (config.tokens.store !== 'file') return undefined;
  return (await readSignedInUser(config.tokens.file ?? resolveCredentialsPath(undefined)))?.userKey;
}
