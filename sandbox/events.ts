/**
 * A large paged list (issue 10: upstream pagination): every user has EVENT_COUNT events,
 * a pure function of (user, number), served GitHub-style by `GET /user/events?page&per_page`
 * with an RFC 8288 `Link` header naming the next, prev, first and last pages.
 * @see https://docs.github.com/en/rest/using-the-rest-api/using-pagination-in-the-rest-api
 */
import { createHash } from 'node:crypto';

export const EVENT_COUNT = 312;
const TYPES = ['PushEvent', 'IssuesEvent', 'WatchEvent', 'ForkEvent'] as const;
const EPOCH = Date.UTC(2026, 0, 1);

export interface UserEvent {
  id: number;
  type: (typeof TYPES)[number];
  created_at: string;
  repo: { name: string };
  payload: { size: number; note: string };
}

/** Newest first: event EVENT_COUNT is on page 1. */
export function eventPage(sub: string, page: number, perPage: number): UserEvent[] {
  const out: UserEvent[] = [];
  for (let n = EVENT_COUNT - (page - 1) * perPage; n > 0 && out.length < perPage; n--) out.push(eventOf(sub, n));
  return out;
}

function eventOf(sub: string, n: number): UserEvent {
  const hash = createHash('sha256').update(`${sub}/event/${n}`).digest();
  return {
    id: n,
    type: TYPES[hash[0]! % TYPES.length]!,
    created_at: new Date(EPOCH + n * 3_600_000).toISOString(),
    repo: { name: `${sub}/repo-${hash[1]! % 7}` },
    payload: { size: hash[2]! % 10, note: `event ${n} of ${sub}` },
  };
}

/** The `Link` header for a page, absolute URLs on the request's own origin. */
export function linkHeader(origin: string, page: number, perPage: number): string | undefined {
  const last = Math.max(1, Math.ceil(EVENT_COUNT / perPage));
  const url = (p: number) => `<${origin}/user/events?page=${p}&per_page=${perPage}>`;
  const links: string[] = [];
  if (page < last) links.push(`${url(page + 1)}; rel="next"`, `${url(last)}; rel="last"`);
  if (page > 1) links.push(`${url(1)}; rel="first"`, `${url(Math.min(page - 1, last))}; rel="prev"`);
  return links.length > 0 ? links.join(', ') : undefined;
}
