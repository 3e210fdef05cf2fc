/** `dta-mcp serve`: load config and the generated registry, serve over stdio or HTTP. */
import { resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { createRuntime } from '../../runtime/app/create-runtime.ts';
import { loadConfig, type ConfigOverrides } from '../../runtime/config/load-config.ts';
import { LOG_LEVELS, type LogLevel } from '../../runtime/observability/logger.ts';
import { loadRegistry } from '../../runtime/tools/load-registry.ts';
import { serveHttp } from '../../runtime/transports/http.ts';
import { serveStdio } from '../../runtime/transports/stdio.ts';
import { reportFailure } from '../fail.ts';

export interface ServeFlags {
  transport: 'stdio' | 'http';
  port?: number;
  host?: string;
  config?: string;
  root: string;
  logLevel?: LogLevel;
}

export function serveCommand(): Command {
  return new Command('serve')
    .description('Serve the generated tools over MCP (stdio or Streamable HTTP on /mcp).')
    .addOption(new Option('-t, --transport <kind>', 'transport').choices(['stdio', 'http']).default('stdio'))
    .option('-p, --port <n>', 'HTTP port (default 3000; 0 picks a free one)', parsePort)
    .option('--host <address>', 'HTTP bind address (default 127.0.0.1)')
    .option('-c, --config <file>', 'runtime config file (YAML or JSON; ${VAR} reads the environment)', process.env.DTA_MCP_CONFIG)
    .option('--root <dir>', 'project root holding generated/', '.')
    .addOption(new Option('--log-level <level>', 'log level (logs go to stderr)').choices(LOG_LEVELS))
    .addHelpText(
      'after',
      `
Environment:
  DTA_MCP_CONFIG   config file, when --config is not given

Logs go to stderr; in stdio mode stdout carries only JSON-RPC.
See README.md ("Configuration") for the config file format.`,
    )
    .action(async (flags: ServeFlags) => {
      process.exitCode = await serve(flags);
    });
}

export async function serve(flags: ServeFlags): Promise<number> {
  try {
    const overrides: ConfigOverrides = {};
    if (flags.logLevel) overrides.logLevel = flags.logLevel;
    if (flags.port !== undefined || flags.host) {
      overrides.http = {
        ...(flags.port !== undefined ? { port: flags.port } : {}),
        ...(flags.host ? { host: flags.host } : {}),
      };
    }
    const config = await loadConfig(flags.config, overrides);
    const registry = await loadRegistry(resolve(flags.root));
    const runtime = await createRuntime({ config, registry });
    const { logger } = runtime;

    if (flags.transport === 'stdio') {
      const handle = await serveStdio(() => runtime.createServer('stdio'));
      logger.info({ transport: 'stdio', tools: registry.tools.length }, 'serving');
      onSignal(async () => {
        await handle.close();
      });
      await handle.closed;
      await runtime.close();
      return 0;
    }

    const http = await serveHttp(config.http, {
      createServer: () => runtime.createServer('http'),
      identity: runtime.identity,
      logger,
      metrics: runtime.metrics,
      health: () => runtime.health(),
    });
    logger.info({ transport: 'http', url: http.url, tools: registry.tools.length }, 'serving');
    process.stderr.write(`dta-mcp: serving ${registry.tools.length} tools on ${http.url}\n`);
    await new Promise<void>((done) =>
      onSignal(async () => {
        await http.close();
        await runtime.close();
        done();
      }),
    );
    return 0;
  } catch (error) {
    return reportFailure(error);
  }
}

function onSignal(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = () => {
    if (stopping) return;
    stopping = true;
    void stop();
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError('must be an integer 0-65535');
  return port;
}
