/**
 * `dta-mcp login`: options and help only; the sign-in flows load when the command runs.
 */
import { Command, InvalidArgumentError } from 'commander';
import { parsePort } from './serve.ts';

export interface LoginFlags {
  config?: string;
  profile?: string;
  device?: boolean;
  /** false with --no-browser */
  browser: boolean;
  port?: number;
  /** Seconds. */
  timeout: number;
}

export function loginCommand(): Command {
  return new Command('login')
    .description('Sign the local (stdio) user in: OAuth authorization code with PKCE and a loopback redirect, or the device grant.')
    .option('-c, --config <file>', 'runtime config file with a login: section', process.env.DTA_MCP_CONFIG)
    .option('--profile <name>', 'config profile (a section of profiles: merged over the file)', process.env.DTA_MCP_PROFILE)
    .option('--device', 'use the device grant (a code to enter on another device) instead of a browser redirect')
    .option('--no-browser', 'print the URL to open instead of opening the system browser')
    .option('--port <n>', 'loopback port for the redirect (default: any free port)', parsePort)
    .option('--timeout <seconds>', 'give up after this long', parseSeconds, 300)
    .addHelpText(
      'after',
      `
Environment:
  DTA_MCP_CONFIG       config file, when --config is not given
  DTA_MCP_PROFILE      config profile, when --profile is not given
  DTA_MCP_CREDENTIALS  credentials file (default ~/.config/dta-mcp/credentials.json)

The tokens are stored encrypted in the credentials file (mode 0600); serve --transport
stdio then acts as the signed-in user. Exit 0 signed in, 1 not (one line says why).
See README.md ("Sign in (stdio)").`,
    )
    .action(async (flags: LoginFlags) => {
      const { login } = await import('../login/run-login.ts');
      process.exitCode = await login(flags);
    });
}

function parseSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 86_400) throw new InvalidArgumentError('must be an integer 1-86400');
  return seconds;
}
