/**
 * A small scan over the tokens of JSON text that `JSON.parse` already
 * accepted, for what `JSON.parse` throws away: duplicate keys (it keeps the
 * last silently), the text of numbers (`1.10` becomes `1.1`, long numbers are
 * rounded) and where each row is. Iterative (no recursion, so no depth limit)
 * and linear in the text's length.
 *
 * @module
 */

/** Half-open span of text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** A key seen again in the same object: its decoded name and where the repeat is. */
export interface DuplicateKey extends Span {
  readonly key: string;
}

/** One element of the rows array. */
export interface ScannedRow {
  /** Where the element is in the text. */
  readonly span: Span;
  /** Keys written more than once in this row object (each repeat), in text order. */
  readonly duplicates: DuplicateKey[];
  /** Decoded key → the number's text as written, for number values of this row object. */
  readonly numbers: Map<string, string>;
}

/** What {@link scanJson} found. */
export interface JsonScan {
  /**
   * The elements of the rows array: the root array, or the array under the
   * root object's `value` key (the last one, as `JSON.parse` keeps).
   */
  readonly rows: ScannedRow[];
  /** Keys repeated in the root object, in text order. */
  readonly rootDuplicates: DuplicateKey[];
  /** Keys repeated in any other object (inside a row's value, or elsewhere). */
  readonly nestedDuplicates: DuplicateKey[];
}

const enum Role {
  Root,
  Rows,
  Row,
  Other,
}

interface Frame {
  readonly isObject: boolean;
  readonly role: Role;
  /** Keys seen in this object: a list while small (rows have a handful), a set beyond. */
  keys: string[] | Set<string> | undefined;
  /** The current key, once read. */
  key: string | undefined;
  expectKey: boolean;
  /** Where this container started. */
  readonly start: number;
  /** The row this object is, when role is Row. */
  readonly row: ScannedRow | undefined;
}

const isWs = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

/** The index of the `"` closing the string whose body starts at `from` (or the text's length). */
function closingQuote(text: string, from: number): number {
  let q = text.indexOf('"', from);
  while (q > 0) {
    let backslashes = 0;
    while (text.charCodeAt(q - 1 - backslashes) === 92) backslashes++;
    if (backslashes % 2 === 0) return q;
    q = text.indexOf('"', q + 1);
  }
  return text.length;
}

function hasKey(frame: Frame, key: string): boolean {
  const keys = frame.keys!;
  return Array.isArray(keys) ? keys.includes(key) : keys.has(key);
}

function addKey(frame: Frame, key: string): void {
  const keys = frame.keys!;
  if (!Array.isArray(keys)) keys.add(key);
  else if (keys.length < 16) keys.push(key);
  else frame.keys = new Set([...keys, key]);
}

/** The decoded text of the JSON string token `text.slice(start, end)` (quotes included). */
function decodeString(text: string, start: number, end: number): string {
  const body = text.slice(start + 1, end - 1);
  return body.includes('\\') ? (JSON.parse(text.slice(start, end)) as string) : body;
}

/**
 * Scans JSON text that `JSON.parse` accepted. Behaviour on invalid JSON is
 * unspecified (but it never throws and always ends).
 */
export function scanJson(text: string): JsonScan {
  const rootDuplicates: DuplicateKey[] = [];
  const nestedDuplicates: DuplicateKey[] = [];
  let rows: ScannedRow[] = [];
  const stack: Frame[] = [];
  let i = 0;
  const n = text.length;

  /** Called when a value (an element of the rows array, or any other) ends at `end`. */
  const endValue = (start: number, end: number, row: ScannedRow | undefined): void => {
    const top = stack[stack.length - 1];
    if (top?.role === Role.Rows) rows.push(row ?? { span: { start, end }, duplicates: [], numbers: new Map() });
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    if (isWs(c)) {
      i++;
      continue;
    }
    const top = stack[stack.length - 1];
    if (c === 34 /* " */) {
      const start = i;
      i = closingQuote(text, i + 1) + 1;
      if (top?.isObject && top.expectKey) {
        const key = decodeString(text, start, i);
        if (hasKey(top, key)) {
          const dup = { key, start, end: i };
          if (top.role === Role.Row) top.row!.duplicates.push(dup);
          else if (top.role === Role.Root) rootDuplicates.push(dup);
          else nestedDuplicates.push(dup);
        } else addKey(top, key);
        top.key = key;
        top.expectKey = false;
      } else {
        endValue(start, i, undefined);
      }
      continue;
    }
    if (c === 123 /* { */ || c === 91 /* [ */) {
      const isObject = c === 123;
      let role: Role;
      if (top === undefined) role = isObject ? Role.Root : Role.Rows;
      else if (top.role === Role.Rows && isObject) role = Role.Row;
      else if (top.role === Role.Root && !isObject && top.key === 'value') role = Role.Rows;
      else role = Role.Other;
      // JSON.parse keeps the last "value": a new rows array replaces the rows found so far.
      if (role === Role.Rows) rows = [];
      const row = role === Role.Row ? { span: { start: i, end: i }, duplicates: [], numbers: new Map<string, string>() } : undefined;
      stack.push({ isObject, role, keys: isObject ? [] : undefined, key: undefined, expectKey: isObject, start: i, row });
      i++;
      continue;
    }
    if (c === 125 /* } */ || c === 93 /* ] */) {
      const frame = stack.pop();
      i++;
      if (frame) {
        const row = frame.row === undefined ? undefined : { ...frame.row, span: { start: frame.start, end: i } };
        endValue(frame.start, i, row);
      }
      continue;
    }
    if (c === 44 /* , */) {
      if (top?.isObject) top.expectKey = true;
      i++;
      continue;
    }
    if (c === 58 /* : */) {
      i++;
      continue;
    }
    // A number or a literal (true, false, null): up to the next delimiter.
    const start = i;
    while (i < n) {
      const d = text.charCodeAt(i);
      if (d === 44 || d === 125 || d === 93 || d === 58 || isWs(d) || d === 34 || d === 123 || d === 91) break;
      i++;
    }
    if (i === start) i++; // never stall on a stray character
    if (top?.role === Role.Row && top.key !== undefined && (c === 45 || (c >= 48 && c <= 57))) top.row!.numbers.set(top.key, text.slice(start, i));
    endValue(start, i, undefined);
  }
  return { rows, rootDuplicates, nestedDuplicates };
}
