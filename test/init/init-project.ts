/**
 * Throw-away folders for `dta-mcp init`, outside the checkout (so nothing resolves the
 * checkout by accident), and the CLI run as a user runs it. Not a test file.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { REPO } from '../generator/project.ts';

export { REPO };

export interface Folder {
  root: string;
  write(path: string, text: string): void;
  read(path: string): string;
  /** Every file under the folder (relative, posix, sorted), node_modules left out. */
  files(): string[];
  /** `node_modules` -> this checkout's (packages resolve) plus `node_modules/dta-mcp` -> the checkout. */
  linkModules(): void;
  remove(): void;
}

export function tempFolder(prefix = 'dta-mcp-init-'): Folder {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const folder: Folder = {
    root,
    write(path, text) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    },
    read: (path) => readFileSync(join(root, path), 'utf8'),
    files: () => walk(root, root),
    linkModules() {
      mkdirSync(join(root, 'node_modules'), { recursive: true });
      for (const name of readdirSync(join(REPO, 'node_modules'))) {
        symlinkSync(join(REPO, 'node_modules', name), join(root, 'node_modules', name), 'dir');
      }
      symlinkSync(REPO, join(root, 'node_modules', 'dta-mcp'), 'dir');
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
  return folder;
}

function walk(dir: string, root: string): string[] {
  return readdirSync(dir)
    .filter((name) => name !== 'node_modules')
    .flatMap((name) => {
      const abs = join(dir, name);
      return statSync(abs).isDirectory() ? walk(abs, root) : [relative(root, abs).split('\\').join('/')];
    })
    .sort();
}

export function cli(args: readonly string[], cwd = REPO) {
  const run = spawnSync(process.execPath, [join(REPO, 'bin', 'dta-mcp.js'), ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** `.env.example` as the variables it sets. */
export function envExample(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line);
    if (m?.[1] !== undefined) env[m[1]] = m[2] ?? '';
  }
  return env;
}
