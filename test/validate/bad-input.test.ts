/**
 * Bad input of every kind gets one clear, located message from the real CLI: exit 1,
 * the report (and only the report) on stdout, nothing on stderr, never a stack trace.
 * A project that cannot be read at all is exit 2 with one line on stderr.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeProject, type TempProject } from '../generator/project.ts';
import { cli, ruleFixture, STACK_TRACE } from './support.ts';

const VALID = ruleFixture('generated-stale'); // a valid manifest calling getStatus of `rules-api`
const SPEC = ruleFixture('openapi/rules-api');

interface Case {
  manifest: string;
  files?: Record<string, string>;
  /** Files to delete after seeding. */
  remove?: string[];
  /** The start of the one error line. */
  want: string;
  /** Part of its message. */
  says: RegExp;
}

const cases: Array<[string, Case]> = [
  ['malformed YAML', { manifest: ruleFixture('yaml-syntax'), want: 'manifests/m.yaml:8:5 error [yaml-syntax]', says: /end with a \}/ }],
  ['a duplicate key', { manifest: ruleFixture('yaml-duplicate-key'), want: 'manifests/m.yaml:8:5 error [yaml-duplicate-key]', says: /Map keys must be unique/ }],
  ['a tab as indentation', { manifest: ruleFixture('yaml-tab-indent'), want: 'manifests/m.yaml:5:1 error [yaml-tab-indent]', says: /Tabs are not allowed/ }],
  ['a value of the wrong type', { manifest: ruleFixture('schema-type'), want: 'manifests/m.yaml:10:22 error [schema-type]', says: /openWorldHint must be true or false \(got string "sometimes"\)/ }],
  ['an unknown authType', { manifest: ruleFixture('schema-enum'), want: 'manifests/m.yaml:7:15 error [schema-enum]', says: /must be one of none, service-account, user-token \(got "user_token"\)/ }],
  ['an empty manifest file', { manifest: '', want: 'manifests/m.yaml:1:1 error [schema-type]', says: /the manifest must be a mapping/ }],
  ['a manifest that is a list', { manifest: '- name: a\n', want: 'manifests/m.yaml:1:1 error [schema-type]', says: /the manifest must be a mapping \(got a list\)/ }],
  ['a missing spec file', { manifest: VALID, remove: ['openapi/rules-api.yaml'], want: 'manifests/m.yaml:3:6 error [spec-not-found]', says: /no spec for API 'rules-api'/ }],
  ['a Swagger 2.0 spec', { manifest: VALID, files: { 'openapi/rules-api.yaml': "swagger: '2.0'\ninfo: { title: Old, version: '1' }\npaths: {}\n" }, want: 'manifests/m.yaml:3:6 error [spec-invalid]', says: /openapi\/rules-api.yaml is not an OpenAPI 3.0 or 3.1 document \(.*\) \(spec openapi\/rules-api.yaml:1:1\)/ }],
  ['a spec that is a YAML list', { manifest: VALID, files: { 'openapi/rules-api.yaml': '- openapi: 3.0.3\n- paths: {}\n' }, want: 'manifests/m.yaml:3:6 error [spec-invalid]', says: /is not an OpenAPI 3.0 or 3.1 document/ }],
  ['a spec that is malformed YAML', { manifest: VALID, files: { 'openapi/rules-api.yaml': 'openapi: 3.0.3\npaths: { /a: \n' }, want: 'manifests/m.yaml:3:6 error [spec-invalid]', says: /openapi\/rules-api.yaml is not valid YAML: .* \(spec openapi\/rules-api.yaml:2:\d+\)/ }],
  ['a spec that is malformed JSON', { manifest: VALID, remove: ['openapi/rules-api.yaml'], files: { 'openapi/rules-api.json': '{\n  "openapi": "3.1.0"\n  "paths": {}\n}\n' }, want: 'manifests/m.yaml:3:6 error [spec-invalid]', says: /openapi\/rules-api.json is not valid JSON: Expected ',' or '}' after property value \(spec openapi\/rules-api.json:3:3\)/ }],
  ['a spec $ref to a file that is malformed YAML', {
    manifest: VALID,
    files: {
      'openapi/rules-api.yaml': SPEC.replace('      operationId: getStatus\n', "      operationId: getStatus\n      parameters:\n        - $ref: './params.yaml#/Verbose'\n"),
      'openapi/params.yaml': 'Verbose: { name: verbose, in: query\n',
    },
    want: 'manifests/m.yaml:8:16 error [spec-invalid]',
    says: /openapi\/params.yaml is not valid YAML/,
  }],
];

describe('bad input through the CLI: one clear, located message, exit 1, no stack trace', () => {
  const projects: TempProject[] = [];
  afterAll(() => projects.forEach((p) => p.remove()));

  it.each(cases)('%s', (_name, { manifest, files = {}, remove = [], want, says }) => {
    const p = makeProject({ seedManifests: false, seedSpecs: false, files: { 'openapi/rules-api.yaml': SPEC, ...files, 'manifests/m.yaml': manifest } });
    projects.push(p);
    for (const path of remove) rmSync(join(p.root, path), { recursive: true });
    const run = cli('validate', '--root', p.root);
    const errors = run.stdout.split('\n').filter((l) => / (error|warning) \[/.test(l));
    expect(errors, run.stdout + run.stderr).toHaveLength(1);
    expect(errors[0]?.startsWith(want), errors[0]).toBe(true);
    expect(errors[0]).toMatch(says);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout.startsWith(want)).toBe(true);
    expect(run.stdout).toMatch(/\n1 error, 0 warnings\n$/);
    expect(run.stdout).not.toMatch(STACK_TRACE);
  });

  it('a root that does not exist: one line on stderr, nothing on stdout, exit 2', () => {
    const run = cli('validate', '--root', '/nonexistent/dta-mcp-project');
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('error: project root /nonexistent/dta-mcp-project is not a directory\n');
  });

  it('a root without manifests/: exit 2, and the same in every format', () => {
    const p = makeProject({ seedManifests: false, seedSpecs: false });
    projects.push(p);
    rmSync(join(p.root, 'manifests'), { recursive: true });
    for (const format of ['text', 'json', 'github']) {
      const run = cli('validate', '--root', p.root, '--format', format);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^error: no manifests\/ directory under .* \(use --root to point at the project\)\n$/);
    }
  });
});
