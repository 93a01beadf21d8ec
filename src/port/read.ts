/**
 * `readPortTable`: one exported table (CSV or JSON text) as the rows
 * {@link planPort} takes, with every row accounted for: read, or reported.
 * Pure (the CLI reads the files).
 *
 * @module
 */
import { parse } from 'csv-parse/sync';
import { ConfigError } from '../config/errors.js';
import { isObject, morePages } from '../config/json.js';
import { scanJson } from '../config/jsonscan.js';
import { matchColumn } from '../config/row.js';
import { expectFields, expectText } from '../errors/guard.js';
import type { ExportedRow, PortTableName } from './plan.js';

/**
 * Options of {@link readPortTable}.
 *
 * @example
 * ```ts
 * import { readPortTable } from 'screenpop';
 * readPortTable('Scope,Name,Key,Value\nglobal,customURL_Rule,01,*=>default\n', { table: 'dialerKvTable', format: 'csv', source: 'dialerKvTable.csv' });
 * ```
 */
export interface PortReadOptions {
  /** The table, for its column rules (dialerKvTable: two columns standing for one field are refused). */
  readonly table: PortTableName;
  /** `'csv'` or `'json'`. Default: JSON when the text starts with `[` or `{`, else CSV. */
  readonly format?: 'csv' | 'json';
  /** Name of the file, prefixed to every error's `source`. Default: the table name. */
  readonly source?: string;
}

/**
 * What {@link readPortTable} returns: the rows, and one error per problem.
 * Any error means the plan would be built from an incomplete table: the CLI
 * refuses to plan (exit 2).
 *
 * @example
 * ```ts
 * import { readPortTable, type PortReadResult } from 'screenpop';
 * const r: PortReadResult = readPortTable('[]', { table: 'dialerDnis' });
 * r.errors.length; // 0
 * ```
 */
export interface PortReadResult {
  readonly rows: ExportedRow[];
  readonly errors: ConfigError[];
}

/**
 * Reads one exported table for {@link planPort}. Rows keep every column
 * (the plan decides which to copy). Refused, each as a {@link ConfigError}:
 *
 * - CSV: malformed CSV (`csv_syntax`), a header naming a column twice, in any
 *   letter case, or (dialerKvTable) two columns standing for one field, such
 *   as `Name` and `cts_name` (`duplicate_column`), a record whose field count
 *   differs from the header's (`column_count`). CR, LF and CRLF line ends.
 * - JSON: text that is not JSON (`invalid_json`), neither an array nor a Web
 *   API `{ "value": [...] }` (`invalid_payload`), a row that is not an object
 *   (`row_not_object`), a key written twice (`duplicate_key`), one page of a
 *   paged result (`more_pages`), a number that a JavaScript number cannot hold
 *   exactly, such as `12345678901234567890` (`bad_value`). dialerKvTable text
 *   columns (Key, Value, ...) keep a number's text as written (`1.10`).
 *
 * Column names such as `constructor` or `__proto__` are plain columns.
 *
 * @example
 * ```ts
 * import { readPortTable } from 'screenpop';
 * const { rows, errors } = readPortTable('Name,NAME\nx,y\n', { table: 'dialerDnis', format: 'csv' });
 * errors[0]?.code; // 'duplicate_column'
 * ```
 */
export function readPortTable(text: string, options: PortReadOptions): PortReadResult {
  expectText(text, 'The export');
  expectFields(options, 'options', ['source', 'table', 'format']);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const source = options.source ?? options.table;
  const json = options.format === undefined ? /^\s*[[{]/.test(body) : options.format === 'json';
  return json ? readJson(body, options.table, source) : readCsv(body, options.table, source);
}

function readCsv(body: string, table: PortTableName, source: string): PortReadResult {
  const errors: ConfigError[] = [];
  const records: Array<{ fields: string[]; line: number }> = [];
  try {
    parse(body, {
      record_delimiter: ['\r\n', '\n', '\r'],
      skip_empty_lines: true,
      relax_column_count: true,
      on_record: (fields: string[], ctx) => {
        records.push({ fields, line: ctx.lines - countBreaks(fields) });
        return null;
      },
    });
  } catch (e) {
    errors.push(
      new ConfigError('csv_syntax', `The file is not valid CSV: ${String((e as Error).message ?? e).replace(/\.$/, '')}.`, {
        source,
        hint: 'Export the table again as CSV; put quotes around a field that holds a comma, a quote or a line break.',
        cause: e,
      }),
    );
    return { rows: [], errors };
  }
  const header = records[0];
  if (!header) return { rows: [], errors };
  const names = header.fields.map((h) => h.trim());
  const seen = new Map<string, string>();
  const kvField = new Map<string, string>();
  names.forEach((name, i) => {
    if (name === '') return;
    const lower = name.toLowerCase();
    const field = table === 'dialerKvTable' ? matchColumn(name)?.field : undefined;
    const prev = seen.get(lower) ?? (field === undefined ? undefined : kvField.get(field));
    if (prev !== undefined) {
      errors.push(
        new ConfigError('duplicate_column', `Columns "${prev}" and "${header.fields[i]}" ${field ? `both stand for ${field}` : 'have the same name'}: a reader would keep one value silently.`, {
          source,
          row: header.line,
          columnName: name,
          hint: 'Delete one of the two columns.',
        }),
      );
      return;
    }
    seen.set(lower, name);
    if (field !== undefined) kvField.set(field, name);
  });
  if (errors.length > 0) return { rows: [], errors };
  const rows: ExportedRow[] = [];
  for (const rec of records.slice(1)) {
    if (rec.fields.length !== names.length) {
      errors.push(
        new ConfigError('column_count', `Line ${rec.line} has ${rec.fields.length} fields but the header has ${names.length}.`, {
          source,
          row: rec.line,
          hint: 'Put quotes around a field that holds a comma or a line break.',
        }),
      );
      continue;
    }
    // fromEntries defines own properties: a column named __proto__ is data, not a prototype.
    rows.push(Object.fromEntries(names.flatMap((n, i) => (n === '' ? [] : [[n, rec.fields[i]!]]))));
  }
  return { rows, errors };
}

/** Line breaks inside the fields of a record (quoted), so its first line can be told. */
function countBreaks(fields: readonly string[]): number {
  let n = 0;
  for (const f of fields) n += f.match(/\r\n|\r|\n/g)?.length ?? 0;
  return n;
}

function readJson(body: string, table: PortTableName, source: string): PortReadResult {
  const errors: ConfigError[] = [];
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (e) {
    errors.push(
      new ConfigError('invalid_json', `The text is not valid JSON: ${(e as Error).message}`, {
        source,
        hint: 'Export the table again, or check the file was not cut short.',
        cause: e,
      }),
    );
    return { rows: [], errors };
  }
  const items = Array.isArray(data) ? data : isObject(data) && Object.hasOwn(data, 'value') && Array.isArray(data['value']) ? (data['value'] as unknown[]) : undefined;
  if (items === undefined) {
    errors.push(
      new ConfigError('invalid_payload', 'The JSON is neither an array of rows nor an object with a "value" array.', {
        source,
        hint: 'Pass the body of a Web API response (`{ "value": [...] }`) or an array of row objects.',
      }),
    );
    return { rows: [], errors };
  }
  const more = Array.isArray(data) ? undefined : morePages(data, items.length);
  if (more) errors.push(new ConfigError('more_pages', more, { source, hint: 'Export every page: follow each @odata.nextLink and join the value arrays.' }));
  const scan = scanJson(body);
  for (const d of scan.rootDuplicates) {
    errors.push(new ConfigError('duplicate_key', `The payload has the key ${JSON.stringify(d.key)} more than once.`, { source, columnName: d.key, hint: 'Keep one.' }));
  }
  const rows: ExportedRow[] = [];
  items.forEach((item, i) => {
    const rowNo = i + 1;
    if (!isObject(item)) {
      errors.push(new ConfigError('row_not_object', `Row ${rowNo} is not an object.`, { source: `${source} row ${rowNo}`, row: rowNo, hint: 'Each row must be an object of column → value.' }));
      return;
    }
    const scanned = scan.rows[i];
    const dups = scanned?.duplicates ?? [];
    for (const d of dups) {
      errors.push(
        new ConfigError('duplicate_key', `Row ${rowNo} has the key ${JSON.stringify(d.key)} more than once; a JSON reader keeps only the last.`, {
          source: `${source} row ${rowNo}`,
          row: rowNo,
          columnName: d.key,
          hint: `Keep one ${JSON.stringify(d.key)}; check which value is right.`,
        }),
      );
    }
    if (dups.length > 0) return;
    const out: Array<[string, unknown]> = [];
    let ok = true;
    for (const [k, v] of Object.entries(item)) {
      const raw = typeof v === 'number' ? scanned?.numbers.get(k) : undefined;
      if (raw === undefined || sameNumber(raw, v as number)) {
        out.push([k, table === 'dialerKvTable' && raw !== undefined && matchColumn(k) ? raw : v]);
      } else if (table === 'dialerKvTable' && matchColumn(k)) {
        out.push([k, raw]);
      } else {
        ok = false;
        errors.push(
          new ConfigError('bad_value', `Row ${rowNo}: ${k} is ${raw}, which a JavaScript number cannot hold exactly (it reads as ${String(v)}).`, {
            source: `${source} row ${rowNo}`,
            row: rowNo,
            columnName: k,
            hint: 'Export the value as text (in quotes), or round it.',
          }),
        );
      }
    }
    if (ok) rows.push(Object.fromEntries(out));
  });
  return { rows, errors };
}

/** Whether the JSON number text `raw` is exactly the number `n` (`2.50` is 2.5; `12345678901234567890` is not). */
function sameNumber(raw: string, n: number): boolean {
  const a = decimal(raw);
  return a !== undefined && a === decimal(String(n));
}

/** A canonical decimal `sign digits e exponent` with no leading or trailing zeros, e.g. `-15e-1`. */
function decimal(text: string): string | undefined {
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return undefined;
  const frac = m[3] ?? '';
  let digits = (m[2]! + frac).replace(/^0+/, '');
  let exp = Number(m[4] ?? 0) - frac.length;
  if (digits === '') return '0';
  const trailing = /0+$/.exec(digits);
  if (trailing) {
    digits = digits.slice(0, trailing.index);
    exp += trailing[0].length;
  }
  return `${m[1]}${digits}e${exp}`;
}
