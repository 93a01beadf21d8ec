/**
 * Racing a promise that cannot be cancelled against an `AbortSignal`: shared
 * by the Dataverse adapter (its token callback) and the in-host lookups
 * (host calls), which reject as soon as the signal aborts.
 *
 * @module
 * @internal
 */

/**
 * `promise`, or a rejection with `reason()` (default: the signal's own
 * reason) as soon as `signal` aborts. The promise itself is left to settle
 * unobserved (a later rejection of it is caught, never unhandled).
 * @internal
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, reason: () => unknown = () => signal.reason): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(reason());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      promise.catch(() => undefined);
      reject(reason());
    };
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
