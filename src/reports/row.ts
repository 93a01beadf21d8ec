/**
 * One `dialerReports` row (a column of a real-time-display report), its zod
 * models, and its loaders (the shared CSV/JSON loaders of `dialerKVTable`).
 *
 * @module
 */
import * as z from 'zod/mini';
import { readTableCsv } from '../config/csv.js';
import { readTableJson, type KvLoadOptions } from '../config/json.js';
import type { TableLoadResult, TableShape } from '../config/table.js';

/**
 * zod schema of one `dialerReports` row as exported: every field is text, as
 * the CRM holds it; `reportName` must be non-empty (a column belongs to a
 * report). What the text means is read by `readReports`, which reports
 * problems as findings instead of dropping rows.
 *
 * @example
 * ```ts
 * import { ReportRowSchema } from 'screenpop';
 * ReportRowSchema.parse({ reportName: 'Agent', order: '4', description: 'Total Calls', key: 'totalcalls', type: 'attribute', value: '10', name: 'totalCalls' });
 * ```
 */
export const ReportRowSchema = z.object({
  /** ReportName: the report the column is put in. */
  reportName: z.string().check(z.minLength(1)),
  /** Order: where the column appears (a whole number, as text). */
  order: z.string(),
  /** Description: the column heading. */
  description: z.string(),
  /** Key: the source of the data shown. */
  key: z.string(),
  /** Type: `attribute`, `rule`, `filter`, `calculated` or `livestate`. */
  type: z.string(),
  /** Value: the width in percent for `attribute` columns; other types' meaning is deferred by the seed. */
  value: z.string(),
  /** Name: how other reports cite this column (may be blank). */
  name: z.string(),
});

/**
 * One `dialerReports` row: ReportName, Order, Description, Key, Type, Value, Name (all text).
 *
 * @example
 * ```ts
 * import type { ReportRow } from 'screenpop';
 * const totalCalls: ReportRow = { reportName: 'Agent', order: '4', description: 'Total Calls', key: 'totalcalls', type: 'attribute', value: '10', name: 'totalCalls' };
 * ```
 */
export type ReportRow = z.infer<typeof ReportRowSchema>;

/**
 * The fields of a {@link ReportRow}.
 *
 * @example
 * ```ts
 * import type { ReportField } from 'screenpop';
 * const sortBy: ReportField = 'order';
 * ```
 */
export type ReportField = keyof ReportRow;

/**
 * The column Types the seed names; `attribute` is the only one whose Value it
 * explains (a width in percent).
 *
 * @example
 * ```ts
 * import { REPORT_COLUMN_TYPES } from 'screenpop';
 * REPORT_COLUMN_TYPES.includes('livestate'); // true
 * ```
 */
export const REPORT_COLUMN_TYPES = ['attribute', 'rule', 'filter', 'calculated', 'livestate'] as const;

/**
 * zod schema of a column Type: one of {@link REPORT_COLUMN_TYPES}, read
 * trimmed and case-insensitively.
 *
 * @example
 * ```ts
 * import { ReportColumnTypeSchema } from 'screenpop';
 * ReportColumnTypeSchema.parse(' Attribute '); // 'attribute'
 * ReportColumnTypeSchema.safeParse('atribute').success; // false
 * ```
 */
export const ReportColumnTypeSchema = z.pipe(z.string().check(z.trim(), z.toLowerCase()), z.enum(REPORT_COLUMN_TYPES, 'the Type must be attribute, rule, filter, calculated or livestate'));

/**
 * A column Type (see {@link REPORT_COLUMN_TYPES}).
 *
 * @example
 * ```ts
 * import type { ReportColumnType } from 'screenpop';
 * const t: ReportColumnType = 'attribute';
 * ```
 */
export type ReportColumnType = (typeof REPORT_COLUMN_TYPES)[number];

/**
 * zod schema of an Order: a whole number (digits only, `0` allowed), read trimmed.
 *
 * @example
 * ```ts
 * import { ReportOrderSchema } from 'screenpop';
 * ReportOrderSchema.parse(' 4 '); // 4
 * ReportOrderSchema.safeParse('4a').success; // false
 * ```
 */
export const ReportOrderSchema = z.pipe(
  z.string().check(z.trim(), z.regex(/^\d{1,9}$/, 'Order must be a whole number such as 4')),
  z.transform((s: string) => Number(s)),
);

/**
 * zod schema of an `attribute` column's width: a percentage from 0 to 100,
 * written `10`, `12.5` or `10%`, read trimmed.
 *
 * @example
 * ```ts
 * import { ReportWidthSchema } from 'screenpop';
 * ReportWidthSchema.parse('12.5%'); // 12.5
 * ReportWidthSchema.safeParse('wide').success; // false
 * ```
 */
export const ReportWidthSchema = z.pipe(
  z.pipe(
    z.string().check(z.trim(), z.regex(/^\d+(\.\d+)?\s*%?$/, 'the width must be a percentage such as 10 or 12.5')),
    z.transform((s: string) => Number.parseFloat(s)),
  ),
  z.number().check(z.gte(0, 'the width must be at least 0 (percent)'), z.lte(100, 'the width must be at most 100 (percent)')),
);

const FIELDS: readonly ReportField[] = ['description', 'key', 'type', 'value', 'order', 'reportName', 'name'];

const TITLES: Readonly<Record<ReportField, string>> = {
  description: 'Description',
  key: 'Key',
  type: 'Type',
  value: 'Value',
  order: 'Order',
  reportName: 'ReportName',
  name: 'Name',
};

/**
 * The shape of a `dialerReports` export, for the shared CSV/JSON loaders.
 * Columns Description, Key, Type, Value, Order and ReportName are required
 * (Name may be left out: a column nobody cites); only ReportName must be
 * non-blank to read a row. Headers match like `dialerKVTable` ones:
 * case-insensitively, with one publisher prefix (`cts_reportname`) and inner
 * spaces ignored (`Report Name`).
 *
 * @example
 * ```ts
 * import { REPORTS_TABLE, readTableCsv } from 'screenpop';
 * const { rows } = readTableCsv(REPORTS_TABLE, 'Report Name,Order,Description,Key,Type,Value\nAgent,1,Calls,calls,attribute,10\n');
 * ```
 */
export const REPORTS_TABLE: TableShape<ReportField, ReportRow> = {
  fields: FIELDS,
  titles: TITLES,
  required: ['description', 'key', 'type', 'value', 'order', 'reportName'],
  nonEmpty: ['reportName'],
  preferFormattedLabel: ['type'],
  build: (fields) => ({
    reportName: fields.reportName ?? '',
    order: fields.order ?? '',
    description: fields.description ?? '',
    key: fields.key ?? '',
    type: fields.type ?? '',
    value: fields.value ?? '',
    name: fields.name ?? '',
  }),
  schema: ReportRowSchema,
  schemaName: 'ReportRow',
  blankHint: () => 'Write the name of the report the column belongs to, e.g. Agent.',
  exampleRow: '{"ReportName":"Agent","Order":"4","Description":"Total Calls","Key":"totalcalls","Type":"attribute","Value":"10","Name":"totalCalls"}',
};

/**
 * Reads `dialerReports` rows from CSV text (an Advanced Find export), with
 * the same rules and row-precise {@link ConfigError}s as `readKvCsv`: row
 * numbers are line numbers in the file.
 *
 * @param text - the CSV text.
 * @param options - see {@link KvLoadOptions} (default source `'CSV'`).
 * @example
 * ```ts
 * import { readReportsCsv, readReports } from 'screenpop';
 * const { rows, errors } = readReportsCsv('ReportName,Order,Description,Key,Type,Value,Name\nAgent,1,Total Calls,totalcalls,attribute,10,totalCalls\n');
 * readReports(rows).reports[0]?.columns[0]?.heading; // 'Total Calls'
 * ```
 */
export function readReportsCsv(text: string, options: KvLoadOptions = {}): TableLoadResult<ReportRow> {
  return readTableCsv(REPORTS_TABLE, text, options);
}

/**
 * Reads `dialerReports` rows from JSON text (a Web API payload
 * `{ "value": [...] }` or a plain array), with the same rules and
 * row-precise {@link ConfigError}s as `readKvJson`. Numbers (an Order of `4`)
 * are read as text.
 *
 * @param text - the JSON text.
 * @param options - see {@link KvLoadOptions} (default source `'JSON'`).
 * @example
 * ```ts
 * import { readReportsJson } from 'screenpop';
 * const { rows } = readReportsJson('[{"cts_reportname":"Agent","cts_order":4,"cts_description":"Total Calls","cts_key":"totalcalls","cts_type":"attribute","cts_value":"10","cts_name":"totalCalls"}]');
 * rows[0]?.order; // '4'
 * ```
 */
export function readReportsJson(text: string, options: KvLoadOptions = {}): TableLoadResult<ReportRow> {
  return readTableJson(REPORTS_TABLE, text, options);
}
