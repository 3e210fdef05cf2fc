/**
 * `openapi/<api>.ref` files: a package path may reach the package's own directory
 * (wherever node_modules really lives) and nothing beyond it; a file path must stay in
 * the project.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDiagnostic, type Diagnostic } from '../../generator/diagnostics.ts';
import { validate } from '../../generator/validate.ts';
import { makeProject, type TempProject } from '../generator/project.ts';

const MANIFEST = `version: 1
api: pkg
tools:
  - name: list-things
    description: Lists the things.
    authType: none
    operation: listThings
`;

function spec(responseRef: string): string {
  return `openapi: 3.1.0
info: { title: Packaged, version: '1' }
paths:
  /things:
    get:
      operationId: listThings
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                $ref: '${responseRef}'
`;
}

const where = (d: Diagnostic) => `${d.ruleId} ${d.file}:${d.line}:${d.column}`;

describe('specs named by a .ref file', () => {
  const dirs: string[] = [];
  const projects: TempProject[] = [];
  afterAll(() => {
    projects.forEach((p) => p.remove());
    dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
  });

  /** A project whose node_modules links to a store outside it holding `leaky-api` (as pnpm and workspaces do). */
  function packagedProject(responseRef: string): TempProject {
    const store = mkdtempSync(join(tmpdir(), 'dta-mcp-store-'));
    dirs.push(store);
    const pkg = join(store, 'node_modules', 'leaky-api');
    mkdirSync(join(pkg, 'schemas'), { recursive: true });
    writeFileSync(join(pkg, 'package.json'), '{ "name": "leaky-api", "version": "1.0.0" }\n');
    writeFileSync(join(pkg, 'spec.yaml'), spec(responseRef));
    writeFileSync(join(pkg, 'schemas', 'thing.yaml'), 'Thing: { type: object, properties: { id: { type: string } } }\n');
    writeFileSync(join(store, 'secret.yaml'), 'Thing: { type: object, properties: { secret: { type: string } } }\n');
    const p = makeProject({ seedManifests: false, seedSpecs: false, files: { 'manifests/things.yaml': MANIFEST, 'openapi/pkg.ref': 'leaky-api/spec.yaml\n' } });
    projects.push(p);
    rmSync(join(p.root, 'node_modules'));
    symlinkSync(join(store, 'node_modules'), join(p.root, 'node_modules'), 'dir');
    return p;
  }

  it('lets a package spec $ref files inside its own package', async () => {
    const p = packagedProject('./schemas/thing.yaml#/Thing');
    const diagnostics = await validate({ root: p.root });
    expect(diagnostics.map(formatDiagnostic)).toEqual([]);
  });

  it("refuses a package spec's $ref out of its package", async () => {
    const p = packagedProject('../../secret.yaml#/Thing');
    const diagnostics = await validate({ root: p.root });
    // The package's real directory (outside the project here) is where the diagnostic points.
    const file = relative(p.root, realpathSync(join(p.root, 'node_modules', 'leaky-api', 'spec.yaml'))).split('\\').join('/');
    expect(diagnostics.map(where), diagnostics.map(formatDiagnostic).join('\n')).toEqual([`spec-ref-outside ${file}:13:23`]);
  });

  it('refuses a .ref file path that leaves the project, at the .ref line', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'dta-mcp-elsewhere-'));
    dirs.push(elsewhere);
    writeFileSync(join(elsewhere, 'spec.yaml'), spec('#/paths'));
    const p = makeProject({ seedManifests: false, seedSpecs: false, files: { 'manifests/things.yaml': MANIFEST, 'openapi/pkg.ref': `# the shared spec\n${join(elsewhere, 'spec.yaml')}\n` } });
    projects.push(p);
    const diagnostics = await validate({ root: p.root });
    expect(diagnostics.map(where), diagnostics.map(formatDiagnostic).join('\n')).toEqual(['spec-ref-outside openapi/pkg.ref:2:1']);
  });
});
