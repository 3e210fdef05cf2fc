/**
 * `dta-mcp config check [--config F] [--profile P] [--format text|json]`: options and
 * help only; the config loads when the command runs.
 */
import { Command, Option } from 'commander';

export interface ConfigCheckFlags {
  config?: string;
  profile?: string;
  format: 'text' | 'json';
}

export function configCommand(): Command {
  return new Command('config')
    .description('Inspect the runtime configuration')
    .addCommand(
      new Command('check')
        .description('Load the config as serve does (defaults, profile, ${VAR}, every check) and print it, secrets masked')
        .option('-c, --config <file>', 'runtime config file (YAML or JSON)', process.env.DTA_MCP_CONFIG)
        .option('--profile <name>', 'config profile (a section of profiles: merged over the file)', process.env.DTA_MCP_PROFILE)
        .addOption(new Option('--format <format>', 'text is YAML').choices(['text', 'json']).default('text'))
        .addHelpText(
          'after',
          `
Environment:
  DTA_MCP_CONFIG   config file, when --config is not given
  DTA_MCP_PROFILE  config profile, when --profile is not given

Every secret (clientSecret, accessToken, refreshToken, staticToken, encryptionKeys, a
URL's password, and those values wherever else they appear) prints as ****.
Exit 0 valid, 1 invalid (every problem, by the keys you wrote), 2 usage error.`,
        )
        .action(async (flags: ConfigCheckFlags) => {
          const { configCheck } = await import('../config/run-config-check.ts');
          process.exitCode = await configCheck(flags);
        }),
    );
}
