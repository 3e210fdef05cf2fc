/**
 * Upstream pagination (manifest `tools[].pagination`): after a call, the arguments that
 * fetch the next page, when there is one — from the `Link` header's `rel="next"` URL
 * (RFC 8288; GitHub), a cursor in the body, or page numbers. Arguments are named as the
 * query parameters they fill.
 * @see https://www.rfc-editor.org/rfc/rfc8288#section-3
 */
import type { PaginationSpec, UpstreamOutcome } from '../tools/types.ts';

type UpstreamAnswer = UpstreamOutcome['response'];

type Args = Record<string, unknown>;

export function nextArguments(spec: PaginationSpec, args: Args, response: UpstreamAnswer, data: unknown): Args | undefined {
  return styles[spec.style](spec, args, response, data);
}

const styles = {
  link(spec, args, response) {
    const next = nextLink(response.headers.get('link'), response.url);
    if (!next) return undefined;
    const out: Args = { ...args };
    let moved = false;
    for (const name of [spec.pageParam, spec.perPageParam, spec.cursorParam]) {
      const value = name === undefined ? null : next.searchParams.get(name);
      if (name === undefined || value === null) continue;
      out[name] = name !== spec.cursorParam && /^\d+$/.test(value) ? Number(value) : value;
      moved = true;
    }
    return moved ? out : undefined;
  },
  cursor(spec, args, _response, data) {
    const cursor = spec.cursorPath === undefined ? undefined : at(data, spec.cursorPath);
    if ((typeof cursor !== 'string' && typeof cursor !== 'number') || cursor === '' || spec.cursorParam === undefined) return undefined;
    return { ...args, [spec.cursorParam]: cursor };
  },
  page(spec, args, _response, data) {
    const items = Array.isArray(data) ? data : isObject(data) ? Object.values(data).find(Array.isArray) : undefined;
    const pageParam = spec.pageParam ?? 'page';
    if (!items || items.length === 0) return undefined;
    const perPage = spec.perPageParam === undefined ? undefined : args[spec.perPageParam];
    if (typeof perPage === 'number' && items.length < perPage) return undefined;
    const page = typeof args[pageParam] === 'number' ? (args[pageParam] as number) : 1;
    return { ...args, [pageParam]: page + 1 };
  },
} satisfies Record<PaginationSpec['style'], (spec: PaginationSpec, args: Args, response: UpstreamAnswer, data: unknown) => Args | undefined>;

/** The `rel="next"` target of a Link header, resolved against the request URL. */
export function nextLink(header: string | null, base: string): URL | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/s.exec(part);
    if (!match) continue;
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^;\s,]+))/i.exec(match[2] ?? '');
    const relations = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
    if (!relations.includes('next')) continue;
    try {
      return new URL(match[1] ?? '', base || undefined);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function at(value: unknown, path: string): unknown {
  let current = value;
  for (const key of path.split('.')) current = isObject(current) ? current[key] : undefined;
  return current;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
