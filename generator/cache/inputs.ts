/**
 * What a generate run read, recorded where it is read: each file's content hash (taken
 * from the very bytes used, so an edit during the run cannot be recorded as seen), each
 * path only probed for existence, each directory listed and each module specifier
 * resolved. The cache (reuse.ts) replays these checks to decide that a run would read
 * exactly the same things again.
 *
 * The log is carried by AsyncLocalStorage, so the modules that read (manifest loading,
 * spec documents, handler modules) only call `recordX`, which does nothing outside a
 * recorded run (`validate`, `add`), and concurrent runs in one process (serve --watch,
 * tests) never mix their logs.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync, readFileSync } from 'node:fs';
import { contentHash } from './fingerprint.ts';

/**
 * Path (absolute) -> what was seen: a content hash, `exists` / `absent` for a probe,
 * `dir:<hash of the names>` for a listing, `resolved:<path>` for a resolution.
 */
export type InputRecord = Record<string, string>;

export const EXISTS = 'exists';
export const ABSENT = 'absent';

const current = new AsyncLocalStorage<Map<string, string>>();

/** Runs `fn` with a fresh log; returns its value and what it read. */
export async function recordingInputs<T>(fn: () => Promise<T>): Promise<{ value: T; inputs: Map<string, string> }> {
  const inputs = new Map<string, string>();
  const value = await current.run(inputs, fn);
  return { value, inputs };
}

/** readFileSync(path, 'utf8'), recorded. */
export function readInputText(path: string): string {
  const text = readFileSync(path, 'utf8');
  recordFile(path, text);
  return text;
}

/** readFileSync(path), recorded. */
export function readInputBytes(path: string): Buffer {
  const bytes = readFileSync(path);
  recordFile(path, bytes);
  return bytes;
}

/** existsSync(path), recorded. */
export function inputExists(path: string): boolean {
  const exists = existsSync(path);
  recordExists(path, exists);
  return exists;
}

/** A file whose content the run used (the content as read). */
export function recordFile(path: string, content: string | Uint8Array): void {
  current.getStore()?.set(path, contentHash(content));
}

/** A path the run only tested for existence (a content hash recorded for it wins). */
export function recordExists(path: string, exists: boolean): void {
  const log = current.getStore();
  if (log === undefined) return;
  const seen = log.get(path);
  if (seen === undefined || seen === EXISTS || seen === ABSENT) log.set(path, exists ? EXISTS : ABSENT);
}

/** A directory listing the run used (the names it kept, in any order). */
export function recordListing(dir: string, names: readonly string[]): void {
  current.getStore()?.set(`${dir}/`, listingHash(names));
}

/** A module specifier resolved from `fromFile` (as createRequire resolves it). */
export function recordResolution(fromFile: string, specifier: string, resolved: string | undefined): void {
  current.getStore()?.set(resolutionKey(fromFile, specifier), `resolved:${resolved ?? ''}`);
}

/** Observations made elsewhere (the type-check's worker), kept unless the log has a content hash for the path. */
export function mergeObservations(log: Map<string, string>, observed: Iterable<readonly [string, string]>): void {
  for (const [key, seen] of observed) {
    const known = log.get(key);
    if (known === undefined || ((known === EXISTS || known === ABSENT) && seen !== EXISTS && seen !== ABSENT)) log.set(key, seen);
  }
}

export function listingHash(names: readonly string[]): string {
  return `dir:${contentHash([...names].sort().join('\0'))}`;
}

/** `require:<fromFile>\0<specifier>`: a key no path can collide with. */
export function resolutionKey(fromFile: string, specifier: string): string {
  return `require:${fromFile}\0${specifier}`;
}
