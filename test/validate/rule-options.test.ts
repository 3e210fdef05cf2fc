/**
 * The rules' escape hatches and knobs: `annotations.reason`, `--client-prefix`, and
 * warnings that do not fail the run.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../generator/analyze.ts';
import { validate } from '../../generator/validate.ts';
import type { TempProject } from '../generator/project.ts';
import { cli, ruleFixture, ruleProject } from './support.ts';

describe('rule options', () => {
  const projects: TempProject[] = [];
  afterAll(() => projects.forEach((p) => p.remove()));
  const project = (ruleId: string, manifest?: string) => {
    const p = ruleProject(ruleId, manifest);
    projects.push(p);
    return p;
  };

  it('a stated annotations.reason lets a hint contradict the method, and clients never see the reason', async () => {
    const withReason = `${ruleFixture('annotation-contradicts-method')}      reason: The upstream purges the list on read.\n`;
    const p = project('annotation-contradicts-method', withReason);
    expect(await validate({ root: p.root })).toEqual([]);
    const [tool] = analyze(p.root).plan.tools;
    expect(tool?.definition.annotations).toEqual({ readOnlyHint: true, destructiveHint: true });
    expect(JSON.stringify(tool?.definition)).not.toContain('purges');
  });

  it('a DELETE marked read-only is a contradiction too', async () => {
    const manifest = ruleFixture('required-arg-optional').replace('        id: { type: string }\n', '        id: { type: string }\n      required: [id]\n    annotations:\n      readOnlyHint: true\n');
    const p = project('delete-read-only', manifest);
    const diagnostics = await validate({ root: p.root });
    expect(diagnostics.map((d) => `${d.ruleId} ${d.line}:${d.column}`)).toEqual(['annotation-contradicts-method 14:7']);
    expect(diagnostics[0]?.message).toContain('marked read-only but calls deleteItem, and DELETE removes data');
  });

  it.each([
    ['the default Claude Code prefix', undefined, 1],
    ['a short prefix', 'mcp__a__', 0],
    ['no prefix', '', 0],
  ])('checks the name length with %s', async (_name, clientPrefix, warnings) => {
    const p = project('tool-name-too-long-with-prefix');
    const diagnostics = await validate({ root: p.root, ...(clientPrefix !== undefined ? { clientPrefix } : {}) });
    expect(diagnostics.filter((d) => d.ruleId === 'tool-name-too-long-with-prefix')).toHaveLength(warnings);
  });

  it.each([
    ['declares schemes but none on the operation', (spec: string) => spec.replace(/^security:\n  - bearer: \[\]\n/m, ''), ['auth-without-security']],
    ['declares no security schemes at all (silent about auth)', (spec: string) => spec.replace(/^security:\n  - bearer: \[\]\n/m, '').replace(/^components:\n[\s\S]*$/m, ''), []],
  ])('a user-token tool on an operation without security, in a spec that %s', async (_name, edit, want) => {
    const p = project('auth-without-security');
    p.write('openapi/rules-api.yaml', edit(ruleFixture('openapi/rules-api')).replace('      security: []\n', ''));
    expect((await validate({ root: p.root })).map((d) => d.ruleId)).toEqual(want);
  });

  it('an input property named like a credential parameter, with no map, is map-credential', async () => {
    const manifest = ruleFixture('map-credential').replace('        token: { type: string }\n    map:\n      token: header.Authorization\n', '        Authorization: { type: string }\n');
    const p = project('credential-by-name', manifest);
    const diagnostics = await validate({ root: p.root });
    expect(diagnostics.map((d) => `${d.ruleId} ${d.line}:${d.column}`)).toEqual(['map-credential 11:9']);
  });

  it('warnings alone exit 0 and --client-prefix reaches the rule', () => {
    const p = project('tool-name-too-long-with-prefix');
    const warned = cli('validate', '--root', p.root, '--no-drift');
    expect(warned.status).toBe(0);
    expect(warned.stdout).toContain('warning [tool-name-too-long-with-prefix]');
    expect(warned.stdout).toMatch(/0 errors, 1 warning\n$/);
    const quiet = cli('validate', '--root', p.root, '--no-drift', '--client-prefix', 'x__');
    expect(quiet.stdout).toBe('manifests are valid\n');
  });
});
