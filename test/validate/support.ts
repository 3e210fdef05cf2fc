/**
 * Projects for the validate suites: a rule fixture (test/fixtures/rules/<id>.yaml) as
 * the only manifest, next to the rule specs. Not a test file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { FIXTURES, makeProject, REPO, type TempProject } from '../generator/project.ts';

export const RULE_FIXTURES = join(FIXTURES, 'rules');

export function ruleFixture(ruleId: string): string {
  return readFileSync(join(RULE_FIXTURES, `${ruleId}.yaml`), 'utf8');
}

/** Every spec under test/fixtures/rules/openapi, plus `twice.yaml` + `twice.json` for spec-ambiguous. */
function ruleSpecs(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(join(RULE_FIXTURES, 'openapi'))) {
    files[`openapi/${name}`] = readFileSync(join(RULE_FIXTURES, 'openapi', name), 'utf8');
  }
  files['openapi/twice.yaml'] = files['openapi/rules-api.yaml'] ?? '';
  files['openapi/twice.json'] = '{}';
  return files;
}

export function ruleProject(ruleId: string, manifest = ruleFixture(ruleId)): TempProject {
  return makeProject({ seedManifests: false, seedSpecs: false, files: { ...ruleSpecs(), [`manifests/${ruleId}.yaml`]: manifest } });
}

/** Runs the real CLI in a child process. */
export function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [join(REPO, 'bin', 'dta-mcp.js'), ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '' },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A line of a Node stack trace. */
export const STACK_TRACE = /^\s+at .*(\.(ts|js|mjs):\d+|\(node:)/m;
