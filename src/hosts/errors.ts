/**
 * Errors of the host openers (`screenpop/dynamics`, `screenpop/salesforce`).
 *
 * @module
 */
import { ScreenpopError } from '../errors/index.js';

/**
 * What can go wrong opening a pop through a host API:
 *
 * - `host_failed`: the host API answered with an error (Open CTI
 *   `success: false`, a rejected Xrm or CIF promise); `cause` holds what the
 *   host said.
 * - `host_timeout`: the host API did not answer in time (CIF calls time out
 *   after about 10 s; the opener gives up after `timeoutMs`).
 * - `host_unsupported`: the pop cannot be opened through this host as it is
 *   (an absolute URL for Open CTI, a URL pop through CIF without `openUrl`).
 * - `host_bad_option`: the host object or an option is not what the opener
 *   needs (a missing method, a non-pop).
 *
 * @example
 * ```ts
 * import { HostError } from 'screenpop/dynamics';
 * try {
 *   await openInXrm(pop, Xrm.Navigation);
 * } catch (e) {
 *   if (e instanceof HostError) console.warn(e.code, e.detail);
 * }
 * ```
 */
export class HostError extends ScreenpopError<HostErrorCode> {
  override name = 'HostError';
}

/**
 * The codes of {@link HostError}; each is a heading in docs/errors.md.
 *
 * @example
 * ```ts
 * import type { HostErrorCode } from 'screenpop/dynamics';
 * const code: HostErrorCode = 'host_timeout';
 * ```
 */
export type HostErrorCode = 'host_failed' | 'host_timeout' | 'host_unsupported' | 'host_bad_option';

/** A message out of whatever a host rejected with (an Error, Xrm's `{ errorCode, message }`, Open CTI's `errors` array, text). @internal */
export function hostMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (typeof e === 'string') return e;
  if (Array.isArray(e)) return e.map(hostMessage).join('; ');
  if (e !== null && typeof e === 'object') {
    const o = e as { message?: unknown; description?: unknown; errorCode?: unknown };
    const m = typeof o.message === 'string' ? o.message : typeof o.description === 'string' ? o.description : undefined;
    if (m !== undefined) return o.errorCode === undefined ? m : `${m} (error code ${String(o.errorCode)})`;
    try {
      return JSON.stringify(e);
    } catch {
      return String(e);
    }
  }
  return String(e);
}

/**
 * Waits for a host call, at most `timeoutMs` (0: no limit); rejects with
 * `host_timeout`, or `host_failed` wrapping what the host rejected with.
 * @internal
 */
export function settle<T>(what: string, call: () => { then(onfulfilled?: (value: T) => unknown, onrejected?: (reason: unknown) => unknown): unknown } | T, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    const timer =
      timeoutMs > 0
        ? setTimeout(() => {
            done = true;
            reject(new HostError('host_timeout', `${what} did not answer within ${timeoutMs} ms.`, { hint: 'The host may be busy or the API unavailable in this app; try again, or raise timeoutMs.' }));
          }, timeoutMs)
        : undefined;
    const finish = (f: () => void): void => {
      if (done) return;
      done = true;
      if (timer !== undefined) clearTimeout(timer);
      f();
    };
    let pending: unknown;
    try {
      pending = call();
    } catch (e) {
      finish(() => reject(wrapFailure(what, e)));
      return;
    }
    Promise.resolve(pending as T).then(
      (v) => finish(() => resolve(v)),
      (e: unknown) => finish(() => reject(wrapFailure(what, e))),
    );
  });
}

function wrapFailure(what: string, e: unknown): ScreenpopError {
  if (e instanceof ScreenpopError) return e;
  return new HostError('host_failed', `${what} failed: ${hostMessage(e)}`, { cause: e, hint: 'See the cause: what the host API answered.' });
}
