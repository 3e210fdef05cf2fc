/**
 * Where the project will find dta-mcp: `node_modules/dta-mcp` once it is installed
 * there (or when this copy runs from any node_modules — npx, a global install), else
 * this checkout (a clone run as `node /path/to/dta-mcp/bin/dta-mcp.js init`).
 */
import { existsSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { manifestSchemaPath } from '../../generator/manifest/schema.ts';
import { PACKAGE_ROOT } from '../../runtime/package-root.ts';
import type { StdioCommand } from './clients.ts';

/** Found, not counted: this module runs from cli/init/ in a checkout, from dist/bundle/ when built. */
const HERE = PACKAGE_ROOT;

export interface DtaLocation {
  /** The package directory the project uses. */
  dir: string;
  installed: boolean;
}

export function dtaLocation(root: string): DtaLocation {
  const local = join(resolve(root), 'node_modules', 'dta-mcp');
  if (existsSync(local) || HERE.split(sep).includes('node_modules')) return { dir: local, installed: true };
  return { dir: HERE, installed: false };
}

/** The modeline's `$schema`, relative to the manifest. */
export function schemaRef(location: DtaLocation, manifestsDir: string): string {
  const schema = location.installed ? join(location.dir, 'generator', 'manifest.schema.json') : manifestSchemaPath();
  return relative(manifestsDir, schema).split(sep).join('/');
}

export function stdioCommand(location: DtaLocation): StdioCommand {
  return { command: 'node', args: [join(location.dir, 'bin', 'dta-mcp.js')] };
}
