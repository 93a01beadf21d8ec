/**
 * Loading `dialerKVTable` rows from a CSV export (Advanced Find, Excel, or any
 * tool writing RFC 4180 CSV), with csv-parse doing the parsing.
 *
 * @module
 */
import { parse } from 'csv-parse/sync';
import { ConfigError, throwFirst, type ConfigErrorCode } from './errors.js';
import { listOrNone, type KvLoadOptions, type KvLoadResult } from './json.js';
import { KV_TABLE, type KvRow } from './row.js';
import { expectTableShape, matchTableColumn, type TableLoadResult, type TableShape } from './table.js';
import { expectFields, expectText } from '../errors/guard.js';

interface RawRecord {
  readonly fields: readonly string[];
  /** Byte offset where the record starts (after skipped blank lines). */
  readonly start: number;
  /** Byte offset just past the record (and its line break). */
  readonly end: number;
}

interface SyntaxProblem {
  readonly start: number;
  readonly message: string;
  readonly code: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Reads `dialerKVTable` rows from CSV text, such as an Advanced Find export
 * saved as CSV from Excel.
 *
 * - A UTF-8 byte-order mark is ignored; quoted fields may hold commas,
 *   quotes (`""`) and line breaks; CRLF, LF and CR-only (old Excel for Mac)
 *   line ends all work, mixed too.
 * - The delimiter is the one the header line uses most among `,`, `;`
 *   (Excel in many European locales) and tab. Default: `,`.
 * - Headers are matched like the JSON loader's keys: case-insensitively, with
 *   one publisher prefix tolerated (`cts_name`, `Name`, `NAME`); display
 *   headers (`Scope`, `Owner`) work; other columns, such as Excel's
 *   `(Do Not Modify) ...` columns, are ignored.
 * - Lines that are blank, or records whose every field is blank (Excel's
 *   trailing `,,,,` lines), hold no row and are skipped.
 *
 * Row numbers are **line numbers in the file** where the record starts (the
 * header is line 1; CR, LF and CRLF each end a line), so an editor can jump to them; a record with a quoted
 * line break spans several lines and is numbered by its first. Every problem
 * is reported; a malformed record is reported and parsing resumes on the next
 * line, so one stray quote does not hide the rest of the file.
 *
 * @param text - the CSV text.
 * @param options - see {@link KvLoadOptions}.
 * @example
 * ```ts
 * import { readKvCsv } from 'screenpop';
 * const csv = 'Owner,Scope,Parent,Name,Key,Value,Type\nAdmin,global,,customURL_Rule,01,"dnis=1234, 5678=>default",\n';
 * const { rows, errors } = readKvCsv(csv);
 * console.log(rows[0]?.value, errors.length); // dnis=1234, 5678=>default 0
 * ```
 */
export function readKvCsv(text: string, options: KvLoadOptions = {}): KvLoadResult {
  const { rows, errors } = readTableCsv(KV_TABLE, text, options);
  return { rows, errors };
}

/**
 * {@link readKvCsv} for any table: reads rows of `shape` from CSV text, with
 * the same rules (delimiter detection, header matching, line-numbered errors,
 * resuming after a malformed record).
 *
 * @param shape - the table, e.g. `KV_TABLE` or `REPORTS_TABLE`.
 * @param text - the CSV text.
 * @param options - see {@link KvLoadOptions}.
 * @example
 * ```ts
 * import { readTableCsv, REPORTS_TABLE } from 'screenpop';
 * const { rows, errors } = readTableCsv(REPORTS_TABLE, 'ReportName,Order,Description,Key,Type,Value,Name\nAgent,1,Calls,calls,attribute,10,totalCalls\n');
 * ```
 */
export function readTableCsv<F extends string, R>(shape: TableShape<F, R>, text: string, options: KvLoadOptions = {}): TableLoadResult<R> {
  expectTableShape(shape);
  expectText(text, 'The CSV export');
  expectFields(options, 'options', ['source']);
  const source = options.source ?? 'CSV';
  const rows: R[] = [];
  const rowNumbers: number[] = [];
  const errors: ConfigError[] = [];
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const bytes = encoder.encode(body);
  const pos = positions(body, bytes);
  /** The record's text (without its line break) and where it starts in `body`. */
  const recordText = (start: number, end: number): { raw: string; at: number } => ({
    raw: decoder.decode(bytes.subarray(start, end)).replace(/\r?\n$/, '').replace(/\r$/, ''),
    at: pos.charOffset(start),
  });
  let errorInput: string | undefined;
  const err = (
    code: ConfigErrorCode,
    detail: string,
    row: number,
    range: { start: number; end: number },
    hint: string,
    columnName?: string,
  ): ConfigError =>
    new ConfigError(code, detail, {
      // Lone CRs read as LFs (same length, so ranges hold): errors count lines as this loader does.
      input: (errorInput ??= body.replace(/\r(?!\n)/g, '\n')),
      range,
      row,
      source,
      hint,
      ...(columnName === undefined ? {} : { columnName }),
    });

  const delimiter = detectDelimiter(body);
  const { records, problems } = parseAll(bytes, delimiter);

  for (const p of problems) {
    const line = pos.lineAt(p.start);
    const { raw, at } = recordText(p.start, lineBreakAt(bytes, p.start));
    errors.push(
      err(
        'csv_syntax',
        `The record on line ${line} is not valid CSV: ${p.message}.`,
        line,
        { start: at, end: at + raw.length },
        'Put quotes around a field that holds a comma, a quote or a line break, and double a quote inside quotes ("").',
      ),
    );
  }

  const headerRec = records[0];
  if (!headerRec) {
    if (errors.length === 0) {
      errors.push(
        new ConfigError('empty_input', 'The CSV text has no header line.', {
          source,
          hint: `Export the rows with their column headers (${shape.fields.map((f) => shape.titles[f]).join(', ')}).`,
        }),
      );
    }
    return { rows, errors: sortByRow(errors), rowNumbers };
  }

  // Map header columns to fields.
  const headerLine = pos.lineAt(headerRec.start);
  const header = recordText(headerRec.start, headerRec.end);
  const columnIndex = new Map<F, number>();
  headerRec.fields.forEach((h, i) => {
    const m = matchTableColumn(shape, h);
    if (!m) return;
    const prev = columnIndex.get(m.field);
    if (prev !== undefined) {
      errors.push(
        err(
          'duplicate_column',
          `Columns "${headerRec.fields[prev]}" and "${h}" both stand for ${shape.titles[m.field]}; the first is used.`,
          headerLine,
          fieldRange(header, delimiter, i),
          `Delete one of the two ${shape.titles[m.field]} columns.`,
          h,
        ),
      );
      return;
    }
    columnIndex.set(m.field, i);
  });
  const missing = shape.required.filter((f) => !columnIndex.has(f));
  if (missing.length > 0 && columnIndex.size === 0) {
    // No field of the first line names a column: a header left out or misspelt (one error, not one per column).
    const titles = shape.required.map((f) => shape.titles[f]);
    errors.push(
      err(
        'missing_column',
        `No field of the first line (${listOrNone(headerRec.fields)}) names a column: the header row is missing or misspelt, so no row can be read.`,
        headerLine,
        { start: header.at, end: header.at + header.raw.length },
        `Start the file with a header line naming the columns: ${titles.join(',')} (or with a publisher prefix, e.g. cts_name).`,
        titles[0],
      ),
    );
    return { rows, errors: sortByRow(errors), rowNumbers };
  }
  if (missing.length > 0) {
    const n = records.length - 1;
    for (const f of missing) {
      errors.push(
        err(
          'missing_column',
          `There is no ${shape.titles[f]} column, so none of the ${n} row${n === 1 ? '' : 's'} can be read; headers seen: ${listOrNone(headerRec.fields)}.`,
          headerLine,
          { start: header.at, end: header.at + header.raw.length },
          `Add a "${shape.titles[f]}" column (or "<prefix>_${f.toLowerCase()}") to the export.`,
          shape.titles[f],
        ),
      );
    }
    return { rows, errors: sortByRow(errors), rowNumbers };
  }

  const width = headerRec.fields.length;
  for (const rec of records.slice(1)) {
    const line = pos.lineAt(rec.start);
    const record = recordText(rec.start, rec.end);
    const whole = { start: record.at, end: record.at + record.raw.length };
    const rowErrors: ConfigError[] = [];
    const extra = rec.fields.slice(width).filter((f) => f.trim() !== '');
    if (rec.fields.length < width) {
      rowErrors.push(
        err(
          'column_count',
          `Line ${line} has ${rec.fields.length} field${rec.fields.length === 1 ? '' : 's'} but the header has ${width}.`,
          line,
          whole,
          'A line break inside a field needs quotes around the field; otherwise the row is split in two.',
        ),
      );
    } else if (extra.length > 0) {
      rowErrors.push(
        err(
          'column_count',
          `Line ${line} has text in ${extra.length} field${extra.length === 1 ? '' : 's'} beyond the header's ${width} columns.`,
          line,
          fieldRange(record, delimiter, width),
          'Put quotes around a field that holds the delimiter.',
        ),
      );
    }
    const fields: Partial<Record<F, string>> = {};
    for (const [f, i] of columnIndex) {
      const v = rec.fields[i];
      if (v !== undefined) fields[f] = v.trim();
    }
    if (rowErrors.length === 0) {
      for (const f of shape.nonEmpty) {
        if ((fields[f] ?? '') !== '') continue;
        const i = columnIndex.get(f)!;
        const name = headerRec.fields[i] ?? shape.titles[f];
        rowErrors.push(
          err(
            'missing_value',
            `${shape.titles[f]} is blank on line ${line}.`,
            line,
            fieldRange(record, delimiter, i),
            shape.blankHint(f),
            name,
          ),
        );
      }
    }
    if (rowErrors.length > 0) {
      errors.push(...rowErrors);
      continue;
    }
    const row = shape.build(fields);
    const checked = shape.schema.safeParse(row);
    if (!checked.success) {
      errors.push(err('bad_value', `Line ${line} does not fit the row schema: ${checked.error.message}`, line, whole, `Check the row against the ${shape.schemaName} schema.`));
      continue;
    }
    rows.push(row);
    rowNumbers.push(line);
  }
  return { rows, errors: sortByRow(errors), rowNumbers };
}

/**
 * Like {@link readKvCsv}, but throws when there is any problem and returns
 * the rows otherwise.
 *
 * @throws {@link ConfigError} the first problem (by line); its message says how many there are.
 * @example
 * ```ts
 * import { parseKvCsv } from 'screenpop';
 * const rows = parseKvCsv('Scope,Name,Key,Value\nglobal,lookupEntities,inbound,"contact, salesorder"\n');
 * ```
 */
export function parseKvCsv(text: string, options: KvLoadOptions = {}): KvRow[] {
  const { rows, errors } = readKvCsv(text, options);
  throwFirst(errors, 'readKvCsv');
  return rows;
}

/**
 * Parses every record, resuming after a malformed one on the line after its
 * first line. Blank records (no text in any field) are dropped here: they hold
 * no row.
 */
function parseAll(bytes: Uint8Array, delimiter: string): { records: RawRecord[]; problems: SyntaxProblem[] } {
  const records: RawRecord[] = [];
  const problems: SyntaxProblem[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    let last = offset;
    try {
      parse(bytes.subarray(offset), {
        delimiter,
        // Any line end ends a record, as any line end numbers a line (CR-only files from old Excel too).
        record_delimiter: ['\r\n', '\n', '\r'],
        relax_column_count: true,
        skip_empty_lines: true,
        on_record: (record: string[], ctx) => {
          const end = offset + ctx.bytes;
          const start = skipLineBreaks(bytes, last, end);
          last = end;
          if (record.some((f) => f.trim() !== '')) records.push({ fields: record, start, end });
          return null;
        },
      });
      break;
    } catch (e) {
      const start = skipLineBreaks(bytes, last, bytes.length);
      if (start >= bytes.length) break;
      const err = e as { message?: unknown; code?: unknown };
      const message = String(err.message ?? e)
        .replace(/\s+at line \d+/g, '')
        .replace(/\.$/, '');
      problems.push({ start, message, code: String(err.code ?? 'CSV_ERROR') });
      // Resume at the next line (CR, LF or CRLF ends it).
      const nl = lineBreakAt(bytes, start);
      if (nl >= bytes.length) break;
      offset = nl + (bytes[nl] === 0x0d && bytes[nl + 1] === 0x0a ? 2 : 1);
    }
  }
  return { records, problems };
}

function skipLineBreaks(bytes: Uint8Array, from: number, to: number): number {
  let i = from;
  while (i < to && (bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return i;
}

/** The offset of the first CR or LF at or after `from`, or `bytes.length`. */
function lineBreakAt(bytes: Uint8Array, from: number): number {
  let i = from;
  while (i < bytes.length && bytes[i] !== 0x0a && bytes[i] !== 0x0d) i++;
  return i;
}

/** Offsets where lines start: after every LF, CRLF and lone CR. `at(i)` reads code unit / byte `i`. */
function lineStarts(length: number, at: (i: number) => number | undefined): number[] {
  const starts = [0];
  for (let i = 0; i < length; i++) {
    const c = at(i);
    if (c === 0x0a || (c === 0x0d && at(i + 1) !== 0x0a)) starts.push(i + 1);
  }
  return starts;
}

/**
 * Byte offset → 1-based line, and byte offset → UTF-16 offset in `body`.
 * Lines end at LF, CRLF or a lone CR. Both tables are built in one linear
 * pass each; `charOffset` decodes only from the start of its line.
 */
function positions(body: string, bytes: Uint8Array): { lineAt: (b: number) => number; charOffset: (b: number) => number } {
  const byteStarts = lineStarts(bytes.length, (i) => bytes[i]);
  const charStarts = lineStarts(body.length, (i) => (i < body.length ? body.charCodeAt(i) : undefined));
  const lineAt = (offset: number): number => {
    let lo = 0;
    let hi = byteStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (byteStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const charOffset = (offset: number): number => {
    const line = lineAt(offset);
    return charStarts[line - 1]! + decoder.decode(bytes.subarray(byteStarts[line - 1]!, offset)).length;
  };
  return { lineAt, charOffset };
}

/** The delimiter the header line uses most among `,`, `;` and tab (quoted text ignored). Default `,`. */
function detectDelimiter(text: string): string {
  const nl = text.search(/[\r\n]/);
  const head = (nl < 0 ? text : text.slice(0, nl)).replace(/"[^"]*"/g, '');
  let best = ',';
  let bestCount = count(head, ',');
  for (const d of [';', '\t']) {
    const c = count(head, d);
    if (c > bestCount) {
      best = d;
      bestCount = c;
    }
  }
  return best;
}

function count(s: string, ch: string): number {
  let n = 0;
  for (let i = s.indexOf(ch); i >= 0; i = s.indexOf(ch, i + 1)) n++;
  return n;
}

/** Where field `col` of a record is in `body`, for the caret; the whole record when it has quotes. */
function fieldRange(record: { raw: string; at: number }, delimiter: string, col: number): { start: number; end: number } {
  const { raw, at } = record;
  if (raw.includes('"')) return { start: at, end: at + raw.length };
  const parts = raw.split(delimiter);
  if (col >= parts.length) return { start: at + raw.length, end: at + raw.length };
  let start = 0;
  for (let i = 0; i < col; i++) start += parts[i]!.length + delimiter.length;
  return { start: at + start, end: at + start + Math.max(1, parts[col]!.length) };
}

function sortByRow(errors: ConfigError[]): ConfigError[] {
  return errors
    .map((e, i) => ({ e, i }))
    .sort((a, b) => (a.e.row ?? 0) - (b.e.row ?? 0) || a.i - b.i)
    .map(({ e }) => e);
}
