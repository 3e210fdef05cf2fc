/**
 * Next-page arguments by pagination style (runtime/mcp/pagination.ts): Link headers
 * (RFC 8288), cursors in the body, page numbers. The link style against the sandbox is
 * in test/e2e/pagination.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { nextArguments, nextLink } from '../../runtime/mcp/pagination.ts';
import type { PaginationSpec } from '../../runtime/tools/types.ts';

const response = (headers: Record<string, string> = {}) => new Response('[]', { headers });

describe('next-page arguments', () => {
  it.each<[string, { spec: PaginationSpec; args: Record<string, unknown>; headers?: Record<string, string>; data: unknown; want: unknown }]>([
    ['link: page from rel=next', { spec: { style: 'link', pageParam: 'page', perPageParam: 'per_page' }, args: { q: 'x' }, headers: { link: '<https://api.example/s?q=x&page=2&per_page=30>; rel="next", <https://api.example/s?page=9>; rel="last"' }, data: [], want: { q: 'x', page: 2, per_page: 30 } }],
    ['link: a cursor stays a string', { spec: { style: 'link', cursorParam: 'after' }, args: {}, headers: { link: '<https://api.example/s?after=0042>; rel="next"' }, data: [], want: { after: '0042' } }],
    ['link: no rel=next, no hint', { spec: { style: 'link', pageParam: 'page' }, args: {}, headers: { link: '<https://api.example/s?page=1>; rel="prev first"' }, data: [], want: undefined }],
    ['link: rel among several relations', { spec: { style: 'link', pageParam: 'page' }, args: {}, headers: { link: '<https://api.example/s?page=3>; rel="last next"' }, data: [], want: { page: 3 } }],
    ['link: no header', { spec: { style: 'link', pageParam: 'page' }, args: {}, data: [], want: undefined }],
    ['cursor: from the body', { spec: { style: 'cursor', cursorParam: 'cursor', cursorPath: 'meta.next' }, args: { limit: 5 }, data: { items: [1], meta: { next: 'abc' } }, want: { limit: 5, cursor: 'abc' } }],
    ['cursor: empty means done', { spec: { style: 'cursor', cursorParam: 'cursor', cursorPath: 'next_cursor' }, args: {}, data: { items: [], next_cursor: '' }, want: undefined }],
    ['page: a full page means more', { spec: { style: 'page', pageParam: 'page', perPageParam: 'per_page' }, args: { page: 2, per_page: 2 }, data: { items: [1, 2] }, want: { page: 3, per_page: 2 } }],
    ['page: a short page is the last', { spec: { style: 'page', pageParam: 'page', perPageParam: 'per_page' }, args: { per_page: 5 }, data: [1, 2], want: undefined }],
    ['page: an empty page is the last', { spec: { style: 'page', pageParam: 'page' }, args: {}, data: [], want: undefined }],
  ])('%s', (_name, { spec, args, headers, data, want }) => {
    expect(nextArguments(spec, args, response(headers), data)).toEqual(want);
  });

  it('resolves a relative next link against the request URL', () => {
    expect(nextLink('</items?page=2>; rel=next', 'https://api.example/v1/items')?.href).toBe('https://api.example/items?page=2');
  });
});
