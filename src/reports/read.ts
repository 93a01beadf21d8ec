/**
 * `readReports`: `dialerReports` rows grouped into reports, columns in Order,
 * and findings about what the real-time display will get wrong.
 *
 * @module
 */
import { suggest } from '../util/suggest.js';
import {
  REPORT_COLUMN_TYPES,
  ReportColumnTypeSchema,
  ReportOrderSchema,
  ReportWidthSchema,
  type ReportColumnType,
  type ReportRow,
} from './row.js';
import { expectRows } from '../errors/guard.js';

/**
 * One column of a report, read from its row.
 *
 * @example
 * ```ts
 * import { readReports } from 'screenpop';
 * const col = readReports(rows).reports[0]?.columns[0];
 * console.log(col?.order, col?.heading, col?.key, col?.type, col?.width);
 * ```
 */
export interface ReportColumn {
  /** Name (trimmed): how other reports cite the column; `''` when blank. */
  readonly name: string;
  /** Description (trimmed): the column heading. */
  readonly heading: string;
  /** Key (trimmed): the source of the data. */
  readonly key: string;
  /** The Type, lower-cased, or undefined when it is not one of the known types (an `unknown_type` finding). */
  readonly type: ReportColumnType | undefined;
  /** Value (trimmed) as written. */
  readonly value: string;
  /** Width in percent: `attribute` columns with a valid Value only, else undefined. */
  readonly width: number | undefined;
  /** Order, or undefined when blank or not a whole number (a `missing_order` finding). */
  readonly order: number | undefined;
  /** The row the column was read from. */
  readonly row: ReportRow;
  /** Position of {@link row} in the array passed to {@link readReports} (0-based). */
  readonly index: number;
}

/**
 * One report: its name and its columns in display order.
 *
 * @example
 * ```ts
 * import { readReports } from 'screenpop';
 * for (const r of readReports(rows).reports) console.log(r.name, r.columns.map((c) => c.heading).join(' | '), `${r.width}%`);
 * ```
 */
export interface Report {
  /** ReportName (trimmed). */
  readonly name: string;
  /**
   * The columns in display order: by Order ascending; equal Orders keep table
   * order; columns without a valid Order come last, in table order.
   */
  readonly columns: readonly ReportColumn[];
  /** Sum of the `attribute` columns' widths, in percent. */
  readonly width: number;
}

/**
 * Every finding code of {@link readReports}; each is a heading in `docs/reports.md`.
 *
 * @example
 * ```ts
 * import { readReports, type ReportFindingCode } from 'screenpop';
 * const codes: ReportFindingCode[] = readReports(rows).findings.map((f) => f.code);
 * ```
 */
export type ReportFindingCode =
  | 'duplicate_order'
  | 'missing_order'
  | 'order_gap'
  | 'width_over_100'
  | 'bad_width'
  | 'unknown_type'
  | 'duplicate_name'
  | 'empty_key';

/**
 * One finding about a report, as plain data.
 *
 * @example
 * ```ts
 * import { readReports } from 'screenpop';
 * for (const f of readReports(rows).findings) console.log(f.severity, f.code, f.report, f.message);
 * ```
 */
export interface ReportFinding {
  readonly code: ReportFindingCode;
  /** `error`: the display is wrong or ambiguous; `warning`: likely wrong; `info`: harmless but worth knowing. */
  readonly severity: 'error' | 'warning' | 'info';
  /** The report concerned. */
  readonly report: string;
  /** One or two sentences: what is wrong, naming the columns. */
  readonly message: string;
  /** How to fix it. */
  readonly hint: string;
  /** Positions (0-based) of the rows concerned in the array passed to {@link readReports}. */
  readonly rows: readonly number[];
  /** A likely correction (a Type), when there is one. */
  readonly suggestion?: string;
}

/**
 * What {@link readReports} returns.
 *
 * @example
 * ```ts
 * import { readReports, type ReportsResult } from 'screenpop';
 * const { reports, findings }: ReportsResult = readReports(rows);
 * ```
 */
export interface ReportsResult {
  /** The reports, in the order their first row appears in the table. */
  readonly reports: Report[];
  /** Every finding: by report (in {@link reports} order), then by first row concerned. */
  readonly findings: ReportFinding[];
}

/**
 * Reads `dialerReports` rows as reports: rows grouped by ReportName (trimmed,
 * case-sensitive), each report's columns in Order, and findings:
 *
 * - `duplicate_order` (error): two columns of a report share an Order;
 * - `missing_order` (error): an Order is blank or not a whole number;
 * - `order_gap` (info): Orders skip a number (harmless: columns still show in order);
 * - `width_over_100` (warning): the report's `attribute` widths add up to more than 100 percent;
 * - `bad_width` (error): an `attribute` column's Value is not a percentage from 0 to 100;
 * - `unknown_type` (error): Type is not `attribute`, `rule`, `filter`, `calculated` or `livestate`;
 * - `duplicate_name` (error within a report; warning across reports when the Keys differ):
 *   two columns with one Name, so citing it is ambiguous;
 * - `empty_key` (error): a column with no Key shows no data.
 *
 * No row is dropped: a column with a problem is still in its report.
 *
 * @param rows - rows from `readReportsCsv` / `readReportsJson` (or built by hand).
 * @example
 * ```ts
 * import { readReports } from 'screenpop';
 * const { reports, findings } = readReports([
 *   { reportName: 'Agent', order: '2', description: 'Total Calls', key: 'totalcalls', type: 'attribute', value: '10', name: 'totalCalls' },
 *   { reportName: 'Agent', order: '1', description: 'Agent', key: 'fullname', type: 'attribute', value: '30', name: 'agent' },
 * ]);
 * reports[0]?.columns.map((c) => c.heading); // ['Agent', 'Total Calls']
 * findings.length; // 0
 * ```
 */
export function readReports(rows: readonly ReportRow[]): ReportsResult {
  expectRows(rows, 'rows', ['reportName', 'order', 'description', 'key', 'type', 'value']);
  const groups = new Map<string, ReportColumn[]>();
  rows.forEach((row, index) => {
    const name = row.reportName.trim();
    const list = groups.get(name) ?? [];
    list.push(readColumn(row, index));
    groups.set(name, list);
  });
  const reports: Report[] = [];
  const findings: ReportFinding[] = [];
  for (const [name, columns] of groups) {
    const sorted = sortColumns(columns);
    const width = sorted.reduce((sum, c) => sum + (c.type === 'attribute' ? (c.width ?? 0) : 0), 0);
    reports.push({ name, columns: sorted, width });
    findings.push(...reportFindings(name, sorted, width));
  }
  findings.push(...crossReportNames(reports));
  const rank = new Map(reports.map((r, i) => [r.name, i]));
  findings.sort((a, b) => rank.get(a.report)! - rank.get(b.report)! || (a.rows[0] ?? 0) - (b.rows[0] ?? 0));
  return { reports, findings };
}

/** Reads one row as a column (never fails: problems become findings). @internal */
export function readColumn(row: ReportRow, index: number): ReportColumn {
  const type = ReportColumnTypeSchema.safeParse(row.type);
  const order = ReportOrderSchema.safeParse(row.order);
  const kind = type.success ? type.data : undefined;
  const width = kind === 'attribute' ? ReportWidthSchema.safeParse(row.value) : undefined;
  return {
    name: row.name.trim(),
    heading: row.description.trim(),
    key: row.key.trim(),
    type: kind,
    value: row.value.trim(),
    width: width?.success ? width.data : undefined,
    order: order.success ? order.data : undefined,
    row,
    index,
  };
}

/** Display order: Order ascending (stable), then columns without an Order in table order. @internal */
export function sortColumns(columns: readonly ReportColumn[]): ReportColumn[] {
  return [...columns].sort((a, b) => {
    if (a.order === undefined || b.order === undefined) {
      if (a.order !== b.order) return a.order === undefined ? 1 : -1;
      return a.index - b.index;
    }
    return a.order - b.order || a.index - b.index;
  });
}

/** `"Total Calls" (Name totalCalls)`-style label of a column. @internal */
export function describeColumn(c: ReportColumn): string {
  const heading = c.heading === '' ? '(no heading)' : JSON.stringify(c.heading);
  return c.name === '' ? `${heading} (Key ${JSON.stringify(c.key)})` : `${heading} (Name ${c.name})`;
}

function reportFindings(report: string, columns: readonly ReportColumn[], width: number): ReportFinding[] {
  const out: ReportFinding[] = [];
  const add = (f: Omit<ReportFinding, 'report'>): void => {
    out.push({ report, ...f });
  };
  const byOrder = new Map<number, ReportColumn[]>();
  for (const c of columns) {
    if (c.order === undefined) {
      add({
        code: 'missing_order',
        severity: 'error',
        message: `Column ${describeColumn(c)} has ${String(c.row.order ?? '').trim() === '' ? 'no Order' : `Order ${JSON.stringify(String(c.row.order).trim())}, not a whole number`}; it is shown last.`,
        hint: 'Give it a whole-number Order (moveColumn computes the changes for you).',
        rows: [c.index],
      });
    } else {
      const same = byOrder.get(c.order) ?? [];
      same.push(c);
      byOrder.set(c.order, same);
    }
    if (c.key === '') {
      add({
        code: 'empty_key',
        severity: 'error',
        message: `Column ${describeColumn(c)} has no Key, so it shows no data.`,
        hint: 'Write the source of the data in Key (for an attribute, the field name).',
        rows: [c.index],
      });
    }
    if (c.type === undefined) {
      const s = suggest(c.row.type.trim(), REPORT_COLUMN_TYPES);
      add({
        code: 'unknown_type',
        severity: 'error',
        message: `Column ${describeColumn(c)} has Type ${JSON.stringify(c.row.type.trim())}; expected one of ${REPORT_COLUMN_TYPES.join(', ')}.`,
        hint: s === undefined ? `Set Type to one of ${REPORT_COLUMN_TYPES.join(', ')}.` : `Did you mean "${s}"?`,
        rows: [c.index],
        ...(s === undefined ? {} : { suggestion: s }),
      });
    } else if (c.type === 'attribute' && c.width === undefined) {
      const parsed = ReportWidthSchema.safeParse(c.row.value);
      const why = parsed.success ? '' : (parsed.error.issues[0]?.message ?? '');
      add({
        code: 'bad_width',
        severity: 'error',
        message: `Attribute column ${describeColumn(c)} has Value ${JSON.stringify(c.value)}, not a width in percent${why ? ` (${why})` : ''}.`,
        hint: 'For an attribute column, Value is the column width in percent, e.g. 10.',
        rows: [c.index],
      });
    }
  }
  for (const [order, same] of byOrder) {
    if (same.length < 2) continue;
    add({
      code: 'duplicate_order',
      severity: 'error',
      message: `Columns ${same.map(describeColumn).join(', ')} all have Order ${order}; which shows first is not defined.`,
      hint: 'Give each column its own Order (moveColumn computes the changes for you).',
      rows: same.map((c) => c.index),
    });
  }
  const orders = [...byOrder.keys()].sort((a, b) => a - b);
  for (let i = 1; i < orders.length; i++) {
    const lo = orders[i - 1]!;
    const hi = orders[i]!;
    if (hi - lo <= 1) continue;
    const missing = hi - lo === 2 ? `${lo + 1}` : `${lo + 1}–${hi - 1}`;
    add({
      code: 'order_gap',
      severity: 'info',
      message: `Order skips ${missing} (between ${lo} and ${hi}); the columns still show in order.`,
      hint: 'Nothing to do; a gap leaves room to insert a column without renumbering.',
      rows: [...(byOrder.get(lo) ?? []), ...(byOrder.get(hi) ?? [])].map((c) => c.index),
    });
  }
  if (width > 100) {
    const attrs = columns.filter((c) => c.type === 'attribute' && c.width !== undefined);
    add({
      code: 'width_over_100',
      severity: 'warning',
      message: `The attribute columns' widths add up to ${round(width)}% (${attrs.map((c) => `${c.heading || c.key} ${round(c.width!)}`).join(' + ')}), more than 100%.`,
      hint: 'Reduce the widths (Value) so they add up to 100 or less.',
      rows: attrs.map((c) => c.index),
    });
  }
  const byName = new Map<string, ReportColumn[]>();
  for (const c of columns) {
    if (c.name === '') continue;
    const same = byName.get(c.name) ?? [];
    same.push(c);
    byName.set(c.name, same);
  }
  for (const [name, same] of byName) {
    if (same.length < 2) continue;
    add({
      code: 'duplicate_name',
      severity: 'error',
      message: `${same.length} columns are named ${JSON.stringify(name)} (${same.map((c) => JSON.stringify(c.heading || c.key)).join(', ')}); another report citing ${name} is ambiguous.`,
      hint: 'Give each column its own Name.',
      rows: same.map((c) => c.index),
    });
  }
  return out;
}

/** One Name on columns of different reports with different Keys or Types. */
function crossReportNames(reports: readonly Report[]): ReportFinding[] {
  const out: ReportFinding[] = [];
  const first = new Map<string, { report: Report; column: ReportColumn }>();
  const flagged = new Set<string>();
  for (const report of reports) {
    for (const column of report.columns) {
      if (column.name === '') continue;
      const seen = first.get(column.name);
      if (!seen) {
        first.set(column.name, { report, column });
        continue;
      }
      if (seen.report === report || flagged.has(`${column.name}\u0000${report.name}`)) continue;
      if (seen.column.key === column.key && seen.column.type === column.type) continue;
      flagged.add(`${column.name}\u0000${report.name}`);
      out.push({
        code: 'duplicate_name',
        severity: 'warning',
        report: report.name,
        message: `Column ${JSON.stringify(column.heading || column.key)} (Key ${JSON.stringify(column.key)}) is named ${column.name}, like column ${JSON.stringify(seen.column.heading || seen.column.key)} (Key ${JSON.stringify(seen.column.key)}) in report ${JSON.stringify(seen.report.name)}; citing ${column.name} is ambiguous.`,
        hint: 'Give the columns different Names, or the same Key and Type if they are the same data.',
        rows: [seen.column.index, column.index],
      });
    }
  }
  return out;
}

function round(n: number): string {
  return String(Math.round(n * 100) / 100);
}
