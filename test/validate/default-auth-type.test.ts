/**
 * A manifest file may set a default `authType` at the top: its tools that omit their own
 * take it (`dta-mcp add` then writes entries without it); without one, a tool that omits
 * `authType` is one located error.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { addTools } from '../../generator/authoring/add.ts';
import { validate } from '../../generator/validate.ts';
import type { TempProject } from '../generator/project.ts';
import { ruleProject } from './support.ts';

const projects: TempProject[] = [];
afterAll(() => projects.forEach((p) => p.remove()));

function project(manifest: string): TempProject {
  const p = ruleProject('default-auth', manifest);
  projects.push(p);
  return p;
}

const TOOLS = `tools:
  - name: list-items
    description: Lists the items.
    operation: listItems
`;

describe("the file's default authType", () => {
  it('lets tools omit authType when the file sets a default', async () => {
    const p = project(`version: 1\napi: rules-api\nauthType: user-token\n${TOOLS}`);
    expect(await validate({ root: p.root, drift: false })).toEqual([]);
  });

  it('is a located error for a tool without authType in a file without a default', async () => {
    const p = project(`version: 1\napi: rules-api\n${TOOLS}`);
    const found = (await validate({ root: p.root, drift: false })).map(({ ruleId, line, column, message }) => ({ ruleId, line, column, message }));
    expect(found).toEqual([
      {
        ruleId: 'schema-required',
        line: 4,
        column: 5,
        message: "tool 'list-items' is missing the required key 'authType' (none, service-account or user-token); or set a default 'authType' at the top of the file",
      },
    ]);
  });

  it('checks the default against the schema: an unknown authType is a schema-enum error', async () => {
    const p = project(`version: 1\napi: rules-api\nauthType: admin\n${TOOLS}`);
    const found = await validate({ root: p.root, drift: false });
    expect(found.map((d) => [d.ruleId, d.line])).toEqual([['schema-enum', 3]]);
  });

  it('makes add write entries without authType, inheriting the default', () => {
    const p = project(`version: 1\napi: rules-api\nauthType: user-token\n${TOOLS}`);
    const result = addTools({ root: p.root, operations: ['getStatus'], file: 'manifests/default-auth.yaml' });
    expect(result.tools.map((t) => t.authType)).toEqual(['user-token']);
    expect(p.read('manifests/default-auth.yaml')).not.toMatch(/- name: get-status\n(?:.*\n)*?\s+authType:/);
  });

  it('makes add write authType when --auth differs from the default', () => {
    const p = project(`version: 1\napi: rules-api\nauthType: user-token\n${TOOLS}`);
    addTools({ root: p.root, operations: ['getStatus'], auth: 'none', file: 'manifests/default-auth.yaml' });
    expect(p.read('manifests/default-auth.yaml')).toMatch(/- name: get-status\n\s+description: .*\n\s+authType: none\n/);
  });
});
