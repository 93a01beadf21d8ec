/**
 * The error of the lookup layer: an adapter that cannot answer, a filter it
 * cannot express, an option or record it cannot use.
 *
 * @module
 */
import { ScreenpopError, type ScreenpopErrorOptions } from '../errors/index.js';

/**
 * Every code a lookup can fail with; each is a heading in `docs/errors.md`.
 *
 * @example
 * ```ts
 * import { createMemoryLookup, isLookupError, type LookupErrorCode } from 'screenpop';
 * let code: LookupErrorCode | undefined;
 * try {
 *   createMemoryLookup({ contact: [{ fullname: 'Ann Lee' }] });
 * } catch (e) {
 *   if (isLookupError(e)) code = e.code; // 'lookup_bad_record'
 * }
 * ```
 */
export type LookupErrorCode =
  | 'lookup_failed'
  | 'lookup_http_status'
  | 'lookup_timeout'
  | 'lookup_network'
  | 'lookup_aborted'
  | 'lookup_deadline'
  | 'lookup_request_too_long'
  | 'lookup_too_many_candidates'
  | 'lookup_bad_response'
  | 'lookup_unsupported_filter'
  | 'lookup_bad_option'
  | 'lookup_bad_record';

/**
 * Options of {@link LookupError}: those of every ScreenpopError, plus the
 * entity, HTTP status and attempts.
 *
 * @example
 * ```ts
 * import { LookupError } from 'screenpop';
 * const e = new LookupError('lookup_http_status', 'Dataverse answered with HTTP 503.', {
 *   entity: 'contact',
 *   status: 503,
 *   attempts: 4,
 *   hint: 'Dataverse is busy or failing; try again later.',
 * });
 * console.log(e.entity, e.status, e.attempts); // contact 503 4
 * ```
 */
export interface LookupErrorOptions extends ScreenpopErrorOptions {
  /** Logical name of the entity being searched. Default: undefined (not about one entity). */
  readonly entity?: string;
  /** HTTP status of the last response, for `lookup_http_status`. Default: undefined. */
  readonly status?: number;
  /** How many requests were made, retries included. Default: undefined. */
  readonly attempts?: number;
}

/**
 * A lookup that could not be answered. `lookupCaller` rejects with one when an
 * adapter fails (any other error an adapter throws is wrapped as
 * `lookup_failed`, with the original as `cause`), so a caller needs a single
 * `catch`.
 *
 * @example
 * ```ts
 * import { lookupCaller, LookupError } from 'screenpop';
 * try {
 *   await lookupCaller('+442079460958', { config, adapter });
 * } catch (e) {
 *   if (e instanceof LookupError) console.log(e.code, e.entity, e.status); // lookup_http_status contact 503
 * }
 * ```
 */
export class LookupError extends ScreenpopError<LookupErrorCode> {
  override name = 'LookupError';
  /** Logical name of the entity being searched, when the failure is about one. */
  readonly entity: string | undefined;
  /** HTTP status of the last response, when there was one. */
  readonly status: number | undefined;
  /** Requests made, retries included, when the adapter speaks HTTP. */
  readonly attempts: number | undefined;

  constructor(code: LookupErrorCode, detail: string, options: LookupErrorOptions = {}) {
    super(code, detail, options);
    this.entity = options.entity;
    this.status = options.status;
    this.attempts = options.attempts;
  }

  /** Plain data for JSON output, with `entity`, `status` and `attempts` when known. */
  override toJSON(): ReturnType<ScreenpopError<LookupErrorCode>['toJSON']> & {
    entity?: string;
    status?: number;
    attempts?: number;
  } {
    return {
      ...super.toJSON(),
      ...(this.entity === undefined ? {} : { entity: this.entity }),
      ...(this.status === undefined ? {} : { status: this.status }),
      ...(this.attempts === undefined ? {} : { attempts: this.attempts }),
    };
  }
}

/**
 * True when `value` is a {@link LookupError} (by class, or by shape across
 * bundle copies): an `Error` named `LookupError` with a string `code`.
 *
 * @example
 * ```ts
 * import { createMemoryLookup, isLookupError } from 'screenpop';
 * try {
 *   createMemoryLookup({ contact: [{ fullname: 'Ann Lee' }] });
 * } catch (e) {
 *   if (isLookupError(e)) console.log(e.code, e.entity); // lookup_bad_record contact
 * }
 * isLookupError(new Error('boom')); // false
 * ```
 */
export function isLookupError(value: unknown): value is LookupError {
  return (
    value instanceof LookupError ||
    (value instanceof Error &&
      value.name === 'LookupError' &&
      typeof (value as { code?: unknown }).code === 'string')
  );
}
