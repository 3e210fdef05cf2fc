/** What `dta-mcp demo` runs: sandbox + signed-in demo user + runtime + transport. */
import { resolve } from 'node:path';
import { createRuntime } from '../../runtime/app/create-runtime.ts';
import { loadRegistry } from '../../runtime/tools/load-registry.ts';
import { serveRuntimeHttp } from '../../runtime/app/serve-http.ts';
import { serveRuntimeStdio } from '../../runtime/app/serve-stdio.ts';
import { startSandbox } from '../../sandbox/index.ts';
import type { DemoFlags } from '../commands/demo.ts';
import { EXIT, reportFailure } from '../fail.ts';
import { onStopSignal } from '../signals.ts';
import { connectHelp } from './connect-help.ts';
import { sandboxConfig, withInboundAuth } from './sandbox-config.ts';

export async function demo(flags: DemoFlags): Promise<number> {
  try {
    const root = resolve(flags.root);
    const registry = await loadRegistry(root);
    const sandbox = await startSandbox({ accessTokenTtlSec: flags.accessTtl, demoTokens: flags.transport === 'http' });
    // stdio: one local user, signed in for you. HTTP: inbound auth on, as in production —
    // each caller's token says who they are, and is exchanged for their upstream token.
    const config =
      flags.transport === 'stdio'
        ? sandboxConfig(sandbox, { key: flags.user, ...(await sandbox.issueUserTokens(flags.user)) }, { logLevel: 'info' })
        : withInboundAuth(sandbox, sandboxConfig(sandbox, undefined, { logLevel: 'info' }));
    config.http = { ...config.http, port: flags.port };
    const runtime = await createRuntime({ config, registry });
    const stopAll = async () => {
      await runtime.close();
      await sandbox.close();
    };

    if (flags.transport === 'stdio') {
      const handle = await serveRuntimeStdio(runtime);
      process.stderr.write(`dta-mcp demo: sandbox upstream at ${sandbox.url}; serving ${registry.tools.length} tools over stdio as "${flags.user}"\n`);
      onStopSignal(() => handle.close());
      await handle.closed;
      await stopAll();
      return EXIT.ok;
    }

    const http = await serveRuntimeHttp(runtime, config.http);
    process.stderr.write(
      `dta-mcp demo: sandbox upstream and authorization server at ${sandbox.url}; serving ${registry.tools.length} tools with inbound auth\n` +
        connectHelp(http.url, root, { tokenUrl: `${sandbox.url}/demo/mcp-token`, user: flags.user }),
    );
    await new Promise<void>((done) =>
      onStopSignal(async () => {
        await http.close();
        await stopAll();
        done();
      }),
    );
    return EXIT.ok;
  } catch (error) {
    return reportFailure(error);
  }
}
