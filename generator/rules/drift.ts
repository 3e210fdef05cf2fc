/**
 * `generated-stale`: generated/ must be exactly what `generate` would write, or the
 * server runs handlers for manifests that no longer exist. Renders in memory and
 * compares — no type-check, so `validate` stays fast — and reports each stale,
 * missing or extra file at its line 1. The JavaScript beside the types is derived from
 * them (and from the handler modules): it is reported only when no TypeScript is, so an
 * edited manifest names the files a reader knows, and an edited handler still shows.
 */
import { readFileSync } from 'node:fs';
import type { Analysis } from '../analyze.ts';
import { diagnostic, type Diagnostic } from '../diagnostics.ts';
import { renderProject } from '../emit/render.ts';
import { DiagnosticsError } from '../errors.ts';
import { listGenerated } from '../generated-dir.ts';

const FIX = 'run `dta-mcp generate` and commit the result';

/** Only meaningful for an analysis without errors (nothing renders otherwise). */
export async function checkDrift(analysis: Analysis): Promise<Diagnostic[]> {
  const { project } = analysis;
  let files: Map<string, string>;
  try {
    files = await renderProject(analysis);
  } catch (error) {
    if (error instanceof DiagnosticsError) return [...error.diagnostics];
    throw error;
  }
  const primary: Diagnostic[] = [];
  const derived: Diagnostic[] = [];
  const at = (abs: string) => ({ file: project.rel(abs), line: 1, column: 1 });
  const push = (path: string, message: string) =>
    (isDerived(path) ? derived : primary).push(diagnostic('generated-stale', at(path), `${project.rel(path)} ${message}`));
  for (const [path, text] of files) {
    const current = readOrUndefined(path);
    if (current === undefined) push(path, `is missing; ${FIX}`);
    else if (current !== text) push(path, `is out of date with the manifests and specs${isDerived(path) ? ' (or the handler modules)' : ''}; ${FIX}`);
  }
  for (const path of listGenerated(project.generatedDir)) {
    if (!files.has(path)) push(path, `belongs to no tool any more; ${FIX} (it removes the file)`);
  }
  return primary.length > 0 ? primary : derived;
}

function isDerived(path: string): boolean {
  return path.endsWith('.js') || path.endsWith('package.json');
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
