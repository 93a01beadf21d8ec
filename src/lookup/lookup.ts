/**
 * `lookupCaller`: from a caller ID to the records it matches, through one
 * {@link LookupAdapter}, ranked and resolved by a {@link MatchPolicy}.
 *
 * @module
 */
import { LookupError, isLookupError } from './errors.js';
import { byNameThenId } from './order.js';
import { callingCodeOf, countDigits, isKnownRegion, numberForms, parseE164, readNumber, regionReading, screenCallerId, variantsOf, type PhoneReason } from './phone.js';
import { READS_VARIANTS } from './hints.js';
import { describeValue } from './query.js';
import { READS_NUMBERS_ONLY } from './memory.js';
import type { LookupAdapter, LookupConfig, LookupQuery, LookupRecord, MatchPolicy } from './types.js';
import { expectFields, expectRows, expectText, expectTextArray, readHost } from '../errors/guard.js';
import { addStoredFormats, checkStoredFormats } from './template.js';

/**
 * The `systemuser` fields an internal call is matched on, exactly (the
 * vendor's Screen Transfer behaviour).
 *
 * @example
 * ```ts
 * import { createMemoryLookup, lookupCaller, INTERNAL_PHONE_FIELDS } from 'screenpop';
 * console.log(INTERNAL_PHONE_FIELDS); // ['address1_telephone1', 'address1_telephone2', 'address1_telephone3']
 * const adapter = createMemoryLookup({ systemuser: [{ id: 'u1', fullname: 'Ann Lee', address1_telephone2: '4021' }] });
 * const r = await lookupCaller('4021', { config: { entities: [] }, adapter, internalExtensionLength: 4 });
 * console.log(r.internal, r.chosen?.field); // true address1_telephone2
 * ```
 */
export const INTERNAL_PHONE_FIELDS: readonly string[] = ['address1_telephone1', 'address1_telephone2', 'address1_telephone3'];

/**
 * Most records asked of an adapter per entity when the config does not say
 * ({@link LookupConfig.limit}). When an entity returns this many,
 * `lookupCaller` adds a warning that there may be more.
 *
 * @example
 * ```ts
 * import { DEFAULT_LOOKUP_LIMIT, type LookupConfig } from 'screenpop';
 * console.log(DEFAULT_LOOKUP_LIMIT); // 10
 * const config: LookupConfig = {
 *   entities: [{ entity: 'contact', phoneFields: ['telephone1'], displayField: 'fullname' }],
 *   limit: DEFAULT_LOOKUP_LIMIT * 2,
 * };
 * ```
 */
export const DEFAULT_LOOKUP_LIMIT = 10;

const POLICIES: ReadonlySet<string> = new Set<MatchPolicy>(['prompt', 'preferEntity', 'mostRecent']);

/**
 * Options of {@link lookupCaller}.
 *
 * @example
 * ```ts
 * import { createMemoryLookup, lookupCaller, type LookupCallerOptions } from 'screenpop';
 * const options: LookupCallerOptions = {
 *   config: { entities: [{ entity: 'contact', phoneFields: ['telephone1', 'mobilephone'], displayField: 'fullname' }] },
 *   adapter: createMemoryLookup({ contact: [{ id: 'c1', fullname: 'Ann Lee', telephone1: '+44 20 7946 0958' }] }),
 *   defaultRegion: 'GB',
 *   policy: 'preferEntity',
 *   internalExtensionLength: 4,
 *   signal: AbortSignal.timeout(5000),
 * };
 * const r = await lookupCaller('020 7946 0958', options);
 * console.log(r.count, r.normalized); // 1 +442079460958
 * ```
 */
export interface LookupCallerOptions {
  /** What to search: entities in order, their phone fields, filters (from `lookupConfigFromKv`). Required. */
  readonly config: LookupConfig;
  /** Where to search. Required. */
  readonly adapter: LookupAdapter;
  /**
   * ISO 3166-1 alpha-2 region national caller IDs are read in, and the region
   * stored national numbers belong to. Default: undefined (national caller IDs
   * are searched only as the digits written; stored national numbers are read
   * in the caller's own country).
   */
  readonly defaultRegion?: string;
  /** How several matches are resolved. Default: `'prompt'`. */
  readonly policy?: MatchPolicy;
  /**
   * Caller IDs of at most this many digits are internal extensions, matched
   * exactly on `systemuser` `address1_telephone1/2/3`. Default:
   * `config.internalExtensionLength`, else `0` (no internal calls).
   */
  readonly internalExtensionLength?: number;
  /** Cancels the adapter calls; the promise then rejects with `lookup_aborted`. Default: undefined. */
  readonly signal?: AbortSignal;
}

/**
 * What {@link lookupCaller} found. A caller ID that cannot be searched gives
 * `count: 0` with a `reason`, never an exception.
 *
 * @example
 * ```ts
 * import { createMemoryLookup, lookupCaller, type LookupResult } from 'screenpop';
 * const adapter = createMemoryLookup({ contact: [] });
 * const config = { entities: [{ entity: 'contact', phoneFields: ['telephone1'], displayField: 'fullname' }] };
 * const r: LookupResult = await lookupCaller('anonymous', { config, adapter });
 * // { count: 0, matches: [], internal: false, reason: 'withheld',
 * //   warnings: ['The caller withheld the number ("anonymous").'] }
 * ```
 */
export interface LookupResult {
  /** Number of distinct records matched (the rule language's `lookupCount`). */
  readonly count: number;
  /** The records, ordered by configured entity order, then display name; each record once. */
  readonly matches: readonly LookupRecord[];
  /** The record to pop: the only match, or the one the policy picked; undefined leaves the choice to the agent. */
  readonly chosen?: LookupRecord;
  /**
   * The caller's number in E.164, when it could be read as a possible number
   * of its country; absent for withheld, unreadable and too short caller IDs
   * and for national ones without a region. This is the only caller number
   * fit to prefill a new record with (see {@link prefillNumber}).
   */
  readonly normalized?: string;
  /** Extension written after the caller's number (`x123`), kept for display; not used to match. */
  readonly extension?: string;
  /** True when the caller ID was an internal extension (matched on `systemuser`). */
  readonly internal: boolean;
  /** Why the caller ID could not be searched as a number (set when `count` is 0 for that reason). */
  readonly reason?: PhoneReason;
  /** Things the agent or an administrator may want to know (limits hit, numbers outside the plan, ...). */
  readonly warnings: readonly string[];
}

/**
 * The number a new-record form may be prefilled with: the caller's number in
 * E.164 when it was read as a possible number of its country
 * ({@link LookupResult.normalized}), else undefined: never a withheld marker
 * (`anonymous`, `UNKNOWN`), a raw SIP URI, an unreadable caller ID, a national
 * number with no region to read it in, or an internal extension.
 *
 * @example
 * ```ts
 * import { createMemoryLookup, lookupCaller, prefillNumber } from 'screenpop';
 * const adapter = createMemoryLookup({ contact: [] });
 * const config = { entities: [{ entity: 'contact', phoneFields: ['telephone1'], displayField: 'fullname' }] };
 * prefillNumber(await lookupCaller('<sip:0868561713@pbx>', { config, adapter, defaultRegion: 'IE' })); // '+353868561713'
 * prefillNumber(await lookupCaller('"Anonymous" <sip:anonymous@anonymous.invalid>', { config, adapter })); // undefined
 * prefillNumber(await lookupCaller('0044', { config, adapter, defaultRegion: 'GB' })); // undefined
 * ```
 */
export function prefillNumber(result: { readonly normalized?: string | undefined; readonly internal?: boolean | undefined }): string | undefined {
  expectFields(result, 'result', ['normalized', 'internal']);
  return result.internal ? undefined : result.normalized;
}

function badOption(detail: string, hint: string): LookupError {
  return new LookupError('lookup_bad_option', detail, { hint });
}

/**
 * Validates lookup options; hosts that run many lookups with one
 * configuration (`resolveScreenPop`) check once. Throws `lookup_bad_option`.
 * @internal
 */
export function checkLookupOptions(options: LookupCallerOptions): { limit: number; extLen: number; lastDigits: number | undefined; policy: MatchPolicy } {
  if (options === null || typeof options !== 'object') throw badOption('lookupCaller needs an options object.', 'Pass { config, adapter }.');
  const { config, adapter } = options;
  if (!adapter || typeof adapter.find !== 'function') throw badOption('options.adapter is not a LookupAdapter.', 'Pass createMemoryLookup(...) or createDataverseLookup(...).');
  if (!config || !Array.isArray(config.entities)) throw badOption('options.config has no entities array.', 'Build the config with lookupConfigFromKv, or pass { entities: [...] }.');
  for (const [i, e] of config.entities.entries()) {
    if (
      !e ||
      typeof e.entity !== 'string' ||
      e.entity === '' ||
      !Array.isArray(e.phoneFields) ||
      (e.phoneFields as readonly unknown[]).some((f) => typeof f !== 'string' || f === '') ||
      typeof e.displayField !== 'string'
    ) {
      throw badOption(`config.entities[${i}] is not an entity lookup ({ entity, phoneFields, displayField }).`, 'Give each entity a logical name, a list of phone fields and a display field.');
    }
  }
  const policy = options.policy ?? 'prompt';
  if (!POLICIES.has(policy)) throw badOption(`"${String(policy)}" is not a match policy.`, 'Use prompt, preferEntity or mostRecent.');
  const limit = config.limit ?? DEFAULT_LOOKUP_LIMIT;
  if (!Number.isInteger(limit) || limit < 1) throw badOption(`config.limit must be a whole number ≥ 1, not ${limit}.`, 'Fix the limit (default 10).');
  const extLen = options.internalExtensionLength ?? config.internalExtensionLength ?? 0;
  if (!Number.isInteger(extLen) || extLen < 0 || extLen > 15) {
    throw badOption(`internalExtensionLength must be a whole number from 0 to 15, not ${extLen}.`, 'Use the length of your internal extensions, e.g. 4; 0 turns internal calls off.');
  }
  const lastDigits = config.lastDigits;
  if (lastDigits !== undefined && (!Number.isInteger(lastDigits) || lastDigits < 4 || lastDigits > 15)) {
    throw badOption(`config.lastDigits must be a whole number from 4 to 15, not ${lastDigits}.`, 'Use 7 to 10 digits; fewer match too many numbers.');
  }
  if (options.defaultRegion !== undefined && !isKnownRegion(options.defaultRegion.toUpperCase())) {
    throw badOption(`defaultRegion "${options.defaultRegion}" is not a region code.`, 'Use an ISO 3166-1 alpha-2 code, e.g. GB, US, IE, GR.');
  }
  checkStoredFormats(config.storedFormats);
  if (config.storedExtensions !== undefined && typeof config.storedExtensions !== 'boolean') {
    throw badOption(`config.storedExtensions must be true or false, not ${describeValue(config.storedExtensions)}.`, 'Set it to true when stored numbers may end with an extension (x12), else leave it out.');
  }
  return { limit, extLen, lastDigits, policy };
}

/**
 * Picks the record to pop among `matches` (already ordered by entity order,
 * then name): the only one; else, by policy, `preferEntity` the single match
 * of the first entity (in `entities` order) that has exactly one,
 * `mostRecent` the one with the latest `modifiedOn` (ties and missing dates
 * pick none), `prompt` none.
 *
 * @example
 * ```ts
 * import { chooseMatch } from 'screenpop';
 * chooseMatch(matches, 'preferEntity', ['contact', 'salesorder']);
 * ```
 */
export function chooseMatch(matches: readonly LookupRecord[], policy: MatchPolicy, entities: readonly string[]): LookupRecord | undefined {
  // Host values whose getters or traps throw (a revoked proxy, say) become a typed error, never theirs.
  return readHost('chooseMatch input', () => chooseMatchUnguarded(matches, policy, entities));
}

function chooseMatchUnguarded(matches: readonly LookupRecord[], policy: MatchPolicy, entities: readonly string[]): LookupRecord | undefined {
  expectRows(matches, 'matches', ['entity', 'id']);
  expectTextArray(entities, 'entities');
  if (matches.length === 1) return matches[0];
  if (matches.length === 0 || policy === 'prompt') return undefined;
  if (policy === 'preferEntity') {
    for (const entity of entities) {
      const mine = matches.filter((m) => m.entity === entity);
      if (mine.length === 1) return mine[0];
    }
    return undefined;
  }
  let best: LookupRecord | undefined;
  let bestAt = -Infinity;
  let tie = false;
  for (const m of matches) {
    const at = m.modifiedOn === undefined ? NaN : Date.parse(m.modifiedOn);
    if (Number.isNaN(at)) continue;
    if (at > bestAt) {
      best = m;
      bestAt = at;
      tie = false;
    } else if (at === bestAt) tie = true;
  }
  return tie ? undefined : best;
}

function wrap(e: unknown, entity: string, adapter: LookupAdapter): LookupError {
  if (isLookupError(e)) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new LookupError('lookup_failed', `The ${adapter.name} adapter failed searching ${entity}: ${message}`, {
    entity,
    hint: 'See the cause; the adapter threw something other than a LookupError.',
    cause: e,
  });
}

/**
 * Finds the records a caller ID matches.
 *
 * 1. The caller ID is read as stored values are (docs/lookup.md): SIP and tel
 *    URIs, display names, extensions, full-width forms, the region's own
 *    international prefix, a trunk prefix after the country code.
 *    Withheld (`anonymous`, `sip:anonymous@anonymous.invalid`), empty,
 *    over-long, too short (`0044`, `011` in the US), alphabetic and invalid
 *    caller IDs resolve to `count: 0` with a `reason` and no search; they never throw.
 * 2. A caller ID of at most `internalExtensionLength` digits is internal: it
 *    is matched exactly on `systemuser` `address1_telephone1/2/3`.
 * 3. Otherwise the number is read as E.164 (libphonenumber-js, once) and every
 *    configured entity is searched, in parallel, for its {@link phoneVariants}
 *    (national forms only when the caller is in `defaultRegion`), stored values
 *    being read in `defaultRegion` (`query.region`). A national number with no
 *    region is searched as the digits written, with a warning.
 * 4. Matches are ordered by entity order then display name, each record once;
 *    the policy picks `chosen`.
 *
 * `telephoneNo` is read as `resolveScreenPop` reads `call.telephoneNo`: text
 * as it is, a number (or bigint) as its digits, `undefined` or `null` as an
 * empty caller ID (`reason: 'empty'`); any other value (an object, a
 * function) rejects with an `InputError` (`bad_input`).
 *
 * Rejects with a {@link LookupError} when an option is unusable
 * (`lookup_bad_option`) or an adapter fails; the other searches are then
 * cancelled.
 *
 * @example
 * ```ts
 * import { createMemoryLookup, lookupCaller } from 'screenpop';
 * const adapter = createMemoryLookup({
 *   contact: [{ id: 'c1', fullname: 'Nektaria K', mobilephone: '+30 694 618 6715' }],
 *   salesorder: [{ id: 'o1', name: 'EKS-06441', statecode: 0, billto_telephone: '6946186715' }],
 * });
 * const config = {
 *   entities: [
 *     { entity: 'contact', phoneFields: ['mobilephone'], displayField: 'fullname' },
 *     { entity: 'salesorder', phoneFields: ['billto_telephone'], displayField: 'name' },
 *   ],
 * };
 * const r = await lookupCaller('6946186715', { config, adapter, defaultRegion: 'GR' });
 * console.log(r.count, r.matches.map((m) => m.id), r.chosen); // 2 ['c1', 'o1'] undefined
 * ```
 */
export async function lookupCaller(telephoneNo: string, options: LookupCallerOptions): Promise<LookupResult> {
  const caller = callerText(telephoneNo);
  const checked = readHost('options', () => checkLookupOptions(options));
  return lookupChecked(caller, options.config, options.adapter, checked, options.defaultRegion?.toUpperCase(), options.signal);
}

/** The caller ID as text, as `resolveScreenPop` reads `call.telephoneNo`; an InputError for other types. */
function callerText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return '';
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  expectText(v, 'telephoneNo');
  return v;
}

/** What {@link checkLookupOptions} makes of the options: valid, with defaults applied. @internal */
export type CheckedLookupOptions = ReturnType<typeof checkLookupOptions>;

/**
 * {@link lookupCaller} on options already checked. Synchronous (a result, or a
 * thrown {@link LookupError}) when the adapter has `findSync` and there is no
 * signal; a promise otherwise.
 * @internal
 */
export function lookupChecked(
  telephoneNo: string,
  config: LookupConfig,
  adapter: LookupAdapter,
  checked: CheckedLookupOptions,
  region: string | undefined,
  signal: AbortSignal | undefined,
): LookupResult | Promise<LookupResult> {
  const { limit, extLen, lastDigits, policy } = checked;
  const warnings: string[] = [];

  const screened = screenCallerId(telephoneNo);
  if (!screened.ok) {
    return { count: 0, matches: [], internal: false, reason: screened.reason, warnings: [screened.detail] };
  }
  const extension = screened.extension === undefined ? {} : { extension: screened.extension };
  const body = screened.text;
  // `+digits` and `digits` are already compact.
  const compact = countDigits(body) + (screened.plus ? 1 : 0) === body.length ? body : body.replace(/[\s\-.]/g, '');

  // Internal extension: digits only, short.
  if (extLen > 0 && compact.length <= extLen && /^\d+$/.test(compact)) {
    const configured = config.entities.find((e) => e.entity === 'systemuser');
    const query: LookupQuery = {
      entity: 'systemuser',
      phoneFields: INTERNAL_PHONE_FIELDS,
      variants: compact === body ? [compact] : [compact, body],
      displayField: configured?.displayField ?? 'fullname',
      limit,
      ...(configured?.filter === undefined ? {} : { filter: configured.filter }),
      ...(configured?.entitySet === undefined ? {} : { entitySet: configured.entitySet }),
    };
    const order = ['systemuser'];
    return then(searchAll(adapter, [query], signal), ([found]) => {
      const matches = dedupe(found ?? [], order);
      if (matches.length >= limit) warnings.push(`systemuser: the limit of ${limit} matches was reached; there may be more.`);
      const chosen = chooseMatch(matches, policy, order);
      return {
        count: matches.length,
        matches,
        ...(chosen === undefined ? {} : { chosen }),
        ...extension,
        internal: true,
        warnings,
      };
    });
  }

  const read = readNumber(screened, region);
  // `numbers` (canonical forms) is what adapters that ignore punctuation read;
  // `variants` (every stored format) is built only when an adapter reads it:
  // formatting is most of libphonenumber's cost.
  let numbers: string[];
  let variants: string[] | undefined;
  let format: (() => string[]) | undefined;
  let e164: string | undefined;
  let reason: PhoneReason | undefined;
  if (read.parsed !== undefined) {
    const { phone, parsed } = read;
    e164 = phone.e164;
    if (!phone.valid) warnings.push(`${phone.e164} is not in any known range of its country's numbering plan; searched anyway.`);
    const home = callingCodeOf(region);
    const national = home === undefined || home === phone.countryCallingCode;
    // The stored forms are those of the E.164 number, as phoneVariants reads it. A valid
    // number reads the same either way; an invalid one may not (libphonenumber-js strips
    // a national prefix only with the region), so it is read again (rare).
    const forms = phone.valid ? parsed : (parseE164(phone.e164) ?? parsed);
    const reading = regionReading(region);
    numbers = numberForms(forms, national, phone.e164, reading);
    format = () => addStoredFormats(variantsOf(forms, national, phone.e164, reading), config.storedFormats, phone.countryCallingCode, phone.nationalNumber, national);
  } else if (read.phone.reason === 'needs_region') {
    // A national number and no region: the digits as written are still an exact key
    // (it has at least MIN_SIGNIFICANT_DIGITS significant digits, or it would be too_short).
    const phone = read.phone;
    reason = phone.reason;
    warnings.push(`${phone.detail} Searched for the digits as written.`);
    variants = [...new Set([body, compact, screened.digits])];
    numbers = [screened.digits];
  } else {
    // Junk never matches junk: a caller ID that cannot be a number is searched for nothing.
    const phone = read.phone;
    return { count: 0, matches: [], ...extension, internal: false, reason: phone.reason, warnings: [`${phone.detail} Not searched.`] };
  }

  const lazy: LazyVariants = { list: variants, format };
  const numbersOnly = (adapter as { [READS_NUMBERS_ONLY]?: boolean })[READS_NUMBERS_ONLY] === true;
  // An adapter that reads the variants of every query (Dataverse) gets them up front, as plain data.
  const upfront = !numbersOnly && (adapter as { [READS_VARIANTS]?: boolean })[READS_VARIANTS] === true ? (lazy.list ??= (format as () => string[])()) : undefined;
  const entities = config.entities;
  const queries: LookupQuery[] = [];
  for (const e of entities) {
    // Optional fields are set only when present (no `undefined` members, no spread temporaries).
    let q: { -readonly [K in keyof LookupQuery]: LookupQuery[K] };
    if (numbersOnly) {
      // The memory adapter reads `numbers` only: its queries keep the variants behind a
      // prototype getter (no property defined per call); they never reach host code.
      q = new NumbersQuery(e.entity, e.phoneFields, lazy) as unknown as typeof q;
    } else if (upfront !== undefined) {
      q = { entity: e.entity, phoneFields: e.phoneFields, variants: upfront } as unknown as typeof q;
    } else {
      q = { entity: e.entity, phoneFields: e.phoneFields } as typeof q;
      defineVariants(q, lazy);
    }
    q.numbers = numbers;
    q.displayField = e.displayField;
    q.limit = limit;
    if (e.filter !== undefined) q.filter = e.filter;
    if (e.entitySet !== undefined) q.entitySet = e.entitySet;
    if (region !== undefined) q.region = region;
    if (screened.extension !== undefined) q.extension = screened.extension;
    if (config.storedExtensions === true) q.storedExtensions = true;
    if (e164 !== undefined) {
      q.e164 = e164;
      if (lastDigits !== undefined) q.lastDigits = lastDigits;
    }
    queries.push(q);
  }
  return then(searchAll(adapter, queries, signal), (found) => {
    let all: LookupRecord[] = [];
    for (let i = 0; i < found.length; i++) {
      const records = found[i] as LookupRecord[];
      if (records.length >= limit) warnings.push(`${entities[i]?.entity}: the limit of ${limit} matches was reached; there may be more.`);
      if (records.length > 0) all = all.length === 0 ? records : all.concat(records);
    }
    const order = all.length === 0 ? [] : entities.map((e) => e.entity);
    const matches = all.length === 0 ? [] : dedupe(all, order);
    const chosen = matches.length === 0 ? undefined : chooseMatch(matches, policy, order);
    if (policy === 'mostRecent' && matches.length > 1 && chosen === undefined) {
      warnings.push('mostRecent: no single match has the latest modifiedOn; the agent chooses.');
    }
    // Members in the documented order (as JSON shows them), optional ones only when set.
    const result: { -readonly [K in keyof LookupResult]?: LookupResult[K] } = { count: matches.length, matches };
    if (chosen !== undefined) result.chosen = chosen;
    if (e164 !== undefined) result.normalized = e164;
    if (screened.extension !== undefined) result.extension = screened.extension;
    result.internal = false;
    if (reason !== undefined && matches.length === 0) result.reason = reason;
    result.warnings = warnings;
    return result as LookupResult;
  });
}

/** The hidden slot of a query's lazily formatted variants (shared by the queries of one call). */
const VARIANTS = Symbol('screenpop.variants');

interface LazyVariants {
  list: string[] | undefined;
  readonly format: (() => string[]) | undefined;
}

/** One getter for every query: reads the hidden slot, formats once. */
function variantsGetter(this: { [VARIANTS]: LazyVariants }): string[] {
  const lazy = this[VARIANTS];
  return (lazy.list ??= (lazy.format as () => string[])());
}

/** An adapter may replace a query's variants: they become a plain property. */
function variantsSetter(this: object, value: readonly string[]): void {
  Object.defineProperty(this, 'variants', { value, writable: true, enumerable: true, configurable: true });
}

/**
 * Gives `query` an own, enumerable `variants` that is formatted on first read
 * (spreads and JSON see it as a plain array; assigning it replaces it). A shared getter and a hidden
 * slot, not a `get variants()` in an object literal: that would give every
 * query its own accessor and hidden class, allocated in the old generation,
 * on every call.
 */
function defineVariants(query: object, lazy: LazyVariants): void {
  Object.defineProperty(query, VARIANTS, { value: lazy });
  Object.defineProperty(query, 'variants', { get: variantsGetter, set: variantsSetter, enumerable: true, configurable: true });
}

/**
 * A query for an adapter that reads `numbers` only (the memory adapter): the
 * variants are formatted on first read through a getter on the prototype, so
 * building one defines no property. (Spreads do not copy a prototype getter:
 * queries for any other adapter get an own enumerable `variants` instead.)
 */
class NumbersQuery {
  readonly [VARIANTS]: LazyVariants;
  constructor(
    readonly entity: string,
    readonly phoneFields: readonly string[],
    lazy: LazyVariants,
  ) {
    this[VARIANTS] = lazy;
  }
  get variants(): string[] {
    const lazy = this[VARIANTS];
    return (lazy.list ??= (lazy.format as () => string[])());
  }
}

/** `f(value)`, now when `value` is not a promise, else once it resolves. */
function then<T, U>(value: T | Promise<T>, f: (v: T) => U): U | Promise<U> {
  return value instanceof Promise ? value.then(f) : f(value);
}

/** Runs the queries in parallel; the first failure cancels the others and rejects with a LookupError. Synchronous with `findSync` and no signal. */
/** Text fields every record must have: a pop opens `entity`/`id`, and orders and shows `name`. */
const RECORD_TEXT = ['entity', 'id', 'name'] as const;

/**
 * A host adapter's records, checked before anything reads them: each an object
 * whose `entity` and `id` are non-empty text and whose `name` is text (a record
 * the pop cannot open would otherwise fail later, far from the adapter). Runs on
 * every search: plain property reads, one try for the lot (a getter or proxy
 * trap that throws is a bad record too).
 */
function checkRecords(records: readonly unknown[], entity: string, adapter: LookupAdapter, method: string): void {
  let i = 0;
  let problem: string | undefined;
  try {
    while (i < records.length && (problem = recordProblem(records[i])) === undefined) i++;
  } catch (e) {
    problem = `could not be read (${e instanceof Error ? e.message : String(e)})`;
  }
  if (problem === undefined) return;
  throw new LookupError('lookup_bad_record', `The ${adapter.name} adapter's ${method}() returned record ${i} for ${entity} that ${problem}.`, {
    entity,
    hint: 'Return LookupRecord objects: { entity, id, name, phone, field } as text (modifiedOn optional).',
  });
}

function recordProblem(r: unknown): string | undefined {
  if (r === null || typeof r !== 'object') return `is ${r === null ? 'null' : typeof r}, not a record`;
  // The common case in three named loads; the loop below only says which field is wrong.
  const { entity, id, name } = r as { entity?: unknown; id?: unknown; name?: unknown };
  if (typeof entity === 'string' && entity !== '' && typeof id === 'string' && id !== '' && typeof name === 'string') return undefined;
  for (const f of RECORD_TEXT) {
    const v = (r as Record<string, unknown>)[f];
    if (typeof v === 'string' && (v !== '' || f === 'name')) continue;
    return `has ${typeof v === 'string' ? `an empty ${f}` : `${f} ${v === undefined ? 'missing' : `of type ${v === null ? 'null' : typeof v}`}`}`;
  }
  return undefined;
}

function searchAll(adapter: LookupAdapter, queries: readonly LookupQuery[], signal: AbortSignal | undefined): LookupRecord[][] | Promise<LookupRecord[][]> {
  // An adapter that can answer synchronously (the memory adapter's findSync)
  // needs no promises, no cancellation and no abort controller per call.
  const findSync = (adapter as { findSync?: (q: LookupQuery) => LookupRecord[] }).findSync;
  if (typeof findSync === 'function' && signal === undefined) {
    const out: LookupRecord[][] = [];
    for (const q of queries) {
      let records: LookupRecord[];
      try {
        records = findSync.call(adapter, q);
      } catch (e) {
        throw wrap(e, q.entity, adapter);
      }
      if (!Array.isArray(records)) throw wrap(new TypeError('findSync() did not return an array'), q.entity, adapter);
      // The memory adapter's records are built here, from checked rows: only host adapters' are checked.
      if ((adapter as unknown as Record<symbol, unknown>)[READS_NUMBERS_ONLY] !== true) checkRecords(records, q.entity, adapter, 'findSync');
      out.push(records);
    }
    return out;
  }
  return searchAsync(adapter, queries, signal);
}

async function searchAsync(adapter: LookupAdapter, queries: readonly LookupQuery[], signal: AbortSignal | undefined): Promise<LookupRecord[][]> {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(signal?.reason);
  if (signal?.aborted) {
    throw new LookupError('lookup_aborted', 'The lookup was cancelled before it started.', {});
  }
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await Promise.all(
      queries.map(async (q) => {
        try {
          const records = await adapter.find(q, controller.signal);
          if (!Array.isArray(records)) throw new TypeError('find() did not resolve to an array');
          checkRecords(records, q.entity, adapter, 'find');
          return records;
        } catch (e) {
          controller.abort();
          if (signal?.aborted && !isLookupError(e)) {
            throw new LookupError('lookup_aborted', `The search of ${q.entity} was cancelled.`, { entity: q.entity, cause: e });
          }
          throw wrap(e, q.entity, adapter);
        }
      }),
    );
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

/** Each record once (first by entity order), ordered by entity order, then display name, then id. */
function dedupe(records: readonly LookupRecord[], order: readonly string[]): LookupRecord[] {
  if (records.length < 2) return records.slice();
  const rank = new Map<string, number>();
  order.forEach((e, i) => {
    if (!rank.has(e)) rank.set(e, i);
  });
  const seen = new Set<string>();
  const out: LookupRecord[] = [];
  for (const r of records) {
    const key = `${r.entity}\u0000${r.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(r);
  }
  return out.sort((a, b) => (rank.get(a.entity) ?? order.length) - (rank.get(b.entity) ?? order.length) || byNameThenId(a, b));
}
