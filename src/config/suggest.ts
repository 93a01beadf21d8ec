/**
 * "Did you mean ...?" for entity names and row Names.
 *
 * @module
 */
import { editDistance } from '../util/suggest.js';
import { own } from '../util/own.js';

export { editDistance };

/** Everyday words for entities, mapped to their Dataverse logical names. */
const ENTITY_ALIASES: Readonly<Record<string, string>> = {
  order: 'salesorder',
  orders: 'salesorder',
  salesorders: 'salesorder',
  sales_order: 'salesorder',
  case: 'incident',
  cases: 'incident',
  ticket: 'incident',
  user: 'systemuser',
  users: 'systemuser',
  contacts: 'contact',
  accounts: 'account',
  leads: 'lead',
  company: 'account',
  customer: 'contact',
  person: 'contact',
  opportunities: 'opportunity',
  quotes: 'quote',
  invoices: 'invoice',
};

/** Standard entities a lookup is likely to name. */
export const KNOWN_ENTITIES: readonly string[] = [
  'contact',
  'lead',
  'account',
  'salesorder',
  'incident',
  'opportunity',
  'quote',
  'invoice',
  'systemuser',
];

/**
 * The entity `name` most likely stands for: a known alias (`order` →
 * `salesorder`), else the closest of `candidates` (then of the standard
 * entities) within an edit distance of 2, else undefined.
 */
export function suggestEntity(name: string, candidates: readonly string[]): string | undefined {
  const n = name.toLowerCase();
  const alias = own(ENTITY_ALIASES, n);
  if (alias !== undefined && alias !== n) return alias;
  for (const pool of [candidates, KNOWN_ENTITIES]) {
    let best: string | undefined;
    let bestD = 3;
    for (const c of pool) {
      if (c === n) continue;
      const d = editDistance(n, c, 2);
      if (d < bestD) {
        best = c;
        bestD = d;
      }
    }
    if (best !== undefined) return best;
  }
  return undefined;
}

/** True when `name` is an everyday word for a standard entity rather than a logical name. */
export function isEntityAlias(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(ENTITY_ALIASES, name.toLowerCase());
}
