/**
 * The shape of an exported CRM table (its columns, which are required, how a
 * row is built and checked), so one CSV loader and one JSON loader serve every
 * table: `dialerKVTable` ({@link KV_TABLE}) and `dialerReports`.
 *
 * @module
 */
import type { ConfigError } from './errors.js';
import { expectFields, expectObject, expectText, expectTextArray } from '../errors/guard.js';
import { own } from '../util/own.js';

/**
 * How a column name matched a field: exactly (`Name`) or after a publisher prefix (`cts_name`).
 *
 * @example
 * ```ts
 * import { KV_TABLE, matchTableColumn } from 'screenpop';
 * matchTableColumn(KV_TABLE, 'cts_Name'); // { field: 'name', prefixed: true }
 * ```
 */
export interface TableColumnMatch<F extends string> {
  readonly field: F;
  readonly prefixed: boolean;
}

/**
 * What the loaders need to know about a table. All fields are read as
 * trimmed text; interpreting them is the job of the table's own module.
 *
 * @typeParam F - the field names (`'scope' | 'name' | ...`).
 * @typeParam R - the row type a loader returns.
 * @example
 * ```ts
 * import { readTableCsv, type TableShape } from 'screenpop';
 * declare const shape: TableShape<'a' | 'b', { a: string; b: string }>;
 * const { rows, errors } = readTableCsv(shape, 'A,B\n1,2\n');
 * ```
 */
export interface TableShape<F extends string, R> {
  /** The fields in the order the seed lists them, used for messages. */
  readonly fields: readonly F[];
  /** Display names of the fields, as Advanced Find shows them. */
  readonly titles: Readonly<Record<F, string>>;
  /** Fields an export must have a column for. */
  readonly required: readonly F[];
  /** Fields whose blank value makes the row unreadable. */
  readonly nonEmpty: readonly F[];
  /** Extra (lower-case) spellings of column names, e.g. `ownerid` for Owner. */
  readonly aliases?: Readonly<Record<string, F>>;
  /** JSON only: fields whose `...FormattedValue` annotation is always preferred (a lookup's display name). */
  readonly preferFormatted?: readonly F[];
  /** JSON only: fields whose `...FormattedValue` annotation is preferred to a number (option-set labels). */
  readonly preferFormattedLabel?: readonly F[];
  /** Builds a row from trimmed field texts (blank fields included as `''` or left out, as the table wants). */
  readonly build: (fields: Partial<Record<F, string>>) => R;
  /** Boundary check of a built row (a zod schema fits). */
  readonly schema: { safeParse(value: unknown): { success: true } | { success: false; error: { message: string } } };
  /** Name of the schema, for messages (`KvRow`). */
  readonly schemaName: string;
  /** How to fill a blank {@link nonEmpty} field, one sentence. */
  readonly blankHint: (field: F) => string;
  /** One example row as JSON, for the `row_not_object` hint. */
  readonly exampleRow: string;
}

/**
 * What a loader returns: every row it could read, and every problem, all at once.
 *
 * @example
 * ```ts
 * import { readReportsCsv, type TableLoadResult, type ReportRow } from 'screenpop';
 * const loaded: TableLoadResult<ReportRow> = readReportsCsv(text);
 * ```
 */
export interface TableLoadResult<R> {
  /** The rows, in table order. A row with a problem is not here but in `errors`. */
  readonly rows: R[];
  /** One error per problem, each with its row number and column name when it has them. */
  readonly errors: ConfigError[];
  /**
   * The row number of each of {@link rows} (same positions), numbered as in
   * errors: CSV, the line where the record starts; JSON, the 1-based position
   * in the array. Lets later findings point into the file.
   */
  readonly rowNumbers: number[];
}

/**
 * The field a column name stands for in `shape`, or undefined for columns the
 * table does not read. Matching is case-insensitive, ignores surrounding
 * spaces and inner spaces (`Report Name`), and tolerates one publisher prefix
 * (`cts_`, `new_`, any `xxx_`); OData annotations (names containing `@`)
 * never match.
 *
 * @example
 * ```ts
 * import { matchTableColumn, KV_TABLE } from 'screenpop';
 * matchTableColumn(KV_TABLE, 'cts_Value'); // { field: 'value', prefixed: true }
 * ```
 */
export function matchTableColumn<F extends string>(
  shape: Pick<TableShape<F, unknown>, 'fields' | 'aliases'>,
  header: string,
): TableColumnMatch<F> | undefined {
  expectObject(shape, 'shape', ['fields', 'aliases']);
  expectTextArray(shape.fields, 'shape.fields');
  expectText(header, 'header');
  const h = header.trim().toLowerCase();
  if (h === '' || h.includes('@')) return undefined;
  const alias = shape.aliases === undefined ? undefined : own(shape.aliases, h);
  if (alias !== undefined) return { field: alias, prefixed: false };
  const exact = fieldNamed(shape.fields, h) ?? fieldNamed(shape.fields, h.replace(/\s+/g, ''));
  if (exact !== undefined) return { field: exact, prefixed: false };
  const m = /^[a-z][a-z0-9]*_(.+)$/.exec(h);
  const prefixed = m ? fieldNamed(shape.fields, m[1]!) : undefined;
  return prefixed === undefined ? undefined : { field: prefixed, prefixed: true };
}

function fieldNamed<F extends string>(fields: readonly F[], lower: string): F | undefined {
  return fields.find((f) => f.toLowerCase() === lower);
}

/**
 * Throws an InputError unless `shape` looks like a {@link TableShape} (the
 * library's own shapes, e.g. `KV_TABLE`, always do).
 * @internal
 */
export function expectTableShape(shape: unknown): void {
  expectFields(shape, 'shape', ['fields', 'required', 'nonEmpty', 'aliases', 'build', 'schema']);
  const s = shape as TableShape<string, unknown>;
  expectTextArray(s.fields, 'shape.fields');
  expectTextArray(s.required, 'shape.required');
  expectTextArray(s.nonEmpty, 'shape.nonEmpty');
  if (typeof s.build !== 'function' || s.schema === null || typeof s.schema !== 'object' || typeof s.schema.safeParse !== 'function') {
    expectText(undefined, 'shape.build and shape.schema (a TableShape such as KV_TABLE)');
  }
}
