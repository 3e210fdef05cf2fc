/**
 * The published package, used the way a user would: `npm pack` (prepack builds dist/),
 * `npm i <tarball>` into a fresh `npm init -y` project outside this checkout (no
 * `"type": "module"`, no `@types/node`), then the CLI through npx — init, add, generate,
 * validate — and `serve` over stdio and HTTP answering a real SDK client against the
 * sandbox, with no TypeScript compiler reachable while serving.
 *
 * Slow (an npm install): one suite, generous timeouts.
 */
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLIENT } from '../../cli/demo/sandbox-config.ts';
import { startSandbox, type Sandbox } from '../../sandbox/index.ts';

const REPO = resolve(import.meta.dirname, '../..');
const INSTALL_MS = 600_000;

interface PackedFile {
  path: string;
}

let work: string;
let project: string;
let tarball: string;
let packed: string[] = [];
let packError: string | undefined;
let sandbox: Sandbox;

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...env },
    timeout: INSTALL_MS,
  });
}

/** `npx --no -- dta-mcp ...` in the project: the installed bin, never a download. */
function dta(args: string[], cwd = project, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return run('npx', ['--no', '--', 'dta-mcp', ...args], cwd, env);
}

function ok(result: SpawnSyncReturns<string>): string {
  if (result.status !== 0) {
    throw new Error(`exit ${result.status}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`);
  }
  return result.stdout;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'dta-mcp-pack-'));
  const packDir = join(work, 'pack');
  mkdirSync(packDir);
  const pack = run('npm', ['pack', '--json', '--pack-destination', packDir], REPO);
  if (pack.status !== 0) {
    packError = `npm pack failed (exit ${pack.status}):\n${pack.stderr.slice(-4000)}`;
    return;
  }
  const [info] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as Array<{ filename: string; files: PackedFile[] }>;
  packed = info!.files.map((f) => f.path);
  tarball = join(packDir, info!.filename);

  project = join(work, 'project');
  mkdirSync(project);
  ok(run('npm', ['init', '-y'], project));
  ok(run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], project));
  sandbox = await startSandbox();
}, INSTALL_MS);

afterAll(async () => {
  await sandbox?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Skips (with the reason) only when `npm pack` itself could not run. */
function packed_(): boolean {
  if (packError) {
    console.warn(`test/package skipped: ${packError}`);
    return false;
  }
  return true;
}

describe('the packed package', () => {
  it('ships only built JavaScript, declarations, the schema, the templates and the docs', () => {
    if (!packed_()) return;
    expect(packed).toContain('bin/dta-mcp.js');
    expect(packed).toContain('dist/bundle/main.js');
    expect(packed.filter((p) => p.startsWith('dist/cli/'))).toEqual([]); // the CLI is the bundle
    expect(packed).toContain('dist/runtime/tools/types.d.ts');
    expect(packed).toContain('CHANGELOG.md');
    expect(packed).toContain('README.md');
    expect(packed.filter((p) => p.startsWith('test/'))).toEqual([]);
    expect(packed.filter((p) => /\.(m|c)?ts$/.test(p) && !/\.d\.(m|c)?ts$/.test(p))).toEqual([]);
    expect(packed.some((p) => p.endsWith('.hbs'))).toBe(true);
    expect(packed.some((p) => p.endsWith('manifest.schema.json'))).toBe(true);
  });

  it('runs through npx straight from the tarball, in an empty folder', () => {
    if (!packed_()) return;
    const empty = join(work, 'empty');
    mkdirSync(empty, { recursive: true });
    const version = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version as string;
    expect(ok(run('npx', ['--yes', '--prefer-offline', '--package', tarball, '--', 'dta-mcp', '--version'], empty)).trim()).toBe(version);
  }, INSTALL_MS);

  it('declares honest engines and the runtime contract export', () => {
    if (!packed_()) return;
    const pkg = JSON.parse(readFileSync(join(project, 'node_modules/dta-mcp/package.json'), 'utf8')) as {
      engines: { node: string };
      exports: Record<string, unknown>;
    };
    expect(pkg.engines.node).toMatch(/^>=20\.\d+/);
    expect(Object.keys(pkg.exports)).toEqual(expect.arrayContaining(['.', './runtime', './package.json']));
  });
});

describe('an npm init -y project with the tarball installed', () => {
  it('is a plain CommonJS project without @types/node', () => {
    if (!packed_()) return;
    const pkg = JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(pkg.type).not.toBe('module'); // npm 11 writes "commonjs"; older npm nothing
    expect(JSON.stringify(pkg)).not.toContain('@types/node');
  });

  it('runs the bin through npx: --version and --help', () => {
    if (!packed_()) return;
    const version = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')).version as string;
    expect(ok(dta(['--version'])).trim()).toBe(version);
    const help = ok(dta(['--help']));
    for (const command of ['init', 'validate', 'generate', 'add', 'serve']) expect(help).toContain(command);
  }, 60_000);

  it('sets up the project, adds tools from the spec, and generates JavaScript beside the types', () => {
    if (!packed_()) return;
    const spec = join(work, 'spec');
    cpSync(join(REPO, 'openapi'), spec, { recursive: true }); // dta-wide.yaml and the files it $refs
    ok(dta(['init', '--from', join(spec, 'dta-wide.yaml'), '--tag', 'system', '--auth', 'service-account']));
    expect(JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')).type).not.toBe('module');

    ok(dta(['add', 'getUserProfile', '--auth', 'user-token']));
    // A local handler in TypeScript that uses Node's types and imports a helper module.
    mkdirSync(join(project, 'manifests/handlers'), { recursive: true });
    writeFileSync(
      join(project, 'manifests/handlers/greet.ts'),
      `import { shout } from './shout.ts';\n\nexport default function greet(args: { name: string }): string {\n  return shout(\`hello \${args.name} from node \${process.versions.node.split('.')[0]}\`);\n}\n`,
    );
    writeFileSync(join(project, 'manifests/handlers/shout.ts'), `export function shout(text: string): string {\n  return text.toUpperCase();\n}\n`);
    writeFileSync(
      join(project, 'manifests/local.yaml'),
      `version: 1\ntools:\n  - name: greet\n    description: Greets someone.\n    authType: none\n    handler: ./handlers/greet.ts\n    input:\n      properties:\n        name: { type: string }\n      required: [name]\n`,
    );

    // --root from another working directory.
    ok(run(join(project, 'node_modules/.bin/dta-mcp'), ['generate', '--root', project], work));
    const generated = join(project, 'generated');
    expect(existsSync(join(generated, 'index.gen.ts'))).toBe(true);
    expect(existsSync(join(generated, 'index.gen.js'))).toBe(true);
    const tools = readdirSync(join(generated, 'tools')).sort();
    expect(tools).toEqual(expect.arrayContaining(['get-user-profile.gen.ts', 'get-user-profile.gen.js', 'greet.gen.ts', 'greet.gen.js']));
    expect(readFileSync(join(generated, 'index.gen.ts'), 'utf8')).toContain("from 'dta-mcp/runtime'");
    expect(readFileSync(join(generated, 'tools/greet.gen.js'), 'utf8')).not.toMatch(/\.ts['?]/);

    ok(dta(['generate', '--check']));
    ok(dta(['validate']));
    // The run after the first is answered from the cache (the first run's own output, such
    // as generated/package.json, is not an input that changed).
    const again = dta(['generate']);
    ok(again);
    expect(again.stdout + again.stderr).toContain('answered from generated/.cache/');
  }, 180_000);

  it('serves over stdio to an SDK client without a TypeScript compiler, calling user-token, service-account and local tools', async () => {
    if (!packed_()) return;
    const tokens = await sandbox.issueUserTokens('carol');
    writeFileSync(
      join(project, 'stdio.yaml'),
      `apis:\n  dta-wide:\n    baseUrl: ${sandbox.url}\n    serviceAccount: { tokenUrl: ${sandbox.tokenUrl}, clientId: ${DEMO_CLIENT.clientId}, clientSecret: "\${SECRET}", scope: system.read }\n    userAuth: { tokenUrl: ${sandbox.tokenUrl}, clientId: ${DEMO_CLIENT.clientId}, clientSecret: "\${SECRET}" }\nuser:\n  key: carol\n  accessToken: ${tokens.accessToken}\n  refreshToken: ${tokens.refreshToken}\nlogLevel: warn\n`,
    );
    const modulesFile = join(work, 'stdio-modules.txt');
    await withoutCompiler(async () => {
      let stderr = '';
      const transport = new StdioClientTransport({
        command: join(project, 'node_modules/.bin/dta-mcp'),
        args: ['serve', '--transport', 'stdio', '--config', 'stdio.yaml'],
        cwd: project,
        env: {
          ...(process.env as Record<string, string>),
          SECRET: DEMO_CLIENT.clientSecret,
          NODE_OPTIONS: `--import ${join(REPO, 'test/fixtures/record-modules.mjs')}`,
          RECORD_MODULES: modulesFile,
        },
        stderr: 'pipe',
      });
      transport.stderr?.on('data', (d) => (stderr += String(d)));
      const client = new Client({ name: 'package-stdio', version: '1.0.0' });
      try {
        await client.connect(transport);
        const { tools } = await client.listTools();
        expect(tools.map((t) => t.name).sort(), stderr).toEqual(['get-health', 'get-recent-errors', 'get-user-profile', 'greet']);
        const profile = await client.callTool({ name: 'get-user-profile', arguments: {} });
        expect(profile.isError, JSON.stringify(profile)).toBeFalsy();
        expect(JSON.stringify(profile.structuredContent ?? profile.content)).toContain('carol');
        const errors = await client.callTool({ name: 'get-recent-errors', arguments: {} });
        expect(errors.isError, JSON.stringify(errors)).toBeFalsy();
        const greet = await client.callTool({ name: 'greet', arguments: { name: 'ann' } });
        expect(greet.content).toEqual([{ type: 'text', text: `HELLO ANN FROM NODE ${process.versions.node.split('.')[0]}` }]);
      } finally {
        await client.close();
      }
      // The CLI runs from its bundle (scripts/bundle-cli.js), not module by module, and
      // loads no Redis client for a memory store.
      const modules = readFileSync(modulesFile, 'utf8').split('\n');
      const pkg = `${join(project, 'node_modules/dta-mcp')}/`.replaceAll('\\', '/');
      expect(modules.some((m) => m.endsWith(`${pkg}dist/bundle/main.js`))).toBe(true);
      const unbundled = modules.filter((m) => m.includes(`${pkg}dist/`) && !/dist\/(bundle|generator)\/|dist\/runtime\/errors\.js$/.test(m));
      expect(unbundled).toEqual([]);
      expect(modules.filter((m) => m.includes('/node_modules/ioredis/'))).toEqual([]);
    });
  }, 60_000);

  it('serves over HTTP with inbound OAuth, exchanging the caller token for the user-token tool', async () => {
    if (!packed_()) return;
    writeFileSync(
      join(project, 'http.yaml'),
      `apis:\n  dta-wide:\n    baseUrl: ${sandbox.url}\n    serviceAccount: { tokenUrl: ${sandbox.tokenUrl}, clientId: ${DEMO_CLIENT.clientId}, clientSecret: "\${SECRET}", scope: system.read }\n    userAuth:\n      tokenUrl: ${sandbox.tokenUrl}\n      clientId: ${DEMO_CLIENT.clientId}\n      clientSecret: \${SECRET}\n      exchange: { audience: dta-wide }\nhttp:\n  port: 0\n  auth: { issuer: ${sandbox.issuer}, audience: ${sandbox.mcpAudience} }\nlogLevel: warn\n`,
    );
    await withoutCompiler(async () => {
      const child = spawn(join(project, 'node_modules/.bin/dta-mcp'), ['serve', '--transport', 'http', '--config', 'http.yaml'], {
        cwd: project,
        env: { ...process.env, SECRET: DEMO_CLIENT.clientSecret },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      const url = await new Promise<string>((done, fail) => {
        child.stderr.on('data', (d) => {
          stderr += String(d);
          const m = /serving \d+ tools on (\S+)/.exec(stderr);
          if (m) done(m[1]!);
        });
        child.on('exit', (code) => fail(new Error(`serve exited ${code}: ${stderr}`)));
      });
      const client = new Client({ name: 'package-http', version: '1.0.0' });
      try {
        const token = await sandbox.issueMcpToken('alice');
        await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
        const profile = await client.callTool({ name: 'get-user-profile', arguments: {} });
        expect(profile.isError, JSON.stringify(profile)).toBeFalsy();
        expect(JSON.stringify(profile.structuredContent ?? profile.content)).toContain('alice');
      } finally {
        await client.close();
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
    });
  }, 60_000);

  it('does not ship tsx: serving never needs a TypeScript loader', () => {
    if (!packed_()) return;
    const pkg = JSON.parse(readFileSync(join(project, 'node_modules/dta-mcp/package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies.tsx).toBeUndefined();
  });
});

/** Serving must not need `typescript`: it is moved out of reach while `body` runs. */
async function withoutCompiler(body: () => Promise<void>): Promise<void> {
  const ts = join(project, 'node_modules/typescript');
  const away = join(project, 'node_modules/.typescript-away');
  renameSync(ts, away);
  try {
    await body();
  } finally {
    renameSync(away, ts);
  }
}
