/**
 * What `dta-mcp serve` runs: config + generated registry -> runtime -> transport.
 * The transport not chosen and `--watch` are imported only when asked for: stdio never
 * loads the HTTP server, its inbound-token checks (jose), the Streamable HTTP transport
 * or prom-client.
 */
import { resolve } from 'node:path';
import { createRuntime } from '../../runtime/app/create-runtime.ts';
import { loadConfig, type ConfigOverrides } from '../../runtime/config/load-config.ts';
import { unreadMetrics } from '../../runtime/observability/unread-metrics.ts';
import { loadRegistry } from '../../runtime/tools/load-registry.ts';
import { serveRuntimeStdio } from '../../runtime/app/serve-stdio.ts';
import type { ServeFlags } from '../commands/serve.ts';
import { EXIT, reportFailure } from '../fail.ts';
import { onStopSignal } from '../signals.ts';

/**
 * Everything is closed; a call cut off at the end of the grace period may still be
 * waiting on its upstream (up to upstream.timeoutMs). Exit without waiting for it.
 */
function exitSoon(): void {
  setTimeout(() => process.exit(), 1_000).unref();
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
    const config = await loadConfig(flags.config, overrides, process.env, flags.profile);
    const registry = await loadRegistry(resolve(flags.root));
    // Over stdio there is no /metrics to read them from.
    const runtime = await createRuntime({ config, registry, ...(flags.transport === 'stdio' ? { metrics: unreadMetrics() } : {}) });
    const { logger } = runtime;
    const watcher = flags.watch
      ? (await import('./watch.ts')).watchProject({ root: resolve(flags.root), runtime, out: process.stderr })
      : undefined;

    // Graceful shutdown: stop taking work, let requests in flight finish within the grace
    // period, then close sessions and the runtime. A second signal exits at once with 1.
    const graceMs = config.http.shutdownGraceMs;
    const force = { onForce: () => logger.warn('second signal: exiting without waiting') };
    const drain = async (transport: { drain(graceMs: number): Promise<boolean> }) => {
      logger.info({ graceMs }, 'shutting down');
      watcher?.close();
      if (!(await transport.drain(graceMs))) logger.warn({ graceMs }, 'grace period over: requests still in flight are cut off');
    };

    if (flags.transport === 'stdio') {
      const handle = await serveRuntimeStdio(runtime);
      logger.info({ transport: 'stdio', tools: registry.tools.length }, 'serving');
      onStopSignal(async () => {
        await drain(handle);
        await handle.close();
      }, force);
      await handle.closed;
      watcher?.close();
      await runtime.close();
      logger.info('stopped');
      exitSoon();
      return EXIT.ok;
    }

    const { serveRuntimeHttp } = await import('../../runtime/app/serve-http.ts');
    const http = await serveRuntimeHttp(runtime, config.http);
    logger.info({ transport: 'http', url: http.url, tools: registry.tools.length }, 'serving');
    process.stderr.write(`dta-mcp: serving ${registry.tools.length} tools on ${http.url}\n`);
    await new Promise<void>((done) =>
      onStopSignal(async () => {
        try {
          await drain(http);
          await http.close();
          await runtime.close();
          logger.info('stopped');
        } catch (error) {
          logger.error({ errName: error instanceof Error ? error.name : 'unknown' }, 'shutdown failed');
        } finally {
          done();
        }
      }, force),
    );
    exitSoon();
    return EXIT.ok;
  } catch (error) {
    return reportFailure(error);
  }
}
