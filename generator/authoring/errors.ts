/**
 * Why `dta-mcp add` refused: each a stable code, one clear message. Nothing is written
 * when one is thrown.
 */
import { DtaError } from '../../runtime/errors.ts';
import { formatDiagnostics, type Diagnostic } from '../diagnostics.ts';

export type AddErrorCode =
  | 'add_api_unknown'
  | 'add_api_ambiguous'
  | 'add_spec_invalid'
  | 'add_operation_not_found'
  | 'add_name_invalid'
  | 'add_body_unsupported'
  | 'add_file_invalid';

export class AddError extends DtaError {
  constructor(
    readonly code: AddErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The derived entry would not validate: a bug in `add` or an operation it cannot express. */
export class AddEntryInvalidError extends DtaError {
  readonly code = 'add_entry_invalid';
  constructor(
    readonly diagnostics: readonly Diagnostic[],
    summary: string,
  ) {
    super(`${summary}\n${formatDiagnostics(diagnostics)}`);
  }
}
