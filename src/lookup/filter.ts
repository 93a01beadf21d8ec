/**
 * Entity filters (`incomingLookup_<entity>` rows of Type `filter`, e.g.
 * `statecode=0`): a {@link Condition} of the rule language, evaluated over
 * record fields by the memory adapter and translated to OData `$filter` by
 * the Dataverse adapter. Both share one meaning:
 *
 * - strings compare trimmed and case-insensitively (Dataverse: its collation,
 *   which is case-insensitive; it does not trim);
 * - numbers compare as numbers (a numeric string field is read as a number);
 * - `a=x, y` is "any of", `a!=x, y` is "none of";
 * - a missing (null) field makes `=` and the ordering operators false and `!=` true;
 * - `time`, `day` and `date` literals are refused (`lookup_unsupported_filter`):
 *   they describe the call, not a record.
 *
 * @module
 */
import type { Comparison, Condition, Literal } from '../parser/ast.js';
import { LookupError } from './errors.js';

/** A compiled filter: true when the record may match. @internal */
export type RecordPredicate = (row: Readonly<Record<string, unknown>>) => boolean;

/** OData/Dataverse attribute names: letters, digits, underscores. */
const ATTRIBUTE = /^[A-Za-z_][A-Za-z0-9_]*$/;

function refuse(detail: string, entity: string | undefined, filterText: string | undefined, hint: string): never {
  throw new LookupError('lookup_unsupported_filter', detail, {
    ...(entity === undefined ? {} : { entity }),
    ...(filterText === undefined ? {} : { input: filterText }),
    hint,
  });
}

function checkComparison(c: Comparison, entity: string | undefined, filterText: string | undefined): void {
  if (!ATTRIBUTE.test(c.field)) {
    refuse(
      `The filter compares "${c.field}", which is not an attribute name of ${entity ?? 'the entity'}.`,
      entity,
      filterText,
      'Use the logical name of a field of the record, e.g. statecode=0.',
    );
  }
  if (c.values.length === 0) {
    refuse(`The filter compares "${c.field}" with no value.`, entity, filterText, 'Give at least one value.');
  }
  for (const v of c.values) {
    if (v.kind !== 'string' && v.kind !== 'number') {
      refuse(
        `The filter compares "${c.field}" with a ${v.kind} value; lookup filters compare record fields with strings and numbers only.`,
        entity,
        filterText,
        'Write the value as a number or a quoted string.',
      );
    }
    if (v.kind === 'number' && !Number.isFinite(v.value)) {
      refuse(`The filter compares "${c.field}" with a number that is not finite.`, entity, filterText, 'Use a finite number.');
    }
  }
}

/**
 * Checks that a filter can be evaluated and translated, throwing
 * `lookup_unsupported_filter` when not.
 * @internal
 */
export function checkFilter(condition: Condition, entity?: string, filterText?: string): void {
  switch (condition.kind) {
    case 'always':
      return;
    case 'and':
    case 'or':
      for (const item of condition.items) checkFilter(item, entity, filterText);
      return;
    case 'not':
      checkFilter(condition.item, entity, filterText);
      return;
    case 'compare':
      checkComparison(condition, entity, filterText);
      return;
  }
}

function fieldValue(row: Readonly<Record<string, unknown>>, field: string): unknown {
  // Own properties only: a filter on `constructor` must not read Object.prototype.
  const v = Object.hasOwn(row, field) ? row[field] : undefined;
  if (v !== undefined) return v;
  const lower = field.toLowerCase();
  return lower === field || !Object.hasOwn(row, lower) ? undefined : row[lower];
}

function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v.trim());
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

function asText(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim().toLowerCase();
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v).toLowerCase();
  return undefined;
}

/** -1, 0, 1, or undefined when the two cannot be compared. */
function compareTo(v: unknown, lit: Literal): number | undefined {
  if (lit.kind === 'number') {
    const n = asNumber(v);
    if (n === undefined) return undefined;
    return n < lit.value ? -1 : n > lit.value ? 1 : 0;
  }
  const t = asText(v);
  if (t === undefined) return undefined;
  const l = String(lit.value).trim().toLowerCase();
  return t < l ? -1 : t > l ? 1 : 0;
}

function compileComparison(c: Comparison): RecordPredicate {
  const { field, op, values } = c;
  const test = (cmp: number): boolean =>
    op === '<' ? cmp < 0 : op === '<=' ? cmp <= 0 : op === '>' ? cmp > 0 : op === '>=' ? cmp >= 0 : cmp === 0;
  if (op === '!=') {
    return (row) => {
      const v = fieldValue(row, field);
      if (v === undefined || v === null) return true;
      return values.every((lit) => compareTo(v, lit) !== 0);
    };
  }
  return (row) => {
    const v = fieldValue(row, field);
    if (v === undefined || v === null) return false;
    return values.some((lit) => {
      const cmp = compareTo(v, lit);
      return cmp !== undefined && test(cmp);
    });
  };
}

/**
 * Compiles a filter for the memory adapter (after {@link checkFilter}).
 * @internal
 */
export function compileFilter(condition: Condition): RecordPredicate {
  switch (condition.kind) {
    case 'always':
      return () => true;
    case 'and': {
      const items = condition.items.map(compileFilter);
      return (row) => items.every((p) => p(row));
    }
    case 'or': {
      const items = condition.items.map(compileFilter);
      return (row) => items.some((p) => p(row));
    }
    case 'not': {
      const item = compileFilter(condition.item);
      return (row) => !item(row);
    }
    case 'compare':
      return compileComparison(condition);
  }
}

/** An OData string literal: single quotes doubled, so `O'Brien` is `'O''Brien'`. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function odataLiteral(lit: Literal): string {
  return lit.kind === 'number' ? String(lit.value) : odataString(String(lit.value));
}

const ODATA_OPS = { '=': 'eq', '!=': 'ne', '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' } as const;

/**
 * Translates a filter to an OData `$filter` expression (after
 * {@link checkFilter}). `statecode=0` → `statecode eq 0`;
 * `statecode!=2, 3` → `(statecode ne 2 and statecode ne 3)`.
 * @internal
 */
export function toODataFilter(condition: Condition): string {
  switch (condition.kind) {
    case 'always':
      return 'true';
    case 'and':
      return condition.items.length === 0 ? 'true' : `(${condition.items.map(toODataFilter).join(' and ')})`;
    case 'or':
      return condition.items.length === 0 ? 'false' : `(${condition.items.map(toODataFilter).join(' or ')})`;
    case 'not':
      return `(not ${toODataFilter(condition.item)})`;
    case 'compare': {
      const op = ODATA_OPS[condition.op];
      const parts = condition.values.map((lit) => `${condition.field} ${op} ${odataLiteral(lit)}`);
      if (parts.length === 1) return parts[0] as string;
      // `!=` over a list is "none of": every `ne` must hold (null fields satisfy `ne`, as in memory).
      return `(${parts.join(condition.op === '!=' ? ' and ' : ' or ')})`;
    }
  }
}
