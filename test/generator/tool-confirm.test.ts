/**
 * `tools[].confirm` in a manifest becomes `confirm: { message, required? }` on that tool's
 * generated object: `true` gets a question from the tool's title (and "This cannot be
 * undone." when the tool is destructive), an object keeps its own message; tools without
 * it generate exactly what they did before.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../generator/generate.ts';
import { validate } from '../../generator/validate.ts';
import { makeProject, REPO, type TempProject } from './project.ts';
import { ruleProject } from '../validate/support.ts';

const SEED = readFileSync(join(REPO, 'manifests', 'dta-wide.yaml'), 'utf8');
const ANCHOR = '    operation: updateUserSettings\n';

const withConfirm = (yaml: string) => {
  const out = SEED.replace(ANCHOR, `${ANCHOR}${yaml}`);
  if (out === SEED) throw new Error('the seed manifest changed shape; update this test');
  return out;
};

const committed = (file: string) => readFileSync(join(REPO, file), 'utf8');

describe('a manifest with tools[].confirm', () => {
  const projects: TempProject[] = [];
  afterAll(() => projects.forEach((p) => p.remove()));

  async function generated(yaml: string, file = 'generated/tools/update-user-settings.gen.ts'): Promise<string> {
    const p = makeProject({ files: { 'manifests/dta-wide.yaml': withConfirm(yaml) } });
    projects.push(p);
    await generate({ root: p.root }); // type-checks the output, throws on failure
    return p.read(file);
  }

  it('`confirm: true` asks a question made from the tool title', async () => {
    expect(await generated('    confirm: true\n')).toContain('  confirm: {\n    "message": "Run \\"Update user settings\\"?"\n  },\n  handler,\n');
  });

  it('`confirm: { message, required: true }` keeps the message and the refusal without elicitation', async () => {
    const text = await generated("    confirm: { message: 'Overwrite your settings?', required: true }\n");
    expect(text).toContain('  confirm: {\n    "message": "Overwrite your settings?",\n    "required": true\n  },\n');
  });

  it('a destructive tool says the action cannot be undone', async () => {
    const text = await generated('    annotations: { destructiveHint: true, reason: replaces every setting }\n    confirm: true\n');
    expect(text).toContain('"message": "Run \\"Update user settings\\"? This cannot be undone."');
  });

  it('a tool without confirm generates what it did before', async () => {
    const p = makeProject();
    projects.push(p);
    await generate({ root: p.root });
    const file = 'generated/tools/update-user-settings.gen.ts';
    expect(p.read(file)).toBe(committed(file));
    expect(p.read(file)).not.toContain('confirm');
  });
});

describe('tools[].confirm that the schema refuses', () => {
  const TOOL = `version: 1
api: rules-api
tools:
  - name: list-items
    description: Lists the items.
    authType: user-token
    operation: listItems
`;
  const projects: TempProject[] = [];
  afterAll(() => projects.forEach((p) => p.remove()));

  it.each([
    ['a string', '    confirm: please\n'],
    ['an unknown key', '    confirm: { mesage: Sure? }\n'],
    ['an empty message', "    confirm: { message: '' }\n"],
  ])('%s is a located schema-invalid error', async (_name, yaml) => {
    const p = ruleProject('schema-invalid', `${TOOL}${yaml}`);
    projects.push(p);
    const found = await validate({ root: p.root });
    expect(found.map((d) => [d.ruleId, d.file, d.line])).toContainEqual(['schema-invalid', 'manifests/schema-invalid.yaml', 8]);
  });
});
