/**
 * Loading `dialerKVTable` rows from JSON: a Dataverse Web API payload
 * (`{ "value": [...] }`) or a plain array of objects.
 *
 * @module
 */
import { ConfigError, throwFirst } from './errors.js';
import { KV_TABLE, type KvRow } from './row.js';
import { matchTableColumn, type TableLoadResult, type TableShape, expectTableShape } from './table.js';
import { scanJson, type DuplicateKey, type JsonScan, type Span } from './jsonscan.js';
import { expectFields, expectText } from '../errors/guard.js';

/**
 * What a loader returns: every row it could read, and every problem, all at once.
 *
 * @example
 * ```ts
 * import { readKvCsv, type KvLoadResult } from 'screenpop';
 * const { rows, errors }: KvLoadResult = readKvCsv(text);
 * for (const e of errors) console.log(e.row, e.columnName, e.detail);
 * ```
 */
export interface KvLoadResult {
  /** The rows, in table order. A row with a problem is not here but in `errors`. */
  readonly rows: KvRow[];
  /** One error per problem, each with its row number and column name when it has them. */
  readonly errors: ConfigError[];
}

/**
 * Options of {@link readKvJson} and {@link readKvCsv}.
 *
 * @example
 * ```ts
 * import { readKvCsv } from 'screenpop';
 * readKvCsv(text, { source: 'kv.csv' }); // errors say "(kv.csv, line 4, column 8)"
 * ```
 */
export interface KvLoadOptions {
  /**
   * Name of the file or payload, prefixed to every error's `source`
   * (e.g. `kv.csv` gives `kv.csv line 4, column Value`). Default: `'CSV'` for
   * CSV, `'JSON'` for JSON.
   */
  readonly source?: string;
}

const FORMATTED = '@OData.Community.Display.V1.FormattedValue';

/**
 * Reads `dialerKVTable` rows from JSON text: a Dataverse Web API response
 * (`{ "@odata.context": ..., "value": [ ... ] }`) or a plain array of objects.
 *
 * Column names are matched case-insensitively, with one publisher prefix
 * tolerated (`cts_name`, `new_Name`, `Name`, `NAME` all mean Name); OData
 * annotations (`@odata.etag`, `...@OData.Community.Display.V1.FormattedValue`)
 * are ignored, except that the formatted owner name is preferred to the owner
 * GUID, and a formatted option-set label is preferred to its number for Scope
 * and Type. Numbers are read as their text **as written** (`1.10` stays
 * `1.10`, `12345678901234567890` is not rounded); booleans as `true`/`false`;
 * `null` as blank.
 *
 * Row numbers are 1-based positions in the array. Every problem is reported,
 * and a row with a problem is left out of `rows` and explained in `errors`:
 * a row with a key written twice (`duplicate_key`: `JSON.parse` would keep the
 * last silently) included. A payload that says more rows exist than it holds
 * (`@odata.nextLink`, or `@odata.count` above the rows given) is reported as
 * `more_pages`; the rows it holds are still read.
 *
 * @param text - the JSON text.
 * @param options - see {@link KvLoadOptions}.
 * @example
 * ```ts
 * import { readKvJson } from 'screenpop';
 * const { rows, errors } = readKvJson(JSON.stringify({
 *   value: [{ '@odata.etag': 'W/"1"', cts_scope: 'global', cts_name: 'customURL_Rule', cts_key: '01', cts_value: 'dnis=1234=>default' }],
 * }));
 * console.log(rows[0]?.name, errors.length); // customURL_Rule 0
 * ```
 */
export function readKvJson(text: string, options: KvLoadOptions = {}): KvLoadResult {
  const { rows, errors } = readTableJson(KV_TABLE, text, options);
  return { rows, errors };
}

/**
 * {@link readKvJson} for any table: reads rows of `shape` from a Web API
 * payload or a plain array, with the same rules (column matching, OData
 * annotations, row-numbered errors).
 *
 * @param shape - the table, e.g. `KV_TABLE` or `REPORTS_TABLE`.
 * @param text - the JSON text.
 * @param options - see {@link KvLoadOptions}.
 * @example
 * ```ts
 * import { readTableJson, REPORTS_TABLE } from 'screenpop';
 * const { rows } = readTableJson(REPORTS_TABLE, '[{"ReportName":"Agent","Order":1,"Description":"Calls","Key":"calls","Type":"attribute","Value":"10","Name":"totalCalls"}]');
 * rows[0]?.order; // '1'
 * ```
 */
export function readTableJson<F extends string, R>(shape: TableShape<F, R>, text: string, options: KvLoadOptions = {}): TableLoadResult<R> {
  expectTableShape(shape);
  expectText(text, 'The JSON export');
  expectFields(options, 'options', ['source']);
  const source = options.source ?? 'JSON';
  const rows: R[] = [];
  const rowNumbers: number[] = [];
  const errors: ConfigError[] = [];
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') {
    errors.push(
      new ConfigError('empty_input', 'The JSON text is empty.', {
        source,
        hint: 'Pass the body of a Web API response (`{ "value": [...] }`) or an array of row objects.',
      }),
    );
    return { rows, errors, rowNumbers };
  }
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(detail);
    const at = pos ? Number(pos[1]) : 0;
    errors.push(
      new ConfigError('invalid_json', `The text is not valid JSON: ${detail}`, {
        input: body,
        range: { start: at, end: Math.min(body.length, at + 1) },
        source,
        hint: 'Export the rows again, or check the file was not cut short.',
        cause: e,
      }),
    );
    return { rows, errors, rowNumbers };
  }
  let items: unknown[];
  if (Array.isArray(data)) items = data;
  else if (isObject(data) && Array.isArray(data['value'])) items = data['value'];
  else {
    errors.push(
      new ConfigError('invalid_payload', 'The JSON is neither an array of rows nor an object with a "value" array.', {
        input: body.slice(0, 200),
        range: { start: 0, end: 1 },
        source,
        hint: 'Pass the body of a Web API response (`{ "value": [...] }`) or an array of row objects.',
      }),
    );
    return { rows, errors, rowNumbers };
  }

  const scan = scanJson(body);
  const spanOf = (i: number): Span => scan.rows[i]?.span ?? { start: 0, end: body.length };
  for (const d of scan.rootDuplicates) errors.push(duplicateKey(d, body, source, undefined));
  if (!Array.isArray(data)) {
    const more = morePages(data, items.length);
    if (more) {
      errors.push(
        new ConfigError('more_pages', more, {
          input: body,
          range: keySpan(body, { start: 0, end: body.length }, '@odata.nextLink'),
          source,
          hint: 'Export every page: follow each @odata.nextLink and join the value arrays, or export as CSV from Advanced Find.',
        }),
      );
    }
  }
  const seenKeys = new Set<string>();
  const present = new Set<F>();
  const perRow: Array<{ index: number; obj: Record<string, unknown> } | undefined> = [];
  items.forEach((item, i) => {
    if (!isObject(item)) {
      errors.push(
        new ConfigError('row_not_object', `Row ${i + 1} is ${describe(item)}, not an object.`, {
          input: body,
          range: spanOf(i),
          row: i + 1,
          source: `${source} row ${i + 1}`,
          hint: `Each row must be an object such as ${shape.exampleRow}.`,
        }),
      );
      perRow.push(undefined);
      return;
    }
    for (const k of Object.keys(item)) {
      seenKeys.add(k);
      const m = matchTableColumn(shape, k);
      if (m) present.add(m.field);
    }
    perRow.push({ index: i, obj: item });
  });

  // A required column that no row has is one error, not one per row.
  const absent = shape.required.filter((f) => !present.has(f));
  if (absent.length > 0 && items.length > 0) {
    const n = items.length;
    for (const f of absent) {
      errors.push(
        new ConfigError(
          'missing_column',
          `No row has a ${shape.titles[f]} column, so none of the ${n} row${n === 1 ? '' : 's'} can be read; keys seen: ${listOrNone([...seenKeys].filter((k) => !k.includes('@')))}.`,
          {
            columnName: shape.titles[f],
            source,
            hint: `Add a "${shape.titles[f]}" (or "<prefix>_${f.toLowerCase()}") property to every row.`,
          },
        ),
      );
    }
    return { rows, errors, rowNumbers };
  }

  for (const entry of perRow) {
    if (!entry) continue;
    const scanned = scan.rows[entry.index];
    if (scanned && scanned.duplicates.length > 0) {
      errors.push(...scanned.duplicates.map((d) => duplicateKey(d, body, `${source} row ${entry.index + 1}`, entry.index + 1)));
      continue;
    }
    const r = readObject(shape, entry.obj, entry.index + 1, source, body, () => spanOf(entry.index), scanned);
    if (r.ok) {
      rows.push(r.row);
      rowNumbers.push(entry.index + 1);
    } else errors.push(...r.errors);
  }
  return { rows, errors, rowNumbers };
}

/**
 * Like {@link readKvJson}, but throws when there is any problem and returns
 * the rows otherwise.
 *
 * @throws {@link ConfigError} the first problem; its message says how many there are.
 * @example
 * ```ts
 * import { parseKvJson } from 'screenpop';
 * const rows = parseKvJson('[{"Scope":"global","Name":"lookupEntities","Key":"inbound","Value":"contact, salesorder"}]');
 * ```
 */
export function parseKvJson(text: string, options: KvLoadOptions = {}): KvRow[] {
  const { rows, errors } = readKvJson(text, options);
  throwFirst(errors, 'readKvJson');
  return rows;
}

function readObject<F extends string, R>(
  shape: TableShape<F, R>,
  obj: Record<string, unknown>,
  rowNo: number,
  source: string,
  input: string,
  span: () => Span,
  scanned: JsonScan['rows'][number] | undefined,
): { ok: true; row: R } | { ok: false; errors: ConfigError[] } {
  const at = (key: string): Span => keySpan(input, span(), key);
  const errors: ConfigError[] = [];
  const columnOf = new Map<F, string>();
  const fields: Partial<Record<F, string>> = {};
  for (const [k, raw] of Object.entries(obj)) {
    const m = matchTableColumn(shape, k);
    if (!m) continue;
    const prev = columnOf.get(m.field);
    if (prev !== undefined) {
      errors.push(
        new ConfigError('duplicate_column', `Both "${prev}" and "${k}" stand for ${shape.titles[m.field]}.`, {
          input,
          range: at(k),
          row: rowNo,
          columnName: k,
          source: `${source} row ${rowNo}`,
          hint: `Keep one ${shape.titles[m.field]} property per row.`,
        }),
      );
      continue;
    }
    columnOf.set(m.field, k);
    let v: unknown = raw;
    const formatted = obj[`${k}${FORMATTED}`];
    if (
      typeof formatted === 'string' &&
      (shape.preferFormatted?.includes(m.field) || (shape.preferFormattedLabel?.includes(m.field) && typeof raw === 'number'))
    ) {
      v = formatted;
    }
    if (v === null || v === undefined) continue;
    if (typeof v === 'string') fields[m.field] = v.trim();
    // A number keeps its text as written: JSON.parse reads `1.10` as 1.1 and rounds long numbers.
    else if (typeof v === 'number') fields[m.field] = (v === raw ? scanned?.numbers.get(k) : undefined) ?? String(v);
    else if (typeof v === 'boolean') fields[m.field] = String(v);
    else {
      errors.push(
        new ConfigError('bad_value', `${shape.titles[m.field]} ("${k}") is ${describe(v)}; expected text.`, {
          input,
          range: at(k),
          row: rowNo,
          columnName: k,
          source: `${source} row ${rowNo}`,
          hint: `Give ${shape.titles[m.field]} as a string.`,
        }),
      );
    }
  }
  for (const f of shape.required) {
    if (!columnOf.has(f)) {
      errors.push(
        new ConfigError('missing_value', `Row ${rowNo} has no ${shape.titles[f]}.`, {
          input,
          range: span(),
          row: rowNo,
          columnName: shape.titles[f],
          source: `${source} row ${rowNo}`,
          hint: `Add a "${shape.titles[f]}" property to this row.`,
        }),
      );
    }
  }
  for (const f of shape.nonEmpty) {
    const col = columnOf.get(f);
    if (col !== undefined && (fields[f] ?? '') === '' && !errors.some((e) => e.columnName === col)) {
      errors.push(
        new ConfigError('missing_value', `${shape.titles[f]} is blank in row ${rowNo}.`, {
          input,
          range: at(col),
          row: rowNo,
          columnName: col,
          source: `${source} row ${rowNo}`,
          hint: shape.blankHint(f),
        }),
      );
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  const row = shape.build(fields);
  // Boundary check: the built row must satisfy the published schema.
  const checked = shape.schema.safeParse(row);
  if (!checked.success) {
    return {
      ok: false,
      errors: [
        new ConfigError('bad_value', `Row ${rowNo} does not fit the row schema: ${checked.error.message}`, {
          input,
          range: span(),
          row: rowNo,
          source: `${source} row ${rowNo}`,
        }),
      ],
    };
  }
  return { ok: true, row };
}

/** A `duplicate_key` error for a key written twice. */
function duplicateKey(d: DuplicateKey, input: string, source: string, row: number | undefined): ConfigError {
  return new ConfigError('duplicate_key', `${row === undefined ? 'The payload' : `Row ${row}`} has the key ${JSON.stringify(d.key)} more than once; a JSON reader keeps only the last.`, {
    input,
    range: d,
    ...(row === undefined ? {} : { row }),
    columnName: d.key,
    source,
    hint: `Keep one ${JSON.stringify(d.key)} per ${row === undefined ? 'payload' : 'row'}; check which value is right.`,
  });
}

/**
 * Why a Web API payload holds only part of the table, or undefined: an
 * `@odata.nextLink` (the server pages results, 5,000 rows by default), or an
 * `@odata.count` above the rows given.
 * @internal used by the port loader too.
 */
export function morePages(payload: unknown, held: number): string | undefined {
  if (!isObject(payload)) return undefined;
  const next = Object.hasOwn(payload, '@odata.nextLink') ? payload['@odata.nextLink'] : undefined;
  if (typeof next === 'string' && next !== '') {
    return `The payload is one page of a longer result: it holds ${held} row${held === 1 ? '' : 's'} and an @odata.nextLink to more.`;
  }
  const count = Object.hasOwn(payload, '@odata.count') ? payload['@odata.count'] : undefined;
  if (typeof count === 'number' && count > held) return `The payload says the table has ${count} rows (@odata.count) but holds ${held}.`;
  return undefined;
}

/** Where property `key` of the object at `span` is, or the whole span. */
function keySpan(text: string, span: Span, key: string): Span {
  const needle = JSON.stringify(key);
  const slice = text.slice(span.start, span.end);
  const re = new RegExp(`(?<!\\\\)${needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*:`, 'g');
  const m = re.exec(slice);
  return m ? { start: span.start + m.index, end: span.start + m.index + needle.length } : span;
}

/** @internal */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `the ${typeof v} ${String(v)}`;
}

/** @internal used by the CSV loader too. */
export function listOrNone(items: readonly string[]): string {
  return items.length === 0 ? '(none)' : items.map((s) => JSON.stringify(s)).join(', ');
}
