/** Sign-in did not complete: one clear line for the terminal (exit 1), never a token. */
import { DtaError } from '../../runtime/errors.ts';

export class LoginError extends DtaError {
  readonly code = 'login_failed';
}
