/**
 * What every OData lookup does with a {@link LookupQuery} before it asks:
 * the checks (shape, limit, logical names, filter) and the parts of the
 * request (`$select`, the `$filter` terms, `$orderby`, `$top`). Shared by the
 * Dataverse adapter (src/lookup/dataverse.ts) and the in-host lookups
 * (src/hosts/shared/odata.ts), so they check and ask alike. Imports no phone
 * library: a query already carries the variants `lookupCaller` computed.
 *
 * @module
 * @internal
 */
import { LookupError } from './errors.js';
import { checkFilter, odataString, toODataFilter } from './filter.js';
import type { LookupQuery } from './types.js';

/** A Dataverse logical name (entity, attribute, entity set). */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The most records one search asks for (`$top`), as the lookupLimit setting allows. @internal */
export const MAX_TOP = 5000;

/** A value in a message, safely (no `toString` of host objects). @internal */
export function describeValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 80 ? `${v.slice(0, 80)}…` : v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' || v === undefined) return String(v);
  if (v === null) return 'null';
  return Array.isArray(v) ? 'an array' : `a ${typeof v}`;
}

/**
 * Checks a query before it is searched: its shape, its `limit` (a whole
 * number up to {@link MAX_TOP}), every logical name it would put in a URL
 * (entity, `entitySet` when given, id field, display field, phone fields),
 * its variants (text) and its filter. True when there is nothing to search
 * (no phone fields, no variants, or `limit` 0).
 *
 * @throws {@link LookupError} `lookup_bad_option`, naming the entity and the value.
 * @internal
 */
export function checkQuery(query: LookupQuery, idField: string, entitySet?: string): boolean {
  if (query === null || typeof query !== 'object' || typeof query.entity !== 'string' || !Array.isArray(query.phoneFields) || !Array.isArray(query.variants)) {
    throw new LookupError('lookup_bad_option', 'find() needs a LookupQuery: { entity, phoneFields, variants, displayField, limit }.', {
      hint: 'Build queries with lookupCaller, or pass every field of LookupQuery.',
    });
  }
  const entity = query.entity;
  if (!Number.isInteger(query.limit) || query.limit > MAX_TOP) {
    throw new LookupError('lookup_bad_option', `limit must be a whole number up to ${MAX_TOP}, got ${describeValue(query.limit)}.`, {
      entity,
      hint: 'Use the lookupLimit setting (1–5000); the default is 10.',
    });
  }
  const names: (readonly [string, unknown])[] = [['entity', entity]];
  if (entitySet !== undefined) names.push(['entity set', entitySet]);
  names.push(['id field', idField], ['display field', query.displayField]);
  for (const f of query.phoneFields) names.push(['phone field', f]);
  for (const [what, name] of names) {
    if (typeof name !== 'string' || !NAME.test(name)) {
      throw new LookupError('lookup_bad_option', `The ${what} ${describeValue(name)} is not a Dataverse name.`, {
        entity,
        hint: 'Use logical names: letters, digits and underscores.',
      });
    }
  }
  for (const v of query.variants) {
    if (typeof v !== 'string') throw new LookupError('lookup_bad_option', `A variant is ${describeValue(v)}, not text.`, { entity, hint: 'Build queries with lookupCaller.' });
  }
  if (query.filter) checkFilter(query.filter, entity);
  return query.limit <= 0 || query.phoneFields.length === 0 || query.variants.length === 0;
}

/** The parts of a checked query's OData request, not yet percent-encoded. @internal */
export interface ODataParts {
  /** `$select`: the id, display and phone fields, and `modifiedon`. */
  readonly select: string;
  /**
   * The phone terms, to be `or`ed: every phone field `eq` every variant
   * (`startswith` with `storedExtensions`), plus `endswith` terms in
   * `lastDigits` mode (`contains` with `storedExtensions`).
   */
  readonly terms: readonly string[];
  /** The entity's filter as OData, to be `and`ed with the phone terms; undefined when there is none. */
  readonly entityFilter: string | undefined;
  /** `$orderby`: display field, then id, ascending (a stable order for `$top`). */
  readonly orderBy: string;
  /** `$top`: the limit, at least 1. */
  readonly top: number;
}

/** The request parts of a query {@link checkQuery} accepted (literals escaped by `odataString`). @internal */
export function odataParts(query: LookupQuery, idField: string): ODataParts {
  const terms: string[] = [];
  for (const field of query.phoneFields) {
    // A stored value may end with an extension: ask for values starting with the number.
    if (query.storedExtensions === true) for (const v of query.variants) terms.push(`startswith(${field},${odataString(v)})`);
    else for (const v of query.variants) terms.push(`${field} eq ${odataString(v)}`);
    if (query.lastDigits !== undefined && query.e164 !== undefined) {
      // With extensions stored after the number, the digits are not at the end: `contains` (verified after).
      const fn = query.storedExtensions === true ? 'contains' : 'endswith';
      terms.push(`${fn}(${field},${odataString(query.e164.slice(-query.lastDigits))})`);
    }
  }
  return {
    select: [...new Set([idField, query.displayField, ...query.phoneFields, 'modifiedon'])].join(','),
    terms,
    entityFilter: query.filter && query.filter.kind !== 'always' ? toODataFilter(query.filter) : undefined,
    orderBy: `${query.displayField} asc,${idField} asc`,
    top: Math.max(1, Math.floor(query.limit)),
  };
}

/**
 * The error when even {@link MAX_TOP} candidates leave fewer verified records
 * than the limit: the rest of the candidates were not seen. @internal
 */
export function tooManyCandidates(entity: string, verified: number): LookupError {
  return new LookupError(
    'lookup_too_many_candidates',
    `The search of ${entity} found ${MAX_TOP} or more candidate records and only ${verified} of them hold the caller's number; the rest may not have been seen.`,
    { entity, hint: 'Narrow the entity with an incomingLookup_<entity> filter row (e.g. statecode=0); see docs/errors.md for what turning off lookupLastDigits or storedPhoneExtensions costs.' },
  );
}

/** The `$filter` value of some phone terms and the entity filter. @internal */
export function odataFilter(terms: readonly string[], entityFilter: string | undefined): string {
  return entityFilter === undefined ? terms.join(' or ') : `(${terms.join(' or ')}) and ${entityFilter}`;
}
