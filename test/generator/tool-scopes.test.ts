/**
 * `tools[].scopes` in a manifest becomes `scopes: [...] as const` on that tool's
 * generated object (upstream and local alike), as escaped literals; tools without it
 * generate exactly what they did before.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate, type GenerateResult } from '../../generator/generate.ts';
import { makeProject, REPO, type TempProject } from './project.ts';

const SEED = readFileSync(join(REPO, 'manifests', 'dta-wide.yaml'), 'utf8');

/**
 * The seed manifest with scopes on its first tool (local, in place of the blank line
 * after it) and its last (upstream, appended): no other line moves, so every other
 * generated file, location comments included, stays byte-equal.
 */
const WITH_SCOPES = (() => {
  const local = SEED.replace('\n\n  - name: query-recent-errors\n', '\n    scopes: [time.read]\n  - name: query-recent-errors\n');
  const both = `${local}    scopes: [activity.admin, "it's"]\n`;
  const lastIsActivity = SEED.lastIndexOf('  - name: ') === SEED.indexOf('  - name: get-user-activity-log');
  if (local === SEED || !SEED.endsWith('\n') || !lastIsActivity) throw new Error('the seed manifest changed shape; update this test');
  return both;
})();

const committed = (file: string) => readFileSync(join(REPO, file), 'utf8');
const withLine = (text: string, line: string) => {
  const out = text.replace('\n  handler,\n};\n', `\n  ${line}\n  handler,\n};\n`);
  if (out === text) throw new Error('no `handler,` line to put scopes before');
  return out;
};

describe('a manifest with tools[].scopes', () => {
  let p: TempProject;
  let result: GenerateResult;

  beforeAll(async () => {
    p = makeProject({ files: { 'manifests/dta-wide.yaml': WITH_SCOPES } });
    result = await generate({ root: p.root }); // type-checks the output, throws on failure
  });
  afterAll(() => p.remove());

  it('puts them on the local tool as an `as const` literal', () => {
    const file = 'generated/tools/get-current-time.gen.ts';
    expect(p.read(file)).toBe(withLine(committed(file), "scopes: ['time.read'] as const,"));
  });

  it('puts them on the upstream tool, each an escaped string literal', () => {
    const file = 'generated/tools/get-user-activity-log.gen.ts';
    expect(p.read(file)).toBe(withLine(committed(file), "scopes: ['activity.admin', 'it\\'s'] as const,"));
  });

  it('leaves every other generated file byte-equal to the committed one', () => {
    // The two tools' .ts and .js, and the registry's .js (it imports them by content hash).
    const changed = new Set(['get-current-time', 'get-user-activity-log'].flatMap((t) => [`generated/tools/${t}.gen.ts`, `generated/tools/${t}.gen.js`]));
    changed.add('generated/index.gen.js');
    const others = result.files.filter((f) => !changed.has(f));
    expect(others).toHaveLength(10);
    for (const file of others) expect(p.read(file), file).toBe(committed(file));
  });

  it('registers the scopes, and none on the tools that declare none', async () => {
    const { registry } = (await import(join(p.root, 'generated', 'index.gen.ts'))) as typeof import('../../generated/index.gen.ts');
    const scopes = Object.fromEntries(registry.tools.map((t) => [t.definition.name, 'scopes' in t ? t.scopes : 'none']));
    expect(scopes).toEqual({
      'get-current-time': ['time.read'],
      'get-user-activity-log': ['activity.admin', "it's"],
      'get-user-profile': 'none',
      'query-recent-errors': 'none',
      'update-user-settings': 'none',
    });
  });

  it('never publishes them in the tool definition clients list', async () => {
    const { registry } = (await import(join(p.root, 'generated', 'index.gen.ts'))) as typeof import('../../generated/index.gen.ts');
    for (const tool of registry.tools) expect(JSON.stringify(tool.definition)).not.toMatch(/time\.read|activity\.admin/);
  });
});
