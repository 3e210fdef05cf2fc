/**
 * Throw-away projects for generator tests: a temp dir with the repo's specs, manifests
 * and runtime contract (or fixtures instead), `node_modules` linked so the type-check
 * resolves openapi-fetch. Not a test file: imported by the suites.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURES = join(REPO, 'test', 'fixtures');

export interface TempProject {
  root: string;
  write(path: string, text: string): void;
  read(path: string): string;
  remove(): void;
}

export interface ProjectOptions {
  /** Copy the repo's manifests/ (with handlers). Default true. */
  seedManifests?: boolean;
  /** Copy the repo's openapi/. Default true. */
  seedSpecs?: boolean;
  /** Extra files, relative to the root. */
  files?: Record<string, string>;
}

export function makeProject(options: ProjectOptions = {}): TempProject {
  const root = mkdtempSync(join(tmpdir(), 'dta-mcp-gen-'));
  mkdirSync(join(root, 'manifests'), { recursive: true });
  if (options.seedManifests !== false) cpSync(join(REPO, 'manifests'), join(root, 'manifests'), { recursive: true });
  if (options.seedSpecs !== false) cpSync(join(REPO, 'openapi'), join(root, 'openapi'), { recursive: true });
  mkdirSync(join(root, 'runtime', 'tools'), { recursive: true });
  cpSync(join(REPO, 'runtime', 'tools', 'types.ts'), join(root, 'runtime', 'tools', 'types.ts'));
  cpSync(join(REPO, 'tsconfig.json'), join(root, 'tsconfig.json'));
  writeFileSync(join(root, 'package.json'), '{ "name": "fixture-project", "private": true, "type": "module" }\n');
  symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'), 'dir');
  const project: TempProject = {
    root,
    write(path, text) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    },
    read: (path) => readFileSync(join(root, path), 'utf8'),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
  for (const [path, text] of Object.entries(options.files ?? {})) project.write(path, text);
  return project;
}

export function fixture(path: string): string {
  return readFileSync(join(FIXTURES, path), 'utf8');
}
