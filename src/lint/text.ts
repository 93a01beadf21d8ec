/**
 * `lintKvText`: lint a `dialerKVTable` export as text (CSV or JSON), so
 * every finding can say where it is in the file, and a row that cannot be
 * read is a finding too, while every row that could be read is still linted.
 *
 * @module
 */
import type { ConfigError } from '../config/errors.js';
import { readTableCsv } from '../config/csv.js';
import { readTableJson } from '../config/json.js';
import { KV_TABLE, type KvRow } from '../config/row.js';
import { isGlobalScope } from '../config/scope.js';
import { expectText, expectFields } from '../errors/guard.js';
import { lintConfig, type Finding, type FindingPosition, type LintOptions } from './lint.js';
import { csvRowLocator, jsonRowLocator } from './positions.js';

/**
 * Options of {@link lintKvText}: those of {@link lintConfig}, plus the file's name and format.
 *
 * @example
 * ```ts
 * import { lintKvText, type LintTextOptions } from 'screenpop';
 * const options: LintTextOptions = { source: 'exports/kv.csv', format: 'csv' };
 * lintKvText('Scope,Name,Key,Value\n', options);
 * ```
 */
export interface LintTextOptions extends LintOptions {
  /** The file's name, put in every finding's `position.source` and in load errors. Default: `'CSV'` or `'JSON'`. */
  readonly source?: string;
  /** `csv` or `json`. Default: `json` when the text (after a byte-order mark and blanks) starts with `[` or `{`, else `csv`. */
  readonly format?: 'csv' | 'json';
}

/**
 * What {@link lintKvText} returns.
 *
 * @example
 * ```ts
 * import { lintKvText, type LintTextResult } from 'screenpop';
 * const { rows, findings, readable }: LintTextResult = lintKvText('Scope,Name,Key,Value\nglobal,customURL_Rule,01,*=>default\n');
 * rows.length; // 1
 * ```
 */
export interface LintTextResult {
  /** The rows that could be read (and were linted), in file order. */
  readonly rows: KvRow[];
  /**
   * Every finding, each with its `position`: first the problems of the file
   * as a whole, then by line; `unreadable_row` findings (errors) for rows
   * that could not be read, among the findings of the rows that could.
   */
  readonly findings: Finding[];
  /** False when nothing in the text could be read as rows (not CSV/JSON, no header, a missing column). */
  readonly readable: boolean;
}

/**
 * Lints a `dialerKVTable` export given as text: reads it like
 * {@link readKvCsv}/{@link readKvJson}, lints every row read with
 * {@link lintConfig}, and reports each row that could not be read as an
 * `unreadable_row` error with its line and column, so one broken row hides
 * nothing else. Every finding carries a {@link FindingPosition}: the file,
 * the row's line, and the column of the offending part of the Value when the
 * finding is about a rule's condition or URL.
 *
 * Lines are lines of the text (the header is line 1 of a CSV; a JSON row is
 * at the line of its `{`); columns count UTF-16 code units from 1, like
 * {@link ScreenpopError.column}.
 *
 * @param text - the export (CSV or JSON).
 * @param options - see {@link LintTextOptions}.
 * @throws {@link InputError} (`bad_argument`) when `text` is not a string.
 * @example
 * ```ts
 * import { lintKvText } from 'screenpop';
 * const csv = 'Scope,Name,Key,Value\nglobal,customURL_Rule,01,"dnis=1, 2 => /a.html\nglobal,customURL_Rule,02,fromParty.Key=contcat=>default\n';
 * const { findings } = lintKvText(csv, { source: 'kv.csv' });
 * findings.map((f) => `${f.position?.line}:${f.position?.column} ${f.code}`); // ['2:1 unreadable_row', '3:40 unknown_entity']
 * ```
 */
export function lintKvText(text: string, options: LintTextOptions = {}): LintTextResult {
  expectText(text, 'The export');
  expectFields(options, 'options', ['format', 'source']);
  const format = options.format ?? (/^\uFEFF?\s*[[{]/.test(text) ? 'json' : 'csv');
  const source = options.source ?? (format === 'json' ? 'JSON' : 'CSV');
  const loaded = format === 'json' ? readTableJson(KV_TABLE, text, { source }) : readTableCsv(KV_TABLE, text, { source });
  const locate = format === 'json' ? jsonRowLocator(text, loaded.rowNumbers) : csvRowLocator(text, loaded.rowNumbers);
  const lintOptions: LintOptions = options.fields ? { fields: options.fields } : {};
  const linted = lintConfig(loaded.rows, lintOptions).map((f): Finding => {
    // A finding about a row without its index (from a check that does not set it) is placed by the row's Name, Key and Scope.
    const index = f.index ?? (f.row ? indexByRef(loaded.rows, f.row) : undefined);
    if (index === undefined) return { ...f, position: { source } };
    const row = locate.row(index);
    const at = f.valueRange && f.index !== undefined ? locate.value(f.index, f.valueRange.start) : undefined;
    const point = at ?? row;
    return { ...f, position: point ? { source, line: point.line, column: point.column } : { source } };
  });
  const unreadable = loaded.errors.map((e) => unreadableRow(e, source));
  const line = (f: Finding): number => f.position?.line ?? 0;
  const findings = [...unreadable, ...linted]
    .map((f, i) => ({ f, i }))
    .sort((a, b) => line(a.f) - line(b.f) || a.i - b.i)
    .map(({ f }) => f);
  const readable = loaded.rows.length > 0 || !loaded.errors.some((e) => WHOLE_FILE.has(e.code));
  return { rows: loaded.rows, findings, readable };
}

function indexByRef(rows: readonly KvRow[], ref: NonNullable<Finding['row']>): number | undefined {
  const i = rows.findIndex((r) => r.name === ref.name && r.key === ref.key && (ref.scope === undefined ? isGlobalScope(r) : r.scope === ref.scope));
  return i < 0 ? undefined : i;
}

/** Load errors that stop every row from being read. */
const WHOLE_FILE: ReadonlySet<string> = new Set(['empty_input', 'invalid_json', 'invalid_payload', 'missing_column']);

function unreadableRow(e: ConfigError, source: string): Finding {
  const position: FindingPosition = e.input !== '' ? { source, line: e.line, column: e.column } : { source };
  return {
    code: 'unreadable_row',
    severity: 'error',
    position,
    message: `${e.detail} [${e.code}]`,
    hint: `${e.hint ?? 'Export the table again.'} See docs/errors.md#${e.code}.`,
  };
}
