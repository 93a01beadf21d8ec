/**
 * Phone numbers: one reader for the caller's number and for stored values.
 * Both go through {@link readPhoneText} (URIs, display names, withheld
 * callers, extensions, full-width characters) and {@link internationalPart}
 * (the region's own international prefix, from libphonenumber-js metadata);
 * a number written internationally loses a trunk prefix typed after its
 * country code as libphonenumber reads it. The caller's number is then parsed
 * once with libphonenumber-js; a stored value is reduced to a canonical form
 * (E.164 when written internationally, its national digits otherwise) and a
 * trailing-digit key, without a parse in the common cases (see `docs/lookup.md`).
 *
 * @module
 */
import {
  parsePhone,
  isSupportedCountry,
  getCountryCallingCode,
  newMetadata,
  type Metadata,
  type CountryCode,
  type PhoneNumber,
} from './phonelib.js';
import { expectFields, expectText } from '../errors/guard.js';
import { isPhoneChar, plainExtension } from '../hosts/shared/stored.js';

/**
 * Longest number text accepted, in characters, once a SIP or tel URI and a
 * display name are taken off (a whole caller ID may have up to
 * {@link MAX_CALLER_ID_LENGTH}); longer input is `too_long`.
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
 * Longest caller ID accepted as a whole, in characters: room for a SIP
 * name-addr (`"Ann Lee" <sip:+442079460958@pbx.example.com;user=phone>`);
 * longer input is `too_long` without being read.
 *
 * @example
 * ```ts
 * import { normalizePhone, MAX_CALLER_ID_LENGTH } from 'screenpop';
 * console.log(MAX_CALLER_ID_LENGTH); // 256
 * normalizePhone('"Ann Lee" <sip:+442079460958@pbx.example.com;user=phone>').ok; // true
 * ```
 */
export const MAX_CALLER_ID_LENGTH = 256;

/**
 * Fewest significant digits (after the international prefix, the country
 * code and a trunk prefix) a caller ID must have to be searched when
 * libphonenumber-js cannot confirm it as a possible number of its country;
 * with fewer it is `too_short` and searched for nothing. Numbers
 * libphonenumber-js finds possible (some plans have 4- and 5-digit numbers)
 * and internal extensions are not subject to it.
 *
 * @example
 * ```ts
 * import { normalizePhone, MIN_SIGNIFICANT_DIGITS } from 'screenpop';
 * console.log(MIN_SIGNIFICANT_DIGITS); // 6
 * normalizePhone('0044', { defaultRegion: 'GB' }); // { ok: false, reason: 'too_short', ... }
 * ```
 */
export const MIN_SIGNIFICANT_DIGITS = 6;

/** Most digits a national significant number has (libphonenumber's `MAX_LENGTH_FOR_NSN`). */
const MAX_SIGNIFICANT_DIGITS = 17;

/**
 * Why a caller ID is not a number that can be searched for.
 *
 * @example
 * ```ts
 * import { normalizePhone, type PhoneReason } from 'screenpop';
 * const reasons: (PhoneReason | undefined)[] = ['', 'private', 'call me', '020 7946 0958', '0044', '020 7946 09'].map((id) => {
 *   const p = normalizePhone(id, id.startsWith('0') && id.length < 12 ? { defaultRegion: id === '0044' ? 'GB' : 'US' } : {});
 *   return p.ok ? undefined : p.reason;
 * });
 * // ['empty', 'withheld', 'not_a_number', 'needs_region', 'too_short', 'invalid']
 * ```
 */
export type PhoneReason =
  /** Nothing but white space. */
  | 'empty'
  /**
   * `anonymous`, `private`, `unknown`, `restricted`, `unavailable`, `withheld`
   * and the like, also as a SIP URI (`sip:anonymous@anonymous.invalid`, RFC 3323).
   */
  | 'withheld'
  /**
   * More than {@link MAX_CALLER_ID_LENGTH} characters, more than
   * {@link MAX_PHONE_LENGTH} once a URI is taken off, or more significant
   * digits (17) than any number has.
   */
  | 'too_long'
  /** Fewer than {@link MIN_SIGNIFICANT_DIGITS} significant digits (`0044`, `011` in the US, `+49 0`) and not a possible number. */
  | 'too_short'
  /** Letters or symbols that no phone number contains, no digits at all, or a SIP user that is not a number. */
  | 'not_a_number'
  /** A national number (no `+` or international prefix) and no default region to read it in. */
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
   * ISO 3166-1 alpha-2 region in which national numbers are read and whose
   * international prefix is understood (`00` in GB, `011` in the US, `0011`
   * in AU), e.g. `GB`, `US`, `IE`, `GR`. Default: undefined (only numbers
   * written with `+` or `00` can be normalised; a national one gives
   * `needs_region`).
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
 * const p = normalizePhone('020 7946 09', { defaultRegion: 'US' });
 * // { ok: false, reason: 'invalid', detail: '"020 7946 09" cannot be a phone number in US (wrong number of digits).' }
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
  'anonymousinvalid',
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

// ---------------------------------------------------------------------------
// One reader of number text, for the caller ID and for stored values alike.

/**
 * An extension written after the number: `x123`, `x 123`, `ext 123`, `ext. 123`,
 * `ext: 123`, `extn 123`, `extension 123`, `, ext 123`, `#123`, `доб. 123`
 * (Russian), and dial-string pauses `,123` / `,,123#`. (`;ext=123` is a URI
 * parameter, read with the others.)
 */
const EXTENSION =
  /(?:\s*,+\s*(?:(?:ext(?:ension|n)?|доб)\.?:?\s*)?|\s*#\s*|\s*(?:\b(?:ext(?:ension|n)?\.?:?|x\.?)|(?<=\d)(?:x\.?|ext(?:ension|n)?\.?:?)|(?<![a-zа-я])доб\.?)\s*)(\d{1,10})\s*#?\s*$/iu;
/** What may remain of a number once its extension is gone. */
const NUMBER_CHARS = /^[+\d\s\-./()[\]~\u00a0\u00ad\u2010-\u2015\u2212\u30fc]*$/;

/**
 * Splits a trailing extension from a number text.
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

/** The ASCII digits of `s`, in order. */
function digitsOf(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) out += s[i];
  }
  return out;
}

/**
 * Full-width and other compatibility forms to ASCII (`＋３５３` → `+353`,
 * `ｅｘｔ` → `ext`, NFKC), and Arabic-Indic and Eastern Arabic-Indic digits
 * to ASCII digits, as libphonenumber reads them.
 */
function foldWidth(s: string): string {
  let t = s.normalize('NFKC');
  if (/[\u0660-\u0669\u06f0-\u06f9]/.test(t)) {
    t = t.replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (d) => String((d.charCodeAt(0) - 0x0660) % 0x90));
  }
  return t;
}

/** `decodeURIComponent` that never throws (a stray `%` stays). */
function unescapeUri(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A withheld marker: letters only (`Anonymous`, `Private Number`, `sip:anonymous@anonymous.invalid`'s user). */
function isWithheldWord(s: string): boolean {
  return countDigits(s) === 0 && WITHHELD.has(s.toLowerCase().replace(/[^a-z]/g, ''));
}

/**
 * A number text as written, read without a numbering plan: a leading `+`
 * (`plus`), its digits, an extension, and the digits of a global
 * `phone-context` the number is local to. `text` is the number part, for messages.
 * @internal
 */
export interface PhoneText {
  readonly ok: true;
  readonly plus: boolean;
  readonly digits: string;
  readonly text: string;
  readonly extension?: string;
}

/**
 * Reads number text the same way for a caller ID and a stored value:
 *
 * - full-width forms folded (`＋３５３…`), white space trimmed;
 * - a SIP name-addr's display name and angle brackets dropped
 *   (`"Ann" <sip:+353868561713@pbx>`); `sip:`/`sips:` read as their user part,
 *   `tel:` as its number; URI parameters read as RFC 3966 says: `ext=` is the
 *   extension, a global `phone-context=+49` is prefixed to a local number,
 *   `isub`, `npdi`, `rn`, `cic` and host parameters are ignored;
 * - `anonymous`, `private`, `restricted`, `unavailable`, … (as text, SIP user
 *   or display name with no number, or the `anonymous.invalid` host of RFC 3323)
 *   are withheld;
 * - an extension after the number split off (`x12`, `ext. 12`, `#12`, `,,12#`, `доб. 12`);
 * - what remains must be digits, `+` and the separators numbers are written
 *   with; a SIP user that is not a number is not a number. A `stored` value
 *   may also carry a note after its number (`020 7946 0958 (home)`): it ends
 *   at the first letter, `#` or `,` after a digit.
 * @internal
 */
export function readPhoneText(raw: unknown, stored = false): PhoneText | PhoneNumberFailure {
  if (typeof raw !== 'string' || raw.trim() === '') {
    return { ok: false, reason: 'empty', detail: 'The caller ID is empty.' };
  }
  if (raw.length > MAX_CALLER_ID_LENGTH && !stored) {
    return {
      ok: false,
      reason: 'too_long',
      detail: `The caller ID has ${raw.length} characters; no caller ID has more than ${MAX_CALLER_ID_LENGTH}.`,
    };
  }
  // Fast path: `+digits` or `digits`, what most switches send and most CRMs store.
  if (isPlainNumber(raw)) {
    if (raw.length > MAX_PHONE_LENGTH && !stored) return tooLong(raw);
    const plus = raw.charCodeAt(0) === 43;
    return { ok: true, plus, digits: plus ? raw.slice(1) : raw, text: raw };
  }
  let s = raw.trim();
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) >= 0x80) {
      s = foldWidth(s).trim();
      break;
    }
  }
  // name-addr: [display-name] <URI>[;header-params]
  let display = '';
  const lt = s.indexOf('<');
  if (lt >= 0) {
    const gt = s.indexOf('>', lt);
    if (gt > lt) {
      display = s.slice(0, lt).trim().replace(/^"|"$/g, '');
      s = s.slice(lt + 1, gt).trim();
    }
  }
  let sip = false;
  let host = '';
  const scheme = /^(sips?|tel):/i.exec(s);
  if (scheme) {
    s = s.slice(scheme[0].length);
    if ((scheme[1] as string).toLowerCase() !== 'tel') {
      // sip:user[:password]@host[:port][;uri-params][?headers]
      sip = true;
      const at = s.lastIndexOf('@');
      if (at >= 0) {
        host = s.slice(at + 1).split(/[;?:]/)[0] ?? '';
        s = s.slice(0, at);
        const colon = s.indexOf(':');
        if (colon >= 0) s = s.slice(0, colon); // a password
      } else {
        s = s.split('?')[0] as string;
      }
    }
    s = unescapeUri(s).trim();
  }
  // telephone-subscriber parameters: number;ext=12;isub=…;phone-context=+49;npdi;rn=…
  let extension: string | undefined;
  let context = '';
  const semi = s.indexOf(';');
  if (semi >= 0) {
    for (const param of s.slice(semi + 1).split(';')) {
      const eq = param.indexOf('=');
      const name = (eq < 0 ? param : param.slice(0, eq)).trim().toLowerCase();
      const value = eq < 0 ? '' : param.slice(eq + 1).trim();
      if (name === 'ext' && /^\d{1,10}$/.test(value.replace(/[\s\-.()]/g, ''))) extension = value.replace(/\D/g, '');
      else if (name === 'phone-context' && value.startsWith('+') && /\d/.test(value)) context = digitsOf(value);
      else if (eq < 0 && /^\s*\d{1,10}\s*$/.test(param) && extension === undefined) extension = param.trim(); // `+6433316005;1234`
    }
    s = s.slice(0, semi).trim();
  }
  const withheld = s === '' || countDigits(s) === 0 ? isWithheldWord(s) || (s === '' && isWithheldWord(display)) || host.toLowerCase() === 'anonymous.invalid' : false;
  if (withheld) return { ok: false, reason: 'withheld', detail: `The caller withheld the number ("${raw.trim()}").` };
  if (s.length > MAX_PHONE_LENGTH && !stored) return tooLong(s); // (a stored value may carry a long note)
  if (extension === undefined && mayHoldExtension(s)) {
    const split = splitExtension(s);
    if (split.extension !== undefined) {
      extension = split.extension;
      s = split.body.trim();
    }
  }
  if (stored && !NUMBER_CHARS.test(s)) s = s.slice(0, noteStart(s)).trim();
  const ext = extension === undefined ? {} : { extension };
  if (!NUMBER_CHARS.test(s) || countDigits(s) === 0) {
    return {
      ok: false,
      reason: 'not_a_number',
      detail: sip
        ? `"${raw.trim()}" does not carry a phone number (its SIP user "${s}" is not one).`
        : `"${raw.trim()}" is not a phone number (only digits, spaces, + ( ) - . / and an extension may appear).`,
      ...ext,
    };
  }
  const digits = digitsOf(s);
  const plusAt = s.indexOf('+');
  const plus = plusAt >= 0 && countDigits(s.slice(0, plusAt)) === 0;
  if (context !== '' && !plus) return { ok: true, plus: true, digits: context + digits, text: s, ...ext };
  return { ok: true, plus, digits, text: s, ...ext };
}

/** Whether `s` has a letter, `#` or `,`: only then may it hold an extension (the regex is not free). */
function mayHoldExtension(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 35 || c === 44 || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 0x80) return true;
  }
  return false;
}

/** Where the number part of a stored value ends: at the first letter, `#` or `,` after a digit. */
function noteStart(value: string): number {
  let seenDigit = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) seenDigit = true;
    else if (seenDigit && ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 35 || c === 44)) return i;
  }
  return value.length;
}

function tooLong(s: string): PhoneNumberFailure {
  return {
    ok: false,
    reason: 'too_long',
    detail: `The caller ID has ${s.length} characters; no phone number has more than ${MAX_PHONE_LENGTH}.`,
  };
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

/**
 * Screens a caller ID before parsing: {@link readPhoneText}, and a body for
 * the internal-extension check.
 * @internal
 */
export function screenCallerId(raw: unknown): PhoneText | PhoneNumberFailure {
  return readPhoneText(raw);
}

/** True when `region` is an ISO 3166-1 alpha-2 code libphonenumber-js has a plan for. */
export function isKnownRegion(region: string): boolean {
  if (!/^[A-Z]{2}$/.test(region)) return false;
  // Asked on every pop and lookup: the answer is kept (at most 26 × 26 entries).
  let known = knownRegions.get(region);
  if (known === undefined) knownRegions.set(region, (known = isSupportedCountry(region)));
  return known;
}
const knownRegions = new Map<string, boolean>();

// ---------------------------------------------------------------------------
// Numbering-plan facts from libphonenumber-js metadata, read once and cached.

/** The parts of libphonenumber-js's `NumberingPlan` read here (they exist at run time; the typings list fewer). */
interface PlanFacts {
  IDDPrefix(): unknown;
  defaultIDDPrefix(): unknown;
  nationalPrefixForParsing(): unknown;
  nationalPrefixTransformRule(): unknown;
  nationalNumberPattern(): unknown;
  possibleLengths(): unknown;
}

/** A metadata field as text; the compressed metadata writes an absent one as `0` or `null`. */
function fact(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

let metadata: Metadata | undefined;
function planOf(countryOrCallingCode: string): PlanFacts | undefined {
  metadata ??= newMetadata();
  try {
    metadata.selectNumberingPlan(countryOrCallingCode as CountryCode);
  } catch {
    return undefined;
  }
  return metadata.numberingPlan as unknown as PlanFacts | undefined;
}

/**
 * A region's international (IDD) prefix: its pattern anchored at the start,
 * the digits such a prefix may start with (bit d set for digit d), and the
 * prefix written when we write one (`00`, `011`, `0011`, …; undefined when
 * the region has several and prefers none).
 * @internal
 */
export interface RegionReading {
  readonly region: string;
  readonly callingCode: string;
  readonly idd: RegExp;
  readonly iddFirst: number;
  /** The prefix's digits when it is one fixed string (`00`, `011`, `000`); undefined for a pattern (AU, SG). */
  readonly iddLiteral: readonly number[] | undefined;
  readonly iddWritten: string | undefined;
}

const regionReadings = new Map<string, RegionReading | null>();

/** The {@link RegionReading} of an upper-case region code; undefined when it is not one. @internal */
export function regionReading(region: string | undefined): RegionReading | undefined {
  if (region === undefined) return undefined;
  let r = regionReadings.get(region);
  if (r === undefined) {
    r = null;
    if (isKnownRegion(region)) {
      const plan = planOf(region);
      if (plan !== undefined) {
        const source = fact(plan.IDDPrefix()) ?? '(?!)';
        const idd = new RegExp(`^(?:${source})`);
        const preferred = fact(plan.defaultIDDPrefix())?.replace(/[^\d]/g, '');
        r = {
          region,
          callingCode: getCountryCallingCode(region as CountryCode),
          idd,
          iddFirst: source === '(?!)' ? 0 : firstDigits(source),
          iddLiteral: /^\d{1,5}$/.test(source) ? [...source].map(Number) : undefined,
          iddWritten: /^\d+$/.test(source) ? source : preferred !== undefined && preferred !== '' ? preferred : undefined,
        };
      }
    }
    regionReadings.set(region, r);
  }
  return r ?? undefined;
}

/**
 * The digits a match of `pattern` (a libphonenumber-js metadata regex) may
 * start with, as a bit set: exact for literals, character classes and `\d`,
 * and every digit when the first atom is optional or not simple (a superset
 * is safe: it only sends a value to the exact check).
 */
function firstDigits(pattern: string): number {
  let mask = 0;
  // Top-level alternatives.
  let depth = 0;
  let start = 0;
  const alternatives: string[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === '|' && depth === 0) {
      alternatives.push(pattern.slice(start, i));
      start = i + 1;
    }
  }
  alternatives.push(pattern.slice(start));
  for (let alt of alternatives) {
    while (alt.startsWith('(')) alt = alt.startsWith('(?:') ? alt.slice(3) : alt.slice(1);
    const m = /^(\d|\[[^\]]*\]|\\d)([?*{])?/.exec(alt);
    if (!m || m[2] !== undefined || alt.includes('|')) return 0x3ff;
    const atom = m[1] as string;
    if (atom === '\\d') return 0x3ff;
    if (atom.length === 1) {
      mask |= 1 << Number(atom);
    } else {
      const body = atom.slice(1, -1);
      if (body.startsWith('^')) return 0x3ff;
      for (let i = 0; i < body.length; i++) {
        const a = body.charCodeAt(i) - 48;
        if (body[i + 1] === '-' && i + 2 < body.length) {
          const b = body.charCodeAt(i + 2) - 48;
          for (let d = a; d <= b; d++) mask |= 1 << d;
          i += 2;
        } else if (a >= 0 && a <= 9) mask |= 1 << a;
      }
    }
  }
  return mask;
}

/**
 * Per country calling code: 0 not yet read, 1 not a calling code, else
 * 2 + the bit set of digits a trunk (national) prefix typed after the code may
 * start with (see {@link firstDigits}; 2 + 0 when the plan has none).
 */
const callingCodes = new Int32Array(1000);
/** The national-prefix-for-parsing pattern of a calling code's main country, anchored. */
const trunkPatterns: (RegExp | undefined)[] = [];

/**
 * What dropping a trunk prefix needs when the prefix is plain digits (`0`,
 * `0|180020`) and the plan has no transform rule: the national number
 * pattern and the possible lengths. Undefined: libphonenumber-js decides.
 */
interface TrunkRule {
  readonly nationalNumber: RegExp;
  /**
   * The possible lengths of each region sharing the calling code (one list
   * for most codes; US and CA for 1, GB, GG, JE and IM for 44, …):
   * libphonenumber checks the stripped number against the region it belongs
   * to, which only a parse tells.
   */
  readonly lengthsEach: ReadonlyArray<readonly number[]>;
}

/** The possible lengths of every region with calling code `cc` (the main region's first). */
function lengthsOfRegions(cc: string, main: readonly number[]): number[][] {
  const out: number[][] = [main.slice()];
  const regions = (metadata as unknown as { getCountryCodesForCallingCode(cc: string): string[] | undefined }).getCountryCodesForCallingCode(cc) ?? [];
  for (const region of regions.slice(1)) {
    const ls = planOf(region)?.possibleLengths();
    if (Array.isArray(ls) && ls.length > 0 && !out.some((o) => o.join() === ls.join())) out.push(ls.slice());
  }
  planOf(cc); // the calling code's own plan selected again
  return out;
}
const trunkRules: (TrunkRule | undefined)[] = [];

function callingCodeState(cc: number): number {
  let s = callingCodes[cc] as number;
  if (s === 0) {
    const plan = planOf(String(cc));
    if (plan === undefined) s = 1;
    else {
      const npfp = fact(plan.nationalPrefixForParsing());
      if (npfp === undefined) s = 2;
      else {
        trunkPatterns[cc] = new RegExp(`^(?:${npfp})`);
        const nnp = fact(plan.nationalNumberPattern());
        const lengths = plan.possibleLengths();
        if (/^\d+(?:\|\d+)*$/.test(npfp) && fact(plan.nationalPrefixTransformRule()) === undefined && nnp !== undefined && Array.isArray(lengths) && lengths.length > 0) {
          trunkRules[cc] = { nationalNumber: new RegExp(`^(?:${nnp})$`), lengthsEach: lengthsOfRegions(String(cc), lengths as number[]) };
        }
        s = 2 + (firstDigits(npfp) << 1);
      }
    }
    callingCodes[cc] = s;
  }
  return s;
}

/** How many leading digits of `digits` are a country calling code (1 to 3); 0 when none. @internal */
export function callingCodeLength(digits: string): number {
  let cc = 0;
  for (let k = 1; k <= 3 && k <= digits.length; k++) {
    cc = cc * 10 + (digits.charCodeAt(k - 1) - 48);
    if (cc === 0) return 0;
    if (callingCodeState(cc) >= 2) return k;
  }
  return 0;
}

/**
 * Whether an international number whose digits start with calling code `cc`
 * followed by digit `next` may carry a trunk prefix after the code
 * (`+44 0…`, `+49 0…`): then it is read by libphonenumber-js. @internal
 */
function mayHaveTrunk(cc: number, next: number): boolean {
  const s = callingCodeState(cc);
  return s >= 2 && (((s - 2) >> 1) & (1 << next)) !== 0;
}

/**
 * The digits of an international number, read as libphonenumber reads one:
 * a trunk prefix typed after the country code is dropped where the plan of
 * that code says it is one and dropping it leaves a possible number
 * (`+44 020 7946 0958` → `442079460958`, `+353 086…` → `35386…`), kept where
 * the 0 belongs to the number (`+39 02 3661 8300`).
 * @internal
 */
export function internationalDigits(digits: string): string {
  const k = callingCodeLength(digits);
  if (k === 0 || k >= digits.length) return digits;
  const cc = Number(digits.slice(0, k));
  if (!mayHaveTrunk(cc, digits.charCodeAt(k) - 48)) return digits;
  const pattern = trunkPatterns[cc];
  const rest = digits.slice(k);
  const m = pattern?.exec(rest);
  if (m === null || m === undefined) return digits;
  const rule = trunkRules[cc];
  if (rule !== undefined) {
    // libphonenumber's rule (extractNationalNumber): drop the prefix unless the number
    // matched the plan with it and does not without it, or is then too short or of no possible length.
    const stripped = rest.slice(m[0].length);
    const n = stripped.length;
    if (n < 2) return digits;
    if (rule.nationalNumber.test(rest) && !rule.nationalNumber.test(stripped)) return digits;
    // Too short, or of no possible length (longer than every length is fine): for every
    // region of the code, keep the prefix; for none, drop it; for some, the region decides.
    let every = true;
    let some = false;
    for (const lengths of rule.lengthsEach) {
      const refuses = n < (lengths[0] as number) || (n <= (lengths[lengths.length - 1] as number) && !lengths.includes(n));
      every &&= refuses;
      some ||= refuses;
    }
    if (every) return digits;
    if (!some) return digits.slice(0, k) + stripped;
  }
  const parsed = parsePhone(`+${digits}`);
  return parsed === undefined ? digits : parsed.number.slice(1);
}

/**
 * Where a number written without `+` starts its international part, read in
 * `reading`'s region: after the region's own international prefix (`00` in
 * GB, `011` in the US, `0011` in AU, `000` in KE, `009` in NG, `001`–`039` in
 * SG), when a digit other than 0 follows it (libphonenumber's rule). Without
 * a region, `00` is read as the international prefix. Returns the index of
 * the first digit after the prefix, or -1 when the number is national.
 * @internal
 */
export function internationalPart(digits: string, reading: RegionReading | undefined): number {
  if (reading === undefined) return digits.length > 2 && digits.charCodeAt(0) === 48 && digits.charCodeAt(1) === 48 ? 2 : -1;
  // (An international prefix with nothing after it is read as national digits: junk either way.)
  const first = digits.charCodeAt(0) - 48;
  if (first < 0 || first > 9 || (reading.iddFirst & (1 << first)) === 0) return -1;
  const lit = reading.iddLiteral;
  if (lit !== undefined) {
    // A fixed prefix (`00`, `011`): compare digits, no regex.
    const n = lit.length;
    if (digits.length <= n || digits.charCodeAt(n) === 48) return -1;
    for (let i = 0; i < n; i++) if (digits.charCodeAt(i) - 48 !== lit[i]) return -1;
    return n;
  }
  const m = reading.idd.exec(digits);
  if (m === null) return -1;
  const at = m[0].length;
  return at >= digits.length || digits.charCodeAt(at) === 48 ? -1 : at;
}

// ---------------------------------------------------------------------------
// The caller's number.

/**
 * Reads a caller ID as an E.164 number, or says why it cannot.
 *
 * Never throws: empty, withheld (`anonymous`, `private`, `sip:anonymous@…`),
 * over-long, too short and alphabetic input give `{ ok: false, reason }`.
 * SIP and tel URIs are read as their number (`sip:+353868561713@pbx;user=phone`,
 * `tel:+442079460958;ext=12`). The default region's own international
 * prefix is understood (`0011` in AU, `011` in the US; `00` where it is the
 * region's, and everywhere without a region). An extension (`x123`,
 * `ext. 123`, `;ext=123`, `#123`) is split off and returned apart. A number
 * of possible length that is in no known range is accepted with `valid: false`.
 *
 * @example
 * ```ts
 * import { normalizePhone } from 'screenpop';
 * normalizePhone('020 7946 0958 ext. 12', { defaultRegion: 'GB' });
 * // { ok: true, e164: '+442079460958', extension: '12', country: 'GB', ... }
 * normalizePhone('0011 44 20 7946 0958', { defaultRegion: 'AU' }).ok; // true, e164 '+442079460958'
 * normalizePhone('<sip:+353868561713@pbx.example.com;user=phone>').ok; // true, e164 '+353868561713'
 * normalizePhone('"Anonymous" <sip:anonymous@anonymous.invalid>'); // { ok: false, reason: 'withheld', ... }
 * ```
 */
export function normalizePhone(raw: string, options: NormalizePhoneOptions = {}): NormalizedPhone {
  expectFields(options, 'options', ['defaultRegion']);
  if (options.defaultRegion !== undefined) expectText(options.defaultRegion, 'options.defaultRegion');
  const screened = readPhoneText(raw);
  if (!screened.ok) return screened;
  return readNumber(screened, options.defaultRegion).phone;
}

/**
 * {@link normalizePhone} of already read text, with the parsed number for
 * {@link numberForms} and {@link variantsOf} (so the caller's number is
 * parsed once per call). `region` is checked here.
 * @internal
 */
export function readNumber(
  text: PhoneText,
  defaultRegion: string | undefined,
): { phone: PhoneNumberOk; parsed: PhoneNumber } | { phone: PhoneNumberFailure; parsed?: undefined } {
  const ext = text.extension === undefined ? {} : { extension: text.extension };
  const region = defaultRegion?.toUpperCase();
  const reading = regionReading(region);
  if (region !== undefined && reading === undefined) {
    return {
      phone: {
        ok: false,
        reason: 'unknown_region',
        detail: `"${defaultRegion}" is not a region code (use ISO 3166-1 alpha-2, e.g. GB, US, IE, GR).`,
        ...ext,
      },
    };
  }
  const digits = text.digits;
  const at = text.plus ? 0 : internationalPart(digits, reading);
  const international = at >= 0;
  if (!international && region === undefined) {
    const sig = digits.replace(/^0+/, '').length;
    if (sig < MIN_SIGNIFICANT_DIGITS || sig > MAX_SIGNIFICANT_DIGITS) return { phone: lengthFailure(text.text, sig, region, ext) };
    return {
      phone: {
        ok: false,
        reason: 'needs_region',
        detail: `"${text.text}" is a national number and no default region was given to read it in.`,
        ...ext,
      },
    };
  }
  const intl = international ? digits.slice(at) : '';
  let parsed: PhoneNumber | undefined;
  try {
    parsed = international
      ? parsePhone(`+${intl}`)
      : parsePhone(digits, region as CountryCode);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !parsed.isPossible()) {
    // Significant digits: after the international prefix and country code, or the trunk prefix.
    const k = international ? callingCodeLength(intl) : 0;
    const sig = (international ? intl.slice(k) : digits).replace(/^0+/, '').length;
    return { phone: lengthFailure(text.text, sig, region, ext) };
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

function lengthFailure(text: string, sig: number, region: string | undefined, ext: { extension?: string }): PhoneNumberFailure {
  if (sig < MIN_SIGNIFICANT_DIGITS) {
    return {
      ok: false,
      reason: 'too_short',
      detail: `"${text}" has ${sig} significant digit${sig === 1 ? '' : 's'}; a caller ID needs at least ${MIN_SIGNIFICANT_DIGITS} (after the international prefix, country code and trunk prefix) to be searched.`,
      ...ext,
    };
  }
  if (sig > MAX_SIGNIFICANT_DIGITS) {
    return {
      ok: false,
      reason: 'too_long',
      detail: `"${text}" has ${sig} significant digits; no phone number has more than ${MAX_SIGNIFICANT_DIGITS}.`,
      ...ext,
    };
  }
  return {
    ok: false,
    reason: 'invalid',
    detail: `"${text}" cannot be a phone number${region ? ` in ${region}` : ''} (wrong number of digits).`,
    ...ext,
  };
}

/**
 * Options of {@link phoneVariants}.
 *
 * @example
 * ```ts
 * import { phoneVariants, type PhoneVariantsOptions } from 'screenpop';
 * const options: PhoneVariantsOptions = { national: false, region: 'US' };
 * phoneVariants('+442079460958', options);
 * // ['+442079460958', '+44 20 7946 0958', '011442079460958']
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
  /**
   * ISO 3166-1 alpha-2 region whose international prefix the last variant
   * is written with (`011` in the US, `0011` in AU; none for a region with
   * several and no preferred one, e.g. SG). Default: undefined (`00`).
   */
  readonly region?: string;
}

/**
 * The stored formats a CRM search should try for one number, most common
 * first and without repeats: E.164, international with spaces, national as
 * formatted, national digits with the trunk prefix, national digits without
 * it, national with dashes, digits with the country code, and the number
 * after an international prefix (`00`, or the `region`'s own: `011` in the
 * US, `0011` in AU). An input that is not E.164 gives `[]`.
 *
 * @example
 * ```ts
 * import { phoneVariants } from 'screenpop';
 * phoneVariants('+442079460958');
 * // ['+442079460958', '+44 20 7946 0958', '020 7946 0958', '02079460958',
 * //  '2079460958', '020-7946-0958', '442079460958', '00442079460958']
 * phoneVariants('+442079460958', { national: false, region: 'AU' });
 * // ['+442079460958', '+44 20 7946 0958', '0011442079460958']
 * ```
 */
export function phoneVariants(e164: string, options: PhoneVariantsOptions = {}): string[] {
  expectText(e164, 'e164');
  expectFields(options, 'options', ['national', 'region']);
  if (options.region !== undefined) expectText(options.region, 'options.region');
  const p = parseE164(e164);
  const reading = regionReading(options.region?.toUpperCase());
  return p ? variantsOf(p, options.national !== false, e164, reading) : [];
}

/** An E.164 string read with no region; undefined when it is not one. @internal */
export function parseE164(e164: string): PhoneNumber | undefined {
  return /^\+[1-9]\d{1,14}$/.test(e164) ? parsePhone(e164) : undefined;
}

/**
 * The national forms of a parsed number: as formatted, its digits, its
 * digits in dashed groups, and the national significant number. A form that
 * the region would read as international is left out: stored, it would be a
 * number of another country (`+20 0001 234567`, not a valid number, formats
 * nationally as `00 1234567`, which is `+1234567`; in AU, digits starting
 * `0011` are AU's international prefix).
 */
function nationalForms(p: PhoneNumber, reading: RegionReading | undefined): { formatted?: string; digits?: string; dashed?: string; nsn?: string } {
  const formatted = formatNationalOf(p);
  const digits = formatted.replace(/\D/g, '');
  const nsn = p.nationalNumber;
  const out: { formatted?: string; digits?: string; dashed?: string; nsn?: string } = {};
  if (!readsInternational(digits, reading)) {
    out.formatted = formatted;
    out.digits = digits;
    const groups = formatted.match(/\d+/g);
    if (groups && groups.length > 1) out.dashed = groups.join('-');
  }
  if (!readsInternational(nsn, reading)) out.nsn = nsn;
  return out;
}

/** A number format of the compressed metadata, as libphonenumber-js reads it. */
interface MetaFormat {
  pattern(): string;
  format(): string;
  leadingDigitsPatterns(): string[];
  nationalPrefixFormattingRule(): string | undefined;
}

/** One national format, its regular expressions compiled once (libphonenumber-js compiles them on every call). */
interface NationalFormat {
  /** The last (most detailed) leading-digits pattern, anchored at the start: the number must match it there. */
  readonly lead: RegExp | undefined;
  /** The pattern, anchored: the number must match it entirely. */
  readonly whole: RegExp;
  /** The pattern as libphonenumber-js replaces with it (unanchored, first match). */
  readonly pattern: RegExp;
  /** The format with the national prefix formatting rule in place of its first group. */
  readonly template: string;
  /** {@link NationalFormat.template} with everything but its digits and `$n` references taken out. */
  readonly digitsTemplate: string;
  /**
   * The digits the template puts before the number, when the pattern is
   * nothing but groups and the template writes them all in order (the
   * formatted number's digits are then this prefix and the national number);
   * undefined otherwise (AR's mobile formats insert `15` between groups).
   */
  readonly prefix: string | undefined;
}

/** The digits a format's template adds in front, when it keeps the number's digits whole and in order (see {@link NationalFormat.prefix}). */
function prefixOf(pattern: string, digitsTemplate: string): string | undefined {
  // Top-level capturing groups only, each holding no capturing group of its own.
  if (!/^(?:\((?!\?)(?:[^()\\]|\\.|\(\?:(?:[^()\\]|\\.)*\))*\))+$/.test(pattern)) return undefined;
  const groups = pattern.match(/\((?!\?)/g)?.length ?? 0;
  let refs = '';
  for (let i = 1; i <= groups; i++) refs += `$${i}`;
  const m = /^(\d*)(.*)$/.exec(digitsTemplate)!;
  return m[2] === refs ? m[1] : undefined;
}

const nationalFormatCache = new Map<string, readonly NationalFormat[] | null>();

/** The national formats of a numbering plan (a country, or `+` and a calling code); null when unknown. */
function nationalFormatsOf(key: string, plan: string): readonly NationalFormat[] | null {
  let list = nationalFormatCache.get(key);
  if (list === undefined) {
    list = null;
    metadata ??= newMetadata();
    try {
      metadata.selectNumberingPlan(plan as CountryCode);
      const formats = (metadata.numberingPlan as unknown as { formats(): MetaFormat[] } | undefined)?.formats() ?? [];
      list = formats.map((f): NationalFormat => {
        const leads = f.leadingDigitsPatterns();
        const last = leads[leads.length - 1];
        const rule = f.nationalPrefixFormattingRule();
        // As libphonenumber-js's formatNationalNumberUsingFormat: the rule replaces the first `$n`.
        const template = rule ? f.format().replace(/(\$\d)/, rule) : f.format();
        const digitsTemplate = template.replace(/(\$\d)|\D/g, '$1');
        return {
          // libphonenumber-js asks `search(lead) === 0`: a match at the start, which `^` finds without scanning on.
          lead: last === undefined ? undefined : new RegExp(`^(?:${last})`),
          whole: new RegExp(`^(?:${f.pattern()})$`),
          pattern: new RegExp(f.pattern()),
          template,
          digitsTemplate,
          prefix: prefixOf(f.pattern(), digitsTemplate),
        };
      });
    } catch {
      list = null;
    }
    nationalFormatCache.set(key, list);
  }
  return list;
}

/**
 * `p.formatNational()`, with the metadata's regular expressions compiled
 * once per numbering plan instead of on every call: the same steps as
 * libphonenumber-js (the first format whose last leading-digits pattern
 * matches at the start and whose pattern matches the whole national number;
 * the national prefix formatting rule in place of its first group; no
 * format: the national number as it stands). A number with an extension, or
 * a plan it cannot read, is formatted by libphonenumber-js itself. A
 * property test checks it equals `formatNational` on every region's numbers.
 * @internal
 */
export function formatNationalOf(p: PhoneNumber): string {
  const formats = formatsFor(p);
  if (formats === null) return p.formatNational();
  const nsn = p.nationalNumber;
  const f = nationalFormatOf(nsn, formats);
  return f === undefined ? nsn : nsn.replace(f.pattern, f.template);
}

/** The national formats of a number's plan (its country, else its calling code); null for a number with an extension, or a plan that cannot be read (left to libphonenumber-js). */
function formatsFor(p: PhoneNumber): readonly NationalFormat[] | null {
  if (p.ext !== undefined || p.nationalNumber === '') return null;
  const country = p.country !== undefined && p.country !== ('001' as CountryCode) ? p.country : undefined;
  return country !== undefined ? nationalFormatsOf(country, country) : nationalFormatsOf(`+${p.countryCallingCode}`, p.countryCallingCode);
}

/** The national format libphonenumber-js picks for a national number: the first whose leading digits and pattern fit it. */
function nationalFormatOf(nsn: string, formats: readonly NationalFormat[]): NationalFormat | undefined {
  for (let i = 0; i < formats.length; i++) {
    const f = formats[i]!;
    if (f.lead !== undefined && !f.lead.test(nsn)) continue;
    if (f.whole.test(nsn)) return f;
  }
  return undefined;
}

/**
 * The digits of {@link formatNationalOf}`(p)` (`formatNational()` with its
 * punctuation taken out), without building the formatted text when the
 * format keeps the number whole: its national prefix and the national
 * number. A property test checks it on every region's numbers.
 * @internal
 */
export function nationalDigitsOf(p: PhoneNumber): string {
  const formats = formatsFor(p);
  if (formats === null) return p.formatNational().replace(/\D/g, '');
  const nsn = p.nationalNumber;
  const f = nationalFormatOf(nsn, formats);
  return f === undefined ? nsn : f.prefix !== undefined ? f.prefix + nsn : nsn.replace(f.pattern, f.digitsTemplate);
}

/**
 * Whether the number's digits with its country code but no `+`
 * (`442079460958`), stored, read back as the number: in its own country
 * libphonenumber drops a leading country code only when the digits are not a
 * national number as they stand (in DE, `4915123456789` is a possible German
 * national number, not `+4915123456789`). Read in the region, or in the
 * number's own country without one.
 */
function readsBackWithCode(digits: string, e164: string, p: PhoneNumber, reading: RegionReading | undefined): boolean {
  if (readsInternational(digits, reading)) return false;
  const country = reading?.region ?? p.country;
  if (country === undefined) return true;
  // Longer than any national number of the country: libphonenumber drops the code (TOO_LONG).
  if (digits.length > maxNationalLength(country)) return true;
  try {
    return parsePhone(digits, country as CountryCode)?.number === e164;
  } catch {
    return false;
  }
}

const maxLengths = new Map<string, number>();
/** The longest possible national number of a country (libphonenumber-js metadata). */
function maxNationalLength(country: string): number {
  let n = maxLengths.get(country);
  if (n === undefined) {
    metadata ??= newMetadata();
    try {
      metadata.selectNumberingPlan(country as CountryCode);
      n = Math.max(...(metadata.numberingPlan?.possibleLengths() ?? [17]));
    } catch {
      n = 17;
    }
    maxLengths.set(country, n);
  }
  return n;
}

/** Whether national digits would be read as an international number: `00` (without a region, and in any region for safety) or the region's own prefix. */
function readsInternational(digits: string, reading: RegionReading | undefined): boolean {
  return internationalPart(digits, undefined) >= 0 || (reading !== undefined && internationalPart(digits, reading) >= 0);
}

/**
 * {@link phoneVariants} of a parsed number. `e164` is the number as given: for
 * a number that is not valid, libphonenumber-js may read it as another
 * (`p.number`), and the given one is what stored values may hold. The digits
 * with the country code but no `+` are a national form: a stored value
 * without `+` is read in the region (where its own country code may lead it).
 * @internal
 */
export function variantsOf(p: PhoneNumber, national: boolean, e164: string, reading?: RegionReading): string[] {
  const digits = e164.slice(1);
  const out = new Set<string>([e164, p.formatInternational()]);
  if (national) {
    const n = nationalForms(p, reading);
    if (n.formatted !== undefined) out.add(n.formatted);
    if (n.digits !== undefined) out.add(n.digits);
    if (n.nsn !== undefined) out.add(n.nsn);
    if (n.dashed !== undefined) out.add(n.dashed);
    if (readsBackWithCode(digits, e164, p, reading)) out.add(digits);
  }
  // The number after the region's international prefix, when the region reads it back as this
  // number (in HK, `00` + `852…` reads as `008` + `52…`).
  const idd = reading === undefined ? '00' : reading.iddWritten;
  if (idd !== undefined && internationalPart(`${idd}${digits}`, reading) === idd.length) out.add(`${idd}${digits}`);
  return [...out];
}

/**
 * The distinct canonical forms ({@link canonicalPhoneIn} in the region) of
 * {@link variantsOf}`(p, national, e164, reading)`, without formatting the
 * variants that only differ in punctuation: E.164, and (when `national`) the
 * digits with the country code, the national digits as formatted and the
 * national significant number. No formatting: the national digits come
 * from {@link nationalDigitsOf}.
 * @internal
 */
export function numberForms(p: PhoneNumber, national: boolean, e164: string, reading?: RegionReading): string[] {
  const out = [canonicalPhoneIn(e164, undefined)];
  const add = (f: string): void => {
    if (!out.includes(f)) out.push(f);
  };
  if (p.number !== e164) add(canonicalPhoneIn(p.number, undefined)); // an invalid number libphonenumber-js reads as another: its international form
  if (national) {
    // Digits the region does not read as international are their own canonical form
    // (canonicalPhoneIn of such digits is the digits), so they go in as they are.
    const digits = e164.slice(1);
    if (readsBackWithCode(digits, e164, p, reading)) add(digits);
    const formatted = nationalDigitsOf(p);
    if (!readsInternational(formatted, reading)) add(formatted);
    const nsn = p.nationalNumber;
    if (!readsInternational(nsn, reading)) add(nsn);
  }
  return out;
}

/** The calling code of a region, e.g. `GB` → `44`; undefined for an unknown region. @internal */
export function callingCodeOf(region: string | undefined): string | undefined {
  return region === undefined ? undefined : regionReading(region.toUpperCase())?.callingCode;
}

// ---------------------------------------------------------------------------
// Stored side: the same reader, no parse in the common cases.

/**
 * The form two numbers are compared in, for a stored value read in `region`
 * by {@link readPhoneText} and {@link internationalPart}, the caller's
 * reader: written internationally (`+`, the region's international prefix,
 * `00` without a region) it is E.164 with a trunk prefix typed after the
 * country code dropped as libphonenumber drops it; written nationally it is
 * its digits. The extension, URI and punctuation are dropped.
 * `+44 (0)20 7946-0958 x12` → `+442079460958`; `020 7946 0958` → `02079460958`;
 * in AU, `0011 31 6 12345678` → `+31612345678` and `0044…` stays national.
 * A value that is not a number (letters, a withheld marker) is `=` + the
 * trimmed text, so only the same text matches it.
 * @internal
 */
export function canonicalPhone(value: string): string {
  return canonicalPhoneIn(value, undefined);
}

/** {@link canonicalPhone} read in a region (upper-case ISO code; undefined: none). @internal */
export function canonicalPhoneIn(value: string, region: string | undefined): string {
  // Fast paths: `+digits` that need no plan (E.164 among them), and digits only.
  const reading = regionReading(region);
  if (isPlainNumber(value)) {
    if (value.charCodeAt(0) !== 43) return canonicalDigits(false, value, reading);
    if (!needsPlan(value, 1)) return value;
  }
  const t = readPhoneText(value, true);
  if (!t.ok) return `=${typeof value === 'string' ? value.trim() : ''}`;
  return canonicalDigits(t.plus, t.digits, reading);
}

/** Whether the international digits of `value` from index `from` may carry a trunk prefix after the country code. */
function needsPlan(value: string, from: number): boolean {
  let cc = 0;
  for (let k = 1; k <= 3 && from + k < value.length; k++) {
    // as mayCarryTrunk: no digit after the code means nothing to strip
    cc = cc * 10 + (value.charCodeAt(from + k - 1) - 48);
    if (cc === 0) return false;
    if (callingCodeState(cc) >= 2) return mayHaveTrunk(cc, value.charCodeAt(from + k) - 48);
  }
  return false;
}

/** {@link canonicalPhone} of read text. */
function canonicalDigits(plus: boolean, digits: string, reading: RegionReading | undefined): string {
  const at = plus ? 0 : internationalPart(digits, reading);
  if (at < 0) return digits;
  return `+${internationalDigits(digits.slice(at))}`;
}

/**
 * The index key of a canonical form (see {@link canonicalPhone}): the number
 * formed by its last `k` digits (fewer when it has fewer). For a form that is
 * not a number (`=…`), the key of the text's digits. Equal canonical forms
 * always give equal keys; different numbers may share a key, so candidates
 * are verified. Returns -1 when there is no digit.
 * @internal
 */
export function trailingKey(value: string, k: number): number {
  // One backward pass over the last k digits.
  let key = 0;
  let scale = 1;
  let n = 0;
  for (let i = value.length - 1; i >= 0 && n < k; i--) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      key += (c - 48) * scale;
      scale *= 10;
      n++;
    }
  }
  return n === 0 ? -1 : key;
}

/**
 * Whether a stored value matches a caller in `lastDigits` mode: its last `n`
 * digits equal the caller's, and when it is written internationally (`+`,
 * an international prefix) it is the caller's number exactly, so a number of
 * another country with the same trailing digits never matches.
 * @internal
 */
export function matchesLastDigits(stored: string, e164: string, n: number, region?: string): boolean {
  const c = canonicalPhoneIn(stored, region);
  if (c.startsWith('+')) return c === e164;
  if (c.startsWith('=')) return false;
  const digits = e164.slice(1);
  return c.length >= n && digits.length >= n && c.slice(-n) === digits.slice(-n);
}

/**
 * The extension written in a stored value (`x12`, `ext. 12`, `;ext=12`), or
 * undefined. A caller whose extension differs from it is another number.
 * @internal
 */
export function storedExtension(value: string): string | undefined {
  const t = readPhoneText(value, true);
  return t.ok ? t.extension : undefined;
}

/**
 * Whether stored value `v` may carry an extension other than the caller's
 * `extension`: the extension {@link storedExtension} reads, else any digits
 * after the number (`x12 (home)`, `mobile 2`: see `plainExtension`), so a
 * value that may be another extension is never taken for the caller's. The
 * in-host lookups decide the same way with `plainExtension` alone.
 * @internal
 */
export function otherExtension(v: string, extension: string): boolean {
  const ext = storedExtension(v) ?? plainExtension(v);
  return ext !== undefined && ext !== extension;
}

/** Where {@link scanCanonical} leaves the sign and length of what it read. @internal */
export interface CanonicalScan {
  plus: boolean;
  len: number;
}

/**
 * Reads `value` as {@link canonicalPhone}`(value, reading's region)` does,
 * without allocating: returns the digits as a number and sets
 * `out.plus`/`out.len`, or returns -1 when the value needs the string form
 * (a URI, an international prefix other than `00`, a possible trunk prefix
 * after a country code, characters that are not a number's, more than 15
 * digits). Two values with equal canonical forms give equal (number, plus,
 * len), and vice versa.
 * @internal
 */
export function scanCanonical(value: string, out: CanonicalScan, reading?: RegionReading): number {
  let plus = false;
  let len = 0;
  let num = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      num = num * 10 + (c - 48);
      if (len < 10) LEAD[len] = c - 48;
      len++;
      if (len > 15) return -1;
    } else if (c === 43) {
      if (len === 0) plus = true;
    } else if (!isPhoneChar(c)) {
      if (len > 0 && ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 35 || c === 44)) break; // an extension, a pause, a note
      return -1;
    }
  }
  if (len === 0) return -1;
  let skip = 0; // digits of an international prefix
  if (!plus) {
    if (reading === undefined) {
      if (len > 2 && LEAD[0] === 0 && LEAD[1] === 0) skip = 2;
    } else if ((reading.iddFirst & (1 << (LEAD[0] as number))) !== 0) {
      const lit = reading.iddLiteral;
      if (lit === undefined) return -1; // maybe the region's international prefix (a pattern): the string form reads it
      let same = len > lit.length && LEAD[lit.length] !== 0;
      for (let d = 0; d < lit.length && same; d++) same = LEAD[d] === lit[d];
      if (same) skip = lit.length;
    }
    if (skip === 0) {
      out.plus = false;
      out.len = len;
      return num;
    }
  }
  if (mayCarryTrunk(skip, len)) return -1; // the string form asks the plan
  out.plus = true;
  out.len = len - skip;
  return skip === 0 ? num : num % (POW10[len - skip] as number);
}

/** The first ten digits of the value {@link scanCanonical} is reading. */
const LEAD = new Int8Array(10);
/** 10^n for n in 0..15. */
const POW10 = Array.from({ length: 16 }, (_, n) => 10 ** n);

/**
 * Whether the international digits {@link scanCanonical} read (the first
 * `skip` of `len` being an international prefix) may carry a trunk prefix
 * after their country code; as `needsPlan` decides for a string.
 */
function mayCarryTrunk(skip: number, len: number): boolean {
  let cc = 0;
  for (let k = 1; k <= 3; k++) {
    if (skip + k >= len) return false;
    cc = cc * 10 + (LEAD[skip + k - 1] as number);
    if (cc === 0) return false;
    if (callingCodeState(cc) >= 2) return mayHaveTrunk(cc, LEAD[skip + k] as number);
  }
  return false;
}

/**
 * {@link scanCanonical} of a canonical form (`+digits` or `digits`, at most
 * 15 digits): its digits as they are (a canonical form has already been
 * read); anything else gives -1.
 * @internal
 */
export function scanPlain(c: string, out: CanonicalScan): number {
  const n = c.length;
  const plus = n > 1 && c.charCodeAt(0) === 43;
  const from = plus ? 1 : 0;
  if (n - from > 15 || n === from) return -1;
  let num = 0;
  for (let i = from; i < n; i++) {
    const d = c.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    num = num * 10 + d;
  }
  out.plus = plus;
  out.len = n - from;
  return num;
}
