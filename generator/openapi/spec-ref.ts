/**
 * `openapi/<api>.ref`: a spec that lives elsewhere — typically inside an npm package —
 * named by a one-line pointer file instead of copied into the project. The line is
 * either a path relative to the `.ref` file (`./`, `../` or absolute) or a package path
 * (`@octokit/openapi/generated/api.github.com.json`) resolved the way Node resolves an
 * import from the project root, so it follows node_modules up the tree. Lines starting
 * with `#` are comments.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';

export const REF_EXTENSION = '.ref';

export type RefResolution = { ok: true; abs: string } | { ok: false; message: string };

export function resolveSpecRef(refFile: string, projectRoot: string): RefResolution {
  const target = readFileSync(refFile, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line !== '' && !line.startsWith('#'));
  if (target === undefined) return { ok: false, message: 'is empty: it should hold one line, a spec path or a package path' };
  if (target.startsWith('./') || target.startsWith('../') || isAbsolute(target)) {
    const abs = resolve(dirname(refFile), target);
    return existsSync(abs) ? { ok: true, abs } : { ok: false, message: `points at ${target}, which does not exist` };
  }
  try {
    return { ok: true, abs: createRequire(join(projectRoot, 'package.json')).resolve(target) };
  } catch {
    return { ok: false, message: `points at package path '${target}', which does not resolve from ${projectRoot} (is the package installed?)` };
  }
}
