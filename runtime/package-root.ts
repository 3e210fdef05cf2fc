/**
 * Where this package is installed: the nearest directory above this module holding a
 * package.json named dta-mcp. The same code runs from the sources (`runtime/`) and from
 * the build (`dist/runtime/`), one level deeper, so paths are never counted by hand.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'dta-mcp') return dir;
    if (dirname(dir) === dir) throw new Error(`no dta-mcp package.json above ${start}`);
  }
}

export const PACKAGE_ROOT: string = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** True in a development checkout (the TypeScript sources are there), false when installed. */
export const IS_CHECKOUT: boolean = existsSync(join(PACKAGE_ROOT, 'runtime', 'package-root.ts'));
