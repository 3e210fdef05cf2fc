/**
 * Runs the sandbox standalone, for the demo and for poking at it by hand:
 *
 *   node bin/run-ts.js sandbox/main.ts [--port 4010] [--access-ttl 3600]
 *     [--refresh-ttl 86400] [--client id:secret]... [--issue user]...
 *     [--mcp-audience aud] [--issue-mcp user]... [--json]
 *
 * Prints the URL and client credentials to stderr (they are sandbox-only values);
 * `--issue` also mints upstream tokens for a user, `--issue-mcp` an access token for the
 * MCP server as audience (what an MCP client would send it); `--json` prints the same
 * as one JSON line on stdout for scripts. Stays up until SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util';
import { startSandbox } from './index.ts';
import type { IssuedUserTokens, SandboxOptions } from './types.ts';

function fail(message: string): never {
  process.stderr.write(`sandbox: ${message}\n`);
  process.exit(2);
}

function intOption(value: string | undefined, name: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value) || Number(value) < min) fail(`--${name} must be an integer >= ${min}`);
  return Number(value);
}

let parsed;
try {
  parsed = parseArgs({
    args: process.argv.slice(2),
    options: {
      port: { type: 'string' },
      'access-ttl': { type: 'string' },
      'refresh-ttl': { type: 'string' },
      client: { type: 'string', multiple: true },
      issue: { type: 'string', multiple: true },
      'issue-mcp': { type: 'string', multiple: true },
      'mcp-audience': { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  }).values;
} catch (err) {
  fail((err as Error).message);
}
if (parsed.help) {
  process.stderr.write(
    'usage: node bin/run-ts.js sandbox/main.ts [--port N] [--access-ttl S] [--refresh-ttl S] ' +
      '[--client id:secret]... [--issue user]... [--mcp-audience aud] [--issue-mcp user]... [--json]\n',
  );
  process.exit(0);
}

const port = intOption(parsed.port, 'port', 0);
if (port !== undefined && port > 65535) fail('--port must be at most 65535');
const options: SandboxOptions = {
  port,
  accessTokenTtlSec: intOption(parsed['access-ttl'], 'access-ttl', -86_400),
  refreshTokenTtlSec: intOption(parsed['refresh-ttl'], 'refresh-ttl', -86_400),
  mcpAudience: parsed['mcp-audience'],
};
if (parsed.client) {
  options.clients = parsed.client.map((spec) => {
    const colon = spec.indexOf(':');
    if (colon <= 0 || colon === spec.length - 1) fail('--client must be id:secret');
    return { clientId: spec.slice(0, colon), clientSecret: spec.slice(colon + 1) };
  });
}

const sandbox = await startSandbox(options).catch((err: unknown) => {
  const code = (err as { code?: unknown }).code;
  process.stderr.write(`sandbox: cannot listen: ${code === 'EADDRINUSE' ? `port ${port} is in use` : String(code ?? err)}\n`);
  process.exit(1);
});

const clients = options.clients ?? [{ clientId: 'dta-mcp', clientSecret: 'dta-mcp-secret' }];
const users: Record<string, IssuedUserTokens> = {};
for (const user of parsed.issue ?? []) users[user] = await sandbox.issueUserTokens(user);
const mcpTokens: Record<string, string> = {};
for (const user of parsed['issue-mcp'] ?? []) mcpTokens[user] = await sandbox.issueMcpToken(user);

process.stderr.write(
  [
    `sandbox listening on ${sandbox.url}`,
    `  token endpoint: ${sandbox.tokenUrl}`,
    `  issuer:         ${sandbox.issuer} (audience dta-wide)`,
    `  MCP audience:   ${sandbox.mcpAudience} (tokens for it: --issue-mcp USER)`,
    ...clients.map((c) => `  client:         ${c.clientId} / ${c.clientSecret}`),
    '  public client:  dta-mcp-cli (PKCE, loopback redirect on any port)',
    '  sign-in users:  alice, bob, carol / password',
    ...Object.entries(users).map(
      ([user, t]) => `  user ${user}: access ${t.accessToken}\n    refresh ${t.refreshToken}`,
    ),
    ...Object.entries(mcpTokens).map(([user, t]) => `  MCP token for ${user}: ${t}`),
    '',
  ].join('\n'),
);
if (parsed.json) {
  process.stdout.write(
    `${JSON.stringify({ url: sandbox.url, tokenUrl: sandbox.tokenUrl, issuer: sandbox.issuer, mcpAudience: sandbox.mcpAudience, clients, users, mcpTokens })}\n`,
  );
}

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await sandbox.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
