import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, makeProject, REPO, type TempProject } from './project.ts';

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, [join(REPO, 'bin', 'dta-mcp.js'), ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('dta-mcp validate / generate (child process)', () => {
  const projects: TempProject[] = [];
  afterAll(() => projects.forEach((p) => p.remove()));
  const project = (manifest: string) => {
    const p = makeProject({ seedManifests: false, files: { 'manifests/bad.yaml': fixture(`manifests/${manifest}`) } });
    projects.push(p);
    return p;
  };

  it.each([
    ['malformed YAML', 'malformed-yaml.yaml', 'manifests/bad.yaml:8:5 error [yaml-syntax]'],
    ['an unknown operationId', 'unknown-operation.yaml', 'manifests/bad.yaml:7:16 error [operation-not-found]'],
    ['an unknown authType', 'unknown-auth-type.yaml', 'manifests/bad.yaml:6:15 error [schema-enum]'],
  ])('validate exits 1 on %s with one located error and no stack trace', (_name, manifest, want) => {
    const p = project(manifest);
    const run = cli('validate', '--root', p.root);
    expect(run.status).toBe(1);
    const errors = run.stdout.split('\n').filter((l) => l.includes(' error ['));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(want);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/\n\s+at .*\.(ts|js):\d+/);
  });

  it('generate exits 1 on a mis-mapped manifest, naming the line on stderr', () => {
    const p = project('map-wrong-type.yaml');
    const run = cli('generate', '--root', p.root);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('manifests/bad.yaml:10:9 error [map-type-mismatch]');
    expect(run.stderr).not.toMatch(/\n\s+at .*\.(ts|js):\d+/);
  });

  it('generate --check exits 1 on a stale generated/ and 0 once regenerated', () => {
    const p = makeProject();
    projects.push(p);
    const first = cli('generate', '--check', '--root', p.root);
    expect(first.status).toBe(1);
    expect(first.stderr).toContain('missing: generated/index.gen.ts');
    expect(cli('generate', '--root', p.root, '--no-typecheck').status).toBe(0);
    expect(cli('generate', '--check', '--root', p.root, '--no-typecheck').status).toBe(0);
  });

  it('generate answers an unchanged project from generated/.cache/, and --no-cache does the whole run', () => {
    const p = makeProject();
    projects.push(p);
    expect(cli('generate', '--root', p.root, '--no-typecheck').stdout).not.toContain('answered from generated/.cache/');
    const again = cli('generate', '--root', p.root, '--no-typecheck');
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('unchanged since the last run, answered from generated/.cache/');
    const full = cli('generate', '--root', p.root, '--no-typecheck', '--no-cache');
    expect(full.status).toBe(0);
    expect(full.stdout).toMatch(/^generated\/ already up to date \(\d+ files\)\n$/);
  });

  it('generate --help documents --no-cache', () => {
    expect(cli('generate', '--help').stdout).toMatch(/--no-cache\s+ignore generated\/\.cache\//);
  });

  it('exits 2 when the root has no manifests/', () => {
    const run = cli('validate', '--root', join(REPO, 'openapi'));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^error: no manifests\/ directory/);
  });
});
