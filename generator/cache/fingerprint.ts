/**
 * Content hashes for the generate cache, and the generator's own fingerprint: the
 * dta-mcp version plus every file of the generator (code, templates, the manifest
 * schema) and the versions of the compilers it drives, so a new release, an edited
 * template or a hand-patched generator never reuses output written by another one.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PACKAGE_ROOT } from '../../runtime/package-root.ts';
import { VERSION } from '../../runtime/version.ts';

/** sha-256, hex: of a file's bytes, or of a string as UTF-8 (the same for UTF-8 files). */
export function contentHash(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/** This generator: generator/ in the sources, dist/generator/ when installed. */
export const GENERATOR_DIR = fileURLToPath(new URL('..', import.meta.url));

/** The packages whose output generate embeds or relies on (their versions are part of the fingerprint). */
const TOOLCHAIN = ['typescript', 'openapi-typescript', 'openapi-fetch'];

/**
 * @param dir the generator's directory (every file under it is hashed, by relative path)
 * @param version the dta-mcp version
 */
export function generatorFingerprint(dir: string, version: string): string {
  const hash = createHash('sha256').update(`dta-mcp ${version}\0`);
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
  for (const file of files) hash.update(`${relative(dir, file).split(sep).join('/')}\0`).update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

let ours: string | undefined;

/** The running generator's fingerprint (computed once per process). */
export function currentGeneratorFingerprint(): string {
  ours ??= contentHash(`${generatorFingerprint(GENERATOR_DIR, VERSION)}\0${toolchainVersions()}\0${PACKAGE_ROOT}`);
  return ours;
}

function toolchainVersions(): string {
  const require = createRequire(join(PACKAGE_ROOT, 'package.json'));
  return TOOLCHAIN.map((name) => {
    try {
      return `${name}@${(JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version}`;
    } catch {
      return `${name}@?`;
    }
  }).join(' ');
}
