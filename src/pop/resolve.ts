/**
 * `resolveScreenPop`: "this call just arrived for this agent — what do I pop?"
 * Configuration → lookup → rules → URL, in one call.
 *
 * @module
 */
import { ScreenpopError, isScreenpopError } from '../errors/index.js';
import { expectText, readHost } from '../errors/guard.js';
import type { KvRow } from '../config/row.js';
import { rulesFor } from '../config/scope.js';
import { lookupConfigFromKv } from '../config/lookup.js';
import type { ConfigWarning } from '../config/errors.js';
import type { FieldType } from '../parser/ast.js';
import { compileRules, eachCompare, type CompiledRules, type Decision, type Explanation, type RuleRow } from '../rules/compile.js';
import { checkLookupOptions, lookupChecked, type CheckedLookupOptions, type LookupResult } from '../lookup/lookup.js';
import { isKnownRegion } from '../lookup/phone.js';
import type { LookupAdapter, LookupConfig, LookupRecord, MatchPolicy } from '../lookup/types.js';
import { LookupError } from '../lookup/errors.js';
import { BUILTIN_FIELDS, DIRECTIONS } from '../parser/fields.js';
import { suggest } from '../util/suggest.js';
import { checkPopUrl } from '../params/url.js';
import { compilePopUrl, type PopUrlAssembler } from '../params/compiled.js';
import { CALL_PARAM_NAMES, CANONICAL } from '../params/names.js';
import { ParamsError } from '../params/errors.js';
import type { CallParams } from '../params/names.js';
import { popConfigFromKv, type PopConfig } from '../config/pop.js';
import { prefillFor, readablePrefillNumber } from './prefill.js';

/**
 * The call fields a host knows when a call arrives (the popped page's own parameter names).
 *
 * @example
 * ```ts
 * import type { CallEvent } from 'screenpop';
 * const call: CallEvent = { direction: 'inbound', telephoneNo: '+353 86 856 1713', dnis: '1234', dnisName: 'Sales', extra: { queue: 'VIP' } };
 * ```
 */
export interface CallEvent {
  readonly state?: string;
  readonly type?: string;
  readonly phoneCallID?: string;
  /** `inbound`, `queue` (dialler outbound), `outbound`, `clicktocall` or `transfer`. Default `inbound`. */
  readonly direction?: string;
  /** The caller's number (inbound) or the dialled number (outbound). */
  readonly telephoneNo?: string;
  readonly dnis?: string;
  readonly dnisName?: string;
  readonly agentType?: string;
  readonly agentId?: string;
  readonly dtCallId?: string;
  readonly agent?: string;
  readonly description?: string;
  readonly customText?: string;
  readonly subject?: string;
  /**
   * The customer fields are the lookup's: the matched record's entity, id and
   * name. A host that already knows the customer (a dialler that dialled a
   * lead) may pass them; they are used only when the lookup picks no record.
   */
  readonly customerType?: string;
  readonly customerID?: string;
  readonly fullName?: string;
  readonly ReType?: string;
  readonly ReId?: string;
  /** Host fields: usable in rules when declared in `fields`, appended to `Data=` after the 19 names. */
  readonly extra?: Readonly<Record<string, string>>;
}

/**
 * Options of {@link resolveScreenPop}.
 *
 * @example
 * ```ts
 * import { createMemoryLookup, resolveScreenPop, type ResolveOptions } from 'screenpop';
 * const options: ResolveOptions = {
 *   rows: [{ scope: 'global', name: 'customURL_Rule', key: '01', value: 'lookupCount=0 => /WebResources/new_unknown.html' }],
 *   user: 'dyn.crm06',
 *   adapter: createMemoryLookup({}),
 *   crmUrl: 'https://contoso.crm4.dynamics.com',
 *   defaultRegion: 'IE',
 * };
 * await resolveScreenPop({ telephoneNo: '086 856 1713' }, options);
 * ```
 */
export interface ResolveOptions {
  /** The whole `dialerKVTable`. Rules and lookup configuration are compiled once per array and user. */
  readonly rows: readonly KvRow[];
  /** The agent (Scope of their own rows). */
  readonly user: string;
  readonly adapter: LookupAdapter;
  /** The CRM's base URL, e.g. `https://contoso.crm4.dynamics.com`; record, new-record and relative URLs are built on it. */
  readonly crmUrl: string;
  /** ISO region for numbers without a country code, e.g. `IE`. Default: none (only international numbers parse). */
  readonly defaultRegion?: string;
  /** Multi-match policy. Default `prompt`. */
  readonly policy?: MatchPolicy;
  /** `Data=` encoding. Default `legacy` (byte-compatible with Dynamics Telephony). */
  readonly mode?: 'legacy' | 'strict';
  /** The time of the call, for `time`/`day`/`date` rules. Default: none (time rules do not hold). */
  readonly now?: Date;
  /** IANA zone for time rules. Default `UTC`. */
  readonly timeZone?: string;
  /** Host-declared rule fields, e.g. `{ queue: 'string' }`, read from `call.extra`. */
  readonly fields?: Readonly<Record<string, FieldType>>;
  /** Aborts the lookup (the pop is then the failed-lookup pop, `lookup.error.code` `lookup_aborted`). Default: none. */
  readonly signal?: AbortSignal;
  /**
   * The pop's deadline, in milliseconds from the call to `resolveScreenPop`:
   * whatever the adapter does (a hung token provider, a throttled or
   * unreachable CRM, a full request queue), the promise settles by then. A
   * lookup still running is aborted (through the signal its adapter gets)
   * and the pop is the failed-lookup pop, with `lookup.error.code`
   * `lookup_deadline`: rules that do not test the lookup still decide, and
   * the fallback is `choose` (search), never `new`. A positive number;
   * `Infinity` (or ≥ 2^31 − 1) means no deadline. A memory adapter answers
   * synchronously and needs no timer. Default: {@link DEFAULT_DEADLINE_MS}
   * (5000 ms).
   */
  readonly deadlineMs?: number;
}

/**
 * The default {@link ResolveOptions.deadlineMs}: 5000 ms. A pop is useful
 * while the phone rings (a few seconds to an agent's answer, less with
 * auto-answer); 5 s leaves room for a cold token request (Entra ID: often
 * 0.5–2 s), a Dataverse query (typically 0.1–0.5 s) and one quick retry,
 * and is well inside the Dataverse adapter's own 15 s retry budget.
 *
 * @example
 * ```ts
 * import { DEFAULT_DEADLINE_MS } from 'screenpop';
 * DEFAULT_DEADLINE_MS; // 5000
 * ```
 */
export const DEFAULT_DEADLINE_MS = 5_000;

/**
 * The lookup part of a pop: the lookup's result, plus the error when it failed.
 *
 * @example
 * ```ts
 * import { createMemoryLookup, resolveScreenPop } from 'screenpop';
 * const pop = await resolveScreenPop({ telephoneNo: '+353868561713' }, { rows: [], user: 'ann', adapter: createMemoryLookup({}), crmUrl: 'https://contoso.crm4.dynamics.com' });
 * pop.lookup.count; // 0
 * pop.lookup.error; // undefined: the lookup worked
 * ```
 */
export interface PopLookup extends Partial<LookupResult> {
  readonly count: number;
  readonly matches: readonly LookupRecord[];
  /** Set when the lookup failed; `lookupCount` was then unknown to the rules. */
  readonly error?: ScreenpopError;
  /**
   * `host` when no phone lookup ran because the host named the customer
   * (`hostCustomerFirst` row, `customerType` + `customerID` in the call); the
   * one match is that record. Absent: the phone lookup decided.
   */
  readonly identifiedBy?: 'host';
}

/**
 * What every {@link ScreenPop} carries, whatever its kind.
 *
 * @example
 * ```ts
 * import type { PopCommon, ScreenPop } from 'screenpop';
 * const log = (pop: ScreenPop) => {
 *   const { lookup, warnings }: PopCommon = pop;
 *   console.log(lookup.count, warnings.length, pop.explanation.decision.rule?.key);
 * };
 * ```
 */
export interface PopCommon {
  /**
   * The rule trace: its `decision` and `rules` are computed on first read
   * (an object with getters; `JSON.stringify` gives the computed trace, a
   * spread of the explanation itself does not).
   */
  readonly explanation: Explanation;
  /**
   * What the host should know, as sentences: skipped rule rows and
   * configuration rows that have no effect, a failed lookup, a call whose
   * direction is none of `DIRECTIONS` and no rule names it, a rule URL that could not be built.
   */
  readonly warnings: readonly string[];
  readonly lookup: PopLookup;
  /** The `Data=` parameters the pop carries (or would carry). */
  readonly params: CallParams;
}

/**
 * What to pop. A discriminated union on `kind`.
 *
 * @example
 * ```ts
 * import { createMemoryLookup, resolveScreenPop } from 'screenpop';
 * const pop = await resolveScreenPop({ telephoneNo: '+353868561713' }, { rows: [], user: 'ann', adapter: createMemoryLookup({}), crmUrl: 'https://contoso.crm4.dynamics.com' });
 * if (pop.kind === 'choose') console.log(pop.candidates);
 * else console.log(pop.url); // kind 'new': a new contact form with the number prefilled
 * ```
 */
export type ScreenPop =
  | (PopCommon & { readonly kind: 'url'; readonly url: string; readonly rule: RuleRow })
  | (PopCommon & { readonly kind: 'record'; readonly entity: string; readonly id: string; readonly url: string; readonly rule?: RuleRow })
  | (PopCommon & { readonly kind: 'choose'; readonly candidates: readonly LookupRecord[] })
  | (PopCommon & {
      readonly kind: 'new';
      readonly entity: string;
      readonly url: string;
      /**
       * The new form's field values, attribute → value: the first lookup
       * entity's first phone field set to the caller's E.164 number (only a
       * readable number: nothing for a withheld or unreadable caller), plus the
       * `newRecordField` rows of the entity. The same map is `url`'s `extraqs`.
       */
      readonly prefill: Readonly<Record<string, string>>;
    });

/**
 * Errors of the pop module's own inputs.
 *
 * @example
 * ```ts
 * import { createMemoryLookup, resolveScreenPop, PopError } from 'screenpop';
 * await resolveScreenPop({}, { rows: [], user: 'ann', adapter: createMemoryLookup({}), crmUrl: 'contoso' }).catch((e) => {
 *   if (e instanceof PopError) console.log(e.code); // bad_option
 * });
 * ```
 */
export class PopError extends ScreenpopError<'bad_option' | 'bad_call'> {
  override name = 'PopError';
}

interface Prepared {
  readonly rules: CompiledRules;
  readonly config: LookupConfig;
  readonly warnings: readonly string[];
  /** `newRecordField`, `hostCustomerFirst`, `popTrigger`. */
  readonly pop: PopConfig;
  /** The lookup options checked once, per policy. */
  readonly checked: Map<MatchPolicy, CheckedLookupOptions>;
  /** Rule URL → the URL resolved against `crmUrl` and checked once (or why it cannot be popped). */
  readonly urls: Map<string, { readonly crmUrl: string; readonly assemble: PopUrlAssembler } | { readonly crmUrl: string; readonly error: ScreenpopError }>;
  /** The declared host fields (`options.fields`) rules may read from `call.extra`: never a built-in name, in any case. */
  readonly hostFields: readonly string[];
  /** DIRECTIONS and every value a rule compares `direction` with, lower case: a call's other directions are warned about. */
  readonly directions: ReadonlySet<string>;
  /** The warning for each unknown direction seen, made once. */
  readonly directionWarnings: Map<string, string>;
}

const BUILTIN_LOWER: ReadonlySet<string> = new Set([...Object.keys(BUILTIN_FIELDS), 'now'].map((n) => n.toLowerCase()));

/** A host field by its declared name: that spelling, else the same name in another case. */
function hostField(extra: Readonly<Record<string, string>>, name: string): string | undefined {
  if (Object.hasOwn(extra, name)) return extra[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(extra)) if (k.length === lower.length && k.toLowerCase() === lower) return extra[k];
  return undefined;
}

/** The prepared configurations of one rows array; the last few hits are kept to spare building a key per call. */
interface RowsCache {
  readonly byKey: Map<string, Prepared>;
  recent: Array<{ readonly user: string; readonly direction: string; readonly timeZone: string | undefined; readonly fields: object | undefined; readonly prepared: Prepared }>;
  /** The last `crmUrl` seen and its checked form. */
  crmUrl: string | undefined;
  crmBase: string;
}

const cache = new WeakMap<readonly KvRow[], RowsCache>();

function lookupDirection(direction: string): 'inbound' | 'outbound' {
  const d = direction.toLowerCase();
  return d === 'queue' || d === 'outbound' || d === 'clicktocall' ? 'outbound' : 'inbound';
}

function rowsCache(rows: readonly KvRow[]): RowsCache {
  let perRows = cache.get(rows);
  if (!perRows) {
    perRows = { byKey: new Map(), recent: [], crmUrl: undefined, crmBase: '' };
    cache.set(rows, perRows);
  }
  return perRows;
}

function prepare(perRows: RowsCache, rows: readonly KvRow[], user: string, direction: 'inbound' | 'outbound', options: ResolveOptions): Prepared {
  const { timeZone, fields } = options;
  for (const r of perRows.recent) {
    if (r.user === user && r.direction === direction && r.timeZone === timeZone && r.fields === fields) return r.prepared;
  }
  const key = fields === undefined ? `${user}\u0000${direction}\u0000${timeZone ?? ''}` : `${user}\u0000${direction}\u0000${timeZone ?? ''}\u0000${JSON.stringify(fields)}`;
  let prepared = perRows.byKey.get(key);
  if (!prepared) {
    prepared = compilePrepared(rows, user, direction, options);
    perRows.byKey.set(key, prepared);
  }
  perRows.recent.unshift({ user, direction, timeZone, fields, prepared });
  if (perRows.recent.length > 4) perRows.recent.pop();
  return prepared;
}

function compilePrepared(rows: readonly KvRow[], user: string, direction: 'inbound' | 'outbound', options: ResolveOptions): Prepared {
  try {
    return compilePreparedUnsafe(rows, user, direction, options);
  } catch (e) {
    // Rows that are proxies or have throwing getters: a typed error, not whatever the host object threw.
    if (e instanceof ScreenpopError) throw e;
    throw new PopError('bad_option', `options.rows could not be read: ${errorMessage(e)}`, { hint: 'Load the rows with readKvCsv or readKvJson, which give plain objects.', cause: e });
  }
}

function compilePreparedUnsafe(rows: readonly KvRow[], user: string, direction: 'inbound' | 'outbound', options: ResolveOptions): Prepared {
  // Checked once per rows array (on a cache miss), never per call.
  rows.forEach((r, i) => {
    const row = r as Partial<Record<keyof KvRow, unknown>> | null;
    if (row === null || typeof row !== 'object' || typeof row.name !== 'string' || typeof row.scope !== 'string' || typeof row.key !== 'string' || typeof row.value !== 'string') {
      throw new PopError('bad_option', `options.rows[${i}] is not a dialerKVTable row ({ scope, name, key, value } as text)`, {
        hint: 'Load the rows with readKvCsv or readKvJson, which validate them.',
      });
    }
  });
  const rules = compileRules(rulesFor(rows, user), {
    ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
    ...(options.fields === undefined ? {} : { fields: options.fields }),
  });
  const { config, warnings } = lookupConfigFromKv(rows, { user, direction });
  const pop = popConfigFromKv(rows, { user });
  return {
    rules,
    config,
    pop: pop.config,
    warnings: Object.freeze([
      ...rules.errors.map((e) => `customURL_Rule ${JSON.stringify(e.key)} is skipped: ${e.detail} [${e.code}]`),
      ...rules.warnings.map((w) => w.message),
      ...warnings.map((w: ConfigWarning) => w.message),
      ...pop.warnings.map((w: ConfigWarning) => w.message),
    ]),
    checked: new Map(),
    urls: new Map(),
    hostFields: Object.freeze(Object.keys(options.fields ?? {}).filter((n) => !BUILTIN_LOWER.has(n.toLowerCase()))),
    directions: namedDirections(rules),
    directionWarnings: new Map(),
  };
}

/** The rule's URL resolved against `crmUrl`, checked and compiled, once per prepared rules and `crmUrl`. */
function ruleUrl(prepared: Prepared, target: string, crmUrl: string): { readonly assemble: PopUrlAssembler } | { readonly error: ScreenpopError } {
  const hit = prepared.urls.get(target);
  if (hit !== undefined && hit.crmUrl === crmUrl) return hit;
  let entry: { readonly crmUrl: string; readonly assemble: PopUrlAssembler } | { readonly crmUrl: string; readonly error: ScreenpopError };
  try {
    entry = { crmUrl, assemble: compilePopUrl(checkPopUrl(resolveRuleUrl(target, crmUrl))) };
  } catch (e) {
    if (!(e instanceof ScreenpopError)) throw e;
    entry = { crmUrl, error: e };
  }
  prepared.urls.set(target, entry);
  return entry;
}

const POLICIES = ['prompt', 'preferEntity', 'mostRecent'];

/** Array.isArray, false for a revoked proxy (which makes it throw). */
function isArray(v: unknown): boolean {
  try {
    return Array.isArray(v);
  } catch {
    return false;
  }
}

/** What a value is, for a message (no `toString` of host objects). */
function describe(v: unknown): string {
  return v === null ? 'null' : isArray(v) ? 'an array' : typeof v;
}

/** A call field as text: strings as they are; numbers, bigints and booleans as their text; nothing as absent. */
function fieldText(v: unknown, prefix: string, name: string): string | undefined {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  const where = prefix + name;
  throw new PopError('bad_call', `${where} must be text, got ${describe(v)}`, { hint: `Pass ${where} as a string (or leave it out).` });
}

/** One call field read into `out` as text (absent when undefined or null). */
function put(out: Record<string, unknown>, name: string, v: unknown): void {
  const t = fieldText(v, 'call.', name);
  if (t !== undefined) out[name] = t;
}

/**
 * The 19 call fields, read in {@link CALL_PARAM_NAMES} order (a test checks it),
 * each by its own named load: a loop over the names would be one megamorphic
 * keyed load per field, and this runs on every pop.
 */
function readCallFields(c: CallEvent, out: Record<string, unknown>): void {
  put(out, 'state', c.state);
  put(out, 'type', c.type);
  put(out, 'phoneCallID', c.phoneCallID);
  put(out, 'direction', c.direction);
  put(out, 'telephoneNo', c.telephoneNo);
  put(out, 'dnis', c.dnis);
  put(out, 'dnisName', c.dnisName);
  put(out, 'agentType', c.agentType);
  put(out, 'agentId', c.agentId);
  put(out, 'customerType', c.customerType);
  put(out, 'customerID', c.customerID);
  put(out, 'ReType', c.ReType);
  put(out, 'ReId', c.ReId);
  put(out, 'dtCallId', c.dtCallId);
  put(out, 'agent', c.agent);
  put(out, 'fullName', c.fullName);
  put(out, 'description', c.description);
  put(out, 'customText', c.customText);
  put(out, 'subject', c.subject);
}

/**
 * The call read once into a plain object of text: a getter that throws, a
 * proxy, or a field that is not text is a `bad_call`, never a TypeError later
 * (and a getter answering differently on each read cannot split the pop).
 */
function snapshotCall(call: unknown): CallEvent {
  if (call === null || typeof call !== 'object' || isArray(call)) {
    throw new PopError('bad_call', `The call must be an object of call fields, got ${describe(call)}`, {
      hint: 'Pass e.g. { direction: "inbound", telephoneNo: "+353868561713" }.',
    });
  }
  try {
    const out: Record<string, unknown> = {};
    readCallFields(call as CallEvent, out);
    const extra: unknown = (call as CallEvent).extra;
    if (extra !== undefined) {
      if (extra === null || typeof extra !== 'object' || isArray(extra)) {
        throw new PopError('bad_call', 'call.extra must be an object of host fields (name → text)', { hint: 'Pass e.g. { extra: { queue: "sales" } } or leave it out.' });
      }
      const entries: Array<[string, string]> = [];
      for (const name of Object.keys(extra)) {
        const v = fieldText((extra as Record<string, unknown>)[name], 'call.extra.', name);
        if (v !== undefined) entries.push([name, v]);
      }
      // fromEntries defines own properties: a "__proto__" host field stays a field, never a prototype.
      out['extra'] = Object.fromEntries(entries);
    }
    return out as CallEvent;
  } catch (e) {
    if (e instanceof ScreenpopError) throw e;
    throw new PopError('bad_call', `The call could not be read: ${errorMessage(e)}`, { hint: 'Pass a plain object of call fields (text values).', cause: e });
  }
}

/** An error's message, safely. */
function errorMessage(e: unknown): string {
  try {
    return e instanceof Error ? String(e.message) : typeof e === 'string' ? e : describe(e);
  } catch {
    return 'an unreadable error';
  }
}

const OPTION_NAMES = ['rows', 'user', 'adapter', 'crmUrl', 'defaultRegion', 'policy', 'mode', 'now', 'timeZone', 'fields', 'signal', 'deadlineMs'] as const;

/**
 * The options read once into a plain object (own properties, and the known
 * names wherever they live): a getter that throws or a proxy is a
 * `bad_option`, not a TypeError deep inside.
 */
function snapshotOptions(options: unknown): ResolveOptions {
  if (options === null || typeof options !== 'object') {
    throw new PopError('bad_option', 'resolveScreenPop needs an options object', { hint: 'Pass { rows, user, adapter, crmUrl }.' });
  }
  try {
    const out: Record<string, unknown> = { ...options };
    for (const k of OPTION_NAMES) {
      if (!Object.hasOwn(out, k)) {
        const v = (options as Record<string, unknown>)[k];
        if (v !== undefined) out[k] = v;
      }
    }
    const adapter = out['adapter'] as { find?: unknown } | null | undefined;
    // Read `find` once here, so an adapter whose getter throws is refused up front.
    if (adapter !== null && typeof adapter === 'object') void adapter.find;
    const fields = out['fields'];
    if (fields !== undefined) {
      if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) bad('options.fields must be an object of field name → type', 'Pass e.g. { queue: "string" } or leave it out.');
      for (const [name, type] of Object.entries(fields)) {
        if (typeof type !== 'string') bad(`options.fields.${name} must be a type name, got ${describe(type)}`, 'Use string, number, time, day or date.');
      }
    }
    return out as unknown as ResolveOptions;
  } catch (e) {
    if (e instanceof ScreenpopError) throw e;
    throw new PopError('bad_option', `The options could not be read: ${errorMessage(e)}`, { hint: 'Pass a plain options object.', cause: e });
  }
}

/** Host mistakes are typed errors up front, not lookup outages or crashes deep inside. */
function checkInputs(call: CallEvent, options: ResolveOptions): void {
  const extra = call.extra;
  if (extra !== undefined) {
    // Checked up front, whatever rule holds: a host field must not pass for one of the 19 parameters.
    for (const name of Object.keys(extra)) {
      if (CANONICAL.has(name.toLowerCase())) {
        throw new ParamsError('param_collision', `call.extra.${name} collides with the call parameter ${CANONICAL.get(name.toLowerCase())}`, {
          param: name,
          hint: `Rename the host field (e.g. x_${name}), or pass the value as call.${CANONICAL.get(name.toLowerCase())}.`,
        });
      }
    }
  }
  const o = options as Partial<Record<keyof ResolveOptions, unknown>> & { adapter?: { find?: unknown } };
  if (!Array.isArray(o.rows)) bad('options.rows must be the dialerKVTable rows (an array)', 'Load them with readKvCsv or readKvJson.');
  if (typeof o.user !== 'string') bad('options.user must be the agent\'s name (a string)', 'Pass the Scope value of the agent\'s own rows, or "" for global rows only.');
  if (!o.adapter || typeof o.adapter.find !== 'function') bad('options.adapter is not a LookupAdapter', 'Pass createMemoryLookup(...) or createDataverseLookup(...).');
  if (o.policy !== undefined && !POLICIES.includes(o.policy as string)) bad(`Unknown policy ${JSON.stringify(o.policy)}`, `Use ${POLICIES.join(', ')}.`);
  if (o.mode !== undefined && o.mode !== 'legacy' && o.mode !== 'strict') bad(`Unknown mode ${JSON.stringify(o.mode)}`, 'Use legacy or strict.');
  if (o.defaultRegion !== undefined && (typeof o.defaultRegion !== 'string' || !isKnownRegion(o.defaultRegion.toUpperCase()))) {
    bad(`Unknown region ${JSON.stringify(o.defaultRegion)}`, 'Use an ISO 3166-1 alpha-2 code such as IE, GB, US or GR.');
  }
  if (o.now !== undefined && !(o.now instanceof Date && !Number.isNaN(o.now.getTime()))) bad('options.now must be a valid Date', 'Pass new Date() or leave it out.');
  if (o.timeZone !== undefined && typeof o.timeZone !== 'string') bad(`options.timeZone must be an IANA zone name, got ${describe(o.timeZone)}`, 'Pass e.g. "Europe/Dublin" or leave it out.');
  if (o.signal !== undefined && !isSignal(o.signal)) bad(`options.signal must be an AbortSignal, got ${describe(o.signal)}`, 'Pass an AbortController’s signal or leave it out.');
  if (o.deadlineMs !== undefined && !(typeof o.deadlineMs === 'number' && o.deadlineMs > 0)) {
    bad(`options.deadlineMs must be a number of milliseconds above 0, got ${typeof o.deadlineMs === 'number' ? o.deadlineMs : describe(o.deadlineMs)}`, `Pass e.g. 5000 (the default, DEFAULT_DEADLINE_MS), or Infinity for no deadline.`);
  }
}

function isSignal(v: unknown): v is AbortSignal {
  return v !== null && typeof v === 'object' && typeof (v as AbortSignal).aborted === 'boolean' && typeof (v as AbortSignal).addEventListener === 'function';
}

function bad(detail: string, hint: string): never {
  throw new PopError('bad_option', detail, { hint });
}

function checkCrmUrl(crmUrl: unknown): string {
  if (typeof crmUrl !== 'string' || !/^https?:\/\/[^/?#\s\\]+/i.test(crmUrl)) {
    throw new PopError('bad_option', `crmUrl must be an absolute http(s) URL, got ${JSON.stringify(crmUrl)}`, {
      input: typeof crmUrl === 'string' ? crmUrl : '',
      hint: 'Pass the CRM base URL, e.g. https://contoso.crm4.dynamics.com.',
    });
  }
  return crmUrl.replace(/\/+$/, '');
}

/**
 * Resolves a rule URL against the CRM: absolute URLs stay; `/path` and `?query`
 * hang off the CRM base URL; a bare file name (`CP.html`) is a web resource,
 * `{crmUrl}/WebResources/CP.html`.
 *
 * @example
 * ```ts
 * import { resolveRuleUrl } from 'screenpop';
 * resolveRuleUrl('CP.html', 'https://contoso.crm4.dynamics.com'); // 'https://contoso.crm4.dynamics.com/WebResources/CP.html'
 * resolveRuleUrl('/main.aspx?pagetype=search', 'https://contoso.crm4.dynamics.com'); // 'https://contoso.crm4.dynamics.com/main.aspx?pagetype=search'
 * ```
 */
export function resolveRuleUrl(url: string, crmUrl: string): string {
  expectText(url, 'url');
  expectText(crmUrl, 'crmUrl');
  if (/^https?:\/\//i.test(url)) return url;
  if (url.startsWith('//')) return `${crmUrl.slice(0, crmUrl.indexOf(':') + 1)}${url}`;
  if (url.startsWith('/') || url.startsWith('?') || url.startsWith('#')) return `${crmUrl}${url}`;
  return `${crmUrl}/WebResources/${url}`;
}

/**
 * The Dynamics record form URL.
 *
 * @example
 * ```ts
 * import { recordUrl } from 'screenpop';
 * recordUrl('https://contoso.crm4.dynamics.com', 'contact', 'c1');
 * // 'https://contoso.crm4.dynamics.com/main.aspx?etn=contact&id=c1&pagetype=entityrecord'
 * ```
 */
export function recordUrl(crmUrl: string, entity: string, id: string): string {
  if (typeof crmUrl !== 'string' || typeof entity !== 'string' || typeof id !== 'string') {
    for (const [what, v] of [['crmUrl', crmUrl], ['entity', entity], ['id', id]] as const) expectText(v, what);
  }
  return `${crmUrl}/main.aspx?etn=${encodeURIComponent(entity)}&id=${encodeURIComponent(id)}&pagetype=entityrecord`;
}

/**
 * The Dynamics new-record form URL, with fields prefilled through `extraqs`.
 *
 * `extraqs` is a query string inside the query string: Dynamics decodes it
 * once, then reads it as `name=value&...` and decodes each value again. So
 * each name and value is encoded on its own, then the whole is encoded: a
 * value can never add a field (`1&fullname=Evil` stays the value of its own
 * field) and `+` is not read as a space. Fields with an empty name or value
 * are left out.
 *
 * @example
 * ```ts
 * import { newRecordUrl } from 'screenpop';
 * newRecordUrl('https://contoso.crm4.dynamics.com', 'contact', { telephone1: '+353868561713', description: 'Called Sales' });
 * // 'https://contoso.crm4.dynamics.com/main.aspx?etn=contact&pagetype=entityrecord&extraqs=telephone1%3D%252B353868561713%26description%3DCalled%2520Sales'
 * newRecordUrl('https://contoso.crm4.dynamics.com', 'contact', 'telephone1', '1&fullname=Evil');
 * // '...&extraqs=telephone1%3D1%2526fullname%253DEvil' (one field: telephone1)
 * ```
 */
export function newRecordUrl(crmUrl: string, entity: string, prefill?: Readonly<Record<string, string>>): string;
export function newRecordUrl(crmUrl: string, entity: string, field: string | undefined, value: string): string;
export function newRecordUrl(crmUrl: string, entity: string, fields?: Readonly<Record<string, string>> | string, value?: string): string {
  if (typeof crmUrl !== 'string' || typeof entity !== 'string') {
    for (const [what, v] of [['crmUrl', crmUrl], ['entity', entity]] as const) expectText(v, what);
  }
  if (typeof fields === 'string' && value !== undefined) expectText(value, 'value');
  if (fields !== undefined && fields !== null && typeof fields !== 'string' && typeof fields !== 'object') expectText(fields, 'field');
  const base = `${crmUrl}/main.aspx?etn=${encodeURIComponent(entity)}&pagetype=entityrecord`;
  const map: Readonly<Record<string, string>> =
    typeof fields === 'string' ? { [fields]: value ?? '' } : fields === undefined || fields === null ? {} : fields;
  const pairs: string[] = readHost('newRecordUrl fields', () => {
    const out: string[] = [];
    for (const name of Object.keys(map)) {
      const v = map[name];
      if (name !== '' && typeof v === 'string' && v !== '') out.push(`${encodeURIComponent(name)}=${encodeURIComponent(v)}`);
    }
    return out;
  });
  return pairs.length === 0 ? base : `${base}&extraqs=${encodeURIComponent(pairs.join('&'))}`;
}

/**
 * The customer the host named (`customerType` + `customerID`), as a lookup
 * match, when `hostCustomerFirst` is on; undefined when the call names none
 * (or names one that is not a logical name and an id: a warning says so).
 */
function hostCustomer(call: CallEvent, warnings: string[]): LookupRecord | undefined {
  const type = text(call.customerType).trim();
  const id = text(call.customerID).trim();
  if (type === '' && id === '') return undefined;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(type) || id === '' || /[\u0000-\u001f]/.test(id)) {
    warnings.push(
      `hostCustomerFirst: the call names customer ${JSON.stringify(type)} ${JSON.stringify(id)}, which is not an entity logical name and a record id; the phone lookup decides instead.`,
    );
    return undefined;
  }
  return { entity: type.toLowerCase(), id, name: text(call.fullName), phone: '', field: '' };
}

/** A call field as text: strings as they are, numbers and the like as their text, nothing as `''`. */
function text(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

/** The 19 `Data=` parameters (one object shape for every call) and the host's `extra`. */
function callParams(call: CallEvent, party: LookupRecord | undefined, direction: string): CallParams {
  return {
    state: text(call.state),
    type: text(call.type),
    phoneCallID: text(call.phoneCallID),
    direction,
    telephoneNo: text(call.telephoneNo),
    dnis: text(call.dnis),
    dnisName: text(call.dnisName),
    agentType: text(call.agentType),
    agentId: text(call.agentId),
    // The matched record's; without one, what the host passed (e.g. a dialler that knows whom it dialled).
    customerType: party ? party.entity : text(call.customerType),
    customerID: party ? party.id : text(call.customerID),
    ReType: party ? party.entity : text(call.ReType),
    ReId: party ? party.id : text(call.ReId),
    dtCallId: text(call.dtCallId),
    agent: text(call.agent),
    fullName: party ? party.name : text(call.fullName),
    description: text(call.description),
    customText: text(call.customText),
    subject: text(call.subject),
    extra: call.extra === undefined ? {} : { ...call.extra },
  };
}

/**
 * Decides the screen pop for a call: the user's rules and lookup configuration
 * (scope applied, compiled once per rows array and user), the caller lookup,
 * the first rule that holds, and the URL to open.
 *
 * A failing lookup never throws: `lookup.error` says why, `lookupCount` and
 * `fromParty.*` are unknown to the rules (rules that test them do not hold),
 * and a `default` pop falls back to `choose` with no candidates (search) rather
 * than a new record, so a lookup outage never creates duplicates.
 *
 * Guides: [getting started](../../docs/getting-started.md), [configuration](../../docs/configuration.md); try it in the rule playground ([guide](../../docs/playground.md)).
 *
 * @throws {@link PopError} for a malformed `crmUrl`, `ParamsError` (`param_collision`) when `call.extra` reuses one of the 19 parameter names, and `RuleSyntaxError`
 * (`bad_option`) for an unknown `timeZone` or bad `fields`.
 * @example
 * ```ts
 * import { resolveScreenPop, createMemoryLookup } from 'screenpop';
 * const pop = await resolveScreenPop(
 *   { direction: 'inbound', telephoneNo: '+353 86 856 1713' },
 *   {
 *     rows: [{ scope: 'global', name: 'customURL_Rule', key: '01', value: 'lookupCount=0 => /WebResources/new_unknown.html' }],
 *     user: 'ann',
 *     adapter: createMemoryLookup({ contact: [] }),
 *     crmUrl: 'https://contoso.crm4.dynamics.com',
 *   },
 * );
 * pop.kind; // 'url'
 * ```
 */
export async function resolveScreenPop(call: CallEvent, options: ResolveOptions): Promise<ScreenPop> {
  // Host values whose getters or traps throw (a revoked proxy, say) become a typed error, never theirs.
  const { crmUrl, direction, prepared } = readHost('resolveScreenPop input', () => {
    call = snapshotCall(call);
    options = snapshotOptions(options);
    checkInputs(call, options);
    const perRows = rowsCache(options.rows);
    if (perRows.crmUrl !== options.crmUrl) {
      perRows.crmBase = checkCrmUrl(options.crmUrl);
      perRows.crmUrl = options.crmUrl;
    }
    const dir = (typeof call.direction === 'string' ? call.direction.trim() : '') || 'inbound';
    return { crmUrl: perRows.crmBase, direction: dir, prepared: prepare(perRows, options.rows, options.user, lookupDirection(dir), options) };
  });

  // Host-first identification: the customer the host named is the caller; no phone lookup.
  let hostWarnings: string[] | undefined;
  if (prepared.pop.hostCustomerFirst) {
    hostWarnings = [];
    const known = hostCustomer(call, hostWarnings);
    if (known !== undefined) {
      const lookup: PopLookup = { count: 1, matches: [known], chosen: known, internal: false, warnings: [], identifiedBy: 'host' };
      return decide(call, options, prepared, crmUrl, direction, lookup);
    }
  }
  // The lookup answers synchronously with the memory adapter (no promise to wait for).
  const found = lookupWithin(call, prepared, options);
  let lookup = found instanceof Promise ? await found : found;
  if (hostWarnings !== undefined && hostWarnings.length > 0) lookup = { ...lookup, warnings: [...hostWarnings, ...(lookup.warnings ?? [])] };
  return decide(call, options, prepared, crmUrl, direction, lookup);
}

/** The failed-lookup part of a pop. */
function failedLookup(e: unknown): PopLookup {
  // Duck-typed: an adapter from another bundle (screenpop/dynamics) has its own copy of the classes.
  const error = isScreenpopError(e) ? e : new ScreenpopError('lookup_failed', `The lookup failed: ${errorMessage(e)}`, { cause: e });
  return { count: 0, matches: [], error };
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The lookup, settled by `options.deadlineMs` whatever the adapter does. A
 * synchronous adapter (the memory adapter's `findSync`) with no signal needs
 * neither a timer nor a controller.
 */
function lookupWithin(call: CallEvent, prepared: Prepared, options: ResolveOptions): PopLookup | Promise<PopLookup> {
  const sync = typeof (options.adapter as { findSync?: unknown }).findSync === 'function' && options.signal === undefined;
  if (sync) {
    try {
      const found = startLookup(call, prepared, options, undefined);
      return found instanceof Promise ? found.then((r): PopLookup => r, failedLookup) : found;
    } catch (e) {
      return failedLookup(e);
    }
  }
  const deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  const controller = new AbortController();
  const outer = options.signal;
  const onAbort = (): void => controller.abort(outer?.reason);
  if (outer?.aborted) controller.abort(outer.reason);
  else outer?.addEventListener('abort', onAbort, { once: true });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const cleanup = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    outer?.removeEventListener('abort', onAbort);
  };
  let work: Promise<PopLookup>;
  try {
    const found = startLookup(call, prepared, options, controller.signal);
    if (!(found instanceof Promise)) {
      cleanup();
      return found;
    }
    work = found.then((r): PopLookup => r, failedLookup);
  } catch (e) {
    cleanup();
    return failedLookup(e);
  }
  if (!(deadlineMs < MAX_TIMER_MS)) return work.finally(cleanup);
  const deadline = new Promise<PopLookup>((resolve) => {
    timer = setTimeout(() => {
      const error = new LookupError('lookup_deadline', `The lookup did not finish within the pop's deadline of ${deadlineMs} ms and was cancelled`, {
        hint: 'Raise deadlineMs, or bound the adapter (the Dataverse adapter’s timeoutMs, retryBudgetMs, maxConcurrentRequests).',
      });
      // Settle first, then abort: the adapter's own lookup_aborted must not win the race.
      resolve({ count: 0, matches: [], error });
      controller.abort(error);
    }, deadlineMs);
  });
  return Promise.race([work, deadline]).finally(cleanup);
}

function startLookup(call: CallEvent, prepared: Prepared, options: ResolveOptions, signal: AbortSignal | undefined): LookupResult | Promise<LookupResult> {
  const policy = options.policy ?? 'prompt';
  let checked = prepared.checked.get(policy);
  if (checked === undefined) {
    checked = checkLookupOptions({ config: prepared.config, adapter: options.adapter, policy });
    prepared.checked.set(policy, checked);
  }
  return lookupChecked(text(call.telephoneNo), prepared.config, options.adapter, checked, options.defaultRegion?.toUpperCase(), signal);
}

/**
 * A pop's explanation: a plain own property of the pop whose `decision` and
 * `rules` are computed on first read (explaining 50 rules costs ≈ 8 µs; most
 * hosts never read it). One class for every pop, so building a pop defines no
 * property at run time (`Object.defineProperty` cost ≈ 1.7 µs a pop);
 * `JSON.stringify` sees the computed explanation through `toJSON`.
 */
class LazyExplanation implements Explanation {
  readonly #rules: CompiledRules;
  readonly #context: Record<string, string | number | Date | null | undefined>;
  #value: Explanation | undefined;

  constructor(rules: CompiledRules, context: Record<string, string | number | Date | null | undefined>) {
    this.#rules = rules;
    this.#context = context;
  }

  #explain(): Explanation {
    return (this.#value ??= this.#rules.explain(this.#context));
  }

  get decision(): Decision {
    return this.#explain().decision;
  }

  get rules(): Explanation['rules'] {
    return this.#explain().rules;
  }

  toJSON(): Explanation {
    return this.#explain();
  }
}

/** The rule context's prototype: no properties, no prototype (see {@link decide}). */
const EMPTY_PROTOTYPE: object = Object.freeze(Object.create(null) as object);

/** DIRECTIONS and the values the rules compare `direction` with (lower case, trimmed): the directions a host may send. */
function namedDirections(rules: CompiledRules): ReadonlySet<string> {
  const out = new Set<string>(DIRECTIONS);
  for (const r of rules.rules) {
    if (!r.ast) continue;
    eachCompare(r.ast.condition, (c) => {
      if (c.field === 'direction') for (const v of c.values) out.add(String(v.value).trim().toLowerCase());
    });
  }
  return out;
}

/** The warning for a direction neither DIRECTIONS nor any rule names, made once per direction and rule set. */
function unknownDirection(prepared: Prepared, direction: string): string {
  let w = prepared.directionWarnings.get(direction);
  if (w === undefined) {
    const near = suggest(direction, DIRECTIONS);
    w = `The call's direction ${JSON.stringify(direction)} is none of ${DIRECTIONS.join(', ')}${near === undefined ? '' : ` (did you mean ${near}?)`} and no rule names it; it was searched as ${lookupDirection(direction)}.`;
    if (prepared.directionWarnings.size < 64) prepared.directionWarnings.set(direction, w);
  }
  return w;
}

/** From the lookup to the pop: the rule context, the first rule that holds, and the URL. */
function decide(call: CallEvent, options: ResolveOptions, prepared: Prepared, crmUrl: string, direction: string, lookup: PopLookup): ScreenPop {
  // Every pop has its own warnings array (a host may add to it).
  const warnings: string[] = prepared.warnings.slice();
  if (lookup.error) warnings.push(`The lookup failed: ${lookup.error.detail}`);
  if (lookup.warnings !== undefined) warnings.push(...lookup.warnings);
  // A direction no rule can name ('inbund') still pops: say so, rather than pop silently as if inbound.
  if (!prepared.directions.has(direction.toLowerCase())) warnings.push(unknownDirection(prepared, direction));

  const failed = lookup.error !== undefined;
  const party: LookupRecord | undefined = failed ? undefined : lookup.count === 1 ? lookup.matches[0] : lookup.chosen;
  const params = callParams(call, party, direction);
  // Nothing a host passes can re-prototype the context or be read through
  // Object.prototype: its prototype has no properties and no prototype. Built
  // by assignments on Object.create, V8 keeps it in fast mode; a literal with
  // `__proto__: null` is a dictionary, ≈ 10× slower to build and to read.
  const context = Object.create(EMPTY_PROTOTYPE) as Record<string, string | number | Date | null | undefined>;
  context['fromParty.Key'] = failed ? null : (party?.entity ?? '');
  context['fromParty.Id'] = failed ? null : (party?.id ?? '');
  context['fromParty.Name'] = failed ? null : (party?.name ?? '');
  context.lookupCount = failed ? null : lookup.count;
  context.state = params.state;
  context.type = params.type;
  context.phoneCallID = params.phoneCallID;
  context.direction = params.direction;
  context.telephoneNo = params.telephoneNo;
  context.dnis = params.dnis;
  context.dnisName = params.dnisName;
  context.agentType = params.agentType;
  context.agentId = params.agentId;
  context.customerType = failed ? null : params.customerType;
  context.customerID = failed ? null : params.customerID;
  context.ReType = failed ? null : params.ReType;
  context.ReId = failed ? null : params.ReId;
  context.dtCallId = params.dtCallId;
  context.agent = params.agent;
  context.fullName = failed ? null : params.fullName;
  context.description = params.description;
  context.customText = params.customText;
  context.subject = params.subject;
  context.now = options.now;

  // Host fields: only those declared in `fields` (the only ones rules can read), never a built-in's name
  // (`time`, `TIME`, `day`, `now`, `lookupCount`, ... in any case): the built-in fields win.
  if (call.extra !== undefined) {
    for (const name of prepared.hostFields) {
      const v = hostField(params.extra, name);
      if (v !== undefined) context[name] = v;
    }
  }
  const rules = prepared.rules;
  const decision: Decision = rules.evaluate(context);
  // The explanation is computed on first access: most hosts never read it.
  const explanation = new LazyExplanation(rules, context);

  if (decision.target.kind === 'url' && decision.rule) {
    const target = ruleUrl(prepared, decision.target.url, crmUrl);
    let error = 'error' in target ? target.error : undefined;
    if ('assemble' in target) {
      try {
        const url = target.assemble(params, options.mode === undefined ? undefined : { mode: options.mode });
        return { kind: 'url' as const, url, rule: decision.rule, warnings, lookup, params, explanation };
      } catch (e) {
        // Data from the CRM or the call (a name that is "..", a lone surrogate)
        // must never leave a caller without a pop: say why and fall back.
        if (!(e instanceof ScreenpopError)) throw e;
        error = e;
      }
    }
    warnings.push(`Rule ${JSON.stringify(decision.rule.key)} held but its URL could not be built (${error?.detail}) [${error?.code}]; falling back to the default pop`);
  }
  if (party) {
    const url = recordUrl(crmUrl, party.entity, party.id);
    return decision.rule
      ? { kind: 'record' as const, entity: party.entity, id: party.id, url, rule: decision.rule, warnings, lookup, params, explanation }
      : { kind: 'record' as const, entity: party.entity, id: party.id, url, warnings, lookup, params, explanation };
  }
  if (failed || lookup.count > 1) {
    return { kind: 'choose' as const, candidates: lookup.matches, warnings, lookup, params, explanation };
  }
  const first = prepared.config.entities[0];
  const entity = first?.entity ?? 'contact';
  // Only a readable number is prefilled: never `anonymous`, `UNKNOWN` or a raw SIP URI.
  const prefill = prefillFor(entity, first?.phoneFields[0], readablePrefillNumber(lookup), params, prepared.pop);
  const url = newRecordUrl(crmUrl, entity, prefill);
  return { kind: 'new' as const, entity, url, prefill, warnings, lookup, params, explanation };
}
