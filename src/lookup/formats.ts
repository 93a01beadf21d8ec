/**
 * `learnPhoneFormats`: which formats a CRM's stored phone values are written
 * in, as templates (`+CC NN NNNN NNNN`, `0NN NNNN NNNN`, see `template.ts`)
 * that `lookupCaller` renders the caller's number in, so an adapter that
 * compares stored text exactly (Dataverse) finds what the memory adapter
 * finds. See `docs/lookup.md#stored-formats`.
 *
 * Speed: a million values cannot each be parsed with libphonenumber-js (tens
 * of microseconds a value). Each value is scanned once (digits, separators,
 * prefixes); libphonenumber-js reads one value of each group of values that
 * share their prefix kind, country code, first three national digits and
 * digit count, and the group follows that reading (where the trunk prefix
 * ends and whether the length is possible for the country).
 *
 * @module
 */
import { getCountryCallingCode, newMetadata, parsePhone, type CountryCode } from './phonelib.js';
import { LookupError } from './errors.js';
import { readHost } from '../errors/guard.js';
import { isKnownRegion, MAX_PHONE_LENGTH } from './phone.js';
import { phoneFormatProblem } from './template.js';

/**
 * Options of {@link learnPhoneFormats}.
 *
 * @example
 * ```ts
 * import { learnPhoneFormats, type LearnPhoneFormatsOptions } from 'screenpop';
 * const options: LearnPhoneFormatsOptions = { defaultRegion: 'GB', minCount: 1 };
 * learnPhoneFormats(['020 7946 0958'], options).formats; // ['0NN NNNN NNNN']
 * ```
 */
export interface LearnPhoneFormatsOptions {
  /**
   * ISO 3166-1 alpha-2 region the CRM's national numbers belong to (the
   * `defaultRegion` the lookup will use), e.g. `GB`. Default: undefined
   * (national values cannot be read: they are reported as unreadable with
   * reason `needs_region`).
   */
  readonly defaultRegion?: string;
  /** A template is kept in `formats` only when at least this many values use it; a whole number ≥ 1. Default: `2`. */
  readonly minCount?: number;
  /** ... and at least this share (0–1) of the readable values. Default: `0.0001` (1 in 10,000). */
  readonly minShare?: number;
  /** Most templates kept in `formats` (each fitting one adds a variant to every search). Default: `64`. */
  readonly maxFormats?: number;
  /** Most examples kept per template and most samples per list. Default: `5` examples, `20` samples. */
  readonly examples?: number;
}

/**
 * One template and how many values use it.
 *
 * @example
 * ```ts
 * import { learnPhoneFormats, type PhoneFormatUse } from 'screenpop';
 * const [use]: readonly PhoneFormatUse[] = learnPhoneFormats(['+44 20 7946 0958'], { minCount: 1 }).uses;
 * // { format: '+CC NN NNNN NNNN', count: 1, share: 1, examples: ['+44 20 7946 0958'] }
 * ```
 */
export interface PhoneFormatUse {
  /** The template (notation in `docs/lookup.md#stored-formats`). */
  readonly format: string;
  /** Values written in it. */
  readonly count: number;
  /** `count` over the readable values, 0–1. */
  readonly share: number;
  /** The first few values written in it. */
  readonly examples: readonly string[];
}

/**
 * Why a stored value is not counted as a readable number: `not_a_number`
 * (letters or symbols a number never holds, or no digits), `too_long` (over
 * 64 characters), `needs_region` (a national number and no default region),
 * `unknown_country` (no country calling code after `+` or an international
 * prefix), `invalid` (a digit count its country's plan never has).
 *
 * @example
 * ```ts
 * import { learnPhoneFormats, type UnreadableReason } from 'screenpop';
 * const reasons: UnreadableReason[] = learnPhoneFormats(['call me', '12'], { defaultRegion: 'GB' }).unreadable.samples.map((s) => s.reason);
 * // ['not_a_number', 'invalid']
 * ```
 */
export type UnreadableReason = 'not_a_number' | 'too_long' | 'needs_region' | 'unknown_country' | 'invalid';

/**
 * What {@link learnPhoneFormats} found.
 *
 * @example
 * ```ts
 * import { learnPhoneFormats, type PhoneFormatReport } from 'screenpop';
 * const report: PhoneFormatReport = learnPhoneFormats(['+44 20 7946 0958', '+44 20 7946 0959', '020 7946 0000 x12', 'n/a'], { defaultRegion: 'GB' });
 * // report.formats: ['+CC NN NNNN NNNN']; report.coverage: 2 / 3 (the value with an extension is readable;
 * // its number's template, 0NN NNNN NNNN, is used once, under minCount, so it is rare)
 * ```
 */
export interface PhoneFormatReport {
  /** Templates to configure (`LookupConfig.storedFormats`, `storedPhoneFormats` rows), most used first. */
  readonly formats: readonly string[];
  /**
   * Share (0–1) of the readable values whose text one of `formats` reproduces
   * (a value with an extension: the number before it); 1 when nothing is readable.
   */
  readonly coverage: number;
  /** Values read (blank ones included). */
  readonly total: number;
  /** Blank values (empty or white space): no number stored, not counted anywhere else. */
  readonly blank: number;
  /** Values read as a number of possible length (with or without an extension). */
  readonly readable: number;
  /** Readable values whose text `formats` reproduces (a value with an extension: the number before it). */
  readonly reproduced: number;
  /** Every template in use, most used first (those of `formats`, then the rare ones). */
  readonly uses: readonly PhoneFormatUse[];
  /** Templates in use but not in `formats` (too rare, or past `maxFormats`), most used first. */
  readonly rare: readonly PhoneFormatUse[];
  /**
   * Readable values with an extension or dial string after the number
   * (`020 7946 0958 x12`). The template of the number before the extension
   * counts among the `uses` (and so in `coverage`), since an exact-match
   * adapter finds such values by it once `storedExtensions` is on (the
   * `storedPhoneExtensions` row, which `screenpop formats` prints when this
   * count is not 0); without it, `eq` cannot find them.
   */
  readonly extensions: { readonly count: number; readonly samples: readonly string[] };
  /**
   * Readable values no template writes: digits that are not a prefix and
   * the number (a carrier code or mobile token libphonenumber-js inserts or
   * removes, e.g. Argentina's `15`), white space at either end, a country
   * code split by a separator (`0064 21…` read with Singapore's `006`).
   */
  readonly untemplated: { readonly count: number; readonly samples: readonly string[] };
  /** Values that are not a readable number, with why. */
  readonly unreadable: { readonly count: number; readonly samples: readonly { readonly value: string; readonly reason: UnreadableReason }[] };
  /** The default region the values were read in, upper-cased; undefined when none was given. */
  readonly region?: string;
}

interface Plan {
  nationalPrefix(): string | undefined;
  nationalPrefixForParsing(): string | undefined;
  IDDPrefix(): string;
}

interface MetadataRuntime {
  selectNumberingPlan(country: CountryCode): void;
  numberingPlan?: Plan;
  hasCallingCode(code: string): boolean;
}

function badOption(detail: string, hint: string): LookupError {
  return new LookupError('lookup_bad_option', detail, { hint });
}

/** How libphonenumber-js reads a group of values: the trunk prefix length, whether the length is possible. */
interface Reading {
  /** Digits between the country code (or the start, nationally) and the national number: a trunk prefix. -1: not a prefix. */
  readonly prefix: number;
  /** Country code digits at the start of a national-looking value written with its country code, no `+` (e.g. `44 20 7946 0958`). */
  readonly cc: number;
  readonly possible: boolean;
}

const NOT_READ: Reading = { prefix: -1, cc: 0, possible: false };

/** Char codes of the separators a stored number is written with (`canonicalPhone`'s). */
function isSeparator(c: number): boolean {
  return c === 32 || c === 9 || c === 0xa0 || c === 40 || c === 41 || c === 45 || c === 46 || c === 47 || (c >= 0x2010 && c <= 0x2015);
}

/** A letter, `#`, `;` or `,` after a digit starts an extension or dial string (as `canonicalPhone` reads it). */
function startsExtension(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 35 || c === 59 || c === 44;
}

/**
 * What one stored value is, for {@link learnPhoneFormats}: blank, not a
 * readable number (and why), a number with an extension, a number no
 * template writes, or a number written in `template`.
 * @internal
 */
export type ValueReading =
  | { readonly kind: 'blank' }
  | { readonly kind: 'unreadable'; readonly reason: UnreadableReason }
  | { readonly kind: 'extension'; readonly template?: string }
  | { readonly kind: 'untemplated' }
  | { readonly kind: 'template'; readonly template: string };

const BLANK: ValueReading = { kind: 'blank' };
const EXTENSION: ValueReading = { kind: 'extension' };
const UNTEMPLATED: ValueReading = { kind: 'untemplated' };
const UNREADABLE: Readonly<Record<UnreadableReason, ValueReading>> = {
  not_a_number: { kind: 'unreadable', reason: 'not_a_number' },
  too_long: { kind: 'unreadable', reason: 'too_long' },
  needs_region: { kind: 'unreadable', reason: 'needs_region' },
  unknown_country: { kind: 'unreadable', reason: 'unknown_country' },
  invalid: { kind: 'unreadable', reason: 'invalid' },
};

/**
 * A reader of stored values in one default region (already checked and
 * upper-cased, or undefined), with its caches: country codes by leading
 * digits, libphonenumber-js readings by group.
 * @internal
 */
export function createFormatReader(region: string | undefined): (value: unknown) => ValueReading {
  const metadata = newMetadata() as unknown as MetadataRuntime;
  let homeCc: string | undefined;
  let idd: RegExp | undefined;
  let trunk: string | undefined;
  if (region !== undefined) {
    metadata.selectNumberingPlan(region as CountryCode);
    const plan = metadata.numberingPlan as Plan;
    idd = new RegExp(`^(?:${plan.IDDPrefix()})`);
    trunk = plan.nationalPrefix();
    homeCc = getCountryCallingCode(region as CountryCode);
  }

  // Country calling codes are prefix-free: the first 1 to 3 digits that are one.
  const ccCache = new Map<string, number>();
  const ccLength = (digits: string, from: number): number => {
    const key = digits.slice(from, from + 3);
    let n = ccCache.get(key);
    if (n === undefined) {
      n = 0;
      for (let k = 1; k <= 3 && k <= key.length; k++) {
        if (metadata.hasCallingCode(key.slice(0, k))) {
          n = k;
          break;
        }
      }
      ccCache.set(key, n);
    }
    return n;
  };

  const readings = new Map<string, Reading>();
  /** Templates already checked against the notation (white space at an end, a country code split by a space). */
  const checked = new Map<string, boolean>();
  /** An international number (`rest` = country code and what follows): the trunk prefix after the country code, if any. */
  const readInternational = (rest: string, cc: number): Reading => {
    const key = `i${rest.slice(0, cc + 3)}:${rest.length}`;
    let r = readings.get(key);
    if (r !== undefined) return r;
    r = NOT_READ;
    try {
      const p = parsePhone(`+${rest}`);
      if (p && p.countryCallingCode === rest.slice(0, cc)) {
        const prefix = rest.length - cc - p.nationalNumber.length;
        r = { prefix: prefix >= 0 && rest.endsWith(p.nationalNumber) ? prefix : -1, cc, possible: p.isPossible() };
      }
    } catch {
      r = NOT_READ;
    }
    readings.set(key, r);
    return r;
  };
  /** A national-looking value in the default region: its trunk prefix, or its country code written without `+`. */
  const readNational = (digits: string): Reading => {
    const key = `n${digits.slice(0, 3)}:${digits.length}`;
    let r = readings.get(key);
    if (r !== undefined) return r;
    r = NOT_READ;
    try {
      const p = parsePhone(digits, region as CountryCode);
      if (p && p.isPossible() && digits.endsWith(p.nationalNumber)) {
        const head = digits.length - p.nationalNumber.length;
        const lead = digits.slice(0, head);
        if (head === 0 || (trunk !== undefined && lead === trunk)) r = { prefix: head, cc: 0, possible: true };
        else if (p.countryCallingCode === homeCc && lead === homeCc) r = { prefix: 0, cc: head, possible: true };
        else r = { prefix: -1, cc: 0, possible: true }; // a carrier code or another prefix libphonenumber strips: no template
      } else if (p && p.isPossible()) {
        r = { prefix: -1, cc: 0, possible: true };
      }
    } catch {
      r = NOT_READ;
    }
    readings.set(key, r);
    return r;
  };

  return (raw: unknown): ValueReading => {
    if (typeof raw !== 'string') return raw === null || raw === undefined ? BLANK : UNREADABLE.not_a_number;
    const value = raw;
    // One pass: the digits, where the number ends (an extension), a leading `+`.
    let digits = '';
    let plus = false;
    let end = value.length;
    let bad = false;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c >= 48 && c <= 57) {
        digits += value[i];
      } else if (c === 43) {
        if (digits.length > 0 || plus) {
          bad = true;
          break;
        }
        plus = true;
      } else if (isSeparator(c)) {
        // written as is
      } else if (digits.length > 0 && startsExtension(c)) {
        end = i;
        break;
      } else {
        bad = true;
        break;
      }
    }
    if (digits.length === 0 && !plus && value.trim() === '') return BLANK;
    if (value.length > MAX_PHONE_LENGTH) return UNREADABLE.too_long;
    if (bad || digits.length === 0) return UNREADABLE.not_a_number;
    if (digits.length > 20) return UNREADABLE.invalid;

    // Decompose the digits: [literal prefix][country code][trunk prefix][national number].
    let lead = 0; // literal digits before the country code (an international prefix)
    let cc = 0;
    let mid = 0; // literal digits between the country code (or the start) and the national number: a trunk prefix
    let international = plus;
    if (!plus) {
      // The region's international prefix (without a region, `00`), followed by a digit other than 0.
      const m = idd === undefined ? /^00/.exec(digits) : idd.exec(digits);
      if (m && m[0].length < digits.length && digits.charCodeAt(m[0].length) !== 48) {
        lead = m[0].length;
        international = true;
      }
    }
    let r: Reading;
    if (international) {
      cc = ccLength(digits, lead);
      if (cc === 0) return UNREADABLE.unknown_country;
      r = readInternational(lead === 0 ? digits : digits.slice(lead), cc);
      mid = r.prefix;
    } else {
      if (region === undefined) return UNREADABLE.needs_region;
      r = readNational(digits);
      cc = r.cc;
      mid = r.prefix;
    }
    if (!r.possible) return UNREADABLE.invalid;
    if (mid < 0 || digits.length - lead - cc - mid < 2) return end < value.length ? EXTENSION : UNTEMPLATED;
    if (end < value.length) {
      // The number's own template, without the separators before the extension
      // (`020 7946 0958 x12` is written `0NN NNNN NNNN`, then its extension).
      let to = end;
      while (to > 0 && isSeparator(value.charCodeAt(to - 1))) to--;
      const template = templateOf(value.slice(0, to), lead, cc, mid);
      return template === undefined ? EXTENSION : { kind: 'extension', template };
    }
    const template = templateOf(value, lead, cc, mid);
    return template === undefined ? UNTEMPLATED : { kind: 'template', template };
  };

  /** The template of a value: every character kept; digits become C, N or stay (prefixes); undefined when it breaks the notation. */
  function templateOf(value: string, lead: number, cc: number, mid: number): string | undefined {
    let template = '';
    let k = 0;
    const ccEnd = lead + cc;
    const midEnd = ccEnd + mid;
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c >= 48 && c <= 57) {
        template += k < lead ? value[i] : k < ccEnd ? 'C' : k < midEnd ? value[i] : 'N';
        k++;
      } else template += value[i];
    }
    let ok = checked.get(template);
    if (ok === undefined) {
      ok = phoneFormatProblem(template) === undefined;
      checked.set(template, ok);
    }
    return ok ? template : undefined;
  }
}

/**
 * Learns the formats a CRM's phone values are stored in.
 *
 * Each value is read as the lookup reads a stored value: international after
 * `+` or the default region's international prefix (`00`, `011`, `0011`, ...;
 * `00` without a region); national in the default region otherwise, as
 * libphonenumber-js reads it (trunk prefix, or the region's own country code
 * written without `+`). Its template keeps every
 * character, with the country code's digits as `C` and the national
 * number's as `N`; prefixes (`00`, `0`, `(0)`) stay digits. Values with an
 * extension, blank values and values that are not a number of possible
 * length are counted apart. Templates used by at least `minCount` values and
 * `minShare` of the readable ones (at most `maxFormats`) make `formats`.
 *
 * Runs in one pass over `values` (any iterable: an array, a generator over
 * an export); non-string items are read as unreadable (`not_a_number`).
 * Throws `lookup_bad_option` ({@link LookupError}) for an unknown region or
 * a bad option, never for a value.
 *
 * @example
 * ```ts
 * import { learnPhoneFormats } from 'screenpop';
 * const report = learnPhoneFormats(
 *   ['020 7946 0958', '020 7946 0000', '+44 20 7946 0111', '+44 20 7946 0222', '+1 (212) 555-0100', 'n/a'],
 *   { defaultRegion: 'GB' },
 * );
 * report.formats; // ['+CC NN NNNN NNNN', '0NN NNNN NNNN'] (2 values each; ties in text order)
 * report.coverage; // 0.8 (4 of the 5 readable values)
 * report.rare; // [{ format: '+C (NNN) NNN-NNNN', count: 1, share: 0.2, examples: ['+1 (212) 555-0100'] }]
 * report.unreadable; // { count: 1, samples: [{ value: 'n/a', reason: 'not_a_number' }] }
 * ```
 */
export function learnPhoneFormats(values: Iterable<string>, options: LearnPhoneFormatsOptions = {}): PhoneFormatReport {
  // Host iterables and options may throw from getters, traps or revoked proxies: a typed error, never theirs.
  return readHost('learnPhoneFormats input', () => learn(values, options));
}

function learn(values: Iterable<string>, options: LearnPhoneFormatsOptions): PhoneFormatReport {
  if (values === null || typeof values !== 'object' || typeof (values as Partial<Iterable<string>>)[Symbol.iterator] !== 'function') {
    throw badOption('learnPhoneFormats needs an iterable of stored phone values.', 'Pass an array (or any iterable) of strings, e.g. one column of an export.');
  }
  if (options === null || typeof options !== 'object') throw badOption('learnPhoneFormats options must be an object.', 'Pass { defaultRegion: "GB" } or nothing.');
  const region = options.defaultRegion?.toUpperCase();
  if (region !== undefined && !isKnownRegion(region)) {
    throw badOption(`defaultRegion "${options.defaultRegion}" is not a region code.`, 'Use an ISO 3166-1 alpha-2 code, e.g. GB, US, IE, GR.');
  }
  const minCount = options.minCount ?? 2;
  const minShare = options.minShare ?? 0.0001;
  const maxFormats = options.maxFormats ?? 64;
  const nExamples = options.examples ?? 5;
  if (!Number.isInteger(minCount) || minCount < 1) throw badOption(`minCount must be a whole number ≥ 1, not ${String(minCount)}.`, 'Use 1 to keep every template in use.');
  if (typeof minShare !== 'number' || !(minShare >= 0 && minShare <= 1)) throw badOption(`minShare must be a number from 0 to 1, not ${String(minShare)}.`, 'Use e.g. 0.0001 (1 in 10,000).');
  if (!Number.isInteger(maxFormats) || maxFormats < 1) throw badOption(`maxFormats must be a whole number ≥ 1, not ${String(maxFormats)}.`, 'Use e.g. 64.');
  if (!Number.isInteger(nExamples) || nExamples < 0) throw badOption(`examples must be a whole number ≥ 0, not ${String(nExamples)}.`, 'Use e.g. 5.');
  const nSamples = nExamples === 0 ? 0 : Math.max(nExamples, 20);

  const read = createFormatReader(region);
  const uses = new Map<string, { count: number; examples: string[] }>();
  const unreadable: { value: string; reason: UnreadableReason }[] = [];
  const extensions: string[] = [];
  const untemplated: string[] = [];
  let total = 0;
  let blank = 0;
  let nUnreadable = 0;
  let nExtensions = 0;
  let nUntemplated = 0;
  let nTemplated = 0;
  const count = (template: string, value: string): void => {
    const use = uses.get(template);
    if (use === undefined) uses.set(template, { count: 1, examples: nExamples > 0 ? [value] : [] });
    else {
      use.count++;
      if (use.examples.length < nExamples) use.examples.push(value);
    }
  };
  for (const value of values) {
    total++;
    const r = read(value);
    switch (r.kind) {
      case 'template': {
        count(r.template, value);
        nTemplated++;
        break;
      }
      case 'blank':
        blank++;
        break;
      case 'unreadable':
        nUnreadable++;
        if (unreadable.length < nSamples) unreadable.push({ value: String(value), reason: r.reason });
        break;
      case 'extension':
        nExtensions++;
        if (extensions.length < nSamples) extensions.push(value);
        // The number before the extension is written in a template too: with
        // storedExtensions, an exact-match adapter finds it by that template.
        if (r.template !== undefined) count(r.template, value);
        break;
      case 'untemplated':
        nUntemplated++;
        if (untemplated.length < nSamples) untemplated.push(value);
        break;
    }
  }

  const readable = nTemplated + nExtensions + nUntemplated;
  const all: PhoneFormatUse[] = [...uses.entries()]
    .map(([format, u]) => ({ format, count: u.count, share: readable === 0 ? 0 : u.count / readable, examples: u.examples }))
    .sort((a, b) => b.count - a.count || (a.format < b.format ? -1 : a.format > b.format ? 1 : 0));
  const kept: PhoneFormatUse[] = [];
  const rare: PhoneFormatUse[] = [];
  for (const u of all) {
    if (kept.length < maxFormats && u.count >= minCount && u.share >= minShare) kept.push(u);
    else rare.push(u);
  }
  const reproduced = kept.reduce((s, u) => s + u.count, 0);
  return {
    formats: kept.map((u) => u.format),
    coverage: readable === 0 ? 1 : reproduced / readable,
    total,
    blank,
    readable,
    reproduced,
    uses: [...kept, ...rare],
    rare,
    extensions: { count: nExtensions, samples: extensions },
    untemplated: { count: nUntemplated, samples: untemplated },
    unreadable: { count: nUnreadable, samples: unreadable },
    ...(region === undefined ? {} : { region }),
  };
}
