/**
 * The in-host lookups' query and verification, shared by `createXrmLookup`
 * and `createCifLookup`: the same `$select`/`$filter`/`$orderby`/`$top` the
 * Dataverse adapter sends (literals escaped by src/lookup/filter.ts), and the
 * same verification of what comes back. Imports no phone library: a
 * {@link LookupQuery} already carries the variants `lookupCaller` computed.
 *
 * @module
 */
import { untilAborted } from '../../lookup/abort.js';
import { LookupError } from '../../lookup/errors.js';
import { compileFilter } from '../../lookup/filter.js';
import { MAX_TOP, odataFilter, odataParts, tooManyCandidates } from '../../lookup/query.js';
import type { LookupQuery, LookupRecord } from '../../lookup/types.js';
import { lastDigitsMatch, plainExtension, plainNumber } from './stored.js';

export { checkQuery, MAX_TOP } from '../../lookup/query.js';

/**
 * The OData system query options of a query, `?$select=…&$filter=…&$orderby=…&$top=…`,
 * each value percent-encoded: every phone field `eq` every variant
 * (`startswith` with `storedExtensions`), `or`ed, plus `endswith` terms in
 * `lastDigits` mode (`contains` with `storedExtensions`), `and` the entity's
 * filter; `$top` is `top` when given, else the limit.
 * @internal
 */
export function odataOptions(query: LookupQuery, idField: string, top?: number): string {
  const p = odataParts(query, idField);
  return `?$select=${encodeURIComponent(p.select)}&$filter=${encodeURIComponent(odataFilter(p.terms, p.entityFilter))}&$orderby=${encodeURIComponent(p.orderBy)}&$top=${top ?? p.top}`;
}

/**
 * Asks with `$top` = the limit and verifies; while an answer was full and
 * fewer records than the limit verified (verification dropped candidates:
 * another extension or a longer number found by `startswith`, another
 * country's number by `endswith`), asks again for ten times more candidates,
 * up to {@link MAX_TOP}, then throws `lookup_too_many_candidates`.
 * @internal
 */
export async function searchVerified(
  query: LookupQuery,
  idField: string,
  ask: (options: string) => Promise<readonly unknown[]>,
  verify: (rows: readonly unknown[]) => LookupRecord[],
): Promise<LookupRecord[]> {
  for (let top = Math.max(1, Math.floor(query.limit)); ; top = Math.min(MAX_TOP, top * 10)) {
    const rows = await ask(odataOptions(query, idField, top));
    const records = verify(rows);
    if (records.length >= query.limit || rows.length < top) return records;
    if (top >= MAX_TOP) throw tooManyCandidates(query.entity, records.length);
  }
}

/**
 * Rows a host returned → verified {@link LookupRecord}s: a row counts only
 * when one of its phone fields holds one of the variants ignoring
 * punctuation (Dataverse's `eq`, which ignores case, is stricter), or in
 * `lastDigits` mode ends with the caller's digits; when the query has a filter
 * and `checkFilter` is true, the row must satisfy it too (for hosts that
 * cannot filter, e.g. Open CTI). Each id once, at most `limit`.
 * @internal
 */
export function verifiedRecords(
  rows: readonly unknown[],
  query: LookupQuery,
  read: { readonly id: (row: Record<string, unknown>) => unknown; readonly field?: (row: Record<string, unknown>, field: string) => unknown; readonly applyFilter?: boolean },
): LookupRecord[] {
  const wanted = new Set(query.variants.map(plainNumber));
  const predicate = read.applyFilter && query.filter ? compileFilter(query.filter) : undefined;
  const get = read.field ?? ((row: Record<string, unknown>, f: string) => row[f]);
  const out: LookupRecord[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    if (row === null || typeof row !== 'object') continue;
    const r = row as Record<string, unknown>;
    const rawId = read.id(r);
    if (typeof rawId !== 'string' || rawId === '' || seen.has(rawId)) continue;
    let field: string | undefined;
    let phone: string | undefined;
    for (const f of query.phoneFields) {
      const v = get(r, f);
      if (typeof v !== 'string') continue;
      const ok =
        (wanted.has(plainNumber(v)) ||
          (query.lastDigits !== undefined && query.e164 !== undefined && lastDigitsMatch(v, query.e164, query.lastDigits))) &&
        // A stored extension other than the caller's is another number (`startswith` finds both).
        (query.extension === undefined || (plainExtension(v) ?? query.extension) === query.extension);
      if (ok) {
        field = f;
        phone = v;
        break;
      }
    }
    if (field === undefined || phone === undefined) continue; // a candidate that does not verify
    if (predicate && !predicate(r)) continue;
    seen.add(rawId);
    const name = get(r, query.displayField);
    const mod = get(r, 'modifiedon');
    out.push({
      entity: query.entity,
      id: rawId,
      name: typeof name === 'string' ? name : name === undefined || name === null ? '' : String(name),
      phone,
      field,
      ...(typeof mod === 'string' ? { modifiedOn: mod } : {}),
    });
    if (out.length >= query.limit) break;
  }
  return out;
}

/** Rejects with `lookup_aborted` once `signal` aborts (the host call itself cannot be cancelled). @internal */
export function abortable<T>(p: Promise<T>, signal: AbortSignal | undefined, entity: string): Promise<T> {
  if (signal === undefined) return p;
  return untilAborted(p, signal, () => new LookupError('lookup_aborted', `The search of ${entity} was cancelled.`, { entity, cause: signal.reason }));
}
