/**
 * Cursor pagination for list requests (tools/list; any other list may use it too): at
 * most a page of items per answer, and an opaque `nextCursor` (base64url of the next
 * offset) when more remain. A cursor the server could not have issued is invalid params.
 * @see https://modelcontextprotocol.io/specification/2025-06-18/server/utilities/pagination
 */
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';

/** Tools per tools/list answer: a registry up to this size is one page, as before paging. */
export const TOOLS_PAGE_SIZE = 100;

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

export function pageOf<T>(all: readonly T[], cursor: string | undefined, size: number): Page<T> {
  const offset = cursor === undefined ? 0 : offsetOf(cursor, all.length);
  const items = all.slice(offset, offset + size);
  const next = offset + size;
  return next < all.length ? { items, nextCursor: cursorFor(next) } : { items };
}

function cursorFor(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64url');
}

/** The offset a cursor carries; anything else (not ours, or past the end after a reload) is refused. */
function offsetOf(cursor: string, length: number): number {
  let offset: unknown;
  try {
    offset = (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { offset?: unknown }).offset;
  } catch {
    offset = undefined;
  }
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset <= 0 || offset >= length) {
    throw new McpError(ErrorCode.InvalidParams, 'Invalid cursor: pass a nextCursor from an earlier answer, or none for the first page.');
  }
  return offset;
}
