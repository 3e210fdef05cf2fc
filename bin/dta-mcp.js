#!/usr/bin/env node
// Installed, the CLI is the built JavaScript in dist/ (no TypeScript at run time), bundled
// into a few files (dist/bundle/, scripts/bundle-cli.js) for start-up. In a
// checkout the sources are here and dist/ may be stale or absent, so they run through
// tsx (a devDependency) and `npm test` / `npm start` need no build. DTA_MCP_DIST=1 runs
// dist/ in a checkout too (after `npm run build`), as the installed package does.
import { existsSync } from 'node:fs';

const source = new URL('../cli/main.ts', import.meta.url);
/** @type {{ main(argv: string[]): Promise<number> }} */
let cli;
if (existsSync(source) && process.env.DTA_MCP_DIST !== '1') {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import(source.href);
} else {
  cli = await import('../dist/bundle/main.js');
}
process.exitCode = await cli.main(process.argv);
