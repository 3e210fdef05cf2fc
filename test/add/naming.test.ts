/** Tool names and descriptions `add` derives from an operation. */
import { describe, expect, it } from 'vitest';
import { describeOperation, MAX_DESCRIPTION } from '../../generator/authoring/describe.ts';
import { TOOL_NAME, toolNameFor, uniqueName } from '../../generator/authoring/tool-name.ts';

describe('toolNameFor', () => {
  it.each([
    ['a slash-and-kebab operationId', { operationId: 'repos/get-readme' }, 'repos-get-readme'],
    ['a camelCase operationId', { operationId: 'getUserActivity' }, 'get-user-activity'],
    ['an acronym', { operationId: 'getHTTPStatus' }, 'get-http-status'],
    ['dots and spaces', { operationId: 'v1.users list' }, 'v1-users-list'],
    ['no operationId: method and path', { method: 'get', path: '/users/{id}/posts' }, 'get-users-id-posts'],
    ['underscores kept', { operationId: 'list_all_things' }, 'list_all_things'],
    ['nothing usable', { operationId: '///' }, 'tool'],
  ])('%s', (_what, op, want) => {
    expect(toolNameFor({ method: 'get', path: '/', ...op })).toBe(want);
  });

  it('bounds long names to 64 characters at a dash', () => {
    const name = toolNameFor({ operationId: 'actions/get-github-actions-default-workflow-permissions-for-an-enterprise-installation', method: 'get', path: '/' });
    expect(name.length).toBeLessThanOrEqual(64);
    expect(name).toMatch(TOOL_NAME);
    expect(name.endsWith('-')).toBe(false);
  });
});

describe('uniqueName', () => {
  it.each([
    ['a free name is kept', 'repos-get', [], 'repos-get'],
    ['a taken name gets -2', 'repos-get', ['repos-get'], 'repos-get-2'],
    ['the next free suffix', 'repos-get', ['repos-get', 'repos-get-2'], 'repos-get-3'],
    ['a suffixed 64-character name stays within 64', 'a'.repeat(64), ['a'.repeat(64)], `${'a'.repeat(62)}-2`],
  ])('%s', (_what, base, taken, want) => {
    expect(uniqueName(base, new Set(taken))).toBe(want);
  });
});

describe('describeOperation', () => {
  const op = { method: 'get', path: '/x' };
  it.each([
    ['the summary, as a sentence', { summary: 'Get a repository' }, 'Get a repository.'],
    ['summary then the first paragraph', { summary: 'Get a repo', description: 'Returns the repo.\n\nMore.' }, 'Get a repo. Returns the repo.'],
    ['a description that repeats the summary is dropped', { summary: 'Get a repo', description: 'Get a repo.' }, 'Get a repo.'],
    ['admonitions and links are skipped', { summary: 'List', description: '> [!NOTE]\n> x\n\nSee [the docs](https://x) now.' }, 'List. See the docs now.'],
    ['HTML tags go', { description: 'Lists <code>things</code>.' }, 'Lists things.'],
    ['nothing at all: method and path', {}, 'Calls GET /x.'],
  ])('%s', (_what, parts, want) => {
    expect(describeOperation({ ...op, ...parts })).toBe(want);
  });

  it(`bounds long text to ${MAX_DESCRIPTION} characters`, () => {
    const text = describeOperation({ ...op, summary: 'Long', description: 'word '.repeat(500) });
    expect(text.length).toBeLessThanOrEqual(MAX_DESCRIPTION);
    expect(text.endsWith('…')).toBe(true);
  });
});
