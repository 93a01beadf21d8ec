/**
 * Guards for public entry points: a value of the wrong type is an
 * {@link InputError} that says what was expected, never a `TypeError` from
 * deep inside.
 *
 * @module
 */
import { ScreenpopError } from './index.js';

/**
 * A public function was called with a value of the wrong type (`null`, a
 * number where text is expected, rows that are not objects).
 *
 * @example
 * ```ts
 * import { readKvCsv, InputError } from 'screenpop';
 * try {
 *   readKvCsv(null as never);
 * } catch (e) {
 *   if (e instanceof InputError) console.log(e.code); // bad_input
 * }
 * ```
 */
export class InputError extends ScreenpopError<'bad_input'> {
  override name = 'InputError';
}

/** Array.isArray, false for a revoked proxy (on which it throws). */
function isArray(value: unknown): boolean {
  try {
    return Array.isArray(value);
  } catch {
    return false;
  }
}

function describe(value: unknown): string {
  return value === null ? 'null' : isArray(value) ? 'an array' : typeof value;
}

function messageOf(e: unknown): string {
  try {
    return e instanceof Error ? String(e.message) : typeof e === 'string' ? e : describe(e);
  } catch {
    return 'an unreadable error';
  }
}

/**
 * Runs `read` over host objects: anything it throws that is not the
 * library's own error (a getter or proxy trap that throws, a revoked proxy)
 * becomes an {@link InputError} naming `what`, with the original as `cause`.
 */
export function readHost<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof ScreenpopError) throw e;
    throw new InputError('bad_input', `${what} could not be read: ${messageOf(e)}`, { hint: 'Pass plain data (no getters that throw, no revoked proxies).', cause: e });
  }
}

/** Throws unless `value` is a string. */
export function expectText(value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string') throw new InputError('bad_input', `${what} must be text, got ${describe(value)}`, { hint: 'Pass a string.' });
}

/** Throws unless `value` is a finite number. */
export function expectNumber(value: unknown, what: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InputError('bad_input', `${what} must be a finite number, got ${typeof value === 'number' ? String(value) : describe(value)}`, { hint: 'Pass a number.' });
  }
}

/**
 * Throws unless `value` is a non-null, non-array object whose `fields` (if
 * given) can be read; a getter or trap that throws is an {@link InputError}.
 */
export function expectObject(value: unknown, what: string, fields: readonly string[] = []): asserts value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || isArray(value)) {
    throw new InputError('bad_input', `${what} must be an object, got ${describe(value)}`, { hint: 'Pass an object.' });
  }
  if (fields.length > 0) readHost(what, () => fields.forEach((f) => (value as Record<string, unknown>)[f]));
}

/** {@link expectObject} without narrowing the type (for values already typed, e.g. a union of AST nodes). */
export function expectFields(value: unknown, what: string, fields: readonly string[] = []): void {
  expectObject(value, what, fields);
}

/** Throws unless `value` is an array of strings. */
export function expectTextArray(value: unknown, what: string): asserts value is readonly string[] {
  if (!isArray(value)) throw new InputError('bad_input', `${what} must be an array of text, got ${describe(value)}`, { hint: 'Pass an array of strings.' });
  readHost(what, () => (value as unknown[]).forEach((v, i) => expectText(v, `${what}[${i}]`)));
}

/**
 * Throws unless `value` is an array of objects whose `fields` are all text
 * (e.g. `dialerKVTable` rows: `scope`, `name`, `key`, `value`); rows whose
 * getters or traps throw are an {@link InputError} too.
 */
export function expectRows(value: unknown, what: string, fields: readonly string[] = []): void {
  if (!isArray(value)) throw new InputError('bad_input', `${what} must be an array of rows, got ${describe(value)}`, { hint: 'Load rows with readKvCsv or readKvJson.' });
  readHost(what, () => {
    const rows = value as readonly unknown[];
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as Record<string, unknown> | null;
      if (row === null || typeof row !== 'object' || isArray(row)) {
        throw new InputError('bad_input', `${what}[${i}] must be a row object, got ${describe(row)}`, { hint: 'Load rows with readKvCsv or readKvJson.' });
      }
      for (const f of fields) {
        if (typeof row[f] !== 'string') {
          throw new InputError('bad_input', `${what}[${i}].${f} must be text, got ${describe(row[f])}`, { hint: 'Load rows with readKvCsv or readKvJson, which validate them.' });
        }
      }
    }
  });
}
