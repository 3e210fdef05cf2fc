import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../generator/diagnostics.ts';
import { generate } from '../../generator/generate.ts';
import { validate } from '../../generator/validate.ts';
import { fixture, makeProject, type TempProject } from './project.ts';

describe('map and fixed', () => {
  let p: TempProject;
  beforeAll(async () => {
    p = makeProject({ seedManifests: false, files: { 'manifests/m.yaml': fixture('manifests/fixed-values.yaml') } });
    await generate({ root: p.root });
  });
  afterAll(() => p.remove());

  it('renames an argument onto a parameter and fixes another, each line pointing at the manifest', () => {
    const text = p.read('generated/tools/errors-last-hour.gen.ts');
    expect(text).toContain('        limit: args.max, // manifests/m.yaml:12:12\n');
    expect(text).toContain('        hours: 1, // manifests/m.yaml:14:7\n');
  });

  it('fixes a body field, leaving the other fields as arguments', () => {
    const text = p.read('generated/tools/set-dark-theme.gen.ts');
    expect(text).toContain('      theme: "dark", // manifests/m.yaml:20:7\n');
    expect(text).toContain('export interface Args {\n  language?: string;\n  notifications?: boolean;\n}');
  });

  it('rejects a fixed value the parameter cannot take', async () => {
    const q = makeProject({ seedManifests: false, files: { 'manifests/m.yaml': fixture('manifests/fixed-values.yaml').replace('query.hours: 1', 'query.hours: soon') } });
    try {
      expect((await validate({ root: q.root })).map(formatDiagnostic)).toEqual([
        expect.stringMatching(/^manifests\/m\.yaml:14:20 error \[map-type-mismatch\] fixed value for query parameter 'hours': the value "soon" is string but the target takes integer/),
      ]);
    } finally {
      q.remove();
    }
  });
});
