import { describe, expect, it } from 'vitest';
import { scrubKnownSecrets, scrubSecrets } from '../../runtime/observability/scrub.ts';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXZhbHVl_-x';
const KEY = 'k3y/with+odd=chars';

const cases: [string, { given: string; known?: string[]; want: string }][] = [
  ['a known secret anywhere', { given: `bad key ${KEY}!`, known: [KEY], want: 'bad key [REDACTED]!' }],
  ['a known secret, URL-encoded', { given: `GET /x?key=${encodeURIComponent(KEY)}`, known: [KEY], want: 'GET /x?key=[REDACTED]' }],
  ['a known secret that contains another known one', { given: 'abcdefgh-12345678', known: ['abcdefgh', 'abcdefgh-12345678'], want: '[REDACTED]' }],
  ['a known secret too short to tell from text', { given: 'the key abc is wrong', known: ['abc'], want: 'the key abc is wrong' }],
  ['a JWT', { given: `token ${JWT} rejected`, want: 'token [REDACTED] rejected' }],
  ['a Bearer credential', { given: 'got Bearer abcdefghijklmnop1234567890', want: 'got Bearer [REDACTED]' }],
  ['a Basic credential', { given: 'got Basic ZHRhLW1jcDpkdGEtbWNwLXNlY3JldA==, denied', want: 'got Basic [REDACTED], denied' }],
  ['an Authorization header in free text', { given: 'received Authorization: Bearer abc.def\nnext line', want: 'received Authorization: [REDACTED]\nnext line' }],
  ['an Authorization value in JSON', { given: '{"authorization":"Bearer x y z","path":"/a"}', want: '{"authorization":"[REDACTED]","path":"/a"}' }],
  ['an access_token in JSON', { given: '{"access_token":"xyz","token_type":"Bearer"}', want: '{"access_token":"[REDACTED]","token_type":"Bearer"}' }],
  ['a token field in JSON', { given: '{"token": "abc", "id": 1}', want: '{"token": "[REDACTED]", "id": 1}' }],
  [
    'refresh_token and client_secret in a form',
    {
      given: 'grant_type=refresh_token&refresh_token=r3fr3sh-t0k3n-0001&client_secret=s3cr3t-value-0001',
      want: 'grant_type=refresh_token&refresh_token=[REDACTED]&client_secret=[REDACTED]',
    },
  ],
  ['a WWW-Authenticate challenge without a credential', { given: 'Bearer realm="dta-wide", error="invalid_token"', want: 'Bearer realm="dta-wide", error="invalid_token"' }],
  ['prose about tokens', { given: 'The access token has expired. token: expired. Basic authentication is off.', want: 'The access token has expired. token: expired. Basic authentication is off.' }],
  ['an ordinary validation message', { given: '{"error":"invalid_request","message":"startDate must not be after endDate."}', want: '{"error":"invalid_request","message":"startDate must not be after endDate."}' }],
];

describe('scrubSecrets', () => {
  it.each(cases)('redacts %s', (_name, { given, known, want }) => {
    expect(scrubSecrets(given, known ?? [])).toBe(want);
  });
});

describe('scrubKnownSecrets', () => {
  it('redacts only the known secrets, leaving token-shaped data alone', () => {
    expect(scrubKnownSecrets(`{"mine":"${KEY}","upload":"${JWT}"}`, new Set([KEY]))).toBe(`{"mine":"[REDACTED]","upload":"${JWT}"}`);
  });

  it('returns the same string when nothing is known', () => {
    const text = `a ${JWT}`;
    expect(scrubKnownSecrets(text, new Set())).toBe(text);
  });
});
