/** The `Accept` header an upstream tool sends, from its operation's 2xx media types. */
import { describe, expect, it } from 'vitest';
import { acceptFor } from '../../generator/plan/accept.ts';

describe('acceptFor', () => {
  it.each([
    ['puts application/json before a vendor type declared first', ['application/vnd.github.object', 'application/json'], 'application/json, application/vnd.github.object;q=0.8'],
    ['ranks +json vendor types between JSON and the rest', ['text/html', 'application/vnd.github.v3+json', 'application/json'], 'application/json, application/vnd.github.v3+json;q=0.9, text/html;q=0.8'],
    ['sends a +json type unweighted when it is the best declared', ['application/problem+json'], 'application/problem+json'],
    ['sends the declared types of a binary operation', ['image/png', 'image/jpeg'], 'image/png, image/jpeg'],
    ['drops */* next to specific types', ['*/*', 'application/json'], 'application/json'],
    ['sends nothing when only */* is declared', ['*/*'], undefined],
    ['sends nothing when no media type is declared', [], undefined],
  ])('%s', (_what, given, want) => {
    expect(acceptFor(given)).toBe(want);
  });
});
