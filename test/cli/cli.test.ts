/** The `dta-mcp` CLI as a user meets it: help, versions, usage errors, exit codes. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/dta-mcp.js');

function run(args: string[], options: { cwd?: string; command?: string } = {}) {
  const result = spawnSync(options.command ?? process.execPath, options.command ? args : [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('dta-mcp CLI', () => {
  it('--help lists every command', () => {
    const { code, stdout } = run(['--help']);
    expect(code).toBe(0);
    for (const command of ['validate', 'generate', 'serve', 'demo']) expect(stdout).toContain(command);
  });

  it.each([['validate'], ['generate'], ['serve'], ['demo']])('%s --help answers and exits 0', (command) => {
    const { code, stdout } = run([command, '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`Usage: dta-mcp ${command}`));
  });

  it('works through npx from the repository', () => {
    const { code, stdout } = run(['dta-mcp', '--version'], { command: 'npx' });
    expect(code).toBe(0);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it.each([
    ['an unknown command', ['frobnicate']],
    ['an unknown option', ['serve', '--frobnicate']],
    ['a bad port', ['serve', '--transport', 'http', '--port', 'abc']],
    ['a bad transport', ['serve', '--transport', 'carrier-pigeon']],
  ])('%s is a usage error: exit 2, a message, no stack trace', (_name, args) => {
    const { code, stderr } = run(args);
    expect(code).toBe(2);
    expect(stderr).toMatch(/error/i);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('serve without a generated registry says to run generate, exit 1', () => {
    const empty = mkdtempSync(join(tmpdir(), 'dta-empty-'));
    try {
      const { code, stderr, stdout } = run(['serve', '--root', empty]);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/npm run generate/);
      expect(stderr).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('serve with an invalid config lists every problem, exit 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dta-cfg-'));
    try {
      writeFileSync(join(dir, 'c.yaml'), 'http:\n  port: "eighty"\n  colour: blue\nupstream:\n  timeoutMs: -1\n');
      const { code, stderr } = run(['serve', '--config', join(dir, 'c.yaml')]);
      expect(code).toBe(1);
      expect(stderr).toMatch(/http\.port/);
      expect(stderr).toMatch(/colour/);
      expect(stderr).toMatch(/upstream\.timeoutMs/);
      expect(stderr).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('dta-mcp login / logout', () => {
  it('--help lists login and logout', () => {
    const { stdout } = run(['--help']);
    expect(stdout).toMatch(/\blogin\b/);
    expect(stdout).toMatch(/\blogout\b/);
  });

  it.each([
    ['login', ['--device', '--no-browser', '--port', '--timeout', 'DTA_MCP_CREDENTIALS']],
    ['logout', ['--config', 'DTA_MCP_CREDENTIALS']],
  ])('%s --help answers with its options and exits 0', (command, options) => {
    const { code, stdout } = run([command, '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`Usage: dta-mcp ${command}`));
    for (const option of options) expect(stdout).toContain(option);
  });

  it('login without a login: section says so in one line, exit 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dta-login-cfg-'));
    try {
      writeFileSync(join(dir, 'c.yaml'), 'logLevel: warn\n');
      const { code, stderr } = run(['login', '--config', join(dir, 'c.yaml')]);
      expect(code).toBe(1);
      expect(stderr).toMatch(/no login: section/);
      expect(stderr).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a login: without the file store or a matching userAuth is a config error naming the keys', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dta-login-cfg-'));
    try {
      writeFileSync(
        join(dir, 'c.yaml'),
        'apis:\n  dta-wide:\n    userAuth: { tokenUrl: "https://id.example.com/token", clientId: dta-mcp, clientSecret: s }\n' +
          'login:\n  issuer: https://id.example.com\n  clientId: dta-mcp-cli\n',
      );
      const { code, stderr } = run(['login', '--config', join(dir, 'c.yaml')]);
      expect(code).toBe(1);
      expect(stderr).toMatch(/tokens\.store: must be file/);
      expect(stderr).toMatch(/apis\.dta-wide\.userAuth\.clientId: must be login\.clientId/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a bad --timeout is a usage error, exit 2', () => {
    const { code, stderr } = run(['login', '--timeout', 'soon']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/error/i);
  });
});
