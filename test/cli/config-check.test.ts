/** `dta-mcp config check`: the resolved config as serve would run it, every secret masked. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { maskSecrets } from '../../cli/config/mask.ts';

const BIN = resolve(import.meta.dirname, '../../bin/dta-mcp.js');
const dir = mkdtempSync(join(tmpdir(), 'dta-config-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KEY = Buffer.alloc(32, 9).toString('base64');
const SECRETS = {
  SA_SECRET: 'sa-secret-value-123',
  USER_SECRET: 'user-secret-value-456',
  TOKEN_KEYS: `k1:${KEY}`,
  REDIS_URL: 'redis://default:redis-pass-789@127.0.0.1:6379',
  ACCESS: 'access-token-value-abc',
};

const CONFIG = `
apis:
  crm:
    serviceAccount: { tokenUrl: "https://id.example.com/token", clientId: svc, clientSecret: "\${SA_SECRET}" }
    userAuth: { tokenUrl: "https://id.example.com/token", clientId: app, clientSecret: "\${USER_SECRET}" }
user: { key: alice, accessToken: "\${ACCESS}" }
tokens: { store: redis, redisUrl: "\${REDIS_URL}", encryptionKeys: "\${TOKEN_KEYS}" }
profiles:
  local:
    logLevel: debug
    http: { port: 4000 }
`;

function write(text: string): string {
  const path = join(dir, `c${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(path, text);
  return path;
}

function run(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('dta-mcp config check', () => {
  it('prints the resolved config with the profile applied, showing secret keys but none of their values', () => {
    const { code, stdout, stderr } = run(['config', 'check', '--config', write(CONFIG), '--profile', 'local'], SECRETS);
    expect(code, stderr).toBe(0);
    for (const value of [...Object.values(SECRETS), KEY, 'redis-pass-789']) expect(stdout).not.toContain(value);
    const printed = parseYaml(stdout);
    expect(printed.apis.crm.serviceAccount).toEqual({ tokenUrl: 'https://id.example.com/token', clientId: 'svc', clientSecret: '****' });
    expect(printed.apis.crm.userAuth.clientSecret).toBe('****');
    expect(printed.user).toEqual({ key: 'alice', accessToken: '****' });
    expect(printed.tokens).toMatchObject({ store: 'redis', encryptionKeys: '****', redisUrl: 'redis://****@127.0.0.1:6379' });
    expect(printed.logLevel).toBe('debug'); // the profile
    expect(printed.http).toMatchObject({ port: 4000, host: '127.0.0.1' }); // profile over defaults
    expect(printed.profiles).toBeUndefined();
  });

  it('--format json prints the same as JSON', () => {
    const { code, stdout } = run(['config', 'check', '--config', write(CONFIG), '--format', 'json'], SECRETS);
    expect(code).toBe(0);
    const printed = JSON.parse(stdout);
    expect(printed.tokens.encryptionKeys).toBe('****');
    expect(printed.logLevel).toBe('info');
    expect(stdout).not.toContain(SECRETS.SA_SECRET);
  });

  it('an invalid config lists every problem by the keys the user wrote, exit 1', () => {
    const path = write('apis:\n  crm:\n    userAuth: { tokenUrl: "ftp://x", clientId: app }\nhttp: { colour: blue }\n');
    const { code, stdout, stderr } = run(['config', 'check', '--config', path]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/apis\.crm\.userAuth\.tokenUrl: must be an http\(s\) URL/);
    expect(stderr).toMatch(/"colour"/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('a cross-check problem also exits 1 naming the user key', () => {
    const path = write('apis:\n  crm:\n    userAuth: { tokenUrl: "https://id.example.com/token", clientId: app }\n');
    const { code, stderr } = run(['config', 'check', '--config', path]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/apis\.crm\.userAuth\.clientSecret: required unless authMethod is none/);
  });

  it('--help names its options and exit codes', () => {
    const { code, stdout } = run(['config', 'check', '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Usage: dta-mcp config check/);
    for (const option of ['--config', '--profile', '--format', 'DTA_MCP_CONFIG', 'Exit 0']) expect(stdout).toContain(option);
  });

  it('a bad --format is a usage error, exit 2', () => {
    expect(run(['config', 'check', '--format', 'xml']).code).toBe(2);
  });
});

describe('maskSecrets', () => {
  it.each([
    ['a secret-named key', { a: { clientSecret: 's3cr3t-long' } }, { a: { clientSecret: '****' } }],
    ['every token field', { user: { key: 'k', accessToken: 'aaaa', refreshToken: 'rrrr' } }, { user: { key: 'k', accessToken: '****', refreshToken: '****' } }],
    ['a password in a URL', { tokens: { redisUrl: 'redis://:pw@h:1' } }, { tokens: { redisUrl: 'redis://****@h:1' } }],
    ['a secret value reused under another key', { a: { clientSecret: 'reused-secret' }, b: { audience: 'x-reused-secret' } }, { a: { clientSecret: '****' }, b: { audience: 'x-****' } }],
    ['not tokenUrl or tokens', { tokens: { store: 'memory' }, s: { tokenUrl: 'https://id/token' } }, { tokens: { store: 'memory' }, s: { tokenUrl: 'https://id/token' } }],
  ])('masks %s', (_name, given, want) => {
    expect(maskSecrets(given)).toEqual(want);
  });
});
