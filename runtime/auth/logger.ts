/**
 * The logger shape the auth layer accepts: a structural subset of pino's, so the runtime
 * can pass its pino logger and tests can pass nothing.
 *
 * Auth code logs user keys, status codes and error codes only: never an access token,
 * refresh token, client secret, encryption key or ciphertext, at any level.
 */
export interface AuthLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const noop = (): void => undefined;

/** Writes nothing: the default when the caller passes no logger. */
export const silentAuthLogger: AuthLogger = { debug: noop, info: noop, warn: noop, error: noop };

/** A log-safe description of an error: its class name and stable code, never its message. */
export function errorFields(error: unknown): { err: string; code?: string } {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? { err: error.name, code } : { err: error.name };
  }
  return { err: typeof error };
}
