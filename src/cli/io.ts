/**
 * File loading for the CLI and the node test helpers: the only module that
 * reads files. Everything it returns is validated by the pure loaders.
 *
 * @module
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { ScreenpopError } from '../errors/index.js';
import { readKvCsv, readKvJson, type KvLoadResult } from '../config/index.js';
import { throwFirst } from '../config/errors.js';
import { PORT_TABLES, type ExportedRow, type PortTableName, type PortTables } from '../port/plan.js';
import { readPortTable } from '../port/read.js';

/** A file that could not be read or parsed. */
export class FileError extends ScreenpopError<'file_not_found' | 'bad_file'> {
  override name = 'FileError';
}

/** Reads a text file, or throws a FileError naming it. */
export function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new FileError(code === 'ENOENT' ? 'file_not_found' : 'bad_file', `Cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`, {
      source: path,
      hint: 'Check the path.',
    });
  }
}

/** Whether a file holds JSON: by extension, else by its first character. */
export function looksJson(path: string, text: string): boolean {
  const ext = extname(path).toLowerCase();
  if (ext === '.json') return true;
  if (ext === '.csv') return false;
  return /^\s*[[{]/.test(text.replace(/^\uFEFF/, ''));
}

/** Loads a dialerKVTable export (CSV or JSON); the result lists every row problem with the file name. */
export function loadKvFile(path: string): KvLoadResult & { path: string } {
  const text = readText(path);
  const r = looksJson(path, text) ? readKvJson(text) : readKvCsv(text);
  return { ...r, path };
}

/** Inline JSON (`{...}`) or a JSON file. */
export function loadJsonArg(arg: string, what: string): unknown {
  const text = /^\s*[[{]/.test(arg) ? arg : readText(arg);
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new FileError('bad_file', `${what} is not valid JSON: ${(e as Error).message}`, { input: text.length < 2000 ? text : '', source: /^\s*[[{]/.test(arg) ? what : arg });
  }
}

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
