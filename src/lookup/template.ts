/**
 * Stored phone formats: the template notation that `learnPhoneFormats`
 * writes and `lookupCaller` renders the caller's number in (see
 * `docs/lookup.md#stored-formats`). No numbering plan here: a template is
 * characters, and rendering is filling its slots, so the configuration
 * module and lint can check templates without loading the phone library.
 *
 * Notation: `C` is one digit of the country calling code, `N` one digit of
 * the national significant number; every other character (a digit such as
 * the trunk prefix `0` or the international prefix `00`, a space, `+ - . /
 * ( )`) is written as is. `+CC NN NNNN NNNN` writes `+44 20 7946 0958`,
 * `0NN NNNN NNNN` writes `020 7946 0958`, `(NNN) NNN-NNNN` writes
 * `(212) 555-0100`, `+CC (0)NN NNNN NNNN` writes `+44 (0)20 7946 0958`.
 *
 * @module
 */
import { LookupError } from './errors.js';

/** Longest template, in characters (as `MAX_PHONE_LENGTH` for a caller ID). @internal */
export const MAX_FORMAT_LENGTH = 64;

/**
 * A number as a template needs it: country calling code and national
 * significant number, digits only (as `normalizePhone` returns them).
 *
 * @example
 * ```ts
 * import { formatWithTemplate, normalizePhone, type FormatNumber } from 'screenpop';
 * const p = normalizePhone('+44 20 7946 0958');
 * const n: FormatNumber = p.ok ? p : { countryCallingCode: '44', nationalNumber: '2079460958' };
 * formatWithTemplate('0NN-NNNN-NNNN', n); // '020-7946-0958'
 * ```
 */
export interface FormatNumber {
  /** Country calling code without `+`, e.g. `44`. */
  readonly countryCallingCode: string;
  /** National significant number, e.g. `2079460958`. */
  readonly nationalNumber: string;
}

/**
 * A checked template: its text, how many `C` and `N` slots it has, and
 * whether it is written nationally: no `+` and no international prefix
 * before its first slot (`0NN NNNN NNNN`, `(NNN) NNN-NNNN`, and
 * `CC NN NNNN NNNN`, the country code without `+`). A stored value written
 * so is read in the lookup's default region, so such a template is rendered
 * only for callers of that region.
 * @internal
 */
export interface CompiledFormat {
  readonly text: string;
  readonly ccLength: number;
  readonly nsnLength: number;
  readonly national: boolean;
}

/** The literal characters a template may hold besides digits: space, no-break space, + ( ) - . / and the Unicode dashes U+2010–U+2015. */
function isSeparator(c: number): boolean {
  return c === 32 || c === 0xa0 || c === 43 || c === 40 || c === 41 || c === 45 || c === 46 || c === 47 || (c >= 0x2010 && c <= 0x2015);
}

/**
 * Why `template` is not a stored-format template, or undefined when it is
 * one. Rules: only `C`, `N`, digits, spaces and `+ ( ) - . /`; at least 2
 * and at most 17 `N`; `C` written as one run of 1 to 3, before the first `N`;
 * `+` at most once, first (spaces aside) and only with `C`; no digit after the
 * first `N` (a literal digit is a prefix: trunk `0`, international `00`);
 * at most 64 characters; no white space at either end.
 *
 * @example
 * ```ts
 * import { phoneFormatProblem } from 'screenpop';
 * phoneFormatProblem('+CC NN NNNN NNNN'); // undefined
 * phoneFormatProblem('0NN NNNN NNNN'); // undefined
 * phoneFormatProblem('+44 NN NNNN NNNN');
 * // 'a digit after "+" must be a C slot: write the country code as C (e.g. +CC NN NNNN NNNN)'
 * phoneFormatProblem('NNN-NNNN ext. NN'); // 'the character "e" at 10 is not part of the notation (C, N, digits, spaces and + ( ) - . /)'
 * ```
 */
export function phoneFormatProblem(template: string): string | undefined {
  if (typeof template !== 'string') return 'a template is text';
  if (template.trim() === '') return 'the template is empty';
  if (template.length > MAX_FORMAT_LENGTH) return `the template has ${template.length} characters; at most ${MAX_FORMAT_LENGTH}`;
  if (template !== template.trim()) return 'the template starts or ends with white space';
  let cRuns = 0;
  let c = 0;
  let n = 0;
  let plusAt = -1;
  let prev = '';
  let digitsBefore = 0;
  for (let i = 0; i < template.length; i++) {
    const ch = template[i] as string;
    const code = template.charCodeAt(i);
    if (ch === 'C') {
      if (n > 0) return 'C (country code) slots must come before the N slots';
      if (prev !== 'C') cRuns++;
      if (cRuns > 1) return 'the C (country code) slots must be one run, e.g. CC';
      c++;
    } else if (ch === 'N') {
      n++;
    } else if (code >= 48 && code <= 57) {
      if (n > 0) return `the digit "${ch}" at ${i + 1} comes after an N slot; digits are only prefixes (trunk 0, international 00)`;
      if (plusAt >= 0 && c === 0) return 'a digit after "+" must be a C slot: write the country code as C (e.g. +CC NN NNNN NNNN)';
      digitsBefore++;
    } else if (ch === '+') {
      if (plusAt >= 0) return 'the template has more than one "+"';
      if (c > 0 || n > 0 || digitsBefore > 0) return '"+" must come first';
      plusAt = i;
    } else if (!isSeparator(code)) {
      return `the character ${JSON.stringify(ch)} at ${i + 1} is not part of the notation (C, N, digits, spaces and + ( ) - . /)`;
    }
    prev = ch;
  }
  if (c > 3) return `a country code has at most 3 digits; the template has ${c} C`;
  if (plusAt >= 0 && c === 0) return 'a template with "+" needs C (country code) slots, e.g. +CC NN NNNN NNNN';
  if (n < 2) return 'a template needs at least 2 N (national number) slots';
  if (n > 17) return `a national number has at most 17 digits; the template has ${n} N`;
  return undefined;
}

/**
 * Checks and compiles one template; a bad one gives its
 * {@link phoneFormatProblem} as `problem`.
 * @internal
 */
export function compileFormat(template: string): CompiledFormat | { problem: string } {
  const problem = phoneFormatProblem(template);
  if (problem !== undefined) return { problem };
  let c = 0;
  let n = 0;
  let international = false; // a `+` or a digit (an international prefix) before the C slots
  for (let i = 0; i < template.length; i++) {
    const ch = template.charCodeAt(i);
    if (ch === 67 /* C */) c++;
    else if (ch === 78 /* N */) n++;
    else if (c === 0 && n === 0 && (ch === 43 || (ch >= 48 && ch <= 57))) international = true;
  }
  return { text: template, ccLength: c, nsnLength: n, national: c === 0 || !international };
}

/**
 * Writes a number in a compiled template; undefined when it does not fit
 * (another count of country-code or national digits).
 * @internal
 */
export function renderCompiled(f: CompiledFormat, cc: string, nsn: string): string | undefined {
  if (nsn.length !== f.nsnLength || (f.ccLength > 0 && cc.length !== f.ccLength)) return undefined;
  const t = f.text;
  let out = '';
  let ci = 0;
  let ni = 0;
  for (let i = 0; i < t.length; i++) {
    const ch = t.charCodeAt(i);
    if (ch === 67) out += cc[ci++];
    else if (ch === 78) out += nsn[ni++];
    else out += t[i];
  }
  return out;
}

/**
 * Writes a number in a stored-format template: `C` slots take the country
 * calling code, `N` slots the national significant number, everything else
 * is copied. Returns undefined when the number does not fit the template
 * (its country code or national number has another length than the
 * template's `C` or `N` count), and when the template is not one (check it
 * with {@link phoneFormatProblem}). Never throws.
 *
 * @example
 * ```ts
 * import { formatWithTemplate } from 'screenpop';
 * const n = { countryCallingCode: '44', nationalNumber: '2079460958' };
 * formatWithTemplate('+CC NN NNNN NNNN', n); // '+44 20 7946 0958'
 * formatWithTemplate('0NN NNNN NNNN', n); // '020 7946 0958'
 * formatWithTemplate('+CC (0)NN NNNN NNNN', n); // '+44 (0)20 7946 0958'
 * formatWithTemplate('NN-NNNN-NNNN', n); // '20-7946-0958'
 * formatWithTemplate('+C (NNN) NNN-NNNN', n); // undefined (the country code has 2 digits, the template 1 C)
 * ```
 */
export function formatWithTemplate(template: string, number: FormatNumber): string | undefined {
  const f = compileFormat(template);
  if ('problem' in f) return undefined;
  if (!/^\d{1,3}$/.test(number.countryCallingCode) || !/^\d{1,17}$/.test(number.nationalNumber)) return undefined;
  return renderCompiled(f, number.countryCallingCode, number.nationalNumber);
}

/**
 * Reads a stored value back through a template: the country code and
 * national number its slots hold, when the value is written exactly in the
 * template (every other character equal); otherwise undefined. A national
 * template gives `countryCallingCode: ''`. The inverse of
 * {@link formatWithTemplate}.
 *
 * @example
 * ```ts
 * import { readWithTemplate } from 'screenpop';
 * readWithTemplate('+CC NN NNNN NNNN', '+44 20 7946 0958'); // { countryCallingCode: '44', nationalNumber: '2079460958' }
 * readWithTemplate('0NN NNNN NNNN', '020 7946 0958'); // { countryCallingCode: '', nationalNumber: '2079460958' }
 * readWithTemplate('0NN NNNN NNNN', '020-7946-0958'); // undefined
 * ```
 */
export function readWithTemplate(template: string, value: string): FormatNumber | undefined {
  const f = compileFormat(template);
  if ('problem' in f || typeof value !== 'string' || value.length !== template.length) return undefined;
  let cc = '';
  let nsn = '';
  for (let i = 0; i < template.length; i++) {
    const t = template.charCodeAt(i);
    const v = value.charCodeAt(i);
    if (t === 67 || t === 78) {
      if (v < 48 || v > 57) return undefined;
      if (t === 67) cc += value[i];
      else nsn += value[i];
    } else if (t !== v) return undefined;
  }
  return { countryCallingCode: cc, nationalNumber: nsn };
}

/** Compiled `storedFormats` arrays, by identity: a config is compiled once. */
const compiled = new WeakMap<readonly string[], readonly CompiledFormat[]>();

/**
 * Compiles a `storedFormats` list, or returns the problem of the first bad
 * template (with its position). Cached per array.
 * @internal
 */
export function compileFormats(formats: readonly string[]): readonly CompiledFormat[] | { index: number; template: string; problem: string } {
  const hit = compiled.get(formats);
  if (hit) return hit;
  const out: CompiledFormat[] = [];
  for (let i = 0; i < formats.length; i++) {
    const t = formats[i] as string;
    const f = compileFormat(t);
    if ('problem' in f) return { index: i, template: String(t), problem: f.problem };
    out.push(f);
  }
  compiled.set(formats, out);
  return out;
}

/**
 * The caller's number written in every stored format that fits it, added to
 * `variants` (without repeats, after them). Templates written nationally are
 * used only when `national` (the caller is of the lookup's default region, or
 * there is none); one with the country code but no `+` (`CC NN NNNN NNNN`)
 * only when `variants` hold the caller's digits with the country code (the
 * number reader lists them only when, stored, they read back as the caller's
 * number in the region). Templates are checked by `checkLookupOptions` first;
 * a list that does not compile adds nothing here.
 * @internal
 */
export function addStoredFormats(variants: string[], formats: readonly string[] | undefined, cc: string, nsn: string, national: boolean): string[] {
  if (formats === undefined || formats.length === 0) return variants;
  const list = compileFormats(formats);
  if (!Array.isArray(list)) return variants;
  let seen: Set<string> | undefined;
  let withCode: boolean | undefined;
  for (const f of list as readonly CompiledFormat[]) {
    if (f.national && !national) continue;
    if (f.national && f.ccLength > 0 && !(withCode ??= variants.includes(cc + nsn))) continue;
    const v = renderCompiled(f, cc, nsn);
    if (v === undefined) continue;
    seen ??= new Set(variants);
    if (seen.has(v)) continue;
    seen.add(v);
    variants.push(v);
  }
  return variants;
}

/**
 * Throws `lookup_bad_option` when `storedFormats` is set and is not an array
 * of templates ({@link phoneFormatProblem} names what is wrong).
 * @internal
 */
export function checkStoredFormats(formats: unknown): void {
  if (formats === undefined) return;
  if (!Array.isArray(formats)) {
    throw new LookupError('lookup_bad_option', 'config.storedFormats must be an array of templates.', {
      hint: 'Pass the formats of learnPhoneFormats, e.g. ["+CC NN NNNN NNNN", "0NN NNNN NNNN"].',
    });
  }
  const list = compileFormats(formats as readonly string[]);
  if (!Array.isArray(list)) {
    const bad = list as { index: number; template: string; problem: string };
    throw new LookupError('lookup_bad_option', `config.storedFormats[${bad.index}] ${JSON.stringify(bad.template)} is not a stored-format template: ${bad.problem}.`, {
      hint: 'Write C for a country-code digit, N for a national-number digit, everything else as stored (docs/lookup.md#stored-formats).',
    });
  }
}
