import { describe, expect, it } from 'vitest';
import currentTime, { formatTime } from '../../manifests/handlers/current-time.ts';
import { detachedContext } from '../../runtime/tools/types.ts';

const instant = new Date('2025-01-02T03:04:05.678Z');
const ctx = detachedContext();

const cases: Array<[string, { given: [format: 'ISO' | 'Korean' | 'US', timezone: string]; want: string }]> = [
  ['ISO in UTC', { given: ['ISO', 'UTC'], want: '2025-01-02T03:04:05.678Z' }],
  ['ISO in Seoul carries the offset', { given: ['ISO', 'Asia/Seoul'], want: '2025-01-02T12:04:05+09:00' }],
  ['ISO in New York', { given: ['ISO', 'America/New_York'], want: '2025-01-01T22:04:05-05:00' }],
  ['Korean in Seoul', { given: ['Korean', 'Asia/Seoul'], want: instant.toLocaleString('ko-KR', { timeZone: 'Asia/Seoul' }) }],
  ['US in UTC', { given: ['US', 'UTC'], want: '1/2/2025, 3:04:05 AM' }],
];

describe('get-current-time handler', () => {
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(formatTime(instant, ...given)).toBe(want);
  });

  it('defaults to ISO in UTC', async () => {
    const result = (await currentTime({}, ctx)) as { format: string; timezone: string; time: string };
    expect(result).toMatchObject({ format: 'ISO', timezone: 'UTC' });
    expect(result.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it('throws a clear error for an unknown timezone', () => {
    expect(() => currentTime({ timezone: 'Mars/Olympus' }, ctx)).toThrow("Unknown timezone 'Mars/Olympus'");
  });
});
