/**
 * `screenpop formats <export.csv|json>`: the formats a CRM export's phone
 * values are stored in (`learnPhoneFormats`), their coverage, the rare ones
 * with examples, and the `storedPhoneFormats` rows to import.
 *
 * @module
 */
import { parse as parseCsv } from 'csv-parse/sync';
import { learnPhoneFormats, type PhoneFormatReport, type PhoneFormatUse } from '../lookup/formats.js';
import { alignTable, paint, parseCommand, readOrReport, type CliIo } from './format.js';
import { looksJson, readText } from './io.js';

const HELP = `Usage: screenpop formats <export.csv|json> [--field <f> ...] [--region <CC>] [--min-count <n>] [--json]

Reads a CRM export (CSV with a header row, or JSON: an array of records or a
Web API { value: [...] } payload) and learns the formats its phone values are
stored in. Prints the coverage (the share of readable values the formats
write; for a value with an extension, the number before it), the formats
most used first, the rare ones with examples, the values no format writes,
and the rows to import into dialerKVTable so an exact-match adapter
(Dataverse) finds every format: storedPhoneFormats, and storedPhoneExtensions
when some values end with an extension (x12).

Options:
  --field <f>       a column holding phone numbers (repeat for several;
                    default: every column whose name holds phone, mobile,
                    tel or fax)
  --region <CC>     the CRM's default region for national numbers, e.g. GB
                    (the defaultRegion the lookup uses)
  --min-count <n>   keep a format used by at least n values (default 2)
  --json            print the report and the rows as JSON
  -h, --help

Exit codes: 0 ok, 2 usage or input errors.`;

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
  field: { type: 'string', multiple: true },
  region: { type: 'string' },
  'min-count': { type: 'string' },
} as const;

type Row = Record<string, unknown>;

/** The records of an export: CSV with a header, a JSON array, or a Web API `{ value: [...] }` payload. */
function readRecords(file: string, text: string): Row[] | string {
  const body = text.replace(/^\uFEFF/, '');
  if (looksJson(file, text)) {
    let v: unknown;
    try {
      v = JSON.parse(body);
    } catch (e) {
      return `${file} is not valid JSON: ${(e as Error).message}`;
    }
    const arr = Array.isArray(v) ? v : (v as { value?: unknown } | null)?.value;
    if (!Array.isArray(arr)) return `${file}: expected an array of records or a Web API { value: [...] } payload`;
    return arr.filter((r): r is Row => r !== null && typeof r === 'object' && !Array.isArray(r));
  }
  try {
    return parseCsv(body, { columns: true, skip_empty_lines: true, relax_column_count: true }) as Row[];
  } catch (e) {
    return `${file}: ${(e as Error).message}`;
  }
}

/** Columns that hold phone numbers by their name (`telephone1`, `mobilephone`, `Business Phone`, `fax`). */
const PHONE_COLUMN = /phone|mobile|tel|fax/i;

function percent(x: number): string {
  return `${(Math.floor(x * 1000) / 10).toFixed(1)}%`;
}

/**
 * The rows to import for a report: `storedPhoneFormats` for its formats, and
 * `storedPhoneExtensions` = `true` when some values end with an extension.
 */
export function storedFormatRows(report: Pick<PhoneFormatReport, 'formats' | 'extensions'>): { scope: string; name: string; key: string; value: string }[] {
  const rows = report.formats.map((value, i) => ({ scope: 'global', name: 'storedPhoneFormats', key: String(i + 1), value }));
  if (report.extensions.count > 0) rows.push({ scope: 'global', name: 'storedPhoneExtensions', key: '', value: 'true' });
  return rows;
}

function useLine(u: PhoneFormatUse, rank: string): string[] {
  return [rank, u.format, String(u.count), percent(u.share), u.examples[0] ?? ''];
}

function describe(report: PhoneFormatReport, file: string, fields: readonly string[], io: CliIo): string {
  const out: string[] = [];
  out.push(
    `${file}: ${report.total} value(s) in ${fields.join(', ')}${report.region ? ` read in ${report.region}` : ' (no --region: national numbers are unreadable)'}; ${report.blank} blank, ${report.readable} readable, ${report.unreadable.count} unreadable`,
  );
  out.push(
    `${paint(io, '1', `coverage ${percent(report.coverage)}`)}: ${report.reproduced} of ${report.readable} readable value(s) are written in the ${report.formats.length} format(s) below${report.extensions.count > 0 ? ' (a value with an extension: the number before it)' : ''}`,
  );
  if (report.formats.length > 0) {
    const kept = report.uses.slice(0, report.formats.length);
    out.push('', alignTable([['rank', 'format', 'values', 'share', 'example'], ...kept.map((u, i) => useLine(u, String(i + 1)))]));
  }
  if (report.rare.length > 0) {
    out.push('', `Rare formats (not in the rows; ${report.rare.reduce((s, u) => s + u.count, 0)} value(s)); add a row to search one too:`);
    out.push(alignTable([['', 'format', 'values', 'share', 'examples'], ...report.rare.slice(0, 20).map((u) => ['', u.format, String(u.count), percent(u.share), u.examples.join(' | ')])]));
    if (report.rare.length > 20) out.push(`  … and ${report.rare.length - 20} more (--json lists them all)`);
  }
  if (report.extensions.count > 0) {
    out.push('', `${report.extensions.count} value(s) with an extension after the number, e.g.: ${report.extensions.samples.slice(0, 5).join(' | ')}; the storedPhoneExtensions row below makes exact-match adapters search them with startswith (or keep extensions in a field of their own)`);
  }
  if (report.untemplated.count > 0) {
    out.push('', `${report.untemplated.count} readable value(s) no format can write (white space at an end, carrier codes), e.g.: ${report.untemplated.samples.slice(0, 5).map((s) => JSON.stringify(s)).join(' | ')}`);
  }
  if (report.unreadable.count > 0) {
    out.push('', `${report.unreadable.count} unreadable value(s), e.g.: ${report.unreadable.samples.slice(0, 8).map((s) => `${JSON.stringify(s.value)} (${s.reason})`).join(', ')}`);
  }
  out.push('', 'Rows to import into dialerKVTable:', 'Scope,Name,Key,Value', ...storedFormatRows(report).map((r) => `${r.scope},${r.name},${r.key},${r.value}`));
  return out.join('\n');
}

/**
 * Runs `screenpop formats` with `args` (after the command name) and returns
 * the exit code: 0 ok, 2 usage or input errors.
 *
 * @example
 * ```ts
 * import { runFormats } from './formats.js';
 * const code = await runFormats(['contacts.csv', '--region', 'GB'], { out: console.log, err: console.error, color: false });
 * ```
 */
export async function runFormats(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommand(args, OPTIONS, HELP, io);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    io.err(`screenpop: ${file ? 'formats takes one file' : 'formats needs an export file'}\n${HELP}`);
    return 2;
  }
  const minText = values['min-count'];
  const minCount = minText === undefined ? undefined : /^\d+$/.test(minText) && Number(minText) >= 1 ? Number(minText) : Number.NaN;
  if (Number.isNaN(minCount)) {
    io.err(`screenpop: --min-count must be a whole number ≥ 1, not ${JSON.stringify(minText)}\n${HELP}`);
    return 2;
  }
  const text = readOrReport(io, () => readText(file));
  if (text === undefined) return 2;
  const records = readRecords(file, text);
  if (typeof records === 'string') {
    io.err(`screenpop: ${records}`);
    return 2;
  }
  const columns = [...new Set(records.flatMap((r) => Object.keys(r)))];
  const fields = values.field && values.field.length > 0 ? values.field : columns.filter((c) => PHONE_COLUMN.test(c) && !/^_|@/.test(c));
  const missing = fields.filter((f) => !columns.includes(f));
  if (fields.length === 0 || (records.length > 0 && missing.length > 0)) {
    io.err(
      `screenpop: ${fields.length === 0 ? `${file} has no phone column (name with phone, mobile, tel or fax); name one with --field` : `${file} has no column ${missing.map((m) => JSON.stringify(m)).join(', ')}`}; columns: ${columns.join(', ') || '(none)'}`,
    );
    return 2;
  }
  function* phoneValues(): Generator<string> {
    for (const r of records as Row[]) {
      for (const f of fields) {
        const v = r[f];
        if (v === undefined || v === null) continue;
        yield typeof v === 'string' ? v : String(v);
      }
    }
  }
  const report = readOrReport(io, () =>
    learnPhoneFormats(phoneValues(), {
      ...(values.region === undefined ? {} : { defaultRegion: values.region }),
      ...(minCount === undefined ? {} : { minCount }),
    }),
  );
  if (report === undefined) return 2;
  if (values.json) io.out(JSON.stringify({ file, fields, ...report, rows: storedFormatRows(report) }, null, 2));
  else io.out(describe(report, file, fields, io));
  return 0;
}
