/**
 * `openapi/<api>.ref`: a spec that lives elsewhere — typically inside an npm package —
 * named by a one-line pointer file instead of copied into the project. The line is
 * either a path relative to the `.ref` file (`./`, `../` or absolute), which must stay
 * inside the project, or a package path (`@octokit/openapi/generated/api.github.com.json`)
 * resolved the way Node resolves an import from the project root, so it follows
 * node_modules up the tree; that package's directory is then the only other place the
 * spec's `$ref`s may reach. Lines starting with `#` are comments.
 */
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { SourcePosition } from '../diagnostics.ts';
import { RefScope } from './ref-scope.ts';
import { inputExists, readInputText, recordResolution } from '../cache/inputs.ts';

export const REF_EXTENSION = '.ref';

export type RefResolution =
  | { ok: true; abs: string; scope: RefScope }
  | { ok: false; message: string; /** Set when the line leads out of the project: where it is written. */ outside?: SourcePosition };

/** `file` is the `.ref` file as diagnostics name it (relative to the root). */
export function resolveSpecRef(refFile: string, projectRoot: string, file: string): RefResolution {
  const lines = readInputText(refFile).split('\n').map((line) => line.trim());
  const index = lines.findIndex((line) => line !== '' && !line.startsWith('#'));
  const target = lines[index];
  if (target === undefined) return { ok: false, message: 'is empty: it should hold one line, a spec path or a package path' };
  const project = new RefScope([projectRoot]);
  if (target.startsWith('./') || target.startsWith('../') || isAbsolute(target)) {
    const abs = resolve(dirname(refFile), target);
    if (!project.allows(abs)) {
      return { ok: false, message: `points at ${target}, outside the project; name a package path, or copy the spec into the project`, outside: { file, line: index + 1, column: 1 } };
    }
    return inputExists(abs) ? { ok: true, abs, scope: project } : { ok: false, message: `points at ${target}, which does not exist` };
  }
  let abs: string;
  try {
    abs = createRequire(join(projectRoot, 'package.json')).resolve(target);
    recordResolution(join(projectRoot, 'package.json'), target, abs);
  } catch {
    recordResolution(join(projectRoot, 'package.json'), target, undefined);
    return { ok: false, message: `points at package path '${target}', which does not resolve from ${projectRoot} (is the package installed?)` };
  }
  const name = packageName(target);
  const root = packageRoot(abs, name);
  if (root === undefined) {
    // `pkg/../../elsewhere`: a package path that climbs out of its package.
    return { ok: false, message: `points at ${target}, which is not inside the package '${name}'`, outside: { file, line: index + 1, column: 1 } };
  }
  return { ok: true, abs, scope: project.with(root) };
}

/** `@scope/name` or `name`: the first one or two segments of a package path. */
function packageName(target: string): string {
  const parts = target.split('/');
  return (target.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

/** The directory of the package `name` that holds `file`: the nearest `package.json` naming it. */
function packageRoot(file: string, name: string): string | undefined {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (!inputExists(manifest)) continue;
    try {
      if ((JSON.parse(readInputText(manifest)) as { name?: unknown }).name === name) return dir;
    } catch {
      // not JSON: keep looking
    }
  }
  return undefined;
}
