/**
 * `dta-mcp validate`: parse + schema + cross-check, nothing written.
 */
import { analyze } from './analyze.ts';
import type { Diagnostic } from './diagnostics.ts';

export interface ValidateOptions {
  /** Project root holding manifests/, openapi/ and generated/. */
  root: string;
}

/** Every problem found, sorted; an empty list means the manifests are good. */
export async function validate(options: ValidateOptions): Promise<Diagnostic[]> {
  return analyze(options.root).diagnostics;
}
