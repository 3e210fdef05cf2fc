/**
 * Fault injection. The faults object is owned by the test: it sets fields directly
 * (`sandbox.faults.unauthorizedNext = 1`); the sandbox reads them on every request.
 */
import type { SandboxFaults } from './types.ts';

/** Empties the faults in place, so a reference the test kept stays the live object. */
export function clearFaults(faults: SandboxFaults): void {
  for (const key of Object.keys(faults) as (keyof SandboxFaults)[]) delete faults[key];
}

/** Whether this API request must be answered 401 by a fault; consumes one unauthorizedNext. */
export function takeUnauthorized(faults: SandboxFaults): boolean {
  if (faults.alwaysUnauthorized) return true;
  const next = faults.unauthorizedNext ?? 0;
  if (next > 0) {
    faults.unauthorizedNext = next - 1;
    return true;
  }
  return false;
}

/** The OAuth error code sent with an injected token endpoint status (RFC 6749 §5.2). */
export function oauthErrorForStatus(status: number): string {
  if (status === 400) return 'invalid_grant';
  if (status === 401) return 'invalid_client';
  if (status === 429 || status === 503) return 'temporarily_unavailable';
  return 'server_error';
}

/** Resolves after `ms`, or at once when `signal` aborts (the sandbox is closing). */
export function delay(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

export interface EchoedCredentials {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

/**
 * The answer of an `echoCredentials` fault: the request's Authorization value repeated
 * in JSON fields, in free text and in a WWW-Authenticate challenge, the way debug and
 * validation errors of real upstreams leak it. undefined when the fault is off.
 */
export function echoCredentials(faults: SandboxFaults, authorization: string | undefined): EchoedCredentials | undefined {
  const echo = faults.echoCredentials;
  if (!echo) return undefined;
  const presented = authorization ?? '';
  const token = /^Bearer\s+(\S+)/i.exec(presented)?.[1] ?? presented;
  return {
    status: echo.status,
    body: {
      error: echo.status === 403 ? 'insufficient_scope' : echo.status === 400 ? 'invalid_request' : 'server_error',
      message: `Rejected (injected fault): token ${token} may not be used here.`,
      debug: `received Authorization: ${presented}`,
      request: { headers: { authorization: presented }, token },
    },
    headers: {
      'www-authenticate': `Bearer realm="dta-wide", error="invalid_request", error_description="challenge-echo ${token}"`,
    },
  };
}
