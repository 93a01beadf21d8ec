/**
 * The one order of matches: display name (case- and accent-insensitive,
 * numbers by value), then id.
 *
 * @module
 */
import type { LookupRecord } from './types.js';

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** Orders records by display name, then id: the order `limit` keeps and `lookupCaller` shows. @internal */
export function byNameThenId(a: LookupRecord, b: LookupRecord): number {
  return collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
