/**
 * `dta-mcp serve --transport http` as a child process on a free loopback port, the way a
 * replica runs in production: its own process, config file and environment.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface ServeProcess {
  /** The /mcp URL it announced. */
  url: string;
  /** http://host:port, for /metrics and /health. */
  base: string;
  child: ChildProcess;
  /** stderr so far (JSON log lines and the start-up line). */
  stderr(): string;
  /** Sends the signal and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export async function startServeProcess(config: string, env: NodeJS.ProcessEnv): Promise<ServeProcess> {
  const child = spawn(
    process.execPath,
    [resolve(ROOT, 'bin/dta-mcp.js'), 'serve', '--transport', 'http', '--port', '0', '--config', config, '--root', ROOT],
    { env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    child.stderr!.on('data', (d) => {
      stderr += String(d);
      const match = /serving \d+ tools on (\S+)/.exec(stderr);
      if (match) resolveUrl(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr.slice(0, 800)}`)));
  });
  return {
    url,
    base: new URL(url).origin,
    child,
    stderr: () => stderr,
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
