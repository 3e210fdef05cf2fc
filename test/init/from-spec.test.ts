/**
 * `dta-mcp init --from <spec> [--tag T]`: a spec file is copied in with the files its
 * `$ref`s reach, a package path becomes `openapi/<api>.ref`, and one tool is added per
 * selected operation through `dta-mcp add`'s checks; the project then generates and
 * validates as written.
 */
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, REPO, tempFolder, type Folder } from './init-project.ts';

interface Spec {
  paths: Record<string, Record<string, { operationId?: string; tags?: string[] }>>;
}

/** The operationIds tagged `user`, in the spec's order: what `--tag user` must add. */
function userOperations(spec: Spec): string[] {
  return Object.values(spec.paths).flatMap((item) =>
    Object.values(item).filter((op) => op.tags?.includes('user') && op.operationId).map((op) => op.operationId as string),
  );
}

interface Manifest {
  api: string;
  tools: Array<{ name: string; authType: string; operation: string }>;
}

describe('dta-mcp init --from a spec file --tag user', () => {
  let source: Folder;
  let f: Folder;
  let run: ReturnType<typeof cli>;
  beforeAll(() => {
    source = tempFolder('dta-mcp-spec-');
    cpSync(join(REPO, 'openapi'), join(source.root, 'specs'), { recursive: true });
    f = tempFolder();
    run = cli(['init', f.root, '--from', join(source.root, 'specs', 'dta-wide.yaml'), '--tag', 'user']);
  }, 60_000);
  afterAll(() => {
    source.remove();
    f.remove();
  });

  it('copies the spec and the files its $refs reach under openapi/', () => {
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(f.read('openapi/dta-wide.yaml')).toBe(source.read('specs/dta-wide.yaml'));
    expect(f.read('openapi/shared/problem.yaml')).toBe(source.read('specs/shared/problem.yaml'));
  });

  it('adds exactly the operations tagged user, in spec order', () => {
    const manifest = parse(f.read('manifests/dta-wide.yaml')) as Manifest;
    const tagged = userOperations(parse(source.read('specs/dta-wide.yaml')) as Spec);
    expect(tagged).toContain('getUserProfile');
    expect(tagged).not.toContain('getRecentErrors');
    expect(manifest.api).toBe('dta-wide');
    expect(manifest.tools.map((t) => t.operation)).toEqual(tagged);
    expect(manifest.tools.every((t) => t.authType === 'user-token')).toBe(true);
    expect(run.stdout).toContain(`added ${tagged.length} tools to manifests/dta-wide.yaml`);
  });

  it('names the API in the config, with its base URL from the environment', () => {
    expect(f.read('dta-mcp.config.yaml')).toMatch(/apis:\n {2}dta-wide:\n {4}baseUrl: \$\{DTA_WIDE_BASE_URL\}/);
  });

  it('generates, then validates with no errors (node bin/dta-mcp.js validate --root)', () => {
    f.linkModules();
    const generated = cli(['generate', '--root', f.root]);
    expect(generated.stdout + generated.stderr).not.toContain('error');
    expect(generated.status).toBe(0);
    const validated = cli(['validate', '--root', f.root]);
    expect(validated.stdout).not.toContain(' error [');
    expect(validated.status).toBe(0);
  }, 120_000);

  it('refuses a --tag no operation has, naming the tags there are, and writes nothing', () => {
    const g = tempFolder();
    try {
      const refused = cli(['init', g.root, '--from', join(source.root, 'specs', 'dta-wide.yaml'), '--tag', 'users']);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toMatch(/no operation is tagged 'users'.*system, user/);
      expect(g.files()).toEqual([]);
    } finally {
      g.remove();
    }
  });
});

describe('dta-mcp init --from a package path (GitHub) --tag markdown', () => {
  let f: Folder;
  let run: ReturnType<typeof cli>;
  beforeAll(() => {
    f = tempFolder();
    f.linkModules();
    run = cli(['init', f.root, '--from', '@octokit/openapi/generated/api.github.com.json', '--api', 'github', '--tag', 'markdown']);
  }, 120_000);
  afterAll(() => f.remove());

  it('writes openapi/github.ref naming the package path instead of copying the spec', () => {
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(f.read('openapi/github.ref')).toBe('@octokit/openapi/generated/api.github.com.json\n');
    expect(f.files().filter((p) => p.startsWith('openapi/'))).toEqual(['openapi/github.ref']);
  });

  it('adds the operations add accepts and lists the ones it refuses as skipped', () => {
    const manifest = parse(f.read('manifests/github.yaml')) as Manifest;
    expect(manifest.tools.map((t) => t.operation)).toEqual(['markdown/render']);
    expect(run.stdout).toMatch(/skipped markdown\/render-raw: .*text\/plain/);
  });

  it('leaves a project that validates (generated/ aside)', () => {
    const validated = cli(['validate', '--root', f.root, '--no-drift']);
    expect(validated.stdout).not.toContain(' error [');
    expect(validated.status).toBe(0);
  }, 60_000);
});
