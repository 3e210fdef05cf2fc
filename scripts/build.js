#!/usr/bin/env node
// `npm run build` (prepack runs it): compile runtime/, generator/ and sandbox/ to
// dist/ with declarations (tsconfig.build.json), then copy the files the code reads at
// run time beside it, so `new URL('../templates/x.hbs', import.meta.url)` finds them
// in dist/ as in the sources. Emit only: `npm run typecheck` (CI, prepublishOnly) is the
// type-check, so a pack never waits for a second one. Last, the CLI as one bundle
// (dist/bundle/, scripts/bundle-cli.js): what bin/dta-mcp.js runs when installed.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleCli } from './bundle-cli.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

rmSync(dist, { recursive: true, force: true });
const compiled = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);

const assets = [
  'generator/manifest.schema.json',
  ...readdirSync(join(root, 'generator/templates'))
    .filter((f) => f.endsWith('.hbs'))
    .map((f) => `generator/templates/${f}`),
];
for (const file of assets) {
  mkdirSync(dirname(join(dist, file)), { recursive: true });
  cpSync(join(root, file), join(dist, file));
}
await bundleCli(root);
process.stderr.write(`build: dist/ written (${assets.length} assets copied, CLI bundled in dist/bundle/)\n`);
