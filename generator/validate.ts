/**
 * `dta-mcp validate`: parse + schema + cross-check (what `generate` also refuses),
 * then the rules only `validate` runs (client name prefixes, thin descriptions) and,
 * optionally, the drift check of generated/. Nothing is written.
 */
import type { Progress } from './progress.ts';
import { analyze } from './analyze.ts';
import { dedupeDiagnostics, hasErrors, sortDiagnostics, type Diagnostic } from './diagnostics.ts';
import { checkDrift, checkProjectRules, DEFAULT_CLIENT_PREFIX } from './rules/index.ts';

export interface ValidateOptions {
  /** Project root holding manifests/, openapi/ and generated/. */
  root: string;
  /** What clients put before tool names; default `mcp__dta-mcp__` (Claude Code). */
  clientPrefix?: string;
  /**
   * Also check that generated/ is current (rule `generated-stale`). Off by default
   * here; the CLI turns it on unless `--no-drift`. Skipped when there are errors,
   * since nothing can be rendered then.
   */
  drift?: boolean;
  /** Progress for a terminal (see progress.ts); default silent. */
  progress?: Progress;
}

/** Every problem found, sorted; an empty list means the manifests are good. */
export async function validate(options: ValidateOptions): Promise<Diagnostic[]> {
  try {
    const analysis = analyze(options.root, options.progress ? { progress: options.progress } : {});
    const found = [...analysis.diagnostics, ...checkProjectRules(analysis, { clientPrefix: options.clientPrefix ?? DEFAULT_CLIENT_PREFIX })];
    if (options.drift === true && !hasErrors(found)) found.push(...(await checkDrift(analysis)));
    return sortDiagnostics(dedupeDiagnostics(found));
  } finally {
    options.progress?.done();
  }
}
