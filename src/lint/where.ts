/**
 * Where a lint finding is: its row's index in the rows linted, and the
 * offending part of the row's Value (`valueRange`), which `lintKvText` turns
 * into a line and column in the file. Kept out of lint.ts so the checks stay
 * as they are: they name their row with `rowRef`, and `placeFindings` adds the
 * rest once, at the end.
 *
 * @module
 */
import type { KvRow } from '../config/row.js';
import type { SourceRange } from '../errors/index.js';
import type { Finding } from './lint.js';

/** The row each finding's `row` object was made from (set by lint.ts's `rowRef`). */
export const rowOfRef = new WeakMap<object, KvRow>();

/** The condition of a rule Value: from its first non-blank character to the arrow. */
export function conditionRange(value: string): SourceRange | undefined {
  const arrow = value.indexOf('=>');
  if (arrow < 0) return undefined;
  const start = value.length - value.trimStart().length;
  const end = value.slice(0, arrow).trimEnd().length;
  return end > start ? { start, end } : undefined;
}

/** The URL of a rule Value: after the arrow, trimmed. */
export function targetRange(value: string): SourceRange | undefined {
  const arrow = value.indexOf('=>');
  if (arrow < 0) return undefined;
  const rest = value.slice(arrow + 2);
  const start = arrow + 2 + (rest.length - rest.trimStart().length);
  const end = value.trimEnd().length;
  return end > start ? { start, end } : undefined;
}

/**
 * `{ valueRange }` where `literal` is written after `field` in the Value
 * (case-insensitive, before the arrow), else where the field is; `{}` when
 * neither is found.
 */
export function literalRange(value: string, field: string, literal: string): { valueRange?: SourceRange } {
  const lower = value.toLowerCase();
  const at = lower.indexOf(field.toLowerCase());
  if (at < 0) return {};
  const arrow = lower.indexOf('=>', at);
  const lit = literal.toLowerCase();
  const found = lit === '' ? -1 : lower.indexOf(lit, at + field.length);
  if (found >= 0 && (arrow < 0 || found < arrow)) return { valueRange: { start: found, end: found + lit.length } };
  return { valueRange: { start: at, end: at + field.length } };
}

/**
 * Gives each finding about one of `rows` its `index`, and a `valueRange` to
 * the findings about a whole condition (`unreachable_rule`, `subsumed_rule`)
 * or URL (`bad_url`); keeps one `name_case` finding per row (one cause, one
 * finding).
 */
export function placeFindings(rows: readonly KvRow[], findings: readonly Finding[]): Finding[] {
  const indexOf = new Map<KvRow, number>();
  rows.forEach((r, i) => {
    if (!indexOf.has(r)) indexOf.set(r, i);
  });
  const nameCase = new Set<number>();
  const out: Finding[] = [];
  for (const f of findings) {
    const row = f.row ? rowOfRef.get(f.row) : undefined;
    const index = f.index ?? (row ? indexOf.get(row) : undefined);
    if (f.code === 'name_case' && index !== undefined) {
      if (nameCase.has(index)) continue;
      nameCase.add(index);
    }
    const valueRange =
      f.valueRange ??
      (row && (f.code === 'unreachable_rule' || f.code === 'subsumed_rule') ? conditionRange(row.value) : row && f.code === 'bad_url' ? targetRange(row.value) : undefined);
    out.push({ ...f, ...(index === undefined ? {} : { index }), ...(valueRange ? { valueRange } : {}) });
  }
  return out;
}
