/** The flow reads one way: the generator returns diagnostics and results; only cli/ presents them. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f));
}

describe('layering', () => {
  it.each([['generator'], ['runtime']])('%s/ imports nothing from cli/', (dir) => {
    const offenders = sources(dir).filter((f) => /from ['"](\.\.\/)+cli\//.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
