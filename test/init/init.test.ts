/**
 * `dta-mcp init` in an empty or existing folder, run as a user runs it: what it writes,
 * that it never overwrites, how it merges package.json scripts, and that the config it
 * writes loads for every profile with the variables `.env.example` lists.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../runtime/config/load-config.ts';
import { cli, envExample, tempFolder, type Folder } from './init-project.ts';

const WRITTEN = [
  '.env.example',
  '.github/workflows/dta-mcp.yml',
  '.gitignore',
  '.mcp.json',
  'claude_desktop_config.json.example',
  'dta-mcp.config.yaml',
  'manifests/example.yaml',
  'openapi/example.yaml',
  'package.json',
  'tsconfig.json',
];

describe('dta-mcp init in an empty folder', () => {
  let f: Folder;
  let first: ReturnType<typeof cli>;
  beforeAll(() => {
    f = tempFolder();
    first = cli(['init', f.root]);
  }, 60_000);
  afterAll(() => f.remove());

  it('writes the project files and exits 0', () => {
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(f.files()).toEqual(WRITTEN);
  });

  it('says each file it wrote and what to run next', () => {
    for (const file of WRITTEN) expect(first.stdout).toContain(`  ${file}`);
    expect(first.stdout).toContain('npm i -D dta-mcp');
    expect(first.stdout).toContain('npm run generate');
  });

  it('refuses a second run, lists the conflicts, exits 1 and changes no byte', () => {
    const before = Object.fromEntries(f.files().map((p) => [p, f.read(p)]));
    const second = cli(['init', f.root]);
    expect(second.status).toBe(1);
    expect(second.stderr).toContain('manifests/example.yaml');
    expect(second.stderr).toContain('dta-mcp.config.yaml');
    expect(second.stderr).toMatch(/nothing was written/);
    expect(Object.fromEntries(f.files().map((p) => [p, f.read(p)]))).toEqual(before);
  });

  it('adds a tool per operation of the example spec, so the project generates and validates as written', () => {
    const manifest = parse(f.read('manifests/example.yaml')) as { tools: { name: string; operation: string }[] };
    expect(manifest.tools.map((t) => t.operation).sort()).toEqual(['getMe', 'getStatus']);
    expect(first.stdout).toContain('added 2 tools to manifests/example.yaml');
    f.linkModules();
    const generated = cli(['generate', '--root', f.root]);
    expect(generated.stdout + generated.stderr).not.toContain('error');
    expect(generated.status).toBe(0);
    expect(cli(['validate', '--root', f.root]).status).toBe(0);
  }, 120_000);

  it('adds the generate, validate and serve scripts to a new package.json', () => {
    const pkg = JSON.parse(f.read('package.json')) as { scripts: Record<string, string>; type?: string };
    expect(pkg.scripts).toEqual({ generate: 'dta-mcp generate', validate: 'dta-mcp validate', serve: 'dta-mcp serve --transport http --config dta-mcp.config.yaml' });
  });

  it('gives the manifest the editor modeline, version and api', () => {
    expect(f.read('manifests/example.yaml')).toMatch(/^# yaml-language-server: \$schema=\S+\/generator\/manifest\.schema\.json\nversion: 1\napi: example\n/);
  });

  it('points the modeline at the schema that exists, relative to the manifest', () => {
    const ref = /\$schema=(\S+)/.exec(f.read('manifests/example.yaml'))?.[1] ?? '';
    expect(() => readFileSync(join(f.root, 'manifests', ref), 'utf8')).not.toThrow();
  });

  it('lists every ${VAR} of the config in .env.example, each with a comment', () => {
    const values = JSON.stringify(parse(f.read('dta-mcp.config.yaml'))); // comments are read by nothing
    const used = [...new Set([...values.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]))].sort();
    expect(used.length).toBeGreaterThan(8);
    const example = f.read('.env.example');
    expect(Object.keys(envExample(example)).sort()).toEqual(used);
    for (const name of used) expect(example).toMatch(new RegExp(`# .+\\n${name}=`));
  });

  it.each([[undefined], ['local'], ['production']])('loads the config with profile %s and the .env.example variables', async (profile) => {
    const env = envExample(f.read('.env.example'));
    const config = await loadConfig(join(f.root, 'dta-mcp.config.yaml'), {}, env, profile);
    expect(config.apis.example?.baseUrl).toBeDefined();
    if (profile === 'production') {
      expect(config.http.host).toBe('0.0.0.0');
      expect(config.http.auth).toMatchObject({ issuer: env.ISSUER_URL, audience: env.MCP_AUDIENCE });
      expect(config.tokens).toMatchObject({ store: 'redis', redisUrl: env.REDIS_URL });
    } else {
      expect(config.http.host).toBe('127.0.0.1');
    }
  });

  it('writes a CI workflow that validates and checks generated/ on pull requests', () => {
    const workflow = f.read('.github/workflows/dta-mcp.yml');
    expect(workflow).toMatch(/on:\n\s+pull_request/);
    expect(workflow).toContain('node-version: 20');
    expect(workflow).toContain('npm ci');
    expect(workflow).toContain('npx dta-mcp validate --format github');
    expect(workflow).toContain('npx dta-mcp generate --check');
  });

  it('writes .mcp.json for Streamable HTTP with an Authorization placeholder', () => {
    const mcp = JSON.parse(f.read('.mcp.json')) as { mcpServers: Record<string, { type: string; url: string; headers: Record<string, string> }> };
    const [server] = Object.values(mcp.mcpServers);
    expect(server).toMatchObject({ type: 'http', url: 'http://127.0.0.1:3000/mcp' });
    expect(server?.headers.Authorization).toMatch(/^Bearer \$\{\w+\}$/);
  });

  it('writes a Claude Desktop snippet that serves over stdio with the absolute config and an env block', () => {
    const desktop = JSON.parse(f.read('claude_desktop_config.json.example')) as { mcpServers: Record<string, { command: string; args: string[]; env: Record<string, string> }> };
    const [server] = Object.values(desktop.mcpServers);
    expect(server?.args).toEqual(expect.arrayContaining(['serve', '--transport', 'stdio', '--config', join(f.root, 'dta-mcp.config.yaml'), '--root', f.root]));
    const env = envExample(f.read('.env.example'));
    expect(Object.keys(server?.env ?? {}).length).toBeGreaterThan(0);
    for (const name of Object.keys(server?.env ?? {})) expect(env).toHaveProperty(name);
    expect(server?.env).not.toHaveProperty('REDIS_URL'); // production only
  });

  it('ignores node_modules and .env in a new .gitignore', () => {
    expect(f.read('.gitignore').split('\n')).toEqual(expect.arrayContaining(['node_modules/', '.env']));
  });
});

describe('dta-mcp init in an existing folder', () => {
  let f: Folder;
  beforeAll(() => {
    f = tempFolder();
    f.write('package.json', `${JSON.stringify({ name: 'mine', scripts: { test: 'vitest', serve: 'node server.js' }, devDependencies: { 'dta-mcp': '^0.1.0' } }, null, 2)}\n`);
    f.write('.gitignore', 'dist/\n');
    f.write('tsconfig.json', '{ "compilerOptions": { "strict": true } }\n');
  });
  afterAll(() => f.remove());

  it('merges package.json scripts, keeps a conflicting one and says so, and keeps .gitignore and tsconfig.json', () => {
    const run = cli(['init', f.root, '--api', 'billing']);
    expect(run.status).toBe(0);
    const pkg = JSON.parse(f.read('package.json')) as { name: string; scripts: Record<string, string>; devDependencies: Record<string, string> };
    expect(pkg).toMatchObject({ name: 'mine', devDependencies: { 'dta-mcp': '^0.1.0' } });
    expect(pkg.scripts).toEqual({ test: 'vitest', serve: 'node server.js', generate: 'dta-mcp generate', validate: 'dta-mcp validate' });
    expect(run.stdout).toMatch(/scripts\.serve .*kept/);
    expect(run.stdout).not.toContain('npm i -D dta-mcp');
    expect(f.read('.gitignore')).toBe('dist/\n');
    expect(f.read('tsconfig.json')).toBe('{ "compilerOptions": { "strict": true } }\n');
    expect(f.files()).toContain('manifests/billing.yaml');
    expect(f.files()).toContain('openapi/billing.yaml');
  });
});

describe('dta-mcp init exit codes', () => {
  it('answers --help with every option and an example', () => {
    const run = cli(['init', '--help']);
    expect(run.status).toBe(0);
    for (const option of ['--from', '--api', '--tag', '--auth']) expect(run.stdout).toContain(option);
    expect(run.stdout).toMatch(/Examples:[\s\S]*dta-mcp init --from/);
  });

  it('exits 2 on a usage error (an unknown --auth)', () => {
    const f = tempFolder();
    try {
      expect(cli(['init', f.root, '--auth', 'admin']).status).toBe(2);
      expect(f.files()).toEqual([]);
    } finally {
      f.remove();
    }
  });

  it('exits 2 for --tag without --from, writing nothing', () => {
    const f = tempFolder();
    try {
      const run = cli(['init', f.root, '--tag', 'user']);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain('--tag');
      expect(f.files()).toEqual([]);
    } finally {
      f.remove();
    }
  });

  it('exits 2 when --from names nothing, writing nothing', () => {
    const f = tempFolder();
    try {
      const run = cli(['init', f.root, '--from', './missing.yaml']);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain('missing.yaml');
      expect(f.files()).toEqual([]);
    } finally {
      f.remove();
    }
  });
});
