/**
 * Phone numbers: the caller's number is parsed once with libphonenumber-js
 * (full numbering plans); stored numbers are never parsed, only reduced to a
 * cheap canonical form and a trailing-digit key (see `docs/lookup.md`).
 *
 * @module
 */
import {
  parsePhoneNumberFromString,
  isSupportedCountry,
  getCountryCallingCode,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js';
import { expectObject, expectText } from '../errors/guard.js';

/**
 * Longest caller ID accepted, in characters; longer input is `too_long`.
 *
 * @example
 * ```ts
 * import { normalizePhone, MAX_PHONE_LENGTH } from 'screenpop';
 * console.log(MAX_PHONE_LENGTH); // 64
 * normalizePhone('1'.repeat(MAX_PHONE_LENGTH + 1));
 * // { ok: false, reason: 'too_long', detail: 'The caller ID has 65 characters; no phone number has more than 64.' }
 * ```
 */
export const MAX_PHONE_LENGTH = 64;

/**
 * Why a caller ID is not a number that can be searched for.
 *
 * @example
 * ```ts
 * import { normalizePhone, type PhoneReason } from 'screenpop';
 * const reasons: (PhoneReason | undefined)[] = ['', 'private', 'call me', '020 7946 0958', '12345'].map((id) => {
 *   const p = normalizePhone(id, id === '12345' ? { defaultRegion: 'GB' } : {});
 *   return p.ok ? undefined : p.reason;
 * });
 * // ['empty', 'withheld', 'not_a_number', 'needs_region', 'invalid']
 * ```
 */
export type PhoneReason =
  /** Nothing but white space. */
  | 'empty'
  /** `anonymous`, `private`, `unknown`, `restricted`, `withheld` and the like. */
  | 'withheld'
  /** More than {@link MAX_PHONE_LENGTH} characters. */
  | 'too_long'
  /** Letters or symbols that no phone number contains, or no digits at all. */
  | 'not_a_number'
  /** A national number (no `+` or `00`) and no default region to read it in. */
  | 'needs_region'
  /** The default region is not an ISO 3166-1 alpha-2 code libphonenumber-js knows. */
  | 'unknown_region'
  /** Digits that cannot be a number of the country they belong to (wrong length). */
  | 'invalid';

/**
 * Options of {@link normalizePhone}.
 *
 * @example
 * ```ts
 * import { normalizePhone, type NormalizePhoneOptions } from 'screenpop';
 * const options: NormalizePhoneOptions = { defaultRegion: 'GB' };
 * const p = normalizePhone('020 7946 0958', options);
 * if (p.ok) console.log(p.e164); // +442079460958
 * normalizePhone('020 7946 0958').ok; // false (reason 'needs_region')
 * ```
 */
export interface NormalizePhoneOptions {
  /**
   * ISO 3166-1 alpha-2 region in which national numbers (no `+` or `00`) are
   * read, e.g. `GB`, `US`, `IE`, `GR`. Default: undefined (only international
   * numbers can be normalised; a national one gives `needs_region`).
   */
  readonly defaultRegion?: string;
}

/**
 * A caller ID that could be read as a number.
 *
 * @example
 * ```ts
 * import { normalizePhone } from 'screenpop';
 * const p = normalizePhone('+44 20 7946 0958 x12');
 * // { ok: true, e164: '+442079460958', countryCallingCode: '44', nationalNumber: '2079460958',
 * //   country: 'GB', extension: '12', valid: true }
 * const short = normalizePhone('020 7946 095', { defaultRegion: 'GB' });
 * if (short.ok) console.log(short.e164, short.valid); // +44207946095 false
 * ```
 */
export interface PhoneNumberOk {
  readonly ok: true;
  /** The number in E.164, e.g. `+442079460958` (never with an extension). */
  readonly e164: string;
  /** Country calling code without `+`, e.g. `44`. */
  readonly countryCallingCode: string;
  /** National significant number, e.g. `2079460958`. */
  readonly nationalNumber: string;
  /** ISO region when libphonenumber-js can tell, e.g. `GB`. */
  readonly country?: string;
  /** Extension written after the number (`x123`, `ext. 123`), kept for display; not used to match. */
  readonly extension?: string;
  /**
   * False when the number has a possible length but is in no range of the
   * country's plan (e.g. a brand-new range): it is still searched for.
   */
  readonly valid: boolean;
}

/**
 * A caller ID that could not be read as a number, and why.
 *
 * @example
 * ```ts
 * import { normalizePhone } from 'screenpop';
 * const p = normalizePhone('12345', { defaultRegion: 'GB' });
 * // { ok: false, reason: 'invalid', detail: '"12345" cannot be a phone number in GB (wrong number of digits).' }
 * ```
 */
export interface PhoneNumberFailure {
  readonly ok: false;
  /** The kind of failure, for code to branch on. */
  readonly reason: PhoneReason;
  /** One sentence for logs and the agent. */
  readonly detail: string;
  /** Extension, when one was written after an unusable number. */
  readonly extension?: string;
}

/**
 * What {@link normalizePhone} returns: a discriminated union on `ok`.
 *
 * @example
 * ```ts
 * import { normalizePhone, type NormalizedPhone } from 'screenpop';
 * const p: NormalizedPhone = normalizePhone('0207 946 0958', { defaultRegion: 'GB' });
 * console.log(p.ok ? p.e164 : p.reason); // +442079460958
 * ```
 */
export type NormalizedPhone = PhoneNumberOk | PhoneNumberFailure;

const WITHHELD = new Set([
  'anonymous',
  'private',
  'privatenumber',
  'unknown',
  'unknowncaller',
  'unknownnumber',
  'restricted',
  'withheld',
  'numberwithheld',
  'unavailable',
  'notavailable',
  'blocked',
  'nocallerid',
  'outofarea',
]);

/** Extension written at the end: `x123`, `ext 123`, `ext. 123`, `extension 123`, `#123`, `;ext=123`. */
const EXTENSION = /\s*(?:;\s*ext\s*=|,|#|\bext(?:ension)?\.?|\bx\.?|(?<=\d)x\.?)\s*(\d{1,10})\s*$/i;
/** What may remain of a number once its extension is gone. */
const NUMBER_CHARS = /^\+?[\d\s\-./()\u00a0\u2010-\u2015]*$/;

/**
 * Splits a trailing extension from a caller ID.
 * @internal
 */
export function splitExtension(raw: string): { body: string; extension?: string } {
  const m = EXTENSION.exec(raw);
  if (!m || m.index === 0) return { body: raw };
  return { body: raw.slice(0, m.index), extension: m[1] as string };
}

/** Counts ASCII digits. @internal */
export function countDigits(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/**
 * Screens a caller ID before parsing: the reasons that need no numbering plan.
 * Returns the trimmed body (extension removed, `tel:` dropped) or a failure.
 * @internal
 */
export function screenCallerId(raw: unknown): { ok: true; body: string; extension?: string } | PhoneNumberFailure {
  if (typeof raw !== 'string' || raw.trim() === '') {
    return { ok: false, reason: 'empty', detail: 'The caller ID is empty.' };
  }
  if (raw.length > MAX_PHONE_LENGTH) {
    return {
      ok: false,
      reason: 'too_long',
      detail: `The caller ID has ${raw.length} characters; no phone number has more than ${MAX_PHONE_LENGTH}.`,
    };
  }
  // Fast path: `+digits` or `digits`, what most switches send, has nothing to strip or screen.
  if (isPlainNumber(raw)) return { ok: true, body: raw };
  const trimmed = raw.trim();
  let s = trimmed.length > 3 && (trimmed.charCodeAt(3) === 58 /* : */) ? trimmed.replace(/^tel:/i, '') : trimmed;
  if (countDigits(s) === 0 && WITHHELD.has(s.toLowerCase().replace(/^sips?:/, '').replace(/@.*$/, '').replace(/[^a-z]/g, ''))) {
    return { ok: false, reason: 'withheld', detail: `The caller withheld the number ("${trimmed}").` };
  }
  const { body, extension } = splitExtension(s);
  s = body.trim();
  if (!NUMBER_CHARS.test(s) || countDigits(s) === 0) {
    return {
      ok: false,
      reason: 'not_a_number',
      detail: `"${raw.trim()}" is not a phone number (only digits, spaces, + ( ) - . / and an extension may appear).`,
      ...(extension === undefined ? {} : { extension }),
    };
  }
  return extension === undefined ? { ok: true, body: s } : { ok: true, body: s, extension };
}

/** `+` then digits, or digits only. */
function isPlainNumber(s: string): boolean {
  const n = s.length;
  let i = s.charCodeAt(0) === 43 ? 1 : 0;
  if (i === n) return false;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/** True when `region` is an ISO 3166-1 alpha-2 code libphonenumber-js has a plan for. */
export function isKnownRegion(region: string): boolean {
  return /^[A-Z]{2}$/.test(region) && isSupportedCountry(region);
}

/**
 * Reads a caller ID as an E.164 number, or says why it cannot.
 *
 * Never throws: empty, withheld (`anonymous`, `private`, ...), over-long and
 * alphabetic input give `{ ok: false, reason }`. An extension (`x123`,
 * `ext. 123`) is split off and returned apart. A number of possible length
 * that is in no known range is accepted with `valid: false`.
 *
 * @example
 * ```ts
 * import { normalizePhone } from 'screenpop';
 * normalizePhone('020 7946 0958 ext. 12', { defaultRegion: 'GB' });
 * // { ok: true, e164: '+442079460958', extension: '12', country: 'GB', ... }
 * normalizePhone('00353868561713', { defaultRegion: 'GB' }).ok; // true, e164 '+353868561713'
 * normalizePhone('anonymous'); // { ok: false, reason: 'withheld', ... }
 * ```
 */
export function normalizePhone(raw: string, options: NormalizePhoneOptions = {}): NormalizedPhone {
  const screened = screenCallerId(raw);
  if (!screened.ok) return screened;
  return readNumber(screened.body, screened.extension, options.defaultRegion).phone;
}

/**
 * {@link normalizePhone} of an already screened caller ID, with the parsed
 * number for {@link numberForms} and {@link variantsOf} (so the caller's
 * number is parsed once per call). `region` is checked here.
 * @internal
 */
export function readNumber(
  body: string,
  extension: string | undefined,
  defaultRegion: string | undefined,
): { phone: PhoneNumberOk; parsed: PhoneNumber } | { phone: PhoneNumberFailure; parsed?: undefined } {
  const ext = extension === undefined ? {} : { extension };
  const region = defaultRegion?.toUpperCase();
  if (region !== undefined && !isKnownRegion(region)) {
    return {
      phone: {
        ok: false,
        reason: 'unknown_region',
        detail: `"${defaultRegion}" is not a region code (use ISO 3166-1 alpha-2, e.g. GB, US, IE, GR).`,
        ...ext,
      },
    };
  }
  const international = /^\s*(?:\+|00)/.test(body);
  if (!international && region === undefined) {
    return {
      phone: {
        ok: false,
        reason: 'needs_region',
        detail: `"${body}" is a national number and no default region was given to read it in.`,
        ...ext,
      },
    };
  }
  let parsed: PhoneNumber | undefined;
  try {
    // `00` is the international prefix almost everywhere; read it as `+` even when the region's differs.
    const text = /^\s*00/.test(body) ? `+${body.trim().slice(2)}` : body;
    parsed = parsePhoneNumberFromString(text, region === undefined ? undefined : { defaultCountry: region as CountryCode });
  } catch {
    parsed = undefined;
  }
  if (!parsed || !parsed.isPossible()) {
    return {
      phone: {
        ok: false,
        reason: 'invalid',
        detail: `"${body}" cannot be a phone number${region ? ` in ${region}` : ''} (wrong number of digits).`,
        ...ext,
      },
    };
  }
  return {
    phone: {
      ok: true,
      e164: parsed.number,
      countryCallingCode: parsed.countryCallingCode,
      nationalNumber: parsed.nationalNumber,
      ...(parsed.country === undefined ? {} : { country: parsed.country }),
      ...ext,
      valid: parsed.isValid(),
    },
    parsed,
  };
}

/**
 * Options of {@link phoneVariants}.
 *
 * @example
 * ```ts
 * import { phoneVariants, type PhoneVariantsOptions } from 'screenpop';
 * const options: PhoneVariantsOptions = { national: false };
 * phoneVariants('+442079460958', options);
 * // ['+442079460958', '+44 20 7946 0958', '442079460958', '00442079460958']
 * ```
 */
export interface PhoneVariantsOptions {
  /**
   * Include national forms (`020 7946 0958`, `02079460958`, `2079460958`).
   * A stored national number carries no country, so `lookupCaller` includes
   * them only when the caller's country is the default region's (or there is
   * no default region). Default: `true`.
   */
  readonly national?: boolean;
}

/**
 * The stored formats a CRM search should try for one number, most common
 * first and without repeats: E.164, international with spaces, national as
 * formatted, national digits with the trunk prefix, national digits without
 * it, national with dashes, digits with the country code, and `00` + digits.
 * An input that is not E.164 gives `[]`.
 *
 * @example
 * ```ts
 * import { phoneVariants } from 'screenpop';
 * phoneVariants('+442079460958');
 * // ['+442079460958', '+44 20 7946 0958', '020 7946 0958', '02079460958',
 * //  '2079460958', '020-7946-0958', '442079460958', '00442079460958']
 * ```
 */
export function phoneVariants(e164: string, options: PhoneVariantsOptions = {}): string[] {
  expectText(e164, 'e164');
  expectObject(options, 'options', ['national']);
  const p = parseE164(e164);
  return p ? variantsOf(p, options.national !== false, e164) : [];
}

/** An E.164 string read with no region; undefined when it is not one. @internal */
export function parseE164(e164: string): PhoneNumber | undefined {
  return /^\+[1-9]\d{1,14}$/.test(e164) ? parsePhoneNumberFromString(e164) : undefined;
}

/**
 * The national forms of a parsed number: as formatted, its digits, its
 * digits in dashed groups, and the national significant number. A form
 * whose digits start with `00` is left out: stored, it would read as an
 * international number of another country (`+20 0001 234567`, not a valid
 * number, formats nationally as `00 1234567`, which is `+1234567`).
 */
function nationalForms(p: PhoneNumber): { formatted?: string; digits?: string; dashed?: string; nsn?: string } {
  const formatted = p.formatNational();
  const digits = formatted.replace(/\D/g, '');
  const nsn = p.nationalNumber;
  const out: { formatted?: string; digits?: string; dashed?: string; nsn?: string } = {};
  if (!digits.startsWith('00')) {
    out.formatted = formatted;
    out.digits = digits;
    const groups = formatted.match(/\d+/g);
    if (groups && groups.length > 1) out.dashed = groups.join('-');
  }
  if (!nsn.startsWith('00')) out.nsn = nsn;
  return out;
}

/**
 * {@link phoneVariants} of a parsed number. `e164` is the number as given: for
 * a number that is not valid, libphonenumber-js may read it as another
 * (`p.number`), and the given one is what stored values may hold.
 * @internal
 */
export function variantsOf(p: PhoneNumber, national: boolean, e164: string): string[] {
  const digits = e164.slice(1);
  const out = new Set<string>([e164, p.formatInternational()]);
  if (national) {
    const n = nationalForms(p);
    if (n.formatted !== undefined) out.add(n.formatted);
    if (n.digits !== undefined) out.add(n.digits);
    if (n.nsn !== undefined) out.add(n.nsn);
    if (n.dashed !== undefined) out.add(n.dashed);
  }
  out.add(digits);
  out.add(`00${digits}`);
  return [...out];
}

/**
 * The distinct {@link canonicalPhone} forms of {@link variantsOf}`(p, national, e164)`,
 * without formatting the variants that only differ in punctuation: E.164, the
 * digits with the country code, and (when `national`) the national digits as
 * formatted and the national significant number. One formatting
 * (`formatNational`) instead of two.
 * @internal
 */
export function numberForms(p: PhoneNumber, national: boolean, e164: string): string[] {
  const out = [e164, canonicalPhone(e164.slice(1))];
  if (p.number !== e164) out.push(p.number); // an invalid number libphonenumber-js reads as another: its international form
  if (national) {
    const n = nationalForms(p);
    if (n.digits !== undefined && !out.includes(n.digits)) out.push(n.digits);
    if (n.nsn !== undefined && !out.includes(n.nsn)) out.push(n.nsn);
  }
  return out;
}

/** The calling code of a region, e.g. `GB` → `44`; undefined for an unknown region. @internal */
export function callingCodeOf(region: string | undefined): string | undefined {
  if (region === undefined) return undefined;
  const r = region.toUpperCase();
  return isKnownRegion(r) ? getCountryCallingCode(r as CountryCode) : undefined;
}

// ---------------------------------------------------------------------------
// Stored side: no numbering plan, just characters.

/**
 * The form two stored numbers are compared in: the extension dropped, `(0)`
 * after a country code dropped, `+` or a leading `00` kept as `+`, spaces and
 * separators dropped. `+44 (0)20 7946-0958 x12` → `+442079460958`,
 * `020 7946 0958` → `02079460958`. A value with other characters before its
 * extension is not a number: its form is `=` + the trimmed text, so only the
 * same text matches it. Never parses a numbering plan.
 * @internal
 */
export function canonicalPhone(value: string): string {
  // Fast path, no allocation: already `+digits` or `digits` (E.164, digits only).
  const n = value.length;
  const first = value.charCodeAt(0) === 43 ? 1 : 0;
  let plain = n > first;
  for (let i = first; i < n && plain; i++) {
    const c = value.charCodeAt(i);
    plain = c >= 48 && c <= 57;
  }
  if (plain) {
    return first === 0 && n > 2 && value.charCodeAt(0) === 48 && value.charCodeAt(1) === 48 ? `+${value.slice(2)}` : value;
  }
  const end = bodyEnd(value);
  const start = /^\s*tel:/i.test(value) ? value.indexOf(':') + 1 : 0;
  let out = '';
  let plus = false;
  let seenDigit = false;
  for (let i = start; i < end; i++) {
    const c = value.charCodeAt(i);
    if (!isPhoneChar(c)) return `=${value.trim()}`; // not a phone number: only equal text matches
    if (c >= 48 && c <= 57) {
      if (c === 48 && i > 0 && value.charCodeAt(i - 1) === 40 && value.charCodeAt(i + 1) === 41 && seenDigit) continue; // "(0)"
      out += value[i];
      seenDigit = true;
    } else if (c === 43 && !seenDigit) {
      plus = true;
    }
  }
  if (plus) return `+${out}`;
  if (out.length > 2 && out.startsWith('00')) return `+${out.slice(2)}`;
  return out;
}

/** Digits, white space and the separators numbers are written with: + ( ) - . / */
function isPhoneChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) ||
    c === 32 || c === 9 || c === 0xa0 ||
    c === 43 || c === 40 || c === 41 || c === 45 || c === 46 || c === 47 ||
    (c >= 0x2010 && c <= 0x2015)
  );
}

/**
 * Where the number part of a stored value ends: at the first letter, `#`,
 * `;` or `,` after a digit (an extension or a dial-string pause).
 */
function bodyEnd(value: string): number {
  let seenDigit = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) seenDigit = true;
    else if (seenDigit && ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 35 || c === 59 || c === 44)) return i;
  }
  return value.length;
}

/**
 * The index key of a stored value: the number formed by its last `k` digits
 * (fewer when it has fewer), read the way {@link canonicalPhone} reads it.
 * Equal canonical forms always give equal keys; different numbers may share
 * a key, so candidates are verified. Returns -1 when there is no digit.
 * @internal
 */
export function trailingKey(value: string, k: number): number {
  if (isPlainNumber(value)) {
    // `+digits` or `digits` (canonical forms, E.164): the last k characters are the last k digits.
    const from = Math.max(value.charCodeAt(0) === 43 ? 1 : 0, value.length - k);
    let key = 0;
    for (let i = from; i < value.length; i++) key = key * 10 + (value.charCodeAt(i) - 48);
    return key;
  }
  // One forward pass; the key rolls over modulo 10^k, so only the last k digits remain.
  const mod = 10 ** k;
  let key = 0;
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (c === 48 && n > 0 && value.charCodeAt(i - 1) === 40 && value.charCodeAt(i + 1) === 41) continue; // "(0)"
      key = (key * 10 + (c - 48)) % mod;
      n++;
    } else if (n > 0 && ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 35 || c === 59 || c === 44)) {
      break; // an extension or a dial-string pause
    }
  }
  return n === 0 ? -1 : key;
}

/**
 * Whether a stored value matches a caller in `lastDigits` mode: its last `n`
 * digits equal the caller's, and when it is written internationally (`+`,
 * `00`) it is the caller's number exactly, so a number of another country
 * with the same trailing digits never matches.
 * @internal
 */
export function matchesLastDigits(stored: string, e164: string, n: number): boolean {
  const c = canonicalPhone(stored);
  if (c.startsWith('+')) return c === e164;
  const digits = e164.slice(1);
  return c.length >= n && digits.length >= n && c.slice(-n) === digits.slice(-n);
}

/** Where {@link scanCanonical} leaves the sign and length of what it read. @internal */
export interface CanonicalScan {
  plus: boolean;
  len: number;
}

/**
 * Reads `value` as {@link canonicalPhone} does, without allocating: returns
 * the digits as a number and sets `out.plus`/`out.len`, or returns -1 when the
 * value needs the string form (a `tel:` prefix, characters that are not a
 * number's, more than 15 digits). Two values with equal canonical forms give
 * equal (number, plus, len), and vice versa.
 * @internal
 */
export function scanCanonical(value: string, out: CanonicalScan): number {
  let plus = false;
  let len = 0;
  let num = 0;
  let firstTwoZero = 0; // how many of the first two digits are 0
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (c === 48 && len > 0 && value.charCodeAt(i - 1) === 40 && value.charCodeAt(i + 1) === 41) continue; // "(0)"
      if (len < 2 && c === 48 && firstTwoZero === len) firstTwoZero++;
      num = num * 10 + (c - 48);
      len++;
      if (len > 15) return -1;
    } else if (c === 43) {
      if (len === 0) plus = true;
    } else if (!isPhoneChar(c)) {
      if (len > 0 && ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 35 || c === 59 || c === 44)) break; // extension
      return -1;
    }
  }
  if (!plus && len > 2 && firstTwoZero === 2) {
    plus = true;
    len -= 2;
  }
  out.plus = plus;
  out.len = len;
  return num;
}

/**
 * {@link scanCanonical} of a canonical number (`+digits` or `digits`, at most
 * 15 digits), without its general cases; anything else goes to `scanCanonical`.
 * @internal
 */
export function scanPlain(c: string, out: CanonicalScan): number {
  const n = c.length;
  const plus = n > 1 && c.charCodeAt(0) === 43;
  const from = plus ? 1 : 0;
  if (n - from > 15 || (!plus && n > 2 && c.charCodeAt(0) === 48 && c.charCodeAt(1) === 48)) return scanCanonical(c, out);
  let num = 0;
  for (let i = from; i < n; i++) {
    const d = c.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return scanCanonical(c, out);
    num = num * 10 + d;
  }
  out.plus = plus;
  out.len = n - from;
  return num;
}
