/** Appending entries keeps the manifest as it was written, comments and all. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendTools, newManifestText } from '../../generator/authoring/append.ts';
import { AddError } from '../../generator/authoring/errors.ts';
import type { ManifestTool } from '../../generator/manifest/types.ts';
import { REPO } from '../generator/project.ts';

const tool: ManifestTool = { name: 'get-thing', description: 'Gets a thing: by id.', authType: 'none', operation: 'getThing' };

describe('appendTools', () => {
  it("leaves the seed manifest's text untouched and appends after it", () => {
    const seed = readFileSync(join(REPO, 'manifests', 'dta-wide.yaml'), 'utf8');
    const out = appendTools(seed, [tool], 'manifests/dta-wide.yaml');
    expect(out.startsWith(seed)).toBe(true);
    expect(out.slice(seed.length)).toBe("\n  - name: get-thing\n    description: \"Gets a thing: by id.\"\n    authType: none\n    operation: getThing\n");
  });

  it('keeps a file without blank lines between entries without them', () => {
    const text = '# tools\nversion: 1\napi: a\ntools:\n  - name: one # first\n    description: One.\n    authType: none\n    operation: one\n';
    expect(appendTools(text, [tool], 'm.yaml')).toBe(`${text}  - name: get-thing\n    description: \"Gets a thing: by id.\"\n    authType: none\n    operation: getThing\n`);
  });

  it('turns an empty list into the first entry', () => {
    expect(appendTools(newManifestText('../schema.json', 'shop'), [tool], 'm.yaml')).toBe(
      "# yaml-language-server: $schema=../schema.json\nversion: 1\napi: shop\ntools:\n  - name: get-thing\n    description: \"Gets a thing: by id.\"\n    authType: none\n    operation: getThing\n",
    );
  });

  it.each([
    ['malformed YAML', 'tools: [\n', /not valid YAML/],
    ['tools that is not a list', 'version: 1\ntools: { a: 1 }\n', /'tools' is not a list/],
  ])('refuses %s', (_what, text, message) => {
    expect(() => appendTools(text, [tool], 'm.yaml')).toThrow(AddError);
    expect(() => appendTools(text, [tool], 'm.yaml')).toThrow(message);
  });
});
