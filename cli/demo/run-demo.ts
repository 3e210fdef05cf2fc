/** What `dta-mcp demo` runs: sandbox + signed-in demo user + runtime + transport. */
import { resolve } from 'node:path';
import { createRuntime } from '../../runtime/app/create-runtime.ts';
import { loadRegistry } from '../../runtime/tools/load-registry.ts';
import { serveRuntimeHttp } from '../../runtime/app/serve-http.ts';
import { serveStdio } from '../../runtime/transports/stdio.ts';
import { startSandbox } from '../../sandbox/index.ts';
import type { DemoFlags } from '../commands/demo.ts';
import { reportFailure } from '../fail.ts';
import { onStopSignal } from '../signals.ts';
import { connectHelp } from './connect-help.ts';
import { sandboxConfig } from './sandbox-config.ts';

export async function demo(flags: DemoFlags): Promise<number> {
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
      onStopSignal(() => handle.close());
      await handle.closed;
      await stopAll();
      return 0;
    }

    const http = await serveRuntimeHttp(runtime, config.http);
    process.stderr.write(
      `dta-mcp demo: sandbox upstream at ${sandbox.url}; serving ${registry.tools.length} tools as "${flags.user}"\n` +
        connectHelp(http.url, root),
    );
    await new Promise<void>((done) =>
      onStopSignal(async () => {
        await http.close();
        await stopAll();
        done();
      }),
    );
    return 0;
  } catch (error) {
    return reportFailure(error);
  }
}
