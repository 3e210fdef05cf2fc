/**
 * The generate cache on disk: `generated/.cache/generate.json`, beside the output it
 * describes (deleting generated/ clears it), with a `.gitignore` of `*` so it never
 * reaches version control even where generated/ is committed. Written atomically
 * (a temporary file renamed over it); anything unreadable or of another format is no
 * cache at all.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Diagnostic } from '../diagnostics.ts';
import type { InputRecord } from './inputs.ts';

/** Relative to the project root. */
export const CACHE_FILE = 'generated/.cache/generate.json';

const FORMAT = 1;

export interface CacheRecord {
  format: typeof FORMAT;
  /** currentGeneratorFingerprint() of the generator that wrote it. */
  generator: string;
  /** Whether the output was type-checked (a record without it never stands for a run with it). */
  typechecked: boolean;
  /** Everything the run read (inputs.ts); keys absolute. */
  inputs: InputRecord;
  /** Every generated file, relative to the root -> content hash. */
  outputs: Record<string, string>;
  /** The run's warnings, reported again when the cache answers. */
  diagnostics: Diagnostic[];
  /** The type-check that passed: key of the rendered code plus what the compiler read (typecheck-key.ts). */
  typecheck?: { key: string; inputs: InputRecord };
}

export function readCache(root: string): CacheRecord | undefined {
  try {
    const record = JSON.parse(readFileSync(join(root, CACHE_FILE), 'utf8')) as Partial<CacheRecord>;
    if (record.format !== FORMAT || typeof record.generator !== 'string' || typeof record.inputs !== 'object' || typeof record.outputs !== 'object') return undefined;
    if (!Array.isArray(record.diagnostics) || typeof record.typechecked !== 'boolean') return undefined;
    return record as CacheRecord;
  } catch {
    return undefined;
  }
}

export function writeCache(root: string, record: Omit<CacheRecord, 'format'>): void {
  const path = join(root, CACHE_FILE);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(join(dirname(path), '.gitignore'), '*\n');
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ format: FORMAT, ...record })}\n`);
  renameSync(temporary, path);
}
