/**
 * `dta-mcp demo`: the sandbox upstream and its token server, a signed-in demo user, and
 * the server on the example manifests, in one process. For trying a client, not for
 * production. Prints how to connect (to stderr, so stdio stays JSON-RPC only).
 */
import { Command, Option } from 'commander';
import { parsePort } from './serve.ts';

export interface DemoFlags {
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
      const { demo } = await import('../demo/run-demo.ts');
      process.exitCode = await demo(flags);
    });
}
