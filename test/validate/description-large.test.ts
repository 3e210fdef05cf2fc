/**
 * `description-large`: a description travels to the client in every tools/list and into
 * the model's context; past 2 KB clients cut it (Claude Code) and it costs every turn.
 * Both `validate` and `generate` warn; neither refuses.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../generator/diagnostics.ts';
import { MAX_DESCRIPTION_BYTES } from '../../generator/manifest/description-size.ts';
import { generate } from '../../generator/generate.ts';
import { validate } from '../../generator/validate.ts';
import type { TempProject } from '../generator/project.ts';
import { ruleProject } from './support.ts';

function manifest(description: string): string {
  return `version: 1
api: rules-api
tools:
  - name: list-items
    description: ${JSON.stringify(description)}
    authType: user-token
    operation: listItems
`;
}

describe('a very large description', () => {
  const projects: TempProject[] = [];
  afterAll(() => projects.forEach((p) => p.remove()));
  const project = (description: string) => {
    const p = ruleProject('description-large', manifest(description));
    projects.push(p);
    return p;
  };

  it('is 2 KB at most before the warning', () => {
    expect(MAX_DESCRIPTION_BYTES).toBe(2048);
  });

  it('gets a warning at the description when it is megabytes long', async () => {
    const p = project('Lists the items. '.repeat(200_000));
    const diagnostics = await validate({ root: p.root });
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      "manifests/description-large.yaml:5:18 warning [description-large] the description of tool 'list-items' is 3320 KB (over 2 KB), sent to clients in every tools/list; keep it to what the model needs to choose the tool",
    ]);
  });

  it('counts bytes, not characters', async () => {
    const text = 'Café menu. '.repeat(180); // 1,980 characters, 2,160 bytes
    expect(text.length).toBeLessThan(MAX_DESCRIPTION_BYTES);
    expect(Buffer.byteLength(text)).toBeGreaterThan(MAX_DESCRIPTION_BYTES);
    const p = project(text);
    expect((await validate({ root: p.root })).map((d) => d.ruleId)).toEqual(['description-large']);
  });

  it('is silent at the limit', async () => {
    const p = project('x '.repeat(MAX_DESCRIPTION_BYTES / 2));
    expect(await validate({ root: p.root })).toEqual([]);
  });

  it('is reported by generate too, which still writes the tool', async () => {
    const p = project('Lists the items. '.repeat(200));
    const result = await generate({ root: p.root, skipTypecheck: true });
    expect(result.diagnostics.map((d) => d.ruleId)).toEqual(['description-large']);
    expect(result.added).toContain('generated/tools/list-items.gen.ts');
  });
});
