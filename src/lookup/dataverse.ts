/**
 * A {@link LookupAdapter} over the Dataverse (Dynamics 365) Web API: one
 * `GET <entityset>?$select=...&$filter=...&$top=...` per entity (split into
 * several when the URL would pass Dataverse's 32,768-character limit), with
 * every configured phone field compared to every variant, string literals
 * escaped, retries for 429/503 (honouring `Retry-After`), other 5xx and
 * network errors (exponential backoff), a timeout per request, a time budget
 * per search and a cap on requests in flight. This module does I/O through
 * the injected `fetch`; nothing else in the lookup layer does.
 *
 * @module
 */
import { expectText, readHost } from '../errors/guard.js';
import { isLookupError, LookupError } from './errors.js';
import { untilAborted } from './abort.js';
import { checkQuery, describeValue, MAX_TOP, odataFilter, odataParts, tooManyCandidates } from './query.js';
import { READS_VARIANTS } from './hints.js';
import { canonicalPhone, matchesLastDigits, otherExtension } from './phone.js';
import type { LookupAdapter, LookupQuery, LookupRecord } from './types.js';

/**
 * Options of {@link createDataverseLookup}. Only `baseUrl` and `getToken` are
 * required.
 *
 * @example
 * ```ts
 * import { createDataverseLookup, type DataverseLookupOptions } from 'screenpop';
 * const options: DataverseLookupOptions = {
 *   baseUrl: 'https://contoso.crm4.dynamics.com',
 *   getToken: async () => process.env.DATAVERSE_TOKEN ?? '',
 *   timeoutMs: 5_000,
 *   maxRetries: 2,
 *   retryBudgetMs: 8_000,
 *   maxConcurrentRequests: 16,
 *   entitySets: { new_site: 'new_sitelist' },
 *   idFields: { new_site: 'new_siteid' },
 * };
 * const adapter = createDataverseLookup(options);
 * console.log(adapter.name); // dataverse
 * ```
 */
export interface DataverseLookupOptions {
  /**
   * The organisation URL, e.g. `https://contoso.crm.dynamics.com`; the Web API
   * path `/api/data/v<apiVersion>/` is appended unless the URL already holds
   * `/api/data/`. Required.
   */
  readonly baseUrl: string;
  /**
   * Returns an OAuth bearer token; called before every request (cache it
   * yourself). Required. Its time counts towards `timeoutMs`: a provider that
   * never answers fails the request with `lookup_timeout`, and an aborted
   * signal stops the wait at once.
   */
  readonly getToken: () => Promise<string>;
  /** The `fetch` to use. Default: `globalThis.fetch`. */
  readonly fetch?: typeof fetch;
  /** Web API version. Default: `'9.2'`. */
  readonly apiVersion?: string;
  /**
   * Timeout of each request in milliseconds, from the token to the last byte
   * of the body (time waiting for a free slot is not counted); a timed-out
   * request is not retried. Default: `10000`.
   */
  readonly timeoutMs?: number;
  /** Retries after the first request (429, 503, other 5xx, network errors). Default: `3`. */
  readonly maxRetries?: number;
  /**
   * First backoff for 5xx and network errors (and for a 429/503 whose
   * `Retry-After` is absent or unreadable), doubled each retry. Default: `250` ms.
   */
  readonly backoffMs?: number;
  /** Longest `Retry-After` honoured; a longer one fails the call at once. Default: `30000` ms. */
  readonly maxRetryAfterMs?: number;
  /**
   * The retry budget: the longest one `find` may take in all, waiting for a
   * slot, tokens, requests, retries and their waits included. A retry whose
   * wait would pass the budget is not made (the search fails with the last
   * error at once), and a search still running when the budget ends is
   * aborted with `lookup_timeout`. Default: `15000` ms (with the other
   * defaults, a throttled entity could otherwise hold a search for about
   * 4 × 10 s + 3 × 30 s = 130 s).
   */
  readonly retryBudgetMs?: number;
  /**
   * Most requests this adapter has in flight at once (one slot per request,
   * held from the token to the end of the body, released while waiting to
   * retry). Further requests wait in a queue, first come first served, and
   * leave it when their signal aborts or their budget ends. Dataverse
   * allows 52 concurrent requests per user; the default leaves room for the
   * same user's other clients. A whole number ≥ 1. Default: `32`.
   */
  readonly maxConcurrentRequests?: number;
  /**
   * Longest request URL, in characters. Dataverse refuses URLs past 32,768
   * characters; a search whose `$filter` would pass this is split into
   * several requests (each phone term in exactly one), whose answers are
   * merged. Default: `32768`.
   */
  readonly maxUrlLength?: number;
  /** Largest successful response body read, in bytes; a larger one fails with `lookup_bad_response`. Default: `8388608` (8 MiB). */
  readonly maxResponseBytes?: number;
  /** Entity set names by logical name, e.g. `{ new_site: 'new_sites' }`. Default: `{}` (see {@link entitySetName}). */
  readonly entitySets?: Readonly<Record<string, string>>;
  /** Primary key attribute by logical name. Default: `{}` (`<entity>id`, e.g. `contactid`). */
  readonly idFields?: Readonly<Record<string, string>>;
  /** Waits between retries; inject to test. Default: a `setTimeout` that the call's `signal` cancels. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /**
   * The current time in epoch milliseconds, read only to turn a
   * `Retry-After` HTTP date into a delay when the response has no `Date`
   * header (the server's `Date` is preferred, so clock skew does not
   * matter). Default: undefined (such a date is treated as unreadable and
   * the backoff is used).
   */
  readonly now?: () => number;
}

const IRREGULAR_SETS: Readonly<Record<string, string>> = {
  systemuser: 'systemusers',
  salesorder: 'salesorders',
  opportunity: 'opportunities',
  territory: 'territories',
  activityparty: 'activityparties',
};

/**
 * The default Web API entity set name of a logical name: Dataverse's
 * pluralisation (`contact` → `contacts`, `opportunity` → `opportunities`,
 * `new_address` → `new_addresses`). Custom entities whose set name differs
 * are given in config (`entitySet`) or in `entitySets`.
 *
 * @example
 * ```ts
 * import { entitySetName } from 'screenpop';
 * entitySetName('salesorder'); // 'salesorders'
 * entitySetName('new_company'); // 'new_companies'
 * ```
 */
export function entitySetName(entity: string): string {
  expectText(entity, 'entity');
  const known = IRREGULAR_SETS[entity];
  if (known) return known;
  if (/[^aeiou]y$/.test(entity)) return `${entity.slice(0, -1)}ies`;
  if (/(?:s|x|z|ch|sh)$/.test(entity)) return `${entity}es`;
  return `${entity}s`;
}

/** setTimeout fires at once past this; longer durations mean "no timer". */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** At most this much of an error body is read (for its message); the rest is cancelled. */
const ERROR_BODY_BYTES = 64 * 1024;

/**
 * Percent-encodes a query component exactly as it goes on the wire: `fetch`
 * parses the URL (WHATWG), which also encodes `'` in the query of an http(s)
 * URL, so lengths measured on this text are the lengths Dataverse sees.
 */
function enc(text: string): string {
  return encodeURIComponent(text).replace(/'/g, '%27');
}

function badOption(detail: string, hint: string, entity?: string): LookupError {
  return new LookupError('lookup_bad_option', detail, { hint, ...(entity === undefined ? {} : { entity }) });
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.min(ms, MAX_TIMER_MS));
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The abort reason of a timer. One shared object: the adapter tells a timeout
 * from an abort by which signal fired, never by the reason, and a
 * `DOMException` per abort is costly in a burst.
 */
const TIMED_OUT = Object.freeze(new Error('timed out'));

/** A timer that aborts `controller` after `ms` (none when `ms` is too long for a timer); returns its canceller. */
function abortAfter(controller: AbortController, ms: number): () => void {
  if (!(ms < MAX_TIMER_MS)) return () => undefined;
  const t = setTimeout(() => controller.abort(TIMED_OUT), ms);
  return () => clearTimeout(t);
}

/** Aborts `controller` when `signal` does (with its reason); returns the unsubscriber. */
function follow(signal: AbortSignal | undefined, controller: AbortController): () => void {
  if (signal === undefined) return () => undefined;
  if (signal.aborted) {
    controller.abort(signal.reason);
    return () => undefined;
  }
  const onAbort = (): void => controller.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}

const MONTHS: Readonly<Record<string, number>> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };
const IMF_FIXDATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const RFC850_DATE = /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\d{2})-(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const ASCTIME_DATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

function utc(year: number, month: number, day: number, h: number, m: number, s: number): number | undefined {
  if (h > 23 || m > 59 || s > 60 || day < 1) return undefined;
  const t = Date.UTC(year, month, day, h, m, Math.min(s, 59));
  // Date.UTC rolls 31 Feb over into March: refuse days the month does not have.
  return new Date(t).getUTCDate() === day ? t : undefined;
}

/**
 * An RFC 9110 HTTP-date (IMF-fixdate, or the obsolete RFC 850 and asctime
 * forms a recipient must accept) in epoch milliseconds; undefined for
 * anything else. `referenceYear` resolves RFC 850's two-digit years (a year
 * more than 50 years ahead is the most recent past one).
 * @internal
 */
export function parseHttpDate(text: string, referenceYear?: number): number | undefined {
  let m = IMF_FIXDATE.exec(text);
  if (m) return utc(Number(m[3]), MONTHS[m[2]!]!, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  m = ASCTIME_DATE.exec(text);
  if (m) return utc(Number(m[6]), MONTHS[m[1]!]!, Number(m[2]!.trim()), Number(m[3]), Number(m[4]), Number(m[5]));
  m = RFC850_DATE.exec(text);
  if (m) {
    const yy = Number(m[3]);
    const ref = referenceYear ?? 2000;
    let year = ref - (ref % 100) + yy;
    if (year > ref + 50) year -= 100;
    return utc(year, MONTHS[m[2]!]!, Number(m[1]), Number(m[4]), Number(m[5]), Number(m[6]));
  }
  return undefined;
}

/**
 * The delay a `Retry-After` header asks for, in milliseconds, per RFC 9110
 * §10.2.3: `delay-seconds` (1*DIGIT, so `1.5`, `-5` and `+3` are not
 * delays) or an HTTP-date, taken relative to the response's `Date` header
 * (else `now()`); a date in the past is a delay of 0. Undefined when the
 * header is absent or unreadable, or a date has no reference time: the
 * caller then uses its backoff.
 * @internal
 */
export function retryAfterMs(header: string | null, dateHeader: string | null, now?: () => number): number | undefined {
  if (header === null) return undefined;
  const t = header.trim();
  if (/^\d+$/.test(t)) {
    const seconds = Number(t);
    return Number.isFinite(seconds) ? seconds * 1000 : Number.POSITIVE_INFINITY;
  }
  const date = dateHeader === null ? undefined : parseHttpDate(dateHeader.trim());
  const ref = date ?? now?.();
  if (ref === undefined || !Number.isFinite(ref)) return undefined;
  const at = parseHttpDate(t, new Date(ref).getUTCFullYear());
  return at === undefined ? undefined : Math.max(0, at - ref);
}

/** Reads at most `limit` bytes of a body as UTF-8 text, cancelling the rest; `truncated` says whether there was more. */
async function readBounded(res: Response, limit: number): Promise<{ text: string; truncated: boolean }> {
  const body = res.body;
  if (body === null) return { text: '', truncated: false };
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      const keep = value.byteLength - (total - limit);
      text += decoder.decode(value.subarray(0, keep));
      reader.cancel().catch(() => undefined);
      return { text, truncated: true };
    }
    text += decoder.decode(value, { stream: true });
  }
  return { text: text + decoder.decode(), truncated: false };
}

/** Dataverse's error message from (a bounded prefix of) an error body, at most 300 characters. */
async function errorText(res: Response): Promise<string> {
  try {
    const { text } = await readBounded(res, ERROR_BODY_BYTES);
    try {
      const body = JSON.parse(text) as { error?: { message?: unknown } };
      if (typeof body.error?.message === 'string') return body.error.message.slice(0, 300);
    } catch {
      /* not JSON, or cut short */
    }
    return text.slice(0, 300);
  } catch {
    return '';
  }
}

/**
 * A first-come-first-served counting semaphore: at most `max` holders; a
 * waiter whose signal aborts leaves the queue (O(1)).
 */
class Slots {
  private active = 0;
  private readonly waiting = new Set<{ grant: () => void }>();

  constructor(private readonly max: number) {}

  /** Resolves when a slot is held; rejects with the signal's reason if it aborts first. */
  acquire(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.reject(signal.reason);
    if (this.active < this.max) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        grant: (): void => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        this.waiting.delete(waiter);
        reject(signal.reason);
      };
      this.waiting.add(waiter);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Hands the slot to the first waiter, or frees it. */
  release(): void {
    for (const next of this.waiting) {
      this.waiting.delete(next);
      next.grant();
      return;
    }
    this.active--;
  }
}

/** One `GET` to make: its URL. */
interface Planned {
  readonly url: string;
}

/**
 * Creates a lookup adapter over the Dataverse Web API.
 *
 * Each `find` sends one request: `$select` of the id, display, phone fields
 * and `modifiedon`; `$filter` = (every phone field `eq` every variant, `or`ed)
 * `and` the entity's filter; `$orderby` display field then id; `$top` =
 * `limit`. In `lastDigits` mode it adds `endswith(field,'<last N digits>')`
 * terms and keeps only verified candidates. When that URL would be longer
 * than `maxUrlLength` (32,768 characters, Dataverse's limit), the phone terms
 * are split over several requests with the same `$select`, entity filter,
 * `$orderby` and `$top`, and the answers are merged (each record once, by
 * display name then id, at most `limit`); no variant is ever dropped.
 *
 * Every request holds one of `maxConcurrentRequests` slots; a search takes
 * at most `retryBudgetMs` in all. Failures reject with a {@link LookupError}
 * carrying the entity and HTTP status: `lookup_aborted` once `signal`
 * aborts (also while waiting for a token, a slot, a retry or the body),
 * `lookup_timeout` for a request past `timeoutMs` or a search past its
 * budget, `lookup_network` when the connection fails (also mid-body) on
 * every attempt, `lookup_http_status`, `lookup_bad_response`,
 * `lookup_request_too_long` when even one phone term cannot fit in a URL.
 *
 * @throws {@link LookupError} `lookup_bad_option` (synchronously) for unusable options.
 * @example
 * ```ts
 * import { createDataverseLookup, lookupCaller } from 'screenpop';
 * const adapter = createDataverseLookup({
 *   baseUrl: 'https://contoso.crm.dynamics.com',
 *   getToken: async () => token,
 *   maxConcurrentRequests: 32,
 * });
 * const result = await lookupCaller('+442079460958', { config, adapter, defaultRegion: 'GB' });
 * ```
 */
export function createDataverseLookup(options: DataverseLookupOptions): LookupAdapter {
  // Host values whose getters or traps throw (a revoked proxy, say) become a typed error, never theirs.
  return readHost('createDataverseLookup input', () => createDataverseLookupUnguarded(options));
}

function createDataverseLookupUnguarded(options: DataverseLookupOptions): LookupAdapter {
  if (options === null || typeof options !== 'object') {
    throw badOption('createDataverseLookup needs an options object.', 'Pass { baseUrl, getToken }.');
  }
  const o = readOptions(options);
  let base: URL;
  try {
    if (typeof o.baseUrl !== 'string') throw new TypeError('not text');
    base = new URL(o.baseUrl);
  } catch {
    throw badOption(`baseUrl ${describeValue(o.baseUrl)} is not an absolute URL.`, 'Use the organisation URL, e.g. https://contoso.crm.dynamics.com.');
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    throw badOption(`baseUrl "${o.baseUrl}" is not an http(s) URL.`, 'Use the organisation URL, e.g. https://contoso.crm.dynamics.com.');
  }
  if (typeof o.getToken !== 'function') {
    throw badOption('getToken is not a function.', 'Pass an async function that returns a bearer token.');
  }
  const getToken: () => unknown = o.getToken;
  const apiVersion = o.apiVersion ?? '9.2';
  if (typeof apiVersion !== 'string' || !/^\d+(?:\.\d+)*$/.test(apiVersion)) {
    throw badOption(`apiVersion ${describeValue(apiVersion)} is not a version number.`, 'Use e.g. "9.2", or leave it out.');
  }
  const root = base.pathname.includes('/api/data/')
    ? base.href.replace(/\/?$/, '/')
    : `${base.origin}${base.pathname.replace(/\/+$/, '')}/api/data/v${apiVersion}/`;
  const doFetch = o.fetch ?? globalThis.fetch;
  if (typeof doFetch !== 'function') {
    throw badOption('No fetch is available.', 'Pass options.fetch (Node 18+ and browsers have a global fetch).');
  }
  const timeoutMs = o.timeoutMs ?? 10_000;
  const maxRetries = o.maxRetries ?? 3;
  const backoffMs = o.backoffMs ?? 250;
  const maxRetryAfterMs = o.maxRetryAfterMs ?? 30_000;
  const retryBudgetMs = o.retryBudgetMs ?? 15_000;
  const maxConcurrent = o.maxConcurrentRequests ?? 32;
  const maxUrlLength = o.maxUrlLength ?? 32_768;
  const maxResponseBytes = o.maxResponseBytes ?? 8 * 1024 * 1024;
  for (const [name, v] of [
    ['timeoutMs', timeoutMs],
    ['maxRetries', maxRetries],
    ['backoffMs', backoffMs],
    ['maxRetryAfterMs', maxRetryAfterMs],
    ['retryBudgetMs', retryBudgetMs],
  ] as const) {
    if (typeof v !== 'number' || Number.isNaN(v) || v < 0 || (name === 'maxRetries' && !Number.isFinite(v))) {
      throw badOption(`${name} must be a number ≥ 0, not ${describeValue(v)}.`, `Fix ${name}.`);
    }
  }
  for (const [name, v, min] of [
    ['maxConcurrentRequests', maxConcurrent, 1],
    ['maxUrlLength', maxUrlLength, 256],
    ['maxResponseBytes', maxResponseBytes, 1024],
  ] as const) {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) {
      throw badOption(`${name} must be a whole number ≥ ${min}, not ${describeValue(v)}.`, `Fix ${name}, or leave it out for the default.`);
    }
  }
  for (const [name, v] of [
    ['sleep', o.sleep],
    ['now', o.now],
  ] as const) {
    if (v !== undefined && typeof v !== 'function') throw badOption(`${name} must be a function, not ${describeValue(v)}.`, `Pass a function, or leave ${name} out.`);
  }
  for (const [name, v] of [
    ['entitySets', o.entitySets],
    ['idFields', o.idFields],
  ] as const) {
    if (v !== undefined && (v === null || typeof v !== 'object')) throw badOption(`${name} must be an object of names, not ${describeValue(v)}.`, `Pass e.g. { new_site: '...' }, or leave ${name} out.`);
  }
  const sleep = o.sleep ?? defaultSleep;
  const now = o.now;
  const slots = new Slots(maxConcurrent);
  const entitySets = o.entitySets;
  const idFields = o.idFields;

  function own(map: Readonly<Record<string, string>> | undefined, key: string): string | undefined {
    if (map === undefined || !Object.hasOwn(map, key)) return undefined;
    const v = map[key];
    return typeof v === 'string' ? v : undefined;
  }

  /** The request URLs of a checked query with `$top` = `top`: one, or several when one would pass `maxUrlLength`. */
  function plan(query: LookupQuery, set: string, idField: string, top: number): Planned[] {
    const entity = query.entity;
    const { select, terms: phoneTerms, entityFilter, orderBy } = odataParts(query, idField);
    const head = `${root}${enc(set)}?$select=${enc(select)}&$filter=`;
    const tail = `&$orderby=${enc(orderBy)}&$top=${top}`;
    const urlOf = (terms: readonly string[]): string => `${head}${enc(odataFilter(terms, entityFilter))}${tail}`;
    const whole = urlOf(phoneTerms);
    if (whole.length <= maxUrlLength) return [{ url: whole }];
    // Split: percent-encoding is per character, so encoded lengths add up.
    const fixed = urlOf([]).length;
    const sep = enc(' or ').length;
    const requests: Planned[] = [];
    let chunk: string[] = [];
    let length = fixed;
    for (const term of phoneTerms) {
      const add = enc(term).length + (chunk.length > 0 ? sep : 0);
      if (chunk.length > 0 && length + add > maxUrlLength) {
        requests.push({ url: urlOf(chunk) });
        chunk = [];
        length = fixed;
      }
      const own = enc(term).length;
      if (fixed + own > maxUrlLength) {
        throw new LookupError(
          'lookup_request_too_long',
          `One search term of ${entity} (${term.length > 60 ? `${term.slice(0, 60)}…` : term}) makes a URL of ${fixed + own} characters, past the limit of ${maxUrlLength}.`,
          { entity, hint: 'Shorten the entity filter or the field names; Dataverse refuses URLs past 32,768 characters.' },
        );
      }
      length += chunk.length > 0 ? add : own;
      chunk.push(term);
    }
    if (chunk.length > 0) requests.push({ url: urlOf(chunk) });
    return requests;
  }

  /** Why a search stopped: the caller's signal, or the budget. */
  function stopped(entity: string, attempts: number, caller: AbortSignal | undefined, cause: unknown, while_: string): LookupError {
    if (caller?.aborted) {
      return new LookupError('lookup_aborted', `The search of ${entity} was cancelled${while_}.`, { entity, attempts, cause });
    }
    return new LookupError('lookup_timeout', `The search of ${entity} used up its retry budget of ${retryBudgetMs} ms${while_}.`, {
      entity,
      attempts,
      hint: 'Raise retryBudgetMs (or lower maxRetries), or check whether Dataverse is throttling this user.',
      cause,
    });
  }

  type Outcome = { readonly body: unknown } | { readonly retryAfter: number; readonly error: LookupError };

  /** One attempt: a slot, a token, the request, the body. Throws a final LookupError; returns a body or a retry. */
  async function attempt(url: string, entity: string, n: number, search: AbortSignal, caller: AbortSignal | undefined): Promise<Outcome> {
    try {
      await slots.acquire(search);
    } catch (e) {
      throw stopped(entity, n - 1, caller, e, ' while waiting for a free request slot');
    }
    const timer = new AbortController();
    const unfollow = follow(search, timer);
    const cancelTimer = abortAfter(timer, timeoutMs);
    const signal = timer.signal;
    /** The failure for an aborted request: the caller, the budget, or this request's timeout. */
    const aborted = (cause: unknown, while_: string): LookupError =>
      search.aborted
        ? stopped(entity, n, caller, cause, while_)
        : new LookupError('lookup_timeout', `The search of ${entity} took longer than ${timeoutMs} ms${while_}.`, {
            entity,
            attempts: n,
            hint: 'Raise timeoutMs, or check the token provider, the Dataverse URL and the network.',
            cause,
          });
    try {
      let token: unknown;
      try {
        token = await untilAborted(Promise.resolve().then(() => getToken()), signal);
      } catch (e) {
        if (signal.aborted) throw aborted(e, ' while waiting for a token');
        throw new LookupError('lookup_failed', `getToken failed before the search of ${entity}: ${messageOf(e)}.`, {
          entity,
          attempts: n - 1,
          hint: 'Check the token provider (credentials, tenant, scope).',
          cause: e,
        });
      }
      if (typeof token !== 'string') {
        throw new LookupError('lookup_failed', `getToken answered ${describeValue(token)}, not a token, before the search of ${entity}.`, {
          entity,
          attempts: n - 1,
          hint: 'Make getToken resolve to the bearer token as a string.',
        });
      }
      let res: Response;
      try {
        res = await doFetch(url, {
          method: 'GET',
          headers: {
            Authorization: `Bearer ${token}`,
            Accept: 'application/json',
            'OData-MaxVersion': '4.0',
            'OData-Version': '4.0',
          },
          signal,
        });
        if (res === null || typeof res !== 'object' || typeof res.status !== 'number') throw new TypeError('fetch did not resolve to a Response');
      } catch (e) {
        if (signal.aborted) throw aborted(e, '');
        return { retryAfter: backoffMs * 2 ** (n - 1), error: networkError(entity, n, e) };
      }
      const status = res.status;
      if (res.ok) {
        let read: { text: string; truncated: boolean };
        try {
          read = await readBounded(res, maxResponseBytes);
        } catch (e) {
          if (signal.aborted) throw aborted(e, ' while reading the answer');
          // The connection broke mid-body (a reset): a network error, retried.
          return { retryAfter: backoffMs * 2 ** (n - 1), error: networkError(entity, n, e, ' while reading the answer') };
        }
        if (read.truncated) {
          throw new LookupError('lookup_bad_response', `Dataverse answered the search of ${entity} with more than ${maxResponseBytes} bytes.`, {
            entity,
            status,
            attempts: n,
            hint: 'Lower the lookupLimit setting, or raise maxResponseBytes.',
          });
        }
        try {
          return { body: JSON.parse(read.text) as unknown };
        } catch (e) {
          throw new LookupError('lookup_bad_response', `Dataverse answered the search of ${entity} with a body that is not JSON.`, {
            entity,
            status,
            attempts: n,
            cause: e,
          });
        }
      }
      const throttled = status === 429 || status === 503;
      if (throttled || (status >= 500 && status <= 599)) {
        const hinted = throttled ? retryAfterMs(res.headers.get('retry-after'), res.headers.get('date'), now) : undefined;
        const message = await errorText(res).catch(() => '');
        const error = new LookupError('lookup_http_status', `Dataverse answered the search of ${entity} with HTTP ${status}${message ? `: ${message}` : ''}.`, {
          entity,
          status,
          attempts: n,
          hint:
            hinted !== undefined && hinted > maxRetryAfterMs
              ? `Dataverse asked to wait ${Math.round(hinted / 1000)} s, longer than maxRetryAfterMs; it is throttling this user.`
              : 'Dataverse is busy or failing; try again later.',
        });
        if (hinted !== undefined && hinted > maxRetryAfterMs) throw error;
        return { retryAfter: hinted ?? backoffMs * 2 ** (n - 1), error };
      }
      const message = await errorText(res);
      throw new LookupError('lookup_http_status', `Dataverse answered the search of ${entity} with HTTP ${status}${message ? `: ${message}` : ''}.`, {
        entity,
        status,
        attempts: n,
        hint:
          status === 401 || status === 403
            ? 'Check the token and the user’s read privilege on the entity.'
            : status === 400 || status === 404
              ? 'Check the entity set and field names in the lookup configuration.'
              : 'Check the request; Dataverse refused it.',
      });
    } finally {
      cancelTimer();
      unfollow();
      slots.release();
    }
  }

  /** One planned request with its retries, within the search's budget. */
  async function request(url: string, entity: string, search: AbortSignal, caller: AbortSignal | undefined): Promise<unknown> {
    let waited = 0;
    for (let n = 1; ; n++) {
      if (search.aborted) throw stopped(entity, n - 1, caller, search.reason, '');
      const outcome = await attempt(url, entity, n, search, caller);
      if ('body' in outcome) return outcome.body;
      const { retryAfter, error } = outcome;
      // No retry left, or its wait alone would pass the budget: the last error now, not later.
      if (n > maxRetries || waited + retryAfter > retryBudgetMs) throw error;
      waited += retryAfter;
      try {
        await sleep(retryAfter, search);
      } catch (e) {
        throw stopped(entity, n, caller, e, ' while waiting to retry');
      }
      if (search.aborted) throw stopped(entity, n, caller, search.reason, ' while waiting to retry');
    }
  }

  async function find(query: LookupQuery, signal?: AbortSignal): Promise<LookupRecord[]> {
    const entity = query !== null && typeof query === 'object' && typeof query.entity === 'string' ? query.entity : undefined;
    const set = entity === undefined ? undefined : (query.entitySet ?? own(entitySets, entity) ?? entitySetName(entity));
    const idField = entity === undefined ? '' : (own(idFields, entity) ?? `${entity}id`);
    const nothingToSearch = checkQuery(query, idField, set);
    // Duck-typed, so a signal from another realm (an iframe, a polyfill) is accepted.
    if (signal !== undefined && (signal === null || typeof signal !== 'object' || typeof signal.aborted !== 'boolean' || typeof signal.addEventListener !== 'function')) {
      throw new LookupError('lookup_bad_option', `find()'s signal must be an AbortSignal, got ${describeValue(signal)}.`, { entity: query.entity, hint: 'Pass an AbortController’s signal, or nothing.' });
    }
    if (nothingToSearch) return [];
    if (signal?.aborted) throw new LookupError('lookup_aborted', `The search of ${query.entity} was cancelled.`, { entity: query.entity, attempts: 0 });
    // `$top` counts candidates, and verification may drop some (another
    // extension or a longer number found by `startswith`, another country's
    // number by `endswith`). When an answer was full and fewer records than
    // the limit verified, ask again for more candidates.
    for (let top = Math.max(1, Math.floor(query.limit)); ; top = Math.min(MAX_TOP, top * 10)) {
      const { records, full } = await searchOnce(query, set!, idField, top, signal);
      if (records.length >= query.limit || !full) return records.slice(0, query.limit);
      if (top >= MAX_TOP) throw tooManyCandidates(query.entity, records.length);
    }
  }

  /** One search with `$top` = `top`: the verified records (ordered, at most `top`), and whether any answer was full. */
  async function searchOnce(query: LookupQuery, set: string, idField: string, top: number, signal: AbortSignal | undefined): Promise<{ records: LookupRecord[]; full: boolean }> {
    const requests = plan(query, set, idField, top);
    // One signal for the whole search: the caller's, the budget, or a sibling request's final failure.
    const search = new AbortController();
    const unfollow = follow(signal, search);
    const cancelBudget = abortAfter(search, retryBudgetMs);
    let bodies: unknown[];
    try {
      bodies = await Promise.all(
        requests.map((r) =>
          request(r.url, query.entity, search.signal, signal).catch((e: unknown) => {
            search.abort(e);
            throw e;
          }),
        ),
      );
    } finally {
      cancelBudget();
      unfollow();
    }
    const wanted = new Set(query.variants.map(canonicalPhone));
    const exact = new Set(query.variants);
    const out: LookupRecord[] = [];
    const seen = new Set<string>();
    let full = false;
    for (const body of bodies) {
      const rows = (body as { value?: unknown } | null)?.value;
      if (!Array.isArray(rows)) {
        throw new LookupError('lookup_bad_response', `Dataverse answered the search of ${query.entity} without a "value" array.`, {
          entity: query.entity,
        });
      }
      if (rows.length >= top) full = true;
      for (const row of rows as Array<Record<string, unknown>>) {
        if (row === null || typeof row !== 'object') continue;
        const rawId = row[idField];
        if (typeof rawId !== 'string' || seen.has(rawId)) continue;
        let field: string | undefined;
        let phone: string | undefined;
        for (const f of query.phoneFields) {
          const v = row[f];
          if (typeof v !== 'string') continue;
          const ok =
            (exact.has(v) ||
              wanted.has(canonicalPhone(v)) ||
              (query.lastDigits !== undefined && query.e164 !== undefined && matchesLastDigits(v, query.e164, query.lastDigits))) &&
            // A stored extension other than the caller's is another number (`startswith` finds both).
            (query.extension === undefined || !otherExtension(v, query.extension));
          if (ok) {
            field = f;
            phone = v;
            break;
          }
        }
        if (field === undefined || phone === undefined) continue; // a candidate that does not verify
        seen.add(rawId);
        const name = row[query.displayField];
        const mod = row['modifiedon'];
        out.push({
          entity: query.entity,
          id: rawId,
          name: typeof name === 'string' ? name : name === undefined || name === null ? '' : String(name),
          phone,
          field,
          ...(typeof mod === 'string' ? { modifiedOn: mod } : {}),
        });
      }
    }
    // Merged answers: the order a single request would have given ($orderby display field, id).
    if (requests.length > 1) out.sort((a, b) => compareText(a.name, b.name) || compareText(a.id, b.id));
    return { records: out, full };
  }

  const adapter: LookupAdapter = {
    name: 'dataverse',
    find(query: LookupQuery, signal?: AbortSignal): Promise<LookupRecord[]> {
      // A query with getters that throw (or other host-object surprises) is a typed error, not a TypeError.
      return find(query, signal).catch((e: unknown) => {
        throw isLookupError(e)
          ? e
          : new LookupError('lookup_bad_option', `find() could not use its query: ${messageOf(e)}.`, {
              hint: 'Build queries with lookupCaller, or pass a plain LookupQuery.',
              cause: e,
            });
      });
    },
  };
  // Every query's filter is built from its variants: lookupCaller formats them up front (no accessor per query).
  (adapter as unknown as Record<symbol, unknown>)[READS_VARIANTS] = true;
  return adapter;
}

function compareText(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

function networkError(entity: string, attempts: number, e: unknown, while_ = ''): LookupError {
  return new LookupError('lookup_network', `The search of ${entity} could not reach Dataverse${while_}: ${messageOf(e)}.`, {
    entity,
    attempts,
    hint: 'Check baseUrl and the network.',
    cause: e,
  });
}

/** An error's message without trusting it to be an Error (a host's getToken may reject with anything). */
function messageOf(e: unknown): string {
  try {
    if (e instanceof Error) return String(e.message);
    return typeof e === 'string' ? e : describeValue(e);
  } catch {
    return 'an unreadable error';
  }
}


/**
 * The options read once into a plain object, so a getter that throws (or
 * answers differently each time) is a `lookup_bad_option`, not a crash later.
 */
function readOptions(options: DataverseLookupOptions): Partial<Record<keyof DataverseLookupOptions, unknown>> & Partial<DataverseLookupOptions> {
  const keys = [
    'baseUrl',
    'getToken',
    'fetch',
    'apiVersion',
    'timeoutMs',
    'maxRetries',
    'backoffMs',
    'maxRetryAfterMs',
    'retryBudgetMs',
    'maxConcurrentRequests',
    'maxUrlLength',
    'maxResponseBytes',
    'entitySets',
    'idFields',
    'sleep',
    'now',
  ] as const;
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    let v: unknown;
    try {
      v = (options as unknown as Record<string, unknown>)[k];
    } catch (e) {
      throw new LookupError('lookup_bad_option', `options.${k} could not be read: ${messageOf(e)}.`, { hint: 'Pass a plain options object.', cause: e });
    }
    if (v !== undefined) out[k] = v;
  }
  return out as Partial<DataverseLookupOptions>;
}
