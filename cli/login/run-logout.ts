/**
 * What `dta-mcp logout` runs: delete the credentials file and its key file. Nothing to
 * delete is not an error. Tokens are not revoked at the server (RFC 7009 is not
 * advertised by every server); they stop being usable here.
 */
import { removeCredentials, resolveCredentialsPath } from '../../runtime/auth/stores/credentials-file.ts';
import { loadConfig } from '../../runtime/config/load-config.ts';
import type { LogoutFlags } from '../commands/logout.ts';
import { EXIT, reportFailure } from '../fail.ts';

export async function logout(flags: LogoutFlags): Promise<number> {
  try {
    const config = flags.config ? await loadConfig(flags.config, {}, process.env, flags.profile) : undefined;
    const path = config?.tokens.file ?? resolveCredentialsPath(undefined);
    const removed = await removeCredentials(path);
    process.stderr.write(removed.length > 0 ? `Signed out: removed ${removed.join(' and ')}\n` : `Not signed in: no credentials at ${path}\n`);
    return EXIT.ok;
  } catch (error) {
    return reportFailure(error);
  }
}
