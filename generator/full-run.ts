/**
 * The whole `generate` run (generate.ts answers from the cache when it can): analyse,
 * render the TypeScript, type-check it in a worker while the JavaScript is emitted,
 * then write what changed and record, for the next run, what this one read and wrote.
 * The compiler starts first, so it loads and parses its libraries while the manifests
 * and specs are analysed.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative } from 'node:path';
import { analyze } from './analyze.ts';
import { contentHash, currentGeneratorFingerprint } from './cache/fingerprint.ts';
import { mergeObservations, recordingInputs } from './cache/inputs.ts';
import { readCache, writeCache, type CacheRecord } from './cache/record.ts';
import { inputsUnchanged } from './cache/reuse.ts';
import { hasErrors } from './diagnostics.ts';
import { renderTypeScript, withJavaScript } from './emit/render.ts';
import { startTypecheck, type PendingTypecheck } from './emit/typecheck.ts';
import { GeneratedTypeError, ManifestError } from './errors.ts';
import type { GenerateResult } from './generate.ts';
import { listGenerated } from './generated-dir.ts';
import type { Progress } from './progress.ts';
import type { Project } from './project.ts';

export interface FullRunOptions {
  check: boolean;
  typecheck: boolean;
  /** Reuse a passed type-check of the same rendering, and write the cache. */
  cache: boolean;
}

export async function fullRun(project: Project, options: FullRunOptions, progress: Progress): Promise<GenerateResult> {
  const pending = options.typecheck ? startTypecheck(project) : undefined;
  try {
    return await run(project, options, progress, pending);
  } finally {
    pending?.cancel();
  }
}

async function run(project: Project, options: FullRunOptions, progress: Progress, pending: PendingTypecheck | undefined): Promise<GenerateResult> {
  const previous = options.cache ? readCache(project.root) : undefined;
  const { value: rendered, inputs } = await recordingInputs(async () => {
    const analysis = analyze(project.root, { progress });
    if (hasErrors(analysis.diagnostics)) {
      throw new ManifestError(analysis.diagnostics, 'the manifests have errors; nothing was generated');
    }
    const typescript = await renderTypeScript(analysis, progress);
    const key = typecheckKey(typescript);
    const passed = pending && previous ? passedBefore(previous, key) : undefined;
    const checking = passed ? undefined : pending?.check(typescript);
    if (passed) pending?.cancel();
    const files = withJavaScript(analysis, typescript, progress);
    if (checking) progress.phase(`type-checking ${typescript.size} generated files`);
    const checked = await checking;
    if (checked && checked.diagnostics.length > 0) {
      throw new GeneratedTypeError(checked.diagnostics, 'the generated code does not type-check; nothing was written');
    }
    const typecheck = checked ? { key, inputs: Object.fromEntries(checked.read) } : passed;
    return { analysis, files, typecheck, reused: passed !== undefined };
  });
  const { analysis, files, typecheck } = rendered;
  // What the compiler read inside generated/ is this run's own output (generated/package.json
  // tells it the files are ES modules): covered by the outputs' hashes, and absent before the
  // first run, so as an input it would make the second run miss the cache.
  if (typecheck) mergeObservations(inputs, Object.entries(typecheck.inputs).filter(([path]) => !isInside(path, project.generatedDir)));

  const result: GenerateResult = {
    files: [...files.keys()].map(project.rel),
    changed: [],
    added: [],
    removed: [],
    diagnostics: analysis.diagnostics,
    upToDate: true,
    cache: rendered.reused ? 'typecheck' : 'none',
  };
  for (const [path, text] of files) {
    if (!existsSync(path)) result.added.push(project.rel(path));
    else if (readFileSync(path, 'utf8') !== text) result.changed.push(project.rel(path));
  }
  const leftovers = listGenerated(project.generatedDir).filter((p) => !files.has(p));
  result.removed = leftovers.map(project.rel);
  result.upToDate = result.added.length + result.changed.length + result.removed.length === 0;
  if (options.check) return result;

  for (const [path, text] of files) {
    const rel = project.rel(path);
    if (!result.added.includes(rel) && !result.changed.includes(rel)) continue;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  for (const path of leftovers) rmSync(path);
  if (options.cache) {
    const record: Omit<CacheRecord, 'format'> = {
      generator: currentGeneratorFingerprint(),
      typechecked: options.typecheck,
      inputs: Object.fromEntries([...inputs].sort(([a], [b]) => (a < b ? -1 : 1))),
      outputs: Object.fromEntries([...files].map(([path, text]) => [project.rel(path), contentHash(text)])),
      diagnostics: analysis.diagnostics,
    };
    if (typecheck) record.typecheck = typecheck;
    writeCache(project.root, record);
  }
  return result;
}

/** Identifies a rendering for the type-check: every file the program is given, by path and content. */
function typecheckKey(files: ReadonlyMap<string, string>): string {
  return contentHash([...files].map(([path, text]) => `${path}\0${text}`).join('\0'));
}

/** The previous run's passed type-check, when it was of this very rendering against declarations still the same. */
function passedBefore(previous: CacheRecord, key: string): CacheRecord['typecheck'] {
  const passed = previous.typecheck;
  if (!passed || passed.key !== key || previous.generator !== currentGeneratorFingerprint()) return undefined;
  return inputsUnchanged(passed.inputs) ? passed : undefined;
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(dir, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}
