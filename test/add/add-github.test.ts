/**
 * `dta-mcp add` on a dozen varied operations of GitHub's REST API, one project shared by
 * the file: every entry is appended as derived, then the project validates and generates
 * (type-check included) without an edit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTools } from '../../generator/authoring/add.ts';
import { AddError } from '../../generator/authoring/errors.ts';
import { generate } from '../../generator/generate.ts';
import { validate } from '../../generator/validate.ts';
import type { TempProject } from '../generator/project.ts';
import { githubProject } from '../github/github-project.ts';

const OPERATIONS: Array<[what: string, selector: string, name: string]> = [
  ['path parameters', 'repos/get', 'repos-get'],
  ['query enums and pagination', 'issues/list-for-repo', 'issues-list-for-repo'],
  ['a required query parameter', 'search/repos', 'search-repos'],
  ['body fields with arrays and oneOf', 'issues/create', 'issues-create'],
  ['a whole oneOf body', 'issues/add-labels', 'issues-add-labels'],
  ['an allOf body', 'repos/create-org-ruleset', 'repos-create-org-ruleset'],
  ['a text/html response', 'markdown/render', 'markdown-render'],
  ['a redirect to an archive', 'repos/download-zipball-archive', 'repos-download-zipball-archive'],
  ['a DELETE', 'repos/delete', 'repos-delete'],
  ['a PUT answering 204', 'activity/star-repo-for-authenticated-user', 'activity-star-repo-for-authenticated-user'],
  ['a "METHOD /path" selector', 'GET /user', 'users-get-authenticated'],
  ['an array of objects body', 'git/create-tree', 'git-create-tree'],
  ['a second tool for a taken name', 'repos/get', 'repos-get-2'],
];

describe('dta-mcp add on the GitHub spec', () => {
  let p: TempProject;
  const added: string[] = [];

  beforeAll(() => {
    p = githubProject();
    for (const [, selector] of OPERATIONS) added.push(...addTools({ root: p.root, operations: [selector] }).tools.map((t) => t.name));
  }, 60_000);
  afterAll(() => p.remove());

  it.each(OPERATIONS)('adds %s (%s) as %s', (_what, _selector, name) => {
    expect(added).toContain(name);
  });

  it('creates manifests/github.yaml with the modeline, version and api', () => {
    const text = p.read('manifests/github.yaml');
    expect(text).toMatch(/^# yaml-language-server: \$schema=\S+\/generator\/manifest\.schema\.json\nversion: 1\napi: github\ntools:\n {2}- name: repos-get\n/);
  });

  it('writes no input, map or annotations: the derived defaults are right', () => {
    expect(p.read('manifests/github.yaml')).not.toMatch(/^\s+(input|map|annotations|fixed):/m);
  });

  it('infers authType none, since the GitHub description declares no security', () => {
    expect(p.read('manifests/github.yaml').match(/authType: (\S+)/g)?.every((l) => l === 'authType: none')).toBe(true);
  });

  it('validates with no errors and no warnings', async () => {
    expect(await validate({ root: p.root })).toEqual([]);
  });

  it('generates, type-check included', async () => {
    const result = await generate({ root: p.root });
    expect(result.files.filter((f) => f.startsWith('generated/tools/') && f.endsWith('.gen.ts'))).toHaveLength(OPERATIONS.length);
    expect(result.files.filter((f) => f.startsWith('generated/tools/') && f.endsWith('.gen.js'))).toHaveLength(OPERATIONS.length);
  }, 60_000);

  it.each([
    ['an unknown operation, with a suggestion', { operations: ['repos/get-readm'] }, 'add_operation_not_found', /did you mean 'repos\/get-readme'/],
    ['a text/plain request body', { operations: ['markdown/render-raw'] }, 'add_body_unsupported', /text\/plain/],
    ['a taken --name', { operations: ['repos/get'], name: 'repos-get' }, 'add_name_invalid', /already used/],
    ['a --name clients reject', { operations: ['repos/get'], name: 'repos get' }, 'add_name_invalid', /not client-safe/],
    ['--name with several operations', { operations: ['repos/get', 'repos/delete'], name: 'x' }, 'add_name_invalid', /one operation/],
    ['an API with no spec', { operations: ['repos/get'], api: 'gitlab' }, 'add_api_unknown', /no spec for API 'gitlab'/],
    ['a --file outside manifests/', { operations: ['repos/get'], file: 'other/x.yaml' }, 'add_file_invalid', /directly under manifests/],
  ])('refuses %s and writes nothing', (_what, options, code, message) => {
    const before = p.read('manifests/github.yaml');
    let error: unknown;
    try {
      addTools({ root: p.root, ...options });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AddError);
    expect((error as AddError).code).toBe(code);
    expect((error as AddError).message).toMatch(message);
    expect(p.read('manifests/github.yaml')).toBe(before);
  });
});
