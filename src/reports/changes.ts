/**
 * Insert, move and remove report columns as **row changes**: the row to add or
 * delete, and the fewest rows whose Order must change. Nothing is mutated; a
 * host applies the changes to the CRM (or to exported rows with
 * {@link applyReportChange}).
 *
 * @module
 */
import { suggest } from '../util/suggest.js';
import { ReportError } from './errors.js';
import { describeColumn, type Report, type ReportColumn } from './read.js';
import { REPORT_COLUMN_TYPES, ReportColumnTypeSchema, ReportWidthSchema, type ReportRow } from './row.js';
import { expectObject, expectRows, expectText, readHost } from '../errors/guard.js';

/**
 * One existing row whose Order must change.
 *
 * @example
 * ```ts
 * import { insertColumn } from 'screenpop';
 * for (const c of insertColumn(report, column, 1).orders) console.log(`${c.name}: Order ${c.from} → ${c.to}`);
 * ```
 */
export interface OrderChange {
  /** The row as it is now. */
  readonly row: ReportRow;
  /** Position of {@link row} in the rows the report was read from (0-based). */
  readonly index: number;
  /** The column's Name (`''` when blank) and heading, for messages. */
  readonly name: string;
  readonly heading: string;
  /** Order as written now (`''` when blank). */
  readonly from: string;
  /** The new Order. */
  readonly to: number;
}

/**
 * The row changes of one edit of a report.
 *
 * @example
 * ```ts
 * import { insertColumn, applyReportChange, readReports } from 'screenpop';
 * const change = insertColumn(report, { description: 'Total Calls', key: 'totalcalls', type: 'attribute', value: '10', name: 'totalCalls' }, 2);
 * // create change.add in the CRM, then write change.orders' new Orders
 * const after = readReports(applyReportChange(rows, change));
 * ```
 */
export interface ReportChange {
  /** `insert`, `move` or `remove`. */
  readonly kind: 'insert' | 'move' | 'remove';
  /** The report edited. */
  readonly report: string;
  /** insert only: the new row, ReportName and Order filled in. */
  readonly add?: ReportRow;
  /** remove only: the row to delete and its position in the rows (0-based). */
  readonly remove?: { readonly row: ReportRow; readonly index: number };
  /**
   * The existing rows whose Order must change, in display order: the fewest
   * that make the Orders strictly increase in the intended order. Usually the
   * following columns "shuffled forward" up to the first gap; none when there
   * is room. Columns whose Order is missing or shared are included, because
   * otherwise re-reading would not give the intended order.
   */
  readonly orders: readonly OrderChange[];
}

/**
 * A new column for {@link insertColumn}: the row without ReportName and Order
 * (which the edit fills in). `description` and `name` default to `''`.
 *
 * @example
 * ```ts
 * import type { NewReportColumn } from 'screenpop';
 * const totalCalls: NewReportColumn = { description: 'Total Calls', key: 'totalcalls', type: 'attribute', value: '10', name: 'totalCalls' };
 * ```
 */
export interface NewReportColumn {
  readonly description?: string;
  readonly key: string;
  readonly type: string;
  readonly value: string;
  readonly name?: string;
}

/**
 * The changes that insert `column` into `report` so that it shows at
 * `position` (0 = first, `report.columns.length` = last).
 *
 * @param report - a report from {@link readReports} (or `{ name, columns: [], width: 0 }` for a new one).
 * @param column - the new column; Key must be non-blank, Type known, and an attribute's Value a width.
 * @param position - the index the column will have, 0 to `report.columns.length`.
 * @throws {@link ReportError} `bad_position`, `invalid_column`, or `column_name_taken` (the Name is in the report already).
 * @example
 * ```ts
 * import { readReports, insertColumn } from 'screenpop';
 * const rows = [
 *   { reportName: 'Agent', order: '1', description: 'Agent', key: 'fullname', type: 'attribute', value: '30', name: 'agent' },
 *   { reportName: 'Agent', order: '2', description: 'State', key: 'state', type: 'livestate', value: '', name: 'state' },
 * ];
 * const report = readReports(rows).reports[0]!;
 * const change = insertColumn(report, { description: 'Total Calls', key: 'totalcalls', type: 'attribute', value: '10', name: 'totalCalls' }, 1);
 * change.add?.order; // '2'
 * change.orders.map((c) => [c.name, c.from, c.to]); // [['state', '2', 3]]
 * ```
 */
export function insertColumn(report: Report, column: NewReportColumn, position: number): ReportChange {
  // Host values whose getters or traps throw (a revoked proxy, say) become a typed error, never theirs.
  return readHost('insertColumn input', () => insertColumnUnguarded(report, column, position));
}

function insertColumnUnguarded(report: Report, column: NewReportColumn, position: number): ReportChange {
  expectObject(report, 'report', ['columns', 'name']);
  expectRows(report['columns'], 'report.columns', ['name']);
  checkPosition(report, position, report.columns.length, 'insert');
  const row = newRow(report, column);
  const seq: Array<ReportColumn | undefined> = [...report.columns];
  seq.splice(position, 0, undefined);
  const { orders, assigned } = plan(report, seq);
  return { kind: 'insert', report: report.name, add: { ...row, order: String(assigned[position]!) }, orders };
}

/**
 * The changes that move the column named `name` so that it shows at
 * `position` (0 = first, `report.columns.length - 1` = last). The moved
 * column's own row is among `orders` when its Order changes; moving a column
 * to where it is gives no changes.
 *
 * @param report - a report from {@link readReports}.
 * @param name - the column's Name (trimmed, case-sensitive).
 * @param position - the index the column will have.
 * @throws {@link ReportError} `unknown_column`, `ambiguous_column` or `bad_position`.
 * @example
 * ```ts
 * import { readReports, moveColumn } from 'screenpop';
 * const report = readReports(rows).reports[0]!;
 * moveColumn(report, 'totalCalls', 0).orders; // the fewest Order changes
 * ```
 */
export function moveColumn(report: Report, name: string, position: number): ReportChange {
  expectObject(report, 'report', ['columns', 'name']);
  expectText(name, 'name');
  expectRows(report['columns'], 'report.columns', ['name']);
  const column = findColumn(report, name);
  checkPosition(report, position, report.columns.length - 1, 'move');
  const seq: Array<ReportColumn | undefined> = report.columns.filter((c) => c !== column);
  seq.splice(position, 0, column);
  return { kind: 'move', report: report.name, orders: plan(report, seq).orders };
}

/**
 * The changes that remove the column named `name`. Removing leaves a gap in
 * the Orders, which is harmless, so no other row changes unless the report's
 * Orders were already missing or shared.
 *
 * @param report - a report from {@link readReports}.
 * @param name - the column's Name (trimmed, case-sensitive).
 * @throws {@link ReportError} `unknown_column` or `ambiguous_column`.
 * @example
 * ```ts
 * import { readReports, removeColumn } from 'screenpop';
 * const change = removeColumn(readReports(rows).reports[0]!, 'totalCalls');
 * change.remove?.row.description; // 'Total Calls'
 * change.orders; // []
 * ```
 */
export function removeColumn(report: Report, name: string): ReportChange {
  expectObject(report, 'report', ['columns', 'name']);
  expectText(name, 'name');
  expectRows(report['columns'], 'report.columns', ['name']);
  const column = findColumn(report, name);
  const seq = report.columns.filter((c) => c !== column);
  return {
    kind: 'remove',
    report: report.name,
    remove: { row: column.row, index: column.index },
    orders: plan(report, seq).orders,
  };
}

/**
 * Applies a change to the rows the report was read from, returning new rows
 * (the input is not mutated): Orders rewritten, the removed row left out, the
 * added row appended. Rows are matched by position and checked field by field.
 *
 * @param rows - the rows passed to `readReports` (or an equal copy).
 * @param change - from {@link insertColumn}, {@link moveColumn} or {@link removeColumn}.
 * @throws {@link ReportError} `stale_change` when a row at a change's position is not the row the change was made for.
 * @example
 * ```ts
 * import { readReports, moveColumn, applyReportChange } from 'screenpop';
 * const moved = applyReportChange(rows, moveColumn(readReports(rows).reports[0]!, 'totalCalls', 0));
 * readReports(moved).reports[0]?.columns[0]?.name; // 'totalCalls'
 * ```
 */
export function applyReportChange(rows: readonly ReportRow[], change: ReportChange): ReportRow[] {
  // Host values whose getters or traps throw (a revoked proxy, say) become a typed error, never theirs.
  return readHost('applyReportChange input', () => applyReportChangeUnguarded(rows, change));
}

function applyReportChangeUnguarded(rows: readonly ReportRow[], change: ReportChange): ReportRow[] {
  expectRows(rows, 'rows');
  expectObject(change, 'change', ['kind', 'report', 'add', 'remove', 'orders']);
  expectRows(change.orders, 'change.orders');
  const out: Array<ReportRow | undefined> = [...rows];
  const check = (index: number, row: ReportRow): void => {
    const now = rows[index];
    if (!now || !sameRow(now, row)) {
      throw new ReportError(
        'stale_change',
        `Row ${index + 1} is not the row the change was made for (${JSON.stringify(row.description || row.key)}); the rows changed since the report was read.`,
        change.report,
        { hint: 'Read the report again from the current rows and make the change again.' },
      );
    }
  };
  for (const c of change.orders) {
    check(c.index, c.row);
    out[c.index] = { ...c.row, order: String(c.to) };
  }
  if (change.remove) {
    check(change.remove.index, change.remove.row);
    out[change.remove.index] = undefined;
  }
  const kept = out.filter((r): r is ReportRow => r !== undefined);
  if (change.add) kept.push(change.add);
  return kept;
}

function sameRow(a: ReportRow, b: ReportRow): boolean {
  return (
    a.reportName === b.reportName &&
    a.order === b.order &&
    a.description === b.description &&
    a.key === b.key &&
    a.type === b.type &&
    a.value === b.value &&
    a.name === b.name
  );
}

function checkPosition(report: Report, position: number, max: number, verb: string): void {
  if (Number.isInteger(position) && position >= 0 && position <= max) return;
  throw new ReportError(
    'bad_position',
    `Cannot ${verb} at position ${position}: report ${JSON.stringify(report.name)} has ${report.columns.length} column${report.columns.length === 1 ? '' : 's'}, so the position must be a whole number from 0 to ${Math.max(0, max)}.`,
    report.name,
    { hint: '0 is the first column; the last position is the end of the report.' },
  );
}

function findColumn(report: Report, name: string): ReportColumn {
  const n = name.trim();
  const found = report.columns.filter((c) => c.name === n && n !== '');
  if (found.length === 1) return found[0]!;
  if (found.length > 1) {
    throw new ReportError(
      'ambiguous_column',
      `Report ${JSON.stringify(report.name)} has ${found.length} columns named ${JSON.stringify(n)}: ${found.map(describeColumn).join(', ')}.`,
      report.name,
      { hint: 'Give each column its own Name first (a duplicate_name finding), then edit it.' },
    );
  }
  const names = report.columns.map((c) => c.name).filter((s) => s !== '');
  const s = suggest(n, names);
  throw new ReportError('unknown_column', `Report ${JSON.stringify(report.name)} has no column named ${JSON.stringify(n)}.`, report.name, {
    hint: s === undefined ? `Its columns are named: ${names.length === 0 ? '(none)' : names.join(', ')}.` : `Did you mean "${s}"?`,
  });
}

function newRow(report: Report, column: NewReportColumn): ReportRow {
  const problems: string[] = [];
  const key = column.key.trim();
  if (key === '') problems.push('Key is blank (a column with no Key shows no data)');
  const type = ReportColumnTypeSchema.safeParse(column.type);
  if (!type.success) {
    const s = suggest(column.type.trim(), REPORT_COLUMN_TYPES);
    problems.push(`Type ${JSON.stringify(column.type)} is not one of ${REPORT_COLUMN_TYPES.join(', ')}${s ? ` (did you mean "${s}"?)` : ''}`);
  } else if (type.data === 'attribute' && !ReportWidthSchema.safeParse(column.value).success) {
    problems.push(`Value ${JSON.stringify(column.value)} is not a width in percent from 0 to 100`);
  }
  if (problems.length > 0) {
    throw new ReportError('invalid_column', `The new column is not valid: ${problems.join('; ')}.`, report.name, {
      hint: 'Give the column a Key, a Type (attribute, rule, filter, calculated, livestate) and, for an attribute, a width in percent as Value.',
    });
  }
  const name = (column.name ?? '').trim();
  if (name !== '') {
    const taken = report.columns.find((c) => c.name === name);
    if (taken) {
      throw new ReportError('column_name_taken', `Report ${JSON.stringify(report.name)} already has a column named ${JSON.stringify(name)}: ${describeColumn(taken)}.`, report.name, {
        hint: 'Choose another Name: other reports cite a column by its Name.',
      });
    }
  }
  return {
    reportName: report.name,
    order: '',
    description: (column.description ?? '').trim(),
    key,
    type: column.type.trim(),
    value: column.value.trim(),
    name,
  };
}

/**
 * Assigns Orders to `seq` (the intended display order; `undefined` = the new
 * column) changing the fewest existing rows.
 *
 * Keeping a set of columns' Orders is possible exactly when, with `b[i] =
 * order[i] - i`, the kept `b` do not decrease and each is at least the floor
 * (room for the columns before it). So the kept set is a longest
 * non-decreasing subsequence of `b`; among the longest, the one keeping the
 * earliest columns, so the changes "shuffle forward" like the seed's manual
 * procedure. The others get the next number after the column before them
 * (the first column, when changed, gets the floor: 1, or 0 when the report
 * already uses 0). Both always fit below the next kept Order, because kept
 * `b` do not decrease and are at least the floor.
 */
function plan(report: Report, seq: ReadonlyArray<ReportColumn | undefined>): { orders: OrderChange[]; assigned: number[] } {
  const known = report.columns.map((c) => c.order).filter((o): o is number => o !== undefined);
  const floor = Math.min(1, ...known);
  const n = seq.length;
  const b = seq.map((c, i) => (c?.order === undefined || c.order - i < floor ? undefined : c.order - i));
  const best = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    const bi = b[i];
    if (bi === undefined) continue;
    let m = 0;
    for (let j = i + 1; j < n; j++) {
      const bj = b[j];
      if (bj !== undefined && bj >= bi && best[j]! > m) m = best[j]!;
    }
    best[i] = 1 + m;
  }
  let need = Math.max(0, ...best);
  let last = Number.NEGATIVE_INFINITY;
  const keep = new Array<boolean>(n).fill(false);
  for (let i = 0; i < n && need > 0; i++) {
    const bi = b[i];
    if (bi !== undefined && bi >= last && best[i]! >= need) {
      keep[i] = true;
      last = bi;
      need--;
    }
  }
  const assigned: number[] = [];
  for (let i = 0; i < n; i++) {
    if (keep[i]) assigned.push(seq[i]!.order!);
    else assigned.push(i === 0 ? floor : assigned[i - 1]! + 1);
  }
  const orders: OrderChange[] = [];
  seq.forEach((c, i) => {
    if (!c || keep[i]) return;
    orders.push({ row: c.row, index: c.index, name: c.name, heading: c.heading, from: c.row.order.trim(), to: assigned[i]! });
  });
  return { orders, assigned };
}
