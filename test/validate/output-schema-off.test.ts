/** `outputSchema: false`: no output schema in the definition, and no size warning. */
import { afterAll, describe, expect, it } from 'vitest';
import { analyze } from '../../generator/analyze.ts';
import { validate } from '../../generator/validate.ts';
import type { TempProject } from '../generator/project.ts';
import { ruleFixture, ruleProject } from './support.ts';

const projects: TempProject[] = [];
afterAll(() => projects.forEach((p) => p.remove()));

function project(manifest: string): TempProject {
  const p = ruleProject('output-schema-large', manifest);
  projects.push(p);
  return p;
}

describe('outputSchema: false', () => {
  it('publishes no output schema and raises no size warning', async () => {
    const p = project(`${ruleFixture('output-schema-large').trimEnd()}\n    outputSchema: false\n`);
    expect(await validate({ root: p.root })).toEqual([]);
    const [tool] = analyze(p.root).plan.tools;
    expect(tool?.definition.outputSchema).toBeUndefined();
  });

  it('is refused on a local tool', async () => {
    const p = project(`version: 1\ntools:\n  - name: local-one\n    description: A local tool here.\n    authType: none\n    handler: ./h.ts\n    outputSchema: false\n`);
    p.write('manifests/h.ts', 'export default () => 1;\n');
    const diagnostics = await validate({ root: p.root });
    expect(diagnostics).toMatchObject([{ ruleId: 'tool-kind', line: 7 }]);
  });

  it('accepts only false', async () => {
    const p = project(`${ruleFixture('output-schema-large').trimEnd()}\n    outputSchema: true\n`);
    const diagnostics = await validate({ root: p.root });
    expect(diagnostics).toMatchObject([{ ruleId: 'schema-enum', line: 9 }]); // const false: a one-value enum
  });
});
