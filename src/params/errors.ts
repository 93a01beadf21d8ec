/**
 * Errors of the `Data=` parameter module.
 *
 * @module
 */
import { ScreenpopError, type ScreenpopErrorOptions } from '../errors/index.js';

/**
 * Every code the params module can raise; each is a heading in `docs/errors.md`.
 *
 * @example
 * ```ts
 * import { parseDataParam, ParamsError, type ParamsErrorCode } from 'screenpop/params';
 * try {
 *   parseDataParam('?Data=dnis%3D%E0%A4');
 * } catch (e) {
 *   const code: ParamsErrorCode | undefined = e instanceof ParamsError ? e.code : undefined; // 'bad_escape'
 * }
 * ```
 */
export type ParamsErrorCode =
  | 'unsafe_url'
  | 'unknown_placeholder'
  | 'bad_escape'
  | 'lone_surrogate'
  | 'param_collision'
  | 'bad_value'
  | 'duplicate_param'
  | 'duplicate_data'
  | 'bad_option';

/**
 * Options of {@link ParamsError}: those of every ScreenpopError, plus the parameter concerned.
 *
 * @example
 * ```ts
 * import { ParamsError, type ParamsErrorOptions } from 'screenpop/params';
 * const options: ParamsErrorOptions = { param: 'dnis', hint: 'Pass a string.' };
 * new ParamsError('bad_value', 'dnis must be text', options).code; // 'bad_value'
 * ```
 */
export interface ParamsErrorOptions extends ScreenpopErrorOptions {
  /** The parameter the problem is about (e.g. `fullName`), when there is one. Default: none. */
  readonly param?: string | undefined;
}

/**
 * A value, URL or `Data=` string the params module cannot build or read safely.
 *
 * @example
 * ```ts
 * import { buildPopUrl, ParamsError } from 'screenpop/params';
 * try {
 *   buildPopUrl('javascript:alert(1)', {});
 * } catch (e) {
 *   if (e instanceof ParamsError) console.log(e.code, e.param); // unsafe_url undefined
 * }
 * ```
 */
export class ParamsError extends ScreenpopError<ParamsErrorCode> {
  override name = 'ParamsError';
  /** The parameter the problem is about, when there is one. */
  declare readonly param: string | undefined;

  constructor(code: ParamsErrorCode, detail: string, options: ParamsErrorOptions = {}) {
    super(code, detail, options);
    this.param = options.param;
  }
}

/** Throws a {@link ParamsError}; `input` and the range `[start, end)` say where. */
export function fail(
  code: ParamsErrorCode,
  detail: string,
  input = '',
  start = 0,
  end = input.length,
  param?: string,
): never {
  throw new ParamsError(code, detail, { input, range: { start, end }, param });
}

/**
 * Runs a public entry's body: what host values throw when read (a getter or
 * proxy trap that throws, a revoked proxy, a `toString` that is not a
 * function) becomes `bad_value`, never a bare `TypeError`.
 */
export function guard<T>(what: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    throw e instanceof ParamsError ? e : new ParamsError('bad_value', `${what}: an argument could not be read`, { cause: e });
  }
}
