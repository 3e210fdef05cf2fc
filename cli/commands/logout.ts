/** `dta-mcp logout`: options and help only. */
import { Command } from 'commander';

export interface LogoutFlags {
  config?: string;
  profile?: string;
}

export function logoutCommand(): Command {
  return new Command('logout')
    .description('Sign the local user out: remove the credentials file and its key file.')
    .option('-c, --config <file>', 'runtime config file (for tokens.file)', process.env.DTA_MCP_CONFIG)
    .option('--profile <name>', 'config profile (a section of profiles: merged over the file)', process.env.DTA_MCP_PROFILE)
    .addHelpText(
      'after',
      `
Environment:
  DTA_MCP_CREDENTIALS  credentials file (default ~/.config/dta-mcp/credentials.json)

Exit 0 whether or not anything was there to remove.`,
    )
    .action(async (flags: LogoutFlags) => {
      const { logout } = await import('../login/run-logout.ts');
      process.exitCode = await logout(flags);
    });
}
