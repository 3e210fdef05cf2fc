/**
 * Where a spec's files may come from: the project root, plus the package directory a
 * `.ref` file names. A path is inside only if it is inside both as written and once
 * symlinks are followed, so `openapi/shared -> /etc` does not widen the scope.
 */
import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';

export class RefScope {
  private readonly real: string[];

  constructor(private readonly roots: readonly string[]) {
    this.real = roots.map(realPath);
  }

  allows(abs: string): boolean {
    const path = resolve(abs);
    if (![...this.roots, ...this.real].some((root) => isInside(root, path))) return false;
    const real = realPath(path);
    return this.real.some((root) => isInside(root, real));
  }

  /** The same scope plus one more directory (a package's). */
  with(root: string): RefScope {
    return new RefScope([...this.roots, root]);
  }
}

export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return !isAbsolute(rel) && rel.split(/[\\/]/)[0] !== '..';
}

/** The real path of `path`, or of its nearest existing ancestor plus the rest (a missing file). */
function realPath(path: string): string {
  const rest: string[] = [];
  let at = resolve(path);
  while (!existsSync(at)) {
    const up = dirname(at);
    if (up === at) return path;
    rest.unshift(basename(at));
    at = up;
  }
  return join(realpathSync(at), ...rest);
}
