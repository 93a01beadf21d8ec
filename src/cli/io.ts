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
import { jsonErrorOffset } from './json-offset.js';

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
  // Errors name the file (not "CSV"/"JSON"), so a message read on its own says where.
  const r = looksJson(path, text) ? readKvJson(text, { source: path }) : readKvCsv(text, { source: path });
  return { ...r, path };
}

/**
 * Inline JSON given to an option (`--call '{...}'`) that is not valid JSON;
 * the position is in the option's value.
 */
export class OptionJsonError extends ScreenpopError<'bad_inline_json'> {
  override name = 'OptionJsonError';
}

/**
 * Inline JSON (`{...}` or `[...]`) or a JSON file, for option `option`
 * (`--call`). Invalid JSON is an {@link OptionJsonError} (`bad_inline_json`)
 * located in the option's value, or a {@link FileError} (`bad_file`) located
 * in the file, both with a caret at the offending character.
 */
export function loadJsonArg(arg: string, option: string): unknown {
  const inline = /^\s*[[{]/.test(arg);
  const raw = inline ? arg : readText(arg);
  const text = raw.replace(/^\uFEFF/, '');
  try {
    return JSON.parse(text);
  } catch (e) {
    const detail = (e as Error).message.replace(/, "[\s\S]*" is not valid JSON$/, '');
    const at = jsonErrorOffset(text) ?? 0;
    const range = { start: at, end: Math.min(text.length, at + 1) };
    if (inline) {
      throw new OptionJsonError('bad_inline_json', `${option} is not valid JSON: ${detail}`, {
        input: text,
        range,
        source: option,
        hint: `Fix the JSON at the caret and quote it for the shell (${option} '{"name": "value"}'), or pass a file name.`,
      });
    }
    throw new FileError('bad_file', `${arg} (${option}) is not valid JSON: ${detail}`, { input: text, range, source: arg, hint: 'Fix the JSON at the caret.' });
  }
}
