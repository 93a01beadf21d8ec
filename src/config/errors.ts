/**
 * Errors and warnings of the configuration model (`dialerKVTable` rows).
 *
 * Errors are raised (or collected) while *loading* rows; warnings are
 * produced while *interpreting* valid rows (a row that cannot be used is not
 * an error in the table, it is a setting that will have no effect).
 *
 * @module
 */
import { ScreenpopError, type ScreenpopErrorOptions } from '../errors/index.js';
import type { KvRow } from './row.js';

/**
 * Every code a KV export can fail to load with; each is a heading in `docs/errors.md`.
 *
 * @example
 * ```ts
 * import { readKvJson, type ConfigErrorCode } from 'screenpop';
 * const codes: ConfigErrorCode[] = readKvJson('{').errors.map((e) => e.code); // ['invalid_json']
 * ```
 */
export type ConfigErrorCode =
  | 'empty_input'
  | 'invalid_json'
  | 'invalid_payload'
  | 'row_not_object'
  | 'duplicate_key'
  | 'more_pages'
  | 'csv_syntax'
  | 'missing_column'
  | 'duplicate_column'
  | 'column_count'
  | 'missing_value'
  | 'bad_value';

/**
 * Options of {@link ConfigError}: those of every ScreenpopError, plus where in the table.
 *
 * @example
 * ```ts
 * import { ConfigError } from 'screenpop';
 * new ConfigError('missing_value', 'Scope is blank on line 3.', { row: 3, columnName: 'Scope', source: 'kv.csv' });
 * ```
 */
export interface ConfigErrorOptions extends ScreenpopErrorOptions {
  /**
   * 1-based row number. CSV: the line in the file where the record starts
   * (the header is line 1, so the first data row is usually 2). JSON: the
   * position in the array (the first object is row 1). Default: undefined
   * (the problem is not about one row, e.g. the text is not JSON).
   */
  readonly row?: number;
  /** The column as named in the export (e.g. `cts_value`, `Value`). Default: undefined. */
  readonly columnName?: string;
}

/**
 * A `dialerKVTable` export (CSV or JSON) that cannot be read as rows, with the
 * row number and column name of the problem.
 *
 * `row` and `columnName` locate the problem in the table; the inherited
 * `line`/`column` locate it (1-based characters) inside `input`, which is the
 * offending record's own text, shown with a caret excerpt in `message`.
 *
 * @example
 * ```ts
 * import { readKvCsv } from 'screenpop';
 * const { errors } = readKvCsv('Scope,Name,Key\nglobal,customURL_Rule,01\n');
 * console.log(errors[0]?.code, errors[0]?.columnName); // missing_column Value
 * ```
 */
export class ConfigError extends ScreenpopError<ConfigErrorCode> {
  override name = 'ConfigError';
  /** 1-based row number (see {@link ConfigErrorOptions.row}), or undefined for whole-file problems. */
  readonly row: number | undefined;
  /** The column as named in the export, when the problem is in one column. */
  readonly columnName: string | undefined;

  constructor(code: ConfigErrorCode, detail: string, options: ConfigErrorOptions = {}) {
    super(code, detail, options);
    this.row = options.row;
    this.columnName = options.columnName;
  }

  /**
   * Plain data for JSON output, with `row` and `columnName` when known. The
   * `input` is cut to the line(s) of the problem (with `range` rebased), so a
   * list of errors from a large export stays small; `line` and `column` still
   * point into the whole text.
   */
  override toJSON(): ReturnType<ScreenpopError<ConfigErrorCode>['toJSON']> & {
    row?: number;
    columnName?: string;
  } {
    const base = super.toJSON();
    const from = this.input.lastIndexOf('\n', this.range.start - 1) + 1;
    let to = this.input.indexOf('\n', Math.max(this.range.end - 1, this.range.start));
    if (to < 0) to = this.input.length;
    return {
      ...base,
      input: this.input.slice(from, to),
      range: { start: this.range.start - from, end: Math.min(this.range.end, to) - from },
      ...(this.row === undefined ? {} : { row: this.row }),
      ...(this.columnName === undefined ? {} : { columnName: this.columnName }),
    };
  }
}

/**
 * Throws the first of `errors` (when there is any), its detail saying how
 * many there are in all; used by the throwing loaders.
 * @internal
 */
export function throwFirst(errors: readonly ConfigError[], safeName: string): void {
  const first = errors[0];
  if (!first) return;
  if (errors.length === 1) throw first;
  const more = errors.length - 1;
  throw new ConfigError(first.code, `${first.detail} (and ${more} more problem${more === 1 ? '' : 's'}; ${safeName} lists them all)`, {
    input: first.input,
    range: first.range,
    ...(first.hint === undefined ? {} : { hint: first.hint }),
    ...(first.source === undefined ? {} : { source: first.source }),
    ...(first.row === undefined ? {} : { row: first.row }),
    ...(first.columnName === undefined ? {} : { columnName: first.columnName }),
    cause: first,
  });
}

/**
 * Why a valid row had no (or a reduced) effect on the lookup configuration.
 *
 * @example
 * ```ts
 * import { lookupConfigFromKv, type ConfigWarningCode } from 'screenpop';
 * const codes: ConfigWarningCode[] = lookupConfigFromKv(rows, { user: 'ann' }).warnings.map((w) => w.code);
 * ```
 */
export type ConfigWarningCode =
  | 'unsearched_entity'
  | 'unknown_type'
  | 'empty_value'
  | 'annotated_value'
  | 'duplicate_field'
  | 'duplicate_setting'
  | 'no_phone_fields'
  | 'no_display_field'
  | 'bad_filter'
  | 'bad_setting'
  | 'name_case'
  | 'unknown_entity';

/**
 * A row the lookup configuration could not use (fully), as plain data.
 *
 * @example
 * ```ts
 * import { lookupConfigFromKv } from 'screenpop';
 * const { warnings } = lookupConfigFromKv(
 *   [{ scope: 'global', name: 'incomingLookup_order', key: 'name', value: 'name', type: 'name' }],
 *   { user: 'ann' },
 * );
 * console.log(warnings[0]?.code, warnings[0]?.suggestion); // unsearched_entity salesorder
 * ```
 */
export interface ConfigWarning {
  readonly code: ConfigWarningCode;
  /** One or two sentences: what was ignored or assumed, and why. */
  readonly message: string;
  /** The row concerned, when the warning is about one row. */
  readonly row?: KvRow;
  /** Position of {@link row} in the array passed in (0-based), when about one row. */
  readonly index?: number;
  /** A corrected spelling (an entity, a row Name), when one is likely. */
  readonly suggestion?: string;
}
