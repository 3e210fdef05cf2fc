/**
 * `generated-stale`: generated/ must be exactly what `generate` would write, or the
 * server runs handlers for manifests that no longer exist. Renders in memory and
 * compares — no type-check, so `validate` stays fast — and reports each stale,
 * missing or extra file at its line 1.
 */
import { readFileSync } from 'node:fs';
import type { Analysis } from '../analyze.ts';
import { diagnostic, type Diagnostic } from '../diagnostics.ts';
import { renderProject } from '../emit/render.ts';
import { DiagnosticsError } from '../errors.ts';
import { listGenerated } from '../generate.ts';

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
  const out: Diagnostic[] = [];
  const at = (abs: string) => ({ file: project.rel(abs), line: 1, column: 1 });
  for (const [path, text] of files) {
    const current = readOrUndefined(path);
    if (current === undefined) out.push(diagnostic('generated-stale', at(path), `${project.rel(path)} is missing; ${FIX}`));
    else if (current !== text) out.push(diagnostic('generated-stale', at(path), `${project.rel(path)} is out of date with the manifests and specs; ${FIX}`));
  }
  for (const path of listGenerated(project.generatedDir)) {
    if (!files.has(path)) out.push(diagnostic('generated-stale', at(path), `${project.rel(path)} belongs to no tool any more; ${FIX} (it removes the file)`));
  }
  return out;
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
