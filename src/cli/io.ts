/**
 * File loading for the CLI and the node test helpers: the only module that
 * reads files. Everything it returns is validated by the pure loaders.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { ScreenpopError } from '../errors/index.js';
import { readKvCsv, readKvJson, type KvLoadResult } from '../config/index.js';

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
