/**
 * A call's upstream deadline: a signal that aborts when the call is cancelled (with its
 * reason) or when `ms` pass (with a TimeoutError, as AbortSignal.timeout does). One
 * controller and one timer, cleared as soon as the call is answered: cheaper per call
 * than AbortSignal.any over AbortSignal.timeout, which keeps both signals registered
 * until they are collected.
 */
export interface Deadline {
  signal: AbortSignal;
  /** Stops the timer and lets go of the parent signal. */
  clear(): void;
}

/**
 * @param own the controller behind `parent`, when the caller made it for this call alone
 *   (the direct tools/call path): the timer then aborts it, and no second controller is
 *   linked to it (a controller and a listener less per call).
 */
export function deadline(parent: AbortSignal, ms: number, own?: AbortController): Deadline {
  if (own && own.signal === parent) {
    const timer = setTimeout(() => own.abort(timeoutError(ms)), ms);
    timer.unref();
    return { signal: parent, clear: () => clearTimeout(timer) };
  }
  const controller = new AbortController();
  const onAbort = () => controller.abort(parent.reason);
  if (parent.aborted) onAbort();
  else parent.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => controller.abort(timeoutError(ms)), ms);
  timer.unref();
  return {
    signal: controller.signal,
    clear() {
      clearTimeout(timer);
      parent.removeEventListener('abort', onAbort);
    },
  };
}

function timeoutError(ms: number): DOMException {
  return new DOMException(`The upstream did not answer within ${ms} ms.`, 'TimeoutError');
}
