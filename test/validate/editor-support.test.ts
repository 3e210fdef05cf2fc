/**
 * Editor support: the manifest JSON Schema ships with the package (for the
 * `# yaml-language-server: $schema=...` modeline) and describes every field, so an
 * editor's hover and completion explain each key.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { manifestSchemaPath } from '../../generator/index.ts';
import { REPO } from '../generator/project.ts';

type Node = { [key: string]: unknown };

const SUBSCHEMA = ['items', 'additionalProperties', 'propertyNames', 'not', 'if', 'then', 'else', 'contains'];
const SUBSCHEMA_LISTS = ['anyOf', 'allOf', 'oneOf', 'prefixItems'];

/** The path of every property or `$defs` entry of `schema`, at any depth, with no description. */
function undescribed(schema: unknown, path: string, out: string[]): string[] {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return out;
  for (const [key, value] of Object.entries(schema as Node)) {
    if ((key === 'properties' || key === '$defs') && value !== null && typeof value === 'object') {
      for (const [name, sub] of Object.entries(value as Node)) {
        const description = (sub as Node | null)?.description;
        if (typeof description !== 'string' || description.trim() === '') out.push(`${path}/${key}/${name}`);
        undescribed(sub, `${path}/${key}/${name}`, out);
      }
    } else if (SUBSCHEMA.includes(key)) {
      undescribed(value, `${path}/${key}`, out);
    } else if (SUBSCHEMA_LISTS.includes(key) && Array.isArray(value)) {
      value.forEach((sub, i) => undescribed(sub, `${path}/${key}/${i}`, out));
    }
  }
  return out;
}

describe('the manifest JSON Schema', () => {
  const schema = JSON.parse(readFileSync(manifestSchemaPath(), 'utf8')) as Node;

  it('has a description on the manifest itself', () => {
    expect(schema.description).toMatch(/yaml-language-server/);
  });

  it('has a description on every property and every $defs entry, recursively', () => {
    expect(undescribed(schema, '#', [])).toEqual([]);
  });

  it('finds an undescribed property (the check itself works)', () => {
    expect(undescribed({ properties: { a: { type: 'string' } }, $defs: { b: { properties: { c: {} } } }, items: { anyOf: [{ properties: { d: {} } }] } }, '#', [])).toEqual([
      '#/properties/a',
      '#/$defs/b',
      '#/$defs/b/properties/c',
      '#/items/anyOf/0/properties/d',
    ]);
  });

  it('is published with the package', () => {
    const run = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    const [pack] = JSON.parse(run.stdout) as Array<{ files: Array<{ path: string }> }>;
    expect(pack?.files.map((f) => f.path)).toContain('generator/manifest.schema.json');
  });

  it('is what the repository manifests name in their modeline', () => {
    const manifest = readFileSync(`${REPO}/manifests/dta-wide.yaml`, 'utf8');
    expect(manifest.split('\n')[0]).toBe('# yaml-language-server: $schema=../generator/manifest.schema.json');
  });
});
