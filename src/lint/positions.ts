/**
 * Where a `dialerKVTable` row, and a part of its Value, are in the export it
 * was read from (CSV or JSON text), as 1-based line and column: what
 * {@link lintKvText} puts on each finding so an editor can jump to it.
 *
 * The loaders give each row's number (CSV: the line where its record starts;
 * JSON: its place in the array). This module re-reads just enough of the text
 * to place the row and map an offset in its (trimmed, unescaped) Value back
 * to the text: quoted CSV fields with doubled quotes and line breaks, JSON
 * strings with escapes.
 *
 * @module
 */
import { lineColumn } from '../errors/index.js';
import { expectText, InputError, readHost } from '../errors/guard.js';
import { KV_TABLE } from '../config/row.js';
import { matchTableColumn } from '../config/table.js';

/**
 * A 1-based line and column in the text (columns count UTF-16 code units).
 *
 * @example
 * ```ts
 * import type { TextPoint } from 'screenpop';
 * const start: TextPoint = { line: 1, column: 1 };
 * ```
 */
export interface TextPoint {
  readonly line: number;
  readonly column: number;
}

/**
 * Places rows (by their index in the loaded rows) and offsets in their
 * Values, in the export's text: through CSV quoting (doubled quotes, line
 * breaks in quoted fields) and JSON string escapes. Made by
 * {@link csvRowLocator} and {@link jsonRowLocator}.
 *
 * @example
 * ```ts
 * import { csvRowLocator, KV_TABLE, readTableCsv, type RowLocator } from 'screenpop';
 * const text = 'Scope,Name,Key,Value\nglobal,customURL_Rule,01,dnis=1 => /x.html\n';
 * const at: RowLocator = csvRowLocator(text, readTableCsv(KV_TABLE, text).rowNumbers);
 * at.value(0, 5); // { line: 2, column: 31 }: the "1" of dnis=1
 * ```
 */
export interface RowLocator {
  /** The row's first line and column, or undefined when unknown. */
  row(index: number): TextPoint | undefined;
  /** Where offset `at` of the row's Value (as loaded: trimmed, unescaped) is, or undefined. */
  value(index: number, at: number): TextPoint | undefined;
  /**
   * The same place as an offset in the text (UTF-16 code units, a leading
   * byte-order mark counted), for an editor's selection or a caret excerpt;
   * `at` past the Value's end gives its end. Undefined when unknown (no
   * Value column, a row not in the text, a Value that is not a string).
   */
  valueOffset(index: number, at: number): number | undefined;
}

/** Raw offsets in the text of each character of a decoded field/string, plus one past its end. */
type OffsetMap = number[];

/**
 * A locator for rows read from CSV text by `readTableCsv(KV_TABLE, text)`,
 * given its `rowNumbers` (the line where each row's record starts). The
 * Value column is found by its header, as the loader finds it; the delimiter
 * is the header's (`,`, `;` or tab).
 *
 * @example
 * ```ts
 * import { csvRowLocator, KV_TABLE, readTableCsv } from 'screenpop';
 * const text = 'Scope,Name,Key,Value\nglobal,customURL_Rule,01,"dnis=1 => ""x"""\n';
 * const { rowNumbers } = readTableCsv(KV_TABLE, text);
 * const at = csvRowLocator(text, rowNumbers);
 * at.row(0); // { line: 2, column: 1 }
 * at.valueOffset(0, 0); // 47: the "d" of dnis, inside the quotes
 * ```
 */
export function csvRowLocator(text: string, rowNumbers: readonly number[]): RowLocator {
  expectText(text, 'csvRowLocator: the CSV text');
  rowNumbers = lineNumbers(rowNumbers, 'csvRowLocator');
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // Lines end at LF, CRLF or a lone CR (old Excel for Mac), as the loader numbers them.
  const lineStarts = [0];
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 10 || (c === 13 && body.charCodeAt(i + 1) !== 10)) lineStarts.push(i + 1);
  }
  const delimiter = headerDelimiter(body);
  let valueColumn: number | undefined | null = null;
  const valueCol = (): number | undefined => {
    if (valueColumn !== null) return valueColumn;
    const headerLine = lineStarts.findIndex((s, i) => body.slice(s, lineStarts[i + 1] ?? body.length).trim() !== '');
    const header = headerLine < 0 ? [] : csvRecord(body, lineStarts[headerLine]!, delimiter);
    const i = header.findIndex((m) => matchTableColumn(KV_TABLE, m.slice(0, -1).map((o) => body[o]).join(''))?.field === 'value');
    valueColumn = i < 0 ? undefined : i;
    return valueColumn;
  };
  const start = (index: number): number | undefined => {
    const line = rowNumbers[index];
    return line === undefined ? undefined : lineStarts[line - 1];
  };
  const bom = text.length - body.length;
  // For line and column, a lone CR ends a line as LF does (same length, so offsets hold).
  let crAsLf: string | undefined;
  const lines = (): string => (crAsLf ??= body.replace(/\r(?!\n)/g, '\n'));
  /** Offset `at` of row `index`'s Value, in `body`. */
  const valueAt = (index: number, at: number): number | undefined => {
    if (!places(index, at)) return undefined;
    const s = start(index);
    const col = valueCol();
    if (s === undefined || col === undefined) return undefined;
    const field = csvRecord(body, s, delimiter)[col];
    return field ? offsetIn(trimmedMap(body, field), at) : undefined;
  };
  return {
    row(index) {
      if (!places(index, 0)) return undefined;
      const line = rowNumbers[index];
      return line === undefined ? undefined : { line, column: 1 };
    },
    value(index, at) {
      const o = valueAt(index, at);
      return o === undefined ? undefined : lineColumn(lines(), o);
    },
    valueOffset(index, at) {
      const o = valueAt(index, at);
      return o === undefined ? undefined : o + bom;
    },
  };
}

/**
 * A locator for rows read from JSON text by `readTableJson(KV_TABLE, text)`
 * (a Web API `value` payload or a plain array), given its `rowNumbers` (each
 * row's 1-based place in the array). Offsets in a Value go through its
 * string escapes.
 *
 * @example
 * ```ts
 * import { jsonRowLocator, KV_TABLE, readTableJson } from 'screenpop';
 * const text = '[{"Scope":"global","Name":"customURL_Rule","Key":"01","Value":"dnis=\\u0031 => x"}]';
 * const { rowNumbers } = readTableJson(KV_TABLE, text);
 * jsonRowLocator(text, rowNumbers).valueOffset(0, 5); // 68: the \u0031 escape
 * ```
 */
export function jsonRowLocator(text: string, rowNumbers: readonly number[]): RowLocator {
  expectText(text, 'jsonRowLocator: the JSON text');
  rowNumbers = lineNumbers(rowNumbers, 'jsonRowLocator');
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let items: JsonNode[] | null = null;
  const rowsArray = (): JsonNode[] => {
    if (items) return items;
    let root: JsonNode | undefined;
    try {
      root = new JsonScanner(body).document();
    } catch {
      root = undefined;
    }
    const arr = root?.kind === 'array' ? root : root?.kind === 'object' ? root.members.find((m) => m.key === 'value')?.value : undefined;
    items = arr?.kind === 'array' ? arr.items : [];
    return items;
  };
  const node = (index: number): JsonNode | undefined => {
    const n = rowNumbers[index];
    return n === undefined ? undefined : rowsArray()[n - 1];
  };
  const bom = text.length - body.length;
  const valueNode = (index: number): JsonNode | undefined => {
    if (!places(index, 0)) return undefined;
    const n = node(index);
    if (n?.kind !== 'object') return undefined;
    return n.members.find((m) => matchTableColumn(KV_TABLE, m.key)?.field === 'value')?.value;
  };
  return {
    row(index) {
      if (!places(index, 0)) return undefined;
      const n = node(index);
      return n ? lineColumn(body, n.start) : undefined;
    },
    value(index, at) {
      const v = places(index, at) ? valueNode(index) : undefined;
      if (v === undefined) return undefined;
      // A Value that is not a string: its start.
      return lineColumn(body, v.kind === 'string' ? offsetIn(trimmedMap(body, v.map, v.text), at) : v.start);
    },
    valueOffset(index, at) {
      const v = places(index, at) ? valueNode(index) : undefined;
      return v?.kind === 'string' ? offsetIn(trimmedMap(body, v.map, v.text), at) + bom : undefined;
    },
  };
}

/**
 * The `rowNumbers` argument read once into a plain array of whole numbers
 * ≥ 1 (host arrays, getters and proxies are read here, not later).
 * @throws {@link InputError} `bad_input` for anything else.
 */
function lineNumbers(value: unknown, fn: string): number[] {
  const what = `${fn}: rowNumbers`;
  if (!readHost(what, () => Array.isArray(value))) throw new InputError('bad_input', `${what} must be an array of row numbers, got ${value === null ? 'null' : typeof value}`, { hint: 'Pass the rowNumbers of readTableCsv / readTableJson.' });
  return readHost(what, () =>
    Array.from(value as unknown[], (n, i) => {
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
        throw new InputError('bad_input', `${what}[${i}] must be a whole number ≥ 1, got ${typeof n === 'number' ? String(n) : typeof n}`, { hint: 'Pass the rowNumbers of readTableCsv / readTableJson.' });
      }
      return n;
    }),
  );
}

/** Whether `index` and `at` are whole numbers ≥ 0 (the methods answer undefined otherwise). */
function places(index: unknown, at: unknown): boolean {
  return typeof index === 'number' && Number.isInteger(index) && index >= 0 && typeof at === 'number' && Number.isInteger(at) && at >= 0;
}

/** The map of a field's text after trimming, as the loaders trim; `decoded` is the field's text (default: the characters at the map's offsets). */
function trimmedMap(body: string, map: OffsetMap, decoded = map.slice(0, -1).map((o) => body[o]!).join('')): OffsetMap {
  const lead = decoded.length - decoded.trimStart().length;
  const kept = decoded.trim().length;
  const out = map.slice(lead, lead + kept);
  out.push(kept > 0 ? out[out.length - 1]! + 1 : (map[lead] ?? map[map.length - 1]!));
  return out;
}

/** The text offset of offset `at` of a field, clamped to the field (its end past it). */
function offsetIn(map: OffsetMap, at: number): number {
  return map[Math.max(0, Math.min(at, map.length - 1))]!;
}

/** The delimiter the header line uses most among `,`, `;` and tab (as the CSV loader decides). */
function headerDelimiter(text: string): string {
  const nl = text.indexOf('\n');
  const head = (nl < 0 ? text : text.slice(0, nl)).replace(/"[^"]*"/g, '');
  let best = ',';
  let bestCount = head.split(',').length - 1;
  for (const d of [';', '\t']) {
    const c = head.split(d).length - 1;
    if (c > bestCount) {
      best = d;
      bestCount = c;
    }
  }
  return best;
}

/** The fields of the CSV record starting at `from`, each as the raw offsets of its decoded characters. */
function csvRecord(body: string, from: number, delimiter: string): OffsetMap[] {
  const fields: OffsetMap[] = [];
  let i = from;
  for (;;) {
    const map: OffsetMap = [];
    if (body[i] === '"') {
      i++;
      while (i < body.length) {
        if (body[i] === '"') {
          if (body[i + 1] === '"') {
            map.push(i);
            i += 2;
            continue;
          }
          i++;
          break;
        }
        map.push(i++);
      }
      // Text after a closing quote (invalid, but keep going as far as the delimiter).
      while (i < body.length && body[i] !== delimiter && body[i] !== '\n' && body[i] !== '\r') map.push(i++);
    } else {
      while (i < body.length && body[i] !== delimiter && body[i] !== '\n' && body[i] !== '\r') map.push(i++);
    }
    map.push(i);
    fields.push(map);
    if (body[i] === delimiter) {
      i++;
      continue;
    }
    return fields;
  }
}

type JsonNode =
  | { readonly kind: 'object'; readonly start: number; readonly members: { key: string; value: JsonNode }[] }
  | { readonly kind: 'array'; readonly start: number; readonly items: JsonNode[] }
  | { readonly kind: 'string'; readonly start: number; readonly map: OffsetMap; readonly text: string }
  | { readonly kind: 'other'; readonly start: number };

/** A JSON reader that keeps where every value starts, and each string's character offsets. */
class JsonScanner {
  private i = 0;
  constructor(private readonly s: string) {}

  document(): JsonNode {
    return this.value();
  }

  private ws(): void {
    while (this.i < this.s.length && ' \t\n\r'.includes(this.s[this.i]!)) this.i++;
  }

  private value(): JsonNode {
    this.ws();
    const start = this.i;
    const c = this.s[this.i];
    if (c === '{') {
      this.i++;
      const members: { key: string; value: JsonNode }[] = [];
      this.ws();
      if (this.s[this.i] === '}') {
        this.i++;
        return { kind: 'object', start, members };
      }
      for (;;) {
        this.ws();
        const key = this.string();
        this.ws();
        if (this.s[this.i++] !== ':') throw new Error('expected :');
        members.push({ key: key.text, value: this.value() });
        this.ws();
        const d = this.s[this.i++];
        if (d === '}') return { kind: 'object', start, members };
        if (d !== ',') throw new Error('expected , or }');
      }
    }
    if (c === '[') {
      this.i++;
      const items: JsonNode[] = [];
      this.ws();
      if (this.s[this.i] === ']') {
        this.i++;
        return { kind: 'array', start, items };
      }
      for (;;) {
        items.push(this.value());
        this.ws();
        const d = this.s[this.i++];
        if (d === ']') return { kind: 'array', start, items };
        if (d !== ',') throw new Error('expected , or ]');
      }
    }
    if (c === '"') return this.string();
    while (this.i < this.s.length && !',]} \t\n\r'.includes(this.s[this.i]!)) this.i++;
    if (this.i === start) throw new Error('expected a value');
    return { kind: 'other', start };
  }

  private string(): Extract<JsonNode, { kind: 'string' }> {
    const start = this.i;
    if (this.s[this.i] !== '"') throw new Error('expected a string');
    this.i++;
    const map: OffsetMap = [];
    let text = '';
    const ESC: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
    while (this.i < this.s.length && this.s[this.i] !== '"') {
      if (this.s[this.i] === '\\') {
        const e = this.s[this.i + 1] ?? '';
        map.push(this.i);
        if (e === 'u') {
          text += String.fromCharCode(parseInt(this.s.slice(this.i + 2, this.i + 6), 16));
          this.i += 6;
        } else {
          text += ESC[e] ?? e;
          this.i += 2;
        }
      } else {
        map.push(this.i);
        text += this.s[this.i++];
      }
    }
    map.push(this.i);
    this.i++;
    return { kind: 'string', start, map, text };
  }
}
