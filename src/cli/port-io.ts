/**
 * Reading a folder of exported tables for `screenpop port` (Node only; kept
 * apart from io.ts so `screenpop/testing` does not carry it).
 *
 * @module
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { PORT_TABLES, type ExportedRow, type PortTables } from '../port/plan.js';
import { FileError, looksJson, readText } from './io.js';

function loadRows(path: string): ExportedRow[] {
  const text = readText(path);
  if (looksJson(path, text)) {
    const v = JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
    const arr = Array.isArray(v) ? v : (v as { value?: unknown }).value;
    if (!Array.isArray(arr)) throw new FileError('bad_file', `${path}: expected an array of rows or a Web API { value: [...] } payload`, { source: path });
    return arr as ExportedRow[];
  }
  try {
    return parseCsv(text, { columns: true, bom: true, skip_empty_lines: true, relax_column_count: false }) as ExportedRow[];
  } catch (e) {
    throw new FileError('bad_file', `${path}: ${(e as Error).message}`, { source: path, hint: 'Export the table again as CSV.' });
  }
}

/** Reads a folder of exports named after the tables (`dialerKvTable.csv`, `dialerDnis.json`, ...; case-insensitive). */
export function loadPortDir(dir: string): PortTables {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    names = readdirSync(dir);
  } catch {
    throw new FileError('file_not_found', `${dir} is not a folder`, { source: dir, hint: 'Pass a folder holding dialerKvTable.csv, dialerCallOutcome.csv, ...' });
  }
  const out: Record<string, ExportedRow[]> = {};
  for (const table of PORT_TABLES) {
    const file = names.find((n) => basename(n, extname(n)).toLowerCase() === table.toLowerCase() && /\.(csv|json)$/i.test(n));
    if (file) out[table] = loadRows(join(dir, file));
  }
  return out as PortTables;
}
