/**
 * An unknown manifest key suggests the key that was meant, wherever it is: a case slip
 * (`authtype`) first, then a typo (`descripton`).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { validate } from '../../generator/validate.ts';
import type { TempProject } from '../generator/project.ts';
import { ruleProject } from './support.ts';

const TOOL = `version: 1
api: rules-api
tools:
  - name: list-items
    description: Lists the items.
    authType: user-token
    operation: listItems
`;

const cases: Array<[string, { given: string; want: string }]> = [
  ['a tool key in the wrong case', { given: TOOL.replace('authType: user-token', 'authtype: user-token'), want: "unknown key 'authtype' in tool 'list-items' (did you mean 'authType'?)" }],
  ['a misspelt tool key', { given: TOOL.replace('description:', 'descripton:'), want: "unknown key 'descripton' in tool 'list-items' (did you mean 'description'?)" }],
  ['a misspelt top-level key', { given: TOOL.replace('api: rules-api', 'apii: rules-api'), want: "unknown key 'apii' (did you mean 'api'?)" }],
  ['a misspelt annotation', { given: `${TOOL}    annotations: { readonlyHint: true }\n`, want: "unknown key 'readonlyHint' in tool 'list-items' > annotations (did you mean 'readOnlyHint'?)" }],
];

describe('unknown manifest keys', () => {
  const projects: TempProject[] = [];
  afterAll(() => projects.forEach((p) => p.remove()));

  it.each(cases)('%s gets a "did you mean"', async (_name, { given, want }) => {
    const p = ruleProject('schema-unknown-key', given);
    projects.push(p);
    const messages = (await validate({ root: p.root })).filter((d) => d.ruleId === 'schema-unknown-key').map((d) => d.message);
    expect(messages).toEqual([want]);
  });

  it('suggests nothing for a key close to none', async () => {
    const p = ruleProject('schema-unknown-key', `${TOOL}    frobnicate: yes\n`);
    projects.push(p);
    const messages = (await validate({ root: p.root })).map((d) => d.message);
    expect(messages).toEqual(["unknown key 'frobnicate' in tool 'list-items'"]);
  });
});
