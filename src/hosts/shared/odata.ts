/**
 * The in-host lookups' query and verification, shared by `createXrmLookup`
 * and `createCifLookup`: the same `$select`/`$filter`/`$orderby`/`$top` the
 * Dataverse adapter sends (literals escaped by src/lookup/filter.ts), and the
 * same verification of what comes back. Imports no phone library: a
 * {@link LookupQuery} already carries the variants `lookupCaller` computed.
 *
 * @module
 */
import { LookupError } from '../../lookup/errors.js';
import { checkFilter, compileFilter, odataString, toODataFilter } from '../../lookup/filter.js';
import type { LookupQuery, LookupRecord } from '../../lookup/types.js';
import { lastDigitsMatch, plainNumber } from './stored.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The most records one search asks for, as the lookupLimit setting allows. */
export const MAX_TOP = 5000;

/**
 * Checks a query as the Dataverse adapter does; true when there is nothing to
 * search (no fields, no variants, limit 0).
 * @internal
 */
export function checkQuery(query: LookupQuery, idField: string): boolean {
  if (query === null || typeof query !== 'object' || typeof query.entity !== 'string' || !Array.isArray(query.phoneFields) || !Array.isArray(query.variants)) {
    throw new LookupError('lookup_bad_option', 'find() needs a LookupQuery: { entity, phoneFields, variants, displayField, limit }.', {
      hint: 'Build queries with lookupCaller, or pass every field of LookupQuery.',
    });
  }
  if (!Number.isInteger(query.limit) || query.limit > MAX_TOP) {
    throw new LookupError('lookup_bad_option', `limit must be a whole number up to ${MAX_TOP}, got ${String(query.limit)}.`, {
      entity: query.entity,
      hint: 'Use the lookupLimit setting (1–5000); the default is 10.',
    });
  }
  for (const [what, name] of [
    ['entity', query.entity],
    ['id field', idField],
    ['display field', query.displayField],
    ...query.phoneFields.map((f) => ['phone field', f] as const),
  ] as const) {
    if (typeof name !== 'string' || !NAME.test(name)) {
      throw new LookupError('lookup_bad_option', `The ${what} "${String(name)}" is not a Dataverse name.`, {
        entity: query.entity,
        hint: 'Use logical names: letters, digits and underscores.',
      });
    }
  }
  if (query.filter) checkFilter(query.filter, query.entity);
  return query.limit <= 0 || query.phoneFields.length === 0 || query.variants.length === 0;
}

/**
 * The OData system query options of a query, `?$select=…&$filter=…&$orderby=…&$top=…`,
 * each value percent-encoded: every phone field `eq` every variant (`or`ed),
 * plus `endswith` terms in `lastDigits` mode, `and` the entity's filter.
 * @internal
 */
export function odataOptions(query: LookupQuery, idField: string): string {
  const terms: string[] = [];
  for (const field of query.phoneFields) {
    for (const v of query.variants) terms.push(`${field} eq ${odataString(v)}`);
    if (query.lastDigits !== undefined && query.e164 !== undefined) terms.push(`endswith(${field},${odataString(query.e164.slice(-query.lastDigits))})`);
  }
  const filter = query.filter && query.filter.kind !== 'always' ? `(${terms.join(' or ')}) and ${toODataFilter(query.filter)}` : terms.join(' or ');
  const select = [...new Set([idField, query.displayField, ...query.phoneFields, 'modifiedon'])].join(',');
  return `?$select=${encodeURIComponent(select)}&$filter=${encodeURIComponent(filter)}&$orderby=${encodeURIComponent(`${query.displayField} asc,${idField} asc`)}&$top=${Math.max(1, Math.floor(query.limit))}`;
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
        wanted.has(plainNumber(v)) ||
        (query.lastDigits !== undefined && query.e164 !== undefined && lastDigitsMatch(v, query.e164, query.lastDigits));
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
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new LookupError('lookup_aborted', `The search of ${entity} was cancelled.`, { entity, cause: signal.reason }));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(
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
