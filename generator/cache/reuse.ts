/**
 * The cheap path of `generate`: when the generator is the one that wrote the cache,
 * everything the last run read is as it was (inputs.ts replays each check: content
 * hashes of the bytes, existence probes, directory listings, module resolutions) and
 * generated/ holds exactly the files it wrote, the run's answer is known without
 * parsing a manifest or a spec. Anything else, and the real run decides.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Project } from '../project.ts';
import { readGenerated } from '../generated-dir.ts';
import { contentHash, currentGeneratorFingerprint } from './fingerprint.ts';
import { ABSENT, EXISTS, listingHash, type InputRecord } from './inputs.ts';
import { readCache, type CacheRecord } from './record.ts';

/** The cache record when it answers for this run, else undefined. */
export function reusableRecord(project: Project, options: { typecheck: boolean }): CacheRecord | undefined {
  const record = readCache(project.root);
  if (record === undefined || record.generator !== currentGeneratorFingerprint()) return undefined;
  if (options.typecheck && !record.typechecked) return undefined;
  if (!inputsUnchanged(record.inputs)) return undefined;
  return outputsUnchanged(project, record.outputs) ? record : undefined;
}

/** generated/ holds exactly these files (relative path -> content hash): none changed, missing or extra. */
function outputsUnchanged(project: Project, outputs: Record<string, string>): boolean {
  const owned = readGenerated(project.generatedDir);
  for (const path of owned.keys()) if (outputs[project.rel(path)] === undefined) return false;
  return Object.entries(outputs).every(([rel, hash]) => {
    const path = join(project.root, rel);
    const text = owned.get(path) ?? readQuiet(path);
    return text !== undefined && contentHash(text) === hash;
  });
}

function readQuiet(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** True when every recorded observation would be made again, the same. */
export function inputsUnchanged(inputs: InputRecord): boolean {
  return Object.entries(inputs).every(([key, seen]) => observe(key, seen) === seen);
}

function observe(key: string, seen: string): string {
  if (key.startsWith('require:')) {
    const [from = '', specifier = ''] = key.slice('require:'.length).split('\0');
    try {
      return `resolved:${createRequire(from).resolve(specifier)}`;
    } catch {
      return 'resolved:';
    }
  }
  if (key.endsWith('/')) {
    try {
      return listingHash(readdirSync(key));
    } catch {
      return ABSENT;
    }
  }
  if (seen === EXISTS || seen === ABSENT) return existsSync(key) ? EXISTS : ABSENT;
  try {
    return contentHash(readFileSync(key));
  } catch {
    return ABSENT;
  }
}
