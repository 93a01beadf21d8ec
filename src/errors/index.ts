/**
 * The one error family of screenpop.
 *
 * Every error the library raises on bad input is a {@link ScreenpopError}
 * (or a subclass) with a stable string `code`, the offending `input`, a
 * half-open `range` into that input, a 1-based `line`/`column`, and a message
 * that ends with a caret excerpt and a pointer to `docs/errors.md#<code>`.
 *
 * This module is dependency-free on purpose: `screenpop/params` imports it
 * inside CRM web resources.
 *
 * @module
 */

/**
 * A half-open range `[start, end)` of UTF-16 code-unit offsets into an input.
 *
 * @example
 * ```ts
 * import { parseRule, isScreenpopError } from 'screenpop';
 * try { parseRule('dnis=1234 => '); } catch (e) {
 *   if (isScreenpopError(e)) e.range; // { start: 13, end: 13 }: half-open, UTF-16 offsets into e.input (missing_target)
 * }
 * ```
 */
export interface SourceRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Options accepted by the {@link ScreenpopError} constructor.
 *
 * @example
 * ```ts
 * import { ScreenpopError } from 'screenpop';
 * const e = new ScreenpopError('bad_value', 'Not a number', { input: 'limit=ten', range: { start: 6, end: 9 }, hint: 'Write digits.', source: 'kv.csv line 4' });
 * e.column; // 7
 * ```
 */
export interface ScreenpopErrorOptions {
  /** The text the problem was found in. Default: `''`. */
  readonly input?: string;
  /** Where in `input`. Default: the whole input, `{ start: 0, end: input.length }`. */
  readonly range?: SourceRange;
  /** How to fix it, one sentence. */
  readonly hint?: string;
  /** Where the input came from, e.g. `customURL_Rule key 03` or `rows.csv row 4`. */
  readonly source?: string;
  /** The underlying error, if any. */
  readonly cause?: unknown;
}

/**
 * Where the per-code documentation lives; messages end with `see <DOCS_ERRORS_URL>#<code>`.
 * The path is relative to the package root: the published package ships that
 * file (`node_modules/screenpop/docs/errors.md`), one heading per code.
 *
 * @example
 * ```ts
 * import { DOCS_ERRORS_URL } from 'screenpop';
 * DOCS_ERRORS_URL; // 'docs/errors.md': every message ends with `See docs/errors.md#<code>`
 * ```
 */
export const DOCS_ERRORS_URL = 'docs/errors.md';

/** Longest excerpt line shown under a message; longer lines are windowed around the range. */
const EXCERPT_WIDTH = 72;
/** How much of a windowed line is shown before the range: a third of {@link EXCERPT_WIDTH}. */
const EXCERPT_LEAD = 24;

/**
 * 1-based line and column of a UTF-16 offset in `input`.
 *
 * @example
 * ```ts
 * import { lineColumn } from 'screenpop';
 * lineColumn('a\nbc', 3); // { line: 2, column: 2 }
 * ```
 */
export function lineColumn(input: string, offset: number): { line: number; column: number } {
  if (typeof input !== 'string' || typeof offset !== 'number') throw badArguments('lineColumn(input: string, offset: number)');
  return lineColumnAt(input, offset);
}

/** {@link lineColumn} on arguments known to be right (the error constructor's; the guard stays out of `screenpop/params`). */
function lineColumnAt(input: string, offset: number): { line: number; column: number } {
  // The lines before the offset: their count is the line, the last one's length + 1 the column.
  const lines = input.slice(0, Math.max(0, offset)).split('\n');
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

/**
 * A two-line excerpt of `input` with carets under `range`, e.g.
 *
 * ```text
 *   dnis=1234 &&=> default
 *               ^^
 * ```
 *
 * Long lines are windowed so the carets stay visible; control characters are
 * shown as `?` so the excerpt cannot break a terminal.
 *
 * @example
 * ```ts
 * import { caretExcerpt } from 'screenpop';
 * caretExcerpt('dnis=1234 default', { start: 10, end: 17 });
 * // '  dnis=1234 default\n            ^^^^^^^'
 * ```
 */
export function caretExcerpt(input: string, range: SourceRange): string {
  if (typeof input !== 'string' || !isRange(range)) throw badArguments('caretExcerpt(input: string, range: { start: number; end: number })');
  return excerptAt(input, range);
}

/** {@link caretExcerpt} on arguments known to be right. */
function excerptAt(input: string, range: SourceRange): string {
  const start = Math.max(0, Math.min(range.start, input.length));
  const end = Math.max(start, Math.min(range.end, input.length));
  const lineStart = input.lastIndexOf('\n', start - 1) + 1;
  let lineEnd = input.indexOf('\n', start);
  if (lineEnd === -1) lineEnd = input.length;
  let from = lineStart;
  let to = lineEnd;
  if (to - from > EXCERPT_WIDTH) {
    from = Math.max(lineStart, start - EXCERPT_LEAD);
    to = Math.min(lineEnd, from + EXCERPT_WIDTH);
  }
  const shown = input.slice(from, to).replace(/[\u0000-\u001f\u007f]/g, '?');
  const prefix = from > lineStart ? '…' : '';
  const suffix = to < lineEnd ? '…' : '';
  const caretCount = Math.max(1, Math.min(end, to) - start);
  const pad = ' '.repeat(prefix.length + (start - from));
  return `  ${prefix}${shown}${suffix}\n  ${pad}${'^'.repeat(caretCount)}`;
}

/**
 * Base class of every error screenpop raises on bad input.
 *
 * @typeParam C - the string union of codes a subclass can raise.
 * @example
 * ```ts
 * import { parseRule, ScreenpopError } from 'screenpop';
 * try {
 *   parseRule('dnis=1234 default');
 * } catch (e) {
 *   if (e instanceof ScreenpopError) console.log(e.code, e.line, e.column); // missing_arrow 1 1
 * }
 * ```
 */
export class ScreenpopError<C extends string = string> extends Error {
  override name = 'ScreenpopError';
  /** Stable, documented code: a heading in `docs/errors.md`. */
  readonly code: C;
  /** The problem in one sentence, without position or excerpt. */
  readonly detail: string;
  /** The text the problem was found in. */
  readonly input: string;
  /** Half-open range of the problem in `input`. */
  readonly range: SourceRange;
  /** 1-based line of `range.start`. */
  readonly line: number;
  /** 1-based column of `range.start`. */
  readonly column: number;
  /** How to fix it, when there is something specific to say. */
  readonly hint: string | undefined;
  /** Where the input came from (a row, a file), when known. */
  readonly source: string | undefined;

  constructor(code: C, detail: string, options: ScreenpopErrorOptions = {}) {
    const input = options.input ?? '';
    const range = options.range ?? { start: 0, end: input.length };
    const { line, column } = lineColumnAt(input, range.start);
    // No input (an option, a whole file): no position to give, only the source.
    const where = input ? `${options.source ? `${options.source}, ` : ''}line ${line}, column ${column}` : options.source;
    const parts = [`${detail} [${code}]${where ? ` (${where})` : ''}`];
    if (input) parts.push(excerptAt(input, range));
    if (options.hint) parts.push(`Hint: ${options.hint}`);
    parts.push(`See ${DOCS_ERRORS_URL}#${code}`);
    super(parts.join('\n'), options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.detail = detail;
    this.input = input;
    this.range = range;
    this.line = line;
    this.column = column;
    this.hint = options.hint;
    this.source = options.source;
  }

  /** Plain data for JSON output (CLI `--json`, playground). */
  toJSON(): {
    name: string;
    code: C;
    message: string;
    detail: string;
    input: string;
    range: SourceRange;
    line: number;
    column: number;
    hint?: string;
    source?: string;
  } {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      detail: this.detail,
      input: this.input,
      range: this.range,
      line: this.line,
      column: this.column,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
      ...(this.source === undefined ? {} : { source: this.source }),
    };
  }
}

/** True for a readable `{ start: number, end: number }` (a getter or proxy that throws is not one). */
function isRange(range: unknown): range is SourceRange {
  try {
    return range !== null && typeof range === 'object' && typeof (range as SourceRange).start === 'number' && typeof (range as SourceRange).end === 'number';
  } catch {
    return false;
  }
}

/** The `bad_input` error of this module's own helpers (the InputError class lives in guard.ts, which imports this module). */
function badArguments(signature: string): ScreenpopError<'bad_input'> {
  return new ScreenpopError('bad_input', `Wrong argument types; expected ${signature}`, { hint: 'Pass the arguments as the signature says.' });
}

/**
 * True when `value` is a {@link ScreenpopError} (works across bundle copies by checking the shape).
 *
 * @example
 * ```ts
 * import { isScreenpopError, parseRule } from 'screenpop';
 * try { parseRule('dnis=1234 default'); } catch (e) {
 *   if (isScreenpopError(e)) console.log(e.code); // missing_arrow
 * }
 * ```
 */
export function isScreenpopError(value: unknown): value is ScreenpopError {
  return (
    value instanceof ScreenpopError ||
    (value instanceof Error &&
      typeof (value as { code?: unknown }).code === 'string' &&
      typeof (value as { range?: unknown }).range === 'object' &&
      typeof (value as { line?: unknown }).line === 'number')
  );
}
