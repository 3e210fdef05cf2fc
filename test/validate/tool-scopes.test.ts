/**
 * `tools[].scopes` are OAuth scope tokens (RFC 6749 §3.3): a scope the grammar refuses —
 * a space, a double quote, a backslash, nothing at all — is one located schema error,
 * so it never reaches a `WWW-Authenticate` challenge.
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

/** Line 8 is `scopes:`, line 9 a good scope, line 10 the one under test. */
const withScope = (yaml: string) => `${TOOL}    scopes:\n      - items.read\n      - ${yaml}\n`;

const TOKEN_RULE = "not an OAuth scope token: printable ASCII with no space, '\"' or '\\' (RFC 6749 §3.3)";

interface Want {
  line: number;
  column: number;
  message: string;
}

const cases: Array<[string, { given: string; want: Want }]> = [
  ['a scope with a space', { given: withScope('"items admin"'), want: { line: 10, column: 9, message: `tool 'list-items' > scopes[1] "items admin" is ${TOKEN_RULE}` } }],
  ['a scope with a double quote', { given: withScope(`'say"hi'`), want: { line: 10, column: 9, message: `tool 'list-items' > scopes[1] "say\\"hi" is ${TOKEN_RULE}` } }],
  ['a scope with a backslash', { given: withScope(`'a\\b'`), want: { line: 10, column: 9, message: `tool 'list-items' > scopes[1] "a\\\\b" is ${TOKEN_RULE}` } }],
  ['a scope that is not ASCII', { given: withScope('café'), want: { line: 10, column: 9, message: `tool 'list-items' > scopes[1] "café" is ${TOKEN_RULE}` } }],
  ['an empty scope', { given: withScope('""'), want: { line: 10, column: 9, message: `tool 'list-items' > scopes[1] "" is ${TOKEN_RULE}` } }],
  ['a scope listed twice', { given: withScope('items.read'), want: { line: 10, column: 9, message: `tool 'list-items' > scopes lists "items.read" twice` } }],
  ['an empty list', { given: `${TOOL}    scopes: []\n`, want: { line: 8, column: 13, message: "tool 'list-items' > scopes must NOT have fewer than 1 items" } }],
];

describe('tools[].scopes in a manifest', () => {
  const projects: TempProject[] = [];
  afterAll(() => projects.forEach((p) => p.remove()));

  it.each(cases)('%s is one located schema-invalid error', async (_name, { given, want }) => {
    const p = ruleProject('schema-invalid', given);
    projects.push(p);
    const found = (await validate({ root: p.root })).map(({ ruleId, severity, file, line, column, message }) => ({ ruleId, severity, file, line, column, message }));
    expect(found).toEqual([{ ruleId: 'schema-invalid', severity: 'error', file: 'manifests/schema-invalid.yaml', ...want }]);
  });

  it('accepts every character the scope-token grammar allows', async () => {
    const given = `${TOOL}    scopes: [items.read, "it's", "a!#$%&()*+,-./:;<=>?@[]^_\`{|}~Z"]\n`;
    const p = ruleProject('schema-invalid', given);
    projects.push(p);
    expect(await validate({ root: p.root })).toEqual([]);
  });
});
