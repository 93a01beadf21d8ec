/**
 * Reading a folder of exported tables for `screenpop port` (Node only; kept
 * apart from io.ts so `screenpop/testing` does not carry it).
 *
 * @module
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { throwFirst } from '../config/errors.js';
import { PORT_TABLES, type ExportedRow, type PortTableName, type PortTables } from '../port/plan.js';
import { readPortTable } from '../port/read.js';
import { FileError, looksJson, readText } from './io.js';

/** One table's export; any problem (bad CSV/JSON, a column twice, one page of many) is thrown, naming the file. */
function loadRows(path: string, table: PortTableName): ExportedRow[] {
  const text = readText(path);
  const { rows, errors } = readPortTable(text, { table, format: looksJson(path, text) ? 'json' : 'csv', source: path });
  throwFirst(errors, 'readPortTable');
  return rows;
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
    if (file) out[table] = loadRows(join(dir, file), table);
  }
  return out as PortTables;
}
