/**
 * `$schema` in a manifest `input` names the JSON Schema dialect (2020-12, the one MCP
 * clients and the runtime's ajv speak): allowed, and kept first in the served schema.
 * Any other dialect is a located error (schema-enum).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generate } from '../../generator/generate.ts';
import { validate } from '../../generator/validate.ts';
import { compileArgValidators } from '../../runtime/mcp/arg-validators.ts';
import { makeProject, REPO, type TempProject } from './project.ts';

const SEED = readFileSync(join(REPO, 'manifests', 'dta-wide.yaml'), 'utf8');
const DIALECT = 'https://json-schema.org/draft/2020-12/schema';

function withDialect(dialect: string): string {
  const out = SEED.replace(/(  - name: update-user-settings\n(?:.*\n)*?    input:\n)/, `$1      $schema: ${JSON.stringify(dialect)}\n`);
  if (out === SEED) throw new Error('the seed manifest changed shape; update this test');
  return out;
}

let p: TempProject | undefined;
afterEach(() => p?.remove());

describe('input.$schema', () => {
  it('is kept, first, in the served input schema, and the schema still compiles and validates', async () => {
    p = makeProject({ files: { 'manifests/dta-wide.yaml': withDialect(DIALECT) } });
    await generate({ root: p.root });
    const text = p.read('generated/tools/update-user-settings.gen.ts');
    const json = /"inputSchema": (\{[\s\S]*?\n {4}\}),\n/.exec(text)?.[1];
    const schema = JSON.parse(json ?? 'null') as Record<string, unknown>;
    expect(Object.keys(schema)[0]).toBe('$schema');
    expect(schema.$schema).toBe(DIALECT);
    const validators = compileArgValidators([{ name: 't', description: 'd', inputSchema: schema as never }]);
    expect(validators.get('t')?.({ settings: { theme: 'dark' } }).ok).toBe(true);
    expect(validators.get('t')?.({}).ok).toBe(false);
  });

  it('refuses another dialect with a located error', async () => {
    p = makeProject({ files: { 'manifests/dta-wide.yaml': withDialect('http://json-schema.org/draft-07/schema#') } });
    const diagnostics = await validate({ root: p.root, drift: false });
    const problem = diagnostics.find((d) => d.ruleId === 'schema-enum');
    expect(problem?.message).toMatch(/\$schema/);
    expect(problem?.line).toBeGreaterThan(0);
  });
});
