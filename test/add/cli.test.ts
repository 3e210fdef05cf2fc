/**
 * `dta-mcp add` and `dta-mcp list` as a user runs them (child processes), on a copy of
 * the seed project: the entry lands after the seed's tools, validates, and `list` shows
 * it with its source line.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeProject, REPO, type TempProject } from '../generator/project.ts';

function cli(...args: string[]) {
  const run = spawnSync(process.execPath, [join(REPO, 'bin', 'dta-mcp.js'), ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('dta-mcp add / list (child process)', () => {
  let p: TempProject;
  let added: ReturnType<typeof cli>;
  beforeAll(() => {
    p = makeProject();
    added = cli('add', 'GET /user/profile', '--name', 'my-profile', '--root', p.root);
  }, 60_000);
  afterAll(() => p.remove());

  it('appends the entry to the file of the API and says what it did', () => {
    expect(added.status).toBe(0);
    expect(added.stdout).toContain('appended to manifests/dta-wide.yaml: 1 tool');
    expect(added.stdout).toContain('my-profile  (getUserProfile, authType user-token)');
    expect(p.read('manifests/dta-wide.yaml')).toMatch(/\n\n {2}- name: my-profile\n {4}description: .+\n {4}authType: user-token\n {4}operation: getUserProfile\n$/);
  });

  it('leaves a project that validates', () => {
    const run = cli('validate', '--root', p.root, '--no-drift');
    expect(run.stdout).not.toContain(' error [');
    expect(run.status).toBe(0);
  });

  it('lists every tool with its authType, operation or handler, and source line', () => {
    const run = cli('list', '--root', p.root);
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+AUTH\s+OPERATION\s+SOURCE$/);
    expect(lines).toHaveLength(7);
    expect(lines[1]).toMatch(/^get-current-time\s+none\s+handler \.\/handlers\/current-time\.ts\s+manifests\/dta-wide\.yaml:6$/);
    expect(lines[6]).toMatch(/^my-profile\s+user-token\s+dta-wide getUserProfile\s+manifests\/dta-wide\.yaml:\d+$/);
  });

  it('lists as JSON with --format json', () => {
    const run = cli('list', '--root', p.root, '--format', 'json');
    const { tools } = JSON.parse(run.stdout) as { tools: Array<Record<string, unknown>> };
    expect(tools.map((t) => t.name)).toEqual(['get-current-time', 'query-recent-errors', 'get-user-profile', 'update-user-settings', 'get-user-activity-log', 'my-profile']);
    expect(tools[5]).toMatchObject({ name: 'my-profile', authType: 'user-token', api: 'dta-wide', operation: 'getUserProfile', file: 'manifests/dta-wide.yaml' });
  });

  it('exits 1 with one clear line for an unknown operation, writing nothing', () => {
    const before = p.read('manifests/dta-wide.yaml');
    const run = cli('add', 'getUserProfil', '--root', p.root);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe("error: operation 'getUserProfil' is not in openapi/dta-wide.yaml (did you mean 'getUserProfile'?)\n");
    expect(p.read('manifests/dta-wide.yaml')).toBe(before);
  });

  it('exits 2 on a usage error (an unknown --auth)', () => {
    expect(cli('add', 'getUserProfile', '--auth', 'admin', '--root', p.root).status).toBe(2);
  });
});
