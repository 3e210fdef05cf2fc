/**
 * The RFC 6570 subset of resource templates, both ways the server needs it: parsing
 * (what is refused, and why) and matching a concrete URI back to its variables.
 */
import { describe, expect, it } from 'vitest';
import { matchUriTemplate, parseUriTemplate, UriTemplateError } from '../../runtime/mcp/uri-template.ts';

const matches: Array<[string, { template: string; uri: string; want: Record<string, string> | undefined }]> = [
  ['a simple path variable', { template: 'dta://items/{id}', uri: 'dta://items/42', want: { id: '42' } }],
  ['a percent-encoded path variable, decoded', { template: 'dta://items/{id}', uri: 'dta://items/a%20b', want: { id: 'a b' } }],
  ['a simple variable does not cross a slash', { template: 'dta://items/{id}', uri: 'dta://items/a/b', want: undefined }],
  ['a reserved variable does', { template: 'dta://files{+path}', uri: 'dta://files/a/b.txt', want: { path: '/a/b.txt' } }],
  ['query variables left out', { template: 'dta://log{?from,limit}', uri: 'dta://log', want: {} }],
  ['query variables in another order', { template: 'dta://log{?from,limit}', uri: 'dta://log?limit=5&from=2024-01-01', want: { limit: '5', from: '2024-01-01' } }],
  ['a continuation after the query', { template: 'dta://log{?from}{&limit}', uri: 'dta://log?limit=5', want: { limit: '5' } }],
  ['a query key the template does not name', { template: 'dta://log{?from}', uri: 'dta://log?token=x', want: undefined }],
  ['a query on a template without one', { template: 'dta://about', uri: 'dta://about?x=1', want: undefined }],
  ['another literal', { template: 'dta://items/{id}', uri: 'dta://things/42', want: undefined }],
  ['malformed percent-encoding', { template: 'dta://items/{id}', uri: 'dta://items/%E0%A4%A', want: undefined }],
];

const refused: Array<[string, string]> = [
  ['a path-segment operator', 'dta://items{/id}'],
  ['a prefix modifier', 'dta://items/{id:3}'],
  ['a variable twice', 'dta://items/{id}{?id}'],
  ['two variables in one path expression', 'dta://items/{a,b}'],
  ['a continuation without a query', 'dta://items{&limit}'],
  ['a path expression after the query', 'dta://items{?limit}/{id}'],
  ['a literal query', 'dta://items?sort=name{&limit}'],
  ['an unbalanced brace', 'dta://items/{id'],
];

describe('matching a URI against a template', () => {
  it.each(matches)('%s', (_name, { template, uri, want }) => {
    expect(matchUriTemplate(parseUriTemplate(template), uri)).toEqual(want);
  });
});

describe('templates outside the subset', () => {
  it.each(refused)('refuses %s', (_name, template) => {
    expect(() => parseUriTemplate(template)).toThrow(UriTemplateError);
  });

  it('lists every variable in template order', () => {
    expect(parseUriTemplate('dta://u/{user}/activity{?from,limit}').variables).toEqual(['user', 'from', 'limit']);
  });
});
