/**
 * Why `dta-mcp init` wrote nothing: a stable code each. `usage` codes are mistakes in
 * the command line (exit 2); the others are refusals (exit 1).
 */
import { DtaError } from '../../runtime/errors.ts';

export type InitErrorCode =
  | 'init_conflict'
  | 'init_usage'
  | 'init_from_not_found'
  | 'init_spec_invalid'
  | 'init_tag_unknown'
  | 'init_package_json_invalid';

const USAGE: ReadonlySet<InitErrorCode> = new Set(['init_usage', 'init_from_not_found']);

export class InitError extends DtaError {
  constructor(
    readonly code: InitErrorCode,
    message: string,
  ) {
    super(message);
  }

  get usage(): boolean {
    return USAGE.has(this.code);
  }
}
