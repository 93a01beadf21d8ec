/**
 * Salesforce Lightning Experience, through the `sforce.opencti` object the
 * softphone is given: `openInOpenCti` over `screenPop`, `createOpenCtiLookup`
 * over `searchAndScreenPop` with `deferred: true`. Open CTI answers through
 * callbacks (`{ success, returnValue, errors }`); here they are promises, and
 * `success: false` is a typed error.
 *
 * @module
 */
import { LookupError } from '../../lookup/errors.js';
import type { LookupAdapter, LookupQuery, LookupRecord } from '../../lookup/types.js';
import { HostError, hostMessage } from '../errors.js';
import { checkHost, checkPop, gated, searchTextOf, timeoutOf, type OpenOptions, type Opened, type PopToOpen } from '../shared/open.js';
import { abortable, checkQuery, verifiedRecords } from '../shared/odata.js';

/**
 * What every Open CTI method passes its callback.
 *
 * @example
 * ```ts
 * import type { OpenCtiResponse } from 'screenpop/salesforce';
 * const r: OpenCtiResponse = { success: true, returnValue: {}, errors: null };
 * ```
 */
export interface OpenCtiResponse {
  success: boolean;
  returnValue?: unknown;
  errors?: unknown;
}

/**
 * The part of Lightning's `sforce.opencti` the opener and lookup use.
 *
 * @example
 * ```ts
 * import type { OpenCti } from 'screenpop/salesforce';
 * const opencti: OpenCti = sforce.opencti;
 * ```
 */
export interface OpenCti {
  readonly SCREENPOP_TYPE: { readonly SOBJECT: string; readonly URL: string; readonly SEARCH: string; readonly NEW_RECORD_MODAL: string };
  readonly CALL_TYPE?: { readonly INBOUND: string; readonly OUTBOUND?: string; readonly INTERNAL?: string };
  screenPop(args: { type: string; params: Record<string, unknown>; callback?: (response: OpenCtiResponse) => void }): void;
  searchAndScreenPop?(args: {
    searchParams: string;
    queryParams?: string;
    callType: string;
    deferred?: boolean;
    defaultFieldValues?: Record<string, string>;
    callback?: (response: OpenCtiResponse) => void;
  }): void;
}

/**
 * Options of {@link openInOpenCti}.
 *
 * @example
 * ```ts
 * import { openInOpenCti, type OpenInOpenCtiOptions } from 'screenpop/salesforce';
 * const options: OpenInOpenCtiOptions = { crmUrl: 'https://acme.lightning.force.com', objectNames: { new_site__c: 'Site__c' } };
 * ```
 */
export interface OpenInOpenCtiOptions extends OpenOptions {
  /**
   * The org's base URL as given to `resolveScreenPop` (`crmUrl`): a `url`
   * pop on it is popped as the relative URL Open CTI needs (path, query with
   * `Data=` and fragment, unchanged). Default: none (only relative URLs pop).
   */
  readonly crmUrl?: string;
  /** Salesforce object API name by entity, e.g. `{ contact: 'Contact' }`. Default: the entity with its first letter upper-cased (`contact` → `Contact`); `…__c` names as they are. */
  readonly objectNames?: Readonly<Record<string, string>>;
  /**
   * Salesforce field API name by prefilled attribute, e.g. `{ phone: 'Phone',
   * description: 'Description' }` (lookup configuration reads field names in
   * lower case). Default: the attribute as configured.
   */
  readonly fieldNames?: Readonly<Record<string, string>>;
}

/** Open CTI's shortest SEARCH string. */
const MIN_SEARCH = 3;

/** Calls an Open CTI method and waits for its callback; `success: false` rejects with `host_failed`. @internal */
export function callOpenCti(what: string, invoke: (callback: (r: OpenCtiResponse) => void) => void, timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let done = false;
    const timer =
      timeoutMs > 0
        ? setTimeout(() => {
            done = true;
            reject(new HostError('host_timeout', `${what} did not call back within ${timeoutMs} ms.`, { hint: 'Check that the softphone runs inside Lightning (Open CTI) and the call center is assigned.' }));
          }, timeoutMs)
        : undefined;
    const callback = (r: OpenCtiResponse): void => {
      if (done) return;
      done = true;
      if (timer !== undefined) clearTimeout(timer);
      if (r !== null && typeof r === 'object' && r.success === true) resolve(r.returnValue);
      else {
        const errors = r !== null && typeof r === 'object' ? r.errors : r;
        reject(new HostError('host_failed', `${what} failed: ${hostMessage(errors ?? 'success is not true')}`, { cause: errors, hint: 'See the cause: the errors Open CTI returned.' }));
      }
    };
    try {
      invoke(callback);
    } catch (e) {
      if (done) return;
      done = true;
      if (timer !== undefined) clearTimeout(timer);
      reject(new HostError('host_failed', `${what} threw: ${hostMessage(e)}`, { cause: e }));
    }
  });
}

function objectName(entity: string, options: OpenInOpenCtiOptions | undefined): string {
  const given = options?.objectNames?.[entity];
  if (given !== undefined) return given;
  return /__c$/i.test(entity) ? entity : entity.charAt(0).toUpperCase() + entity.slice(1);
}

/** `url` as the relative URL Open CTI pops, or a typed refusal. */
function relativeUrl(url: string, crmUrl: string | undefined): string {
  if (url.startsWith('/') && !url.startsWith('//')) return url;
  const base = crmUrl?.replace(/\/+$/, '');
  if (base !== undefined && base !== '' && url.length > base.length && url.slice(0, base.length).toLowerCase() === base.toLowerCase() && /[/?#]/.test(url.charAt(base.length))) {
    const rest = url.slice(base.length);
    return rest.startsWith('/') ? rest : `/${rest}`;
  }
  throw new HostError('host_unsupported', `Open CTI pops only relative URLs; ${url} is not on the org${base ? ` (${base})` : ''}.`, {
    input: url,
    hint: base ? 'Write the rule URL as a path on the org (e.g. /apex/CallPage), or open other sites from the softphone itself.' : 'Pass crmUrl (the URL given to resolveScreenPop) so URLs on the org pop as relative paths.',
  });
}

/**
 * Opens a pop through Lightning's `sforce.opencti.screenPop`, with the
 * `SCREENPOP_TYPE` constants of the object passed in:
 *
 * - `record` → `SOBJECT` `{ recordId }`;
 * - `url` → `URL` `{ url }`, relative (Open CTI pops only relative URLs): on
 *   `crmUrl` the path, query (`Data=` unchanged) and fragment; another site
 *   is `host_unsupported`;
 * - `new` → `NEW_RECORD_MODAL` `{ entityName, defaultFieldValues }` with `pop.prefill`;
 * - `choose` → `SEARCH` `{ searchString }` for the caller's number (Open CTI
 *   needs at least 3 characters; a shorter one is `host_unsupported`).
 *
 * @throws {@link HostError}: `host_bad_option`, `host_unsupported`, `host_failed` (`success: false`), `host_timeout` (with `timeoutMs`).
 * @example
 * ```ts
 * import { openInOpenCti } from 'screenpop/salesforce';
 * await openInOpenCti(pop, sforce.opencti, { crmUrl: 'https://acme.lightning.force.com', gate });
 * ```
 */
export async function openInOpenCti(pop: PopToOpen, opencti: OpenCti, options?: OpenInOpenCtiOptions): Promise<Opened> {
  checkPop(pop, 'openInOpenCti');
  checkHost(opencti, 'sforce.opencti', ['screenPop']);
  const types = (opencti as { SCREENPOP_TYPE?: unknown }).SCREENPOP_TYPE as OpenCti['SCREENPOP_TYPE'] | undefined;
  if (types === null || typeof types !== 'object') {
    throw new HostError('host_bad_option', 'sforce.opencti has no SCREENPOP_TYPE constants.', { hint: 'Pass the Lightning Open CTI object (opencti_min.js, API 38.0 or later).' });
  }
  const timeoutMs = timeoutOf(options, 0);
  const pop1 = (type: string | undefined, name: string, params: Record<string, unknown>): Promise<unknown> => {
    if (typeof type !== 'string') throw new HostError('host_bad_option', `sforce.opencti.SCREENPOP_TYPE has no ${name}.`, { hint: 'Use Open CTI for Lightning Experience, API 38.0 or later.' });
    return callOpenCti('sforce.opencti.screenPop', (callback) => opencti.screenPop({ type, params, callback }), timeoutMs);
  };
  return gated(pop, options, async () => {
    switch (pop.kind) {
      case 'record':
        await pop1(types.SOBJECT, 'SOBJECT', { recordId: pop.id });
        return { opened: 'record', via: 'sforce.opencti.screenPop', entity: pop.entity, id: pop.id };
      case 'url': {
        const url = relativeUrl(pop.url, options?.crmUrl);
        await pop1(types.URL, 'URL', { url });
        return { opened: 'url', via: 'sforce.opencti.screenPop', url };
      }
      case 'new': {
        const prefill: Record<string, string> = {};
        for (const [k, v] of Object.entries(pop.prefill ?? {})) prefill[options?.fieldNames?.[k] ?? k] = v;
        const entityName = objectName(pop.entity, options);
        await pop1(types.NEW_RECORD_MODAL, 'NEW_RECORD_MODAL', { entityName, defaultFieldValues: prefill });
        return { opened: 'new', via: 'sforce.opencti.screenPop', entity: entityName, prefill };
      }
      case 'choose': {
        const searchString = searchTextOf(pop);
        if (searchString.length < MIN_SEARCH) {
          throw new HostError('host_unsupported', `Open CTI searches need at least ${MIN_SEARCH} characters; the caller's number is ${JSON.stringify(searchString)}.`, {
            input: searchString,
            hint: 'Nothing to search for: let the agent search by name.',
          });
        }
        await pop1(types.SEARCH, 'SEARCH', { searchString });
        return { opened: 'search', via: 'sforce.opencti.screenPop', searchText: searchString, entities: [] };
      }
    }
  });
}

/**
 * Options of {@link createOpenCtiLookup}.
 *
 * @example
 * ```ts
 * import { createOpenCtiLookup, type OpenCtiLookupOptions } from 'screenpop/salesforce';
 * const options: OpenCtiLookupOptions = { searchText: (q) => q.e164 ?? q.variants[0] ?? '' };
 * ```
 */
export interface OpenCtiLookupOptions {
  /** What to search for. Default: the caller's E.164 number (`query.e164`), else the first variant. */
  readonly searchText?: (query: LookupQuery) => string;
  /** Longest wait for one search, in ms; 0 waits as long as Open CTI takes. Default `0`. */
  readonly timeoutMs?: number;
}

/**
 * A {@link LookupAdapter} over Lightning's `sforce.opencti.searchAndScreenPop`
 * with `deferred: true` (it searches and returns the records; nothing pops).
 * Open CTI searches the objects of the softphone layout for one string and
 * returns records keyed by Id (`{ Id, Name, RecordType, …fields }`); each is
 * kept when its `RecordType` is the query's entity (ignoring case), one of
 * the query's phone fields (the names as the layout returns them, ignoring
 * case) holds the caller's number, and the entity's filter holds over the
 * returned fields (a field a record lacks reads as empty). The softphone
 * layout must therefore display the phone fields (and any filtered field); a
 * filter on a field no returned record carries is `lookup_unsupported_filter`. Searches of one string are shared by
 * the queries of one call (one Open CTI call for every entity).
 *
 * @throws `lookup_bad_option` ({@link LookupError}) when `opencti` has no `searchAndScreenPop`.
 * @example
 * ```ts
 * import { createOpenCtiLookup, openInOpenCti } from 'screenpop/salesforce';
 * const adapter = createOpenCtiLookup(sforce.opencti);
 * const pop = await resolveScreenPop(call, { rows, user, adapter, crmUrl: 'https://acme.lightning.force.com' });
 * await openInOpenCti(pop, sforce.opencti, { crmUrl: 'https://acme.lightning.force.com' });
 * ```
 */
export function createOpenCtiLookup(opencti: OpenCti, options: OpenCtiLookupOptions = {}): LookupAdapter {
  if (opencti === null || typeof opencti !== 'object' || typeof opencti.searchAndScreenPop !== 'function') {
    throw new LookupError('lookup_bad_option', 'createOpenCtiLookup needs sforce.opencti (with searchAndScreenPop, Lightning API 38.0 or later).', { hint: 'Pass sforce.opencti.' });
  }
  const timeoutMs = options.timeoutMs ?? 0;
  if (!Number.isFinite(timeoutMs) || timeoutMs < 0) throw new LookupError('lookup_bad_option', `timeoutMs must be a finite number ≥ 0, not ${timeoutMs}.`, { hint: 'Fix timeoutMs.' });
  const search = opencti.searchAndScreenPop.bind(opencti);
  const callType = opencti.CALL_TYPE?.INBOUND ?? 'inbound';
  // In-flight searches by text: the queries of one call share one Open CTI call.
  const inFlight = new Map<string, Promise<unknown>>();
  const searchOnce = (text: string): Promise<unknown> => {
    let p = inFlight.get(text);
    if (p === undefined) {
      p = callOpenCti('sforce.opencti.searchAndScreenPop', (callback) => search({ searchParams: text, callType, deferred: true, callback }), timeoutMs);
      inFlight.set(text, p);
      const forget = (): void => {
        inFlight.delete(text);
      };
      p.then(forget, forget);
    }
    return p;
  };
  return {
    name: 'opencti',
    async find(query: LookupQuery, signal?: AbortSignal): Promise<LookupRecord[]> {
      if (checkQuery(query, 'Id')) return [];
      const text = (options.searchText ? options.searchText(query) : (query.e164 ?? query.variants[0] ?? '')).trim();
      if (text.length < 2) return [];
      if (signal?.aborted) throw new LookupError('lookup_aborted', `The search of ${query.entity} was cancelled.`, { entity: query.entity });
      let answer: unknown;
      try {
        answer = await abortable(searchOnce(text), signal, query.entity);
      } catch (e) {
        if (e instanceof LookupError) throw e;
        throw new LookupError(e instanceof HostError && e.code === 'host_timeout' ? 'lookup_timeout' : 'lookup_failed', `The search of ${query.entity} through Open CTI failed: ${e instanceof HostError ? e.detail : hostMessage(e)}`, {
          entity: query.entity,
          cause: e,
          hint: 'Check the softphone layout (objects searched, fields displayed) and the call center.',
        });
      }
      const rows = recordsOfAnswer(answer, query.entity).filter((r) => typeof r['RecordType'] === 'string' && (r['RecordType'] as string).toLowerCase() === query.entity.toLowerCase());
      const field = (r: Record<string, unknown>, f: string): unknown => {
        if (Object.hasOwn(r, f)) return r[f];
        const lower = f.toLowerCase();
        const k = Object.keys(r).find((x) => x.toLowerCase() === lower);
        return k === undefined ? undefined : r[k];
      };
      if (query.filter) {
        const missing = rows.length === 0 ? [] : filterFields(query.filter).filter((f) => rows.every((r) => field(r, f) === undefined));
        if (missing.length > 0) {
          throw new LookupError('lookup_unsupported_filter', `The filter of ${query.entity} reads ${missing.join(', ')}, which Open CTI's search returned for none of the records.`, {
            entity: query.entity,
            hint: 'Display the field in the softphone layout, or remove the filter.',
          });
        }
      }
      const sorted = [...rows].sort((a, b) => {
        const x = String(field(a, query.displayField) ?? '').toLowerCase();
        const y = String(field(b, query.displayField) ?? '').toLowerCase();
        return x < y ? -1 : x > y ? 1 : String(a['Id']) < String(b['Id']) ? -1 : 1;
      });
      // Filters compare the layout's fields by name, ignoring case.
      const lowered = sorted.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k.toLowerCase(), v])) as Record<string, unknown>);
      return verifiedRecords(lowered, { ...query, ...(query.filter ? { filter: lowerFilter(query.filter) } : {}), phoneFields: query.phoneFields.map((f) => f.toLowerCase()), displayField: query.displayField.toLowerCase() }, { id: (r) => r['id'], applyFilter: true }).map(
        (rec) => ({ ...rec, field: query.phoneFields.find((f) => f.toLowerCase() === rec.field) ?? rec.field }),
      );
    },
  };
}

type Cond = NonNullable<LookupQuery['filter']>;

function filterFields(c: Cond, out: string[] = []): string[] {
  if (c.kind === 'compare') out.push(c.field);
  else if (c.kind === 'not') filterFields(c.item, out);
  else if (c.kind === 'and' || c.kind === 'or') for (const x of c.items) filterFields(x, out);
  return [...new Set(out)];
}

function lowerFilter(c: Cond): Cond {
  if (c.kind === 'compare') return { ...c, field: c.field.toLowerCase() };
  if (c.kind === 'not') return { ...c, item: lowerFilter(c.item) };
  if (c.kind === 'and' || c.kind === 'or') return { ...c, items: c.items.map(lowerFilter) };
  return c;
}

/** The records of a deferred search's `returnValue`: an object keyed by record Id (plus `SCREEN_POP_DATA`). */
function recordsOfAnswer(answer: unknown, entity: string): Array<Record<string, unknown>> {
  if (answer === null || answer === undefined) return [];
  if (typeof answer !== 'object') {
    throw new LookupError('lookup_bad_response', `Open CTI answered the search of ${entity} with ${typeof answer}, not records.`, { entity });
  }
  const out: Array<Record<string, unknown>> = [];
  for (const [key, value] of Object.entries(answer as Record<string, unknown>)) {
    if (key === 'SCREEN_POP_DATA' || value === null || typeof value !== 'object' || Array.isArray(value)) continue;
    const r = value as Record<string, unknown>;
    out.push(typeof r['Id'] === 'string' ? r : { ...r, Id: key });
  }
  return out;
}

