/**
 * The seed's `get-current-time` tool: the current time as ISO 8601, Korean (ko-KR) or
 * US (en-US) text, in an IANA timezone (default UTC). No upstream, no credentials.
 */
import type { LocalHandler } from '../../runtime/tools/types.ts';

export type TimeFormat = 'ISO' | 'Korean' | 'US';

export interface CurrentTimeArgs {
  format?: TimeFormat;
  timezone?: string;
}

export interface CurrentTime {
  format: TimeFormat;
  timezone: string;
  time: string;
  /** The same instant as ISO 8601 UTC, whatever the format. */
  iso: string;
}

const LOCALES: Record<Exclude<TimeFormat, 'ISO'>, string> = { Korean: 'ko-KR', US: 'en-US' };

export function formatTime(now: Date, format: TimeFormat, timezone: string): string {
  if (!isValidTimezone(timezone)) {
    throw new Error(`Unknown timezone '${timezone}': use an IANA name such as UTC, Asia/Seoul or America/New_York`);
  }
  if (format === 'ISO') return isoInZone(now, timezone);
  return now.toLocaleString(LOCALES[format], { timeZone: timezone });
}

const currentTime: LocalHandler<CurrentTimeArgs> = (args) => {
  const format = args.format ?? 'ISO';
  const timezone = args.timezone ?? 'UTC';
  const now = new Date();
  const result: CurrentTime = { format, timezone, time: formatTime(now, format, timezone), iso: now.toISOString() };
  return result;
};

export default currentTime;

function isValidTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

/** ISO 8601 with the zone's offset (`2025-01-02T18:04:05+09:00`); `Z` for UTC. */
function isoInZone(now: Date, timezone: string): string {
  if (timezone === 'UTC' || timezone === 'Etc/UTC') return now.toISOString();
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  const local = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  const offsetMinutes = Math.round((local - Math.floor(now.getTime() / 1000) * 1000) / 60000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}
