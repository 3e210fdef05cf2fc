/**
 * The conformance fixture (test/fixtures/conformance, served by test/e2e/conformance.test.ts)
 * is a dta-mcp project of its own: its committed generated/ must be what `generate` writes,
 * checked here because `npm test`'s `generate --check` covers only the repository's root.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '../..');

it('the conformance fixture project is generated and current (generate --check --root test/fixtures/conformance)', () => {
  const run = spawnSync(process.execPath, [join(REPO, 'bin/dta-mcp.js'), 'generate', '--check', '--root', join(REPO, 'test/fixtures/conformance')], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
}, 130_000);
