/**
 * Rule order: Keys sort as text, by UTF-16 code units, exactly as Dynamics
 * Telephony does (`"01" < "1" < "10" < "2"`). Equal keys keep input order.
 *
 * @module
 */
import { expectRows, expectText } from '../errors/guard.js';

/**
 * Compares two Keys as Dynamics Telephony does: as text, by UTF-16 code units.
 *
 * @example
 * ```ts
 * import { compareKeys } from 'screenpop';
 * ['2', '10', '1'].sort(compareKeys); // ['1', '10', '2']: Keys sort as text
 * ```
 */
export function compareKeys(a: string, b: string): number {
  if (typeof a !== 'string' || typeof b !== 'string') {
    expectText(a, 'compareKeys: the first Key');
    expectText(b, 'compareKeys: the second Key');
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Rows in evaluation order: by Key as text, ties in input order (a stable sort).
 *
 * @example
 * ```ts
 * import { orderRows } from 'screenpop';
 * orderRows([{ key: '2' }, { key: '10' }, { key: '01' }]).map((r) => r.key); // ['01', '10', '2']
 * ```
 */
export function orderRows<R extends { readonly key: string }>(rows: readonly R[]): R[] {
  expectRows(rows, 'rows', ['key']);
  return rows
    .map((row, index) => ({ row, index }))
    .sort((x, y) => compareKeys(x.row.key, y.row.key) || x.index - y.index)
    .map((x) => x.row);
}
