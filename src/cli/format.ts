/**
 * Output helpers shared by the CLI commands.
 *
 * @module
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isScreenpopError } from '../errors/index.js';
import { suggest } from '../util/suggest.js';

/** Where the CLI writes; injectable so tests can run it in-process. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Colour output (stdout is a TTY and `NO_COLOR` is unset). */
  readonly color: boolean;
}

/** `text` in an ANSI colour when the output is coloured. */
export function paint(io: Pick<CliIo, 'color'>, code: string, text: string): string {
  return io.color ? `\u001b[${code}m${text}\u001b[0m` : text;
}

const ANSI = /\u001b\[[0-9;]*m/g;

/** The width `text` takes on a terminal: code points, ANSI colour codes not counted. */
export function visibleWidth(text: string): number {
  return [...text.replace(ANSI, '')].length;
}

/**
 * Aligned columns, two spaces apart; the last column is not padded. Cells are
 * padded on their visible width, so coloured output lines up exactly as the
 * plain output does.
 */
export function alignTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, visibleWidth(c))));
  return rows
    .map((r) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - visibleWidth(c)))).join('  ').trimEnd())
    .join('\n');
}

/**
 * Parses a command's arguments with node:util `parseArgs` (strict, with
 * positionals). On `--help` prints `help` and returns 0; on a usage error
 * prints it with `help` and returns 2; otherwise returns the parsed values.
 */
export function parseCommand<O extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: O,
  help: string,
  io: CliIo,
): { values: ReturnType<typeof parseArgs<{ options: O; allowPositionals: true; strict: true }>>['values']; positionals: string[] } | number {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    io.err(`screenpop: ${argsError(e, options)}\n${help}`);
    return 2;
  }
  if ((parsed.values as { help?: boolean }).help) {
    io.out(help);
    return 0;
  }
  return parsed;
}

/**
 * What `parseArgs` refused, for a usage line: an unknown option is named with
 * the option it may mean (Node's own text advises `--` and leaves a quote open).
 */
export function argsError(e: unknown, options: NonNullable<ParseArgsConfig['options']>): string {
  const err = e as Error & { code?: string };
  if (err.code !== 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return err.message;
  const given = /'(-[^']*)'/.exec(err.message)?.[1] ?? '';
  const near = given.startsWith('--') ? suggest(given.slice(2).split('=')[0]!, Object.keys(options)) : undefined;
  return `unknown option ${given}${near === undefined ? '' : `; did you mean --${near}?`}`;
}

/**
 * `read()`, or `undefined` after printing the `ScreenpopError` it threw (a
 * missing or unreadable file) as `screenpop: <message>`; the command then
 * exits with 2. Any other error propagates.
 */
export function readOrReport<T>(io: CliIo, read: () => T): T | undefined {
  try {
    return read();
  } catch (e) {
    if (!isScreenpopError(e)) throw e;
    io.err(`screenpop: ${e.message}`);
    return undefined;
  }
}
