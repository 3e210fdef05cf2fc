/**
 * A spec edited after `generate`: the error names the manifest line AND the place in
 * the spec, so the reader sees both sides of the break.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../generator/diagnostics.ts';
import { generate } from '../../generator/generate.ts';
import { validate } from '../../generator/validate.ts';
import { fixture, makeProject, type TempProject } from '../generator/project.ts';
import { cli } from './support.ts';

const SPEC = fixture('rules/openapi/rules-api.yaml');

const MANIFEST = `version: 1
api: rules-api
tools:
  - name: list-items
    description: Lists the items.
    authType: user-token
    operation: listItems
    input:
      properties:
        limit: { type: integer }
  - name: delete-item
    description: Deletes an item.
    authType: user-token
    operation: deleteItem
  - name: get-status
    description: Says whether the API is up.
    authType: none
    operation: getStatus
`;

function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`'${needle}' not found`);
  return index + 1;
}

describe('a spec that changed under generated manifests', () => {
  let p: TempProject;
  beforeAll(async () => {
    p = makeProject({ seedManifests: false, seedSpecs: false, files: { 'manifests/m.yaml': MANIFEST, 'openapi/rules-api.yaml': SPEC } });
    await generate({ root: p.root, skipTypecheck: true });
    expect(await validate({ root: p.root, drift: true })).toEqual([]);
  });
  afterAll(() => p.remove());

  it('a renamed operation: operation-not-found at the manifest line, the spec paths, and the closest operations', async () => {
    const edited = SPEC.replace(/  \/items\/\{id\}:\n    delete:\n      operationId: deleteItem\n/, '  /items/{id}:\n    delete:\n      operationId: deleteItems\n');
    p.write('openapi/rules-api.yaml', edited);
    const diagnostics = await validate({ root: p.root, drift: true });
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      `manifests/m.yaml:14:16 error [operation-not-found] operation 'deleteItem' is not in openapi/rules-api.yaml (did you mean 'deleteItems'?) (spec openapi/rules-api.yaml:${lineOf(edited, 'paths:')}:1)`,
    ]);
  });

  it('a removed operation: operation-not-found at the manifest line and the spec paths', async () => {
    const edited = SPEC.replace(/  \/items\/\{id\}:\n    delete:\n(?:      .*\n|        .*\n)*/, '');
    expect(edited).not.toContain('deleteItem');
    p.write('openapi/rules-api.yaml', edited);
    const diagnostics = await validate({ root: p.root, drift: true });
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      `manifests/m.yaml:14:16 error [operation-not-found] operation 'deleteItem' is not in openapi/rules-api.yaml (spec openapi/rules-api.yaml:${lineOf(edited, 'paths:')}:1)`,
    ]);
  });

  it('a renamed parameter: map-unknown-target at the argument, the operation\'s parameters, and the new name', async () => {
    const edited = SPEC.replace('{ name: limit, in: query', '{ name: limits, in: query');
    p.write('openapi/rules-api.yaml', edited);
    const [d, ...rest] = await validate({ root: p.root, drift: true });
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ ruleId: 'map-unknown-target', file: 'manifests/m.yaml', line: 10, column: 9 });
    expect(d?.message).toContain("no parameter named 'limit' (did you mean 'query.limits'?)");
    expect(d?.specLocation).toEqual({ file: 'openapi/rules-api.yaml', pointer: '#/paths/~1items/get/parameters', line: lineOf(edited, 'name: limits'), column: 9 });
  });

  it('a derived input that follows the spec by itself: generated-stale until regenerated', async () => {
    const edited = SPEC.replace('      operationId: getStatus\n', '      operationId: getStatus\n      parameters:\n        - { name: verbose, in: query, schema: { type: boolean } }\n');
    p.write('openapi/rules-api.yaml', edited);
    const stale = await validate({ root: p.root, drift: true });
    expect(stale.map((d) => `${d.ruleId} ${d.file}:${d.line}`)).toEqual(['generated-stale generated/rules-api.d.ts:1', 'generated-stale generated/tools/get-status.gen.ts:1']);
    expect(await validate({ root: p.root, drift: false })).toEqual([]);
    const run = cli('validate', '--root', p.root);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('generated/tools/get-status.gen.ts:1:1 error [generated-stale]');
    expect(cli('validate', '--root', p.root, '--no-drift').status).toBe(0);
    await generate({ root: p.root, skipTypecheck: true });
    expect(await validate({ root: p.root, drift: true })).toEqual([]);
  });
});
