/**
 * Deterministic fake data behind the API: seeded users (alice, bob, demo-user),
 * generated defaults for anyone else, per-user settings, an activity log that is a pure
 * function of (user, day), and system errors that are a pure function of the hour.
 */
import { createHash } from 'node:crypto';

export interface UserProfile {
  id: string;
  name: string;
  email: string;
  locale?: string;
  timezone?: string;
}

export type Settings = Record<string, unknown>;

export interface ActivityEntry {
  id: string;
  timestamp: string;
  action: string;
  detail?: string;
}

export interface ErrorEntry {
  id: string;
  timestamp: string;
  level: 'error' | 'fatal';
  service: string;
  message: string;
}

const seeded: Record<string, { profile: UserProfile; settings: Settings }> = {
  alice: {
    profile: { id: 'alice', name: 'Alice Kim', email: 'alice@example.com', locale: 'ko-KR', timezone: 'Asia/Seoul' },
    settings: { theme: 'light', language: 'ko', notifications: true },
  },
  bob: {
    profile: { id: 'bob', name: 'Bob Lee', email: 'bob@example.com', locale: 'en-US', timezone: 'America/New_York' },
    settings: { theme: 'system', language: 'en', notifications: false },
  },
  'demo-user': {
    profile: { id: 'demo-user', name: 'Demo User', email: 'demo@example.com', locale: 'en-GB', timezone: 'UTC' },
    settings: { theme: 'system', language: 'en', notifications: true },
  },
};

export function profileOf(sub: string): UserProfile {
  const known = seeded[sub]?.profile;
  if (known) return { ...known };
  const local = sub.toLowerCase().replace(/[^a-z0-9._-]/g, '-').slice(0, 64) || 'user';
  return { id: sub, name: sub, email: `${local}@users.example.com`, locale: 'en-US', timezone: 'UTC' };
}

/** Per-user settings, starting from the seed (or a default) and changed by merges. */
export class SettingsStore {
  readonly #byUser = new Map<string, Settings>();

  get(sub: string): Settings {
    return { ...(this.#byUser.get(sub) ?? seeded[sub]?.settings ?? { theme: 'system', language: 'en', notifications: true }) };
  }

  /** Shallow merge, as PUT /user/settings documents. */
  merge(sub: string, patch: Settings): Settings {
    const next = { ...this.get(sub), ...patch };
    this.#byUser.set(sub, next);
    return { ...next };
  }
}

/** Type checks for the known keys of UserSettings; returns a message or undefined. */
export function settingsProblem(patch: Settings): string | undefined {
  const { theme, language, notifications } = patch;
  if (theme !== undefined && !['light', 'dark', 'system'].includes(theme as string)) {
    return 'theme must be one of light, dark, system.';
  }
  if (language !== undefined && typeof language !== 'string') return 'language must be a string.';
  if (notifications !== undefined && typeof notifications !== 'boolean') return 'notifications must be a boolean.';
  return undefined;
}

const ACTIONS = [
  ['login', 'Signed in from a browser'],
  ['logout', 'Signed out'],
  ['view-report', 'Opened the weekly report'],
  ['update-settings', 'Changed settings'],
  ['download', 'Downloaded an export'],
  ['share', 'Shared a dashboard'],
] as const;

const DAY_MS = 86_400_000;

/**
 * Activity of `sub` between two UTC days (epoch ms of midnight, inclusive), newest
 * first, at most `limit` entries. Each day holds 0-3 entries derived from (sub, day).
 */
export function activityOf(sub: string, startDay: number, endDay: number, limit: number): ActivityEntry[] {
  const out: ActivityEntry[] = [];
  for (let day = endDay; day >= startDay && out.length < limit; day -= DAY_MS) {
    const date = new Date(day).toISOString().slice(0, 10);
    const bytes = digest(`activity:${sub}:${date}`);
    const count = (bytes[0] ?? 0) % 4;
    const entries: ActivityEntry[] = [];
    for (let i = 0; i < count; i++) {
      const seconds = (((bytes[1 + i * 3] ?? 0) << 8) | (bytes[2 + i * 3] ?? 0)) % 86_400;
      const [action, detail] = ACTIONS[(bytes[3 + i * 3] ?? 0) % ACTIONS.length] ?? ACTIONS[0];
      entries.push({
        id: `act-${date.replaceAll('-', '')}-${i}`,
        timestamp: new Date(day + seconds * 1000).toISOString(),
        action,
        detail,
      });
    }
    entries.sort((a, b) => b.timestamp.localeCompare(a.timestamp));
    out.push(...entries.slice(0, limit - out.length));
  }
  return out;
}

const SERVICES = ['billing', 'auth', 'search', 'reports'] as const;
const MESSAGES = [
  'Upstream timeout after 30s',
  'Connection pool exhausted',
  'Unexpected null in payload',
  'Disk usage above 95%',
] as const;
const HOUR_MS = 3_600_000;

/** Errors of the last `hours` hours before `now`, newest first, at most `limit`. */
export function recentErrors(now: number, hours: number, limit: number): ErrorEntry[] {
  const out: ErrorEntry[] = [];
  const since = now - hours * HOUR_MS;
  for (let hour = Math.floor(now / HOUR_MS); hour * HOUR_MS + HOUR_MS > since && out.length < limit; hour--) {
    const bytes = digest(`errors:${hour}`);
    const count = (bytes[0] ?? 0) % 3;
    const entries: ErrorEntry[] = [];
    for (let i = 0; i < count; i++) {
      const at = hour * HOUR_MS + ((bytes[1 + i] ?? 0) % 60) * 60_000;
      if (at > now || at <= since) continue;
      entries.push({
        id: `err-${hour}-${i}`,
        timestamp: new Date(at).toISOString(),
        level: (bytes[4 + i] ?? 0) % 5 === 0 ? 'fatal' : 'error',
        service: SERVICES[(bytes[6 + i] ?? 0) % SERVICES.length] ?? 'auth',
        message: MESSAGES[(bytes[8 + i] ?? 0) % MESSAGES.length] ?? 'Error',
      });
    }
    entries.sort((a, b) => b.timestamp.localeCompare(a.timestamp));
    out.push(...entries.slice(0, limit - out.length));
  }
  return out;
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}

/** The user's project names (for completions): a few shared ones and one of their own, sorted. */
export function projectsOf(sub: string): string[] {
  return ['dta-mcp', 'dta-portal', 'data-lake', 'design-system', 'infra', `${sub}-notes`].sort();
}
