/**
 * `dta-mcp generate`: analyse, render in memory, type-check the rendering, then write
 * only what changed (and remove generated files no tool produces any more). With
 * `check`, nothing is written: the result lists what is stale, missing or extra.
 *
 * An unchanged project is answered from the cache (cache/): when everything the last
 * run read is unchanged and generated/ holds exactly what it wrote, nothing is parsed,
 * rendered or type-checked, and the heavy modules (the compiler, openapi-typescript)
 * are never loaded.
 */
import { reusableRecord } from './cache/reuse.ts';
import type { CacheRecord } from './cache/record.ts';
import type { Diagnostic } from './diagnostics.ts';
import { silentProgress, type Progress } from './progress.ts';
import { openProject } from './project.ts';

export { listGenerated } from './generated-dir.ts';

export interface GenerateOptions {
  /** Project root holding manifests/, openapi/ and generated/. */
  root: string;
  /** Compare with generated/ instead of writing. */
  check?: boolean;
  /** Skip the TypeScript backstop (faster; `validate` already cross-checks). */
  skipTypecheck?: boolean;
  /** Use and update generated/.cache/ (default true); false always does the whole run. */
  cache?: boolean;
  /** Phase and count updates (a terminal shows them; default silent). */
  progress?: Progress;
}

export interface GenerateResult {
  /** Every file of generated/, relative to the root, sorted. */
  files: string[];
  /** Files whose content changed (written, or stale under `check`). */
  changed: string[];
  /** Files that did not exist (created, or missing under `check`). */
  added: string[];
  /** Generated files no tool produces any more (removed, or extra under `check`). */
  removed: string[];
  /** Warnings (errors throw). */
  diagnostics: Diagnostic[];
  /** With `check`: true when generated/ matches exactly. */
  upToDate: boolean;
  /**
   * What the cache saved: `outputs`, the whole run (nothing changed since the last one);
   * `typecheck`, the type-check (this exact rendering passed it against the same
   * declarations); `none`.
   */
  cache: 'outputs' | 'typecheck' | 'none';
}

/**
 * @throws ManifestError when manifests or specs have errors (nothing is written)
 * @throws GeneratedTypeError when the emitted code does not type-check (nothing is written)
 */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const progress = options.progress ?? silentProgress;
  try {
    const project = openProject(options.root);
    const useCache = options.cache !== false;
    const record = useCache ? reusableRecord(project, { typecheck: options.skipTypecheck !== true }) : undefined;
    if (record) return fromCache(record);
    const { fullRun } = await import('./full-run.ts');
    return await fullRun(project, { check: options.check === true, typecheck: options.skipTypecheck !== true, cache: useCache }, progress);
  } finally {
    progress.done();
  }
}

function fromCache(record: CacheRecord): GenerateResult {
  return { files: Object.keys(record.outputs).sort(), changed: [], added: [], removed: [], diagnostics: record.diagnostics, upToDate: true, cache: 'outputs' };
}
