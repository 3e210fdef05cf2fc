/**
 * Typed errors with a stable `code`. Callers classify by class or `code`, never by
 * message text. `expose` says whether the message may be shown to the model; messages
 * never contain secrets either way.
 */
export abstract class DtaError extends Error {
  abstract readonly code: string;
  /** Whether retrying the same call later may succeed. */
  get retryable(): boolean {
    return false;
  }
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The configuration (file, env, flags) is invalid. Operator-facing. */
export class ConfigError extends DtaError {
  readonly code = 'config_invalid';
}

/** The user has no usable session: they must (re-)authorize. Model-facing. */
export class AuthRequiredError extends DtaError {
  readonly code = 'auth_required';
}

/** Refreshing a token failed for a reason that may go away (5xx, timeout, network). */
export class TokenRefreshError extends DtaError {
  readonly code = 'token_refresh_failed';
  override get retryable(): boolean {
    return true;
  }
}

/**
 * The token endpoint refused the server's own (service-account) grant, e.g.
 * invalid_client: a configuration problem, not the user's, and not retryable.
 */
export class ServiceAccountError extends DtaError {
  readonly code = 'service_account_rejected';
}

/** The token store (e.g. Redis) could not be reached: the session is not lost; try again. */
export class TokenStoreUnavailableError extends DtaError {
  readonly code = 'token_store_unavailable';
  override get retryable(): boolean {
    return true;
  }
}

/** The upstream API answered with a non-2xx status. */
export class UpstreamError extends DtaError {
  readonly code = 'upstream_error';
  constructor(
    readonly status: number,
    readonly excerpt: string,
    message = `Upstream answered ${status}`,
  ) {
    super(message);
  }
  override get retryable(): boolean {
    return this.status >= 500 || this.status === 429;
  }
}

/** The upstream could not be reached or did not answer in time. */
export class UpstreamUnavailableError extends DtaError {
  readonly code = 'upstream_unavailable';
  override get retryable(): boolean {
    return true;
  }
}

/** Tool arguments failed validation. Model-facing. */
export class ToolArgumentsError extends DtaError {
  readonly code = 'invalid_arguments';
}
