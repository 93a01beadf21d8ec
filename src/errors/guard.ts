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

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

/** Throws unless `value` is a string. */
export function expectText(value: unknown, what: string): asserts value is string {
  if (typeof value !== 'string') throw new InputError('bad_input', `${what} must be text, got ${describe(value)}`, { hint: 'Pass a string.' });
}

/** Throws unless `value` is a non-null, non-array object. */
export function expectObject(value: unknown, what: string): asserts value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError('bad_input', `${what} must be an object, got ${describe(value)}`, { hint: 'Pass an object.' });
  }
}

/**
 * Throws unless `value` is an array of objects whose `fields` are all text
 * (e.g. `dialerKVTable` rows: `scope`, `name`, `key`, `value`).
 */
export function expectRows(value: unknown, what: string, fields: readonly string[] = []): void {
  if (!Array.isArray(value)) throw new InputError('bad_input', `${what} must be an array of rows, got ${describe(value)}`, { hint: 'Load rows with readKvCsv or readKvJson.' });
  for (let i = 0; i < value.length; i++) {
    const row = value[i] as Record<string, unknown> | null;
    if (row === null || typeof row !== 'object' || Array.isArray(row)) {
      throw new InputError('bad_input', `${what}[${i}] must be a row object, got ${describe(row)}`, { hint: 'Load rows with readKvCsv or readKvJson.' });
    }
    for (const f of fields) {
      if (typeof row[f] !== 'string') {
        throw new InputError('bad_input', `${what}[${i}].${f} must be text, got ${describe(row[f])}`, { hint: 'Load rows with readKvCsv or readKvJson, which validate them.' });
      }
    }
  }
}
