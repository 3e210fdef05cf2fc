/**
 * `dta-mcp serve`: options and help only; the runtime loads when the command runs, so
 * `--help` and the other commands stay fast.
 */
import { resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { LOG_LEVELS, type LogLevel } from '../../runtime/observability/log-levels.ts';

export interface ServeFlags {
  transport: 'stdio' | 'http';
  port?: number;
  host?: string;
  config?: string;
  root: string;
  logLevel?: LogLevel;
  watch?: boolean;
  profile?: string;
}

export function serveCommand(): Command {
  return new Command('serve')
    .description('Serve the generated tools over MCP (stdio or Streamable HTTP on /mcp).')
    .addOption(new Option('-t, --transport <kind>', 'transport').choices(['stdio', 'http']).default('stdio'))
    .option('-p, --port <n>', 'HTTP port (default 3000; 0 picks a free one)', parsePort)
    .option('--host <address>', 'HTTP bind address (default 127.0.0.1)')
    .option('-c, --config <file>', 'runtime config file (YAML or JSON; ${VAR} reads the environment)', process.env.DTA_MCP_CONFIG)
    .option('--profile <name>', 'config profile (a section of profiles: merged over the file)', process.env.DTA_MCP_PROFILE)
    .option('--root <dir>', 'project root holding generated/', '.')
    .addOption(new Option('--log-level <level>', 'log level (logs go to stderr)').choices(LOG_LEVELS))
    .option('-w, --watch', 'regenerate on manifest or spec changes and reload the tools without dropping sessions')
    .addHelpText(
      'after',
      `
Environment:
  DTA_MCP_CONFIG   config file, when --config is not given
  DTA_MCP_PROFILE  config profile, when --profile is not given

Logs go to stderr; in stdio mode stdout carries only JSON-RPC.
See README.md ("Configuration") for the config file format.`,
    )
    .action(async (flags: ServeFlags) => {
      const { serve } = await import('../serve/run-serve.ts');
      process.exitCode = await serve(flags);
    });
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('must be an integer 0-65535');
  return port;
}
