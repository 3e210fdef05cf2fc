/**
 * `dta-mcp demo`: the sandbox upstream and its token server, a signed-in demo user, and
 * the server on the example manifests, in one process. For trying a client, not for
 * production. Prints how to connect (to stderr, so stdio stays JSON-RPC only).
 */
import { resolve } from 'node:path';
import { Command, Option } from 'commander';
import { createRuntime } from '../../runtime/app/create-runtime.ts';
import { loadRegistry } from '../../runtime/tools/load-registry.ts';
import { serveHttp } from '../../runtime/transports/http.ts';
import { serveStdio } from '../../runtime/transports/stdio.ts';
import { startSandbox } from '../../test/sandbox/index.ts';
import { connectHelp } from '../demo/connect-help.ts';
import { sandboxConfig } from '../demo/sandbox-config.ts';
import { reportFailure } from '../fail.ts';
import { parsePort } from './serve.ts';

interface DemoFlags {
  transport: 'stdio' | 'http';
  port: number;
  root: string;
  user: string;
  accessTtl: number;
}

export function demoCommand(): Command {
  return new Command('demo')
    .description('Start the bundled sandbox upstream and serve the example manifests against it (a signed-in demo user included).')
    .addOption(new Option('-t, --transport <kind>', 'transport').choices(['stdio', 'http']).default('http'))
    .option('-p, --port <n>', 'HTTP port', parsePort, 3000)
    .option('--root <dir>', 'project root holding generated/', '.')
    .option('--user <key>', 'the demo user', 'demo-user')
    .option('--access-ttl <seconds>', 'lifetime of sandbox access tokens (short ones show refreshes)', (v) => Number(v), 900)
    .action(async (flags: DemoFlags) => {
      process.exitCode = await demo(flags);
    });
}

async function demo(flags: DemoFlags): Promise<number> {
  try {
    const root = resolve(flags.root);
    const registry = await loadRegistry(root);
    const sandbox = await startSandbox({ accessTokenTtlSec: flags.accessTtl });
    const tokens = await sandbox.issueUserTokens(flags.user);
    const config = sandboxConfig(sandbox, { key: flags.user, ...tokens }, { logLevel: 'info' });
    config.http = { ...config.http, port: flags.port };
    const runtime = await createRuntime({ config, registry });
    const stopAll = async () => {
      await runtime.close();
      await sandbox.close();
    };

    if (flags.transport === 'stdio') {
      const handle = await serveStdio(() => runtime.createServer('stdio'));
      process.stderr.write(`dta-mcp demo: sandbox upstream at ${sandbox.url}; serving ${registry.tools.length} tools over stdio as "${flags.user}"\n`);
      process.once('SIGINT', () => void handle.close());
      process.once('SIGTERM', () => void handle.close());
      await handle.closed;
      await stopAll();
      return 0;
    }

    const http = await serveHttp(config.http, {
      createServer: () => runtime.createServer('http'),
      identity: runtime.identity,
      logger: runtime.logger,
      metrics: runtime.metrics,
      health: () => runtime.health(),
    });
    process.stderr.write(
      `dta-mcp demo: sandbox upstream at ${sandbox.url}; serving ${registry.tools.length} tools as "${flags.user}"\n` +
        connectHelp(http.url, root),
    );
    await new Promise<void>((done) => {
      const stop = () => void http.close().then(stopAll).then(done);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  } catch (error) {
    return reportFailure(error);
  }
}
