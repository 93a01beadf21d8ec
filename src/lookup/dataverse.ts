/**
 * A {@link LookupAdapter} over the Dataverse (Dynamics 365) Web API: one
 * `GET <entityset>?$select=...&$filter=...&$top=...` per entity, with every
 * configured phone field compared to every variant, string literals escaped,
 * retries for 429/503 (honouring `Retry-After`) and other 5xx (exponential
 * backoff), and a timeout per request. This module does I/O through the
 * injected `fetch`; nothing else in the lookup layer does.
 *
 * @module
 */
import { LookupError } from './errors.js';
import { checkFilter, odataString, toODataFilter } from './filter.js';
import { READS_VARIANTS } from './hints.js';
import { canonicalPhone, matchesLastDigits } from './phone.js';
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
  /** Returns an OAuth bearer token; called before every request (cache it yourself). Required. */
  readonly getToken: () => Promise<string>;
  /** The `fetch` to use. Default: `globalThis.fetch`. */
  readonly fetch?: typeof fetch;
  /** Web API version. Default: `'9.2'`. */
  readonly apiVersion?: string;
  /** Timeout of each request in milliseconds; a timed-out request is not retried. Default: `10000`. */
  readonly timeoutMs?: number;
  /** Retries after the first request (429, 503, other 5xx, network errors). Default: `3`. */
  readonly maxRetries?: number;
  /** First backoff for 5xx and network errors, doubled each retry. Default: `250` ms. */
  readonly backoffMs?: number;
  /** Longest `Retry-After` honoured; a longer one fails the call at once. Default: `30000` ms. */
  readonly maxRetryAfterMs?: number;
  /** Entity set names by logical name, e.g. `{ new_site: 'new_sites' }`. Default: `{}` (see {@link entitySetName}). */
  readonly entitySets?: Readonly<Record<string, string>>;
  /** Primary key attribute by logical name. Default: `{}` (`<entity>id`, e.g. `contactid`). */
  readonly idFields?: Readonly<Record<string, string>>;
  /** Waits between retries; inject to test. Default: a `setTimeout` that the call's `signal` cancels. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
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
  const known = IRREGULAR_SETS[entity];
  if (known) return known;
  if (/[^aeiou]y$/.test(entity)) return `${entity.slice(0, -1)}ies`;
  if (/(?:s|x|z|ch|sh)$/.test(entity)) return `${entity}es`;
  return `${entity}s`;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function badOption(detail: string, hint: string, entity?: string): LookupError {
  return new LookupError('lookup_bad_option', detail, { hint, ...(entity === undefined ? {} : { entity }) });
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** `Retry-After` in milliseconds (delta-seconds or an HTTP date); undefined when absent or unreadable. */
function retryAfterMs(header: string | null): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const t = header.trim();
  if (/^\d+$/.test(t)) return Number(t) * 1000;
  const at = Date.parse(t);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

async function errorText(res: Response): Promise<string> {
  try {
    const text = await res.text();
    try {
      const body = JSON.parse(text) as { error?: { message?: unknown } };
      if (typeof body.error?.message === 'string') return body.error.message.slice(0, 300);
    } catch {
      /* not JSON */
    }
    return text.slice(0, 300);
  } catch {
    return '';
  }
}

/**
 * Creates a lookup adapter over the Dataverse Web API.
 *
 * Each `find` sends one request: `$select` of the id, display, phone fields
 * and `modifiedon`; `$filter` = (every phone field `eq` every variant, `or`ed)
 * `and` the entity's filter; `$orderby` display field then id; `$top` =
 * `limit`. In `lastDigits` mode it adds `endswith(field,'<last N digits>')`
 * terms and keeps only verified candidates. Failures reject with a
 * {@link LookupError} carrying the entity and HTTP status.
 *
 * @example
 * ```ts
 * import { createDataverseLookup, lookupCaller } from 'screenpop';
 * const adapter = createDataverseLookup({
 *   baseUrl: 'https://contoso.crm.dynamics.com',
 *   getToken: async () => token,
 * });
 * const result = await lookupCaller('+442079460958', { config, adapter, defaultRegion: 'GB' });
 * ```
 */
export function createDataverseLookup(options: DataverseLookupOptions): LookupAdapter {
  if (options === null || typeof options !== 'object') {
    throw badOption('createDataverseLookup needs an options object.', 'Pass { baseUrl, getToken }.');
  }
  let base: URL;
  try {
    base = new URL(options.baseUrl);
  } catch {
    throw badOption(`baseUrl "${String(options.baseUrl)}" is not an absolute URL.`, 'Use the organisation URL, e.g. https://contoso.crm.dynamics.com.');
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    throw badOption(`baseUrl "${options.baseUrl}" is not an http(s) URL.`, 'Use the organisation URL, e.g. https://contoso.crm.dynamics.com.');
  }
  if (typeof options.getToken !== 'function') {
    throw badOption('getToken is not a function.', 'Pass an async function that returns a bearer token.');
  }
  const apiVersion = options.apiVersion ?? '9.2';
  const root = base.pathname.includes('/api/data/')
    ? base.href.replace(/\/?$/, '/')
    : `${base.origin}${base.pathname.replace(/\/+$/, '')}/api/data/v${apiVersion}/`;
  const doFetch = options.fetch ?? globalThis.fetch;
  if (typeof doFetch !== 'function') {
    throw badOption('No fetch is available.', 'Pass options.fetch (Node 18+ and browsers have a global fetch).');
  }
  const timeoutMs = options.timeoutMs ?? 10_000;
  const maxRetries = options.maxRetries ?? 3;
  const backoffMs = options.backoffMs ?? 250;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;
  for (const [name, v] of [
    ['timeoutMs', timeoutMs],
    ['maxRetries', maxRetries],
    ['backoffMs', backoffMs],
    ['maxRetryAfterMs', maxRetryAfterMs],
  ] as const) {
    if (!Number.isFinite(v) || v < 0) throw badOption(`${name} must be a finite number ≥ 0, not ${v}.`, `Fix ${name}.`);
  }
  const sleep = options.sleep ?? defaultSleep;

  function urlFor(query: LookupQuery): { url: string; idField: string } {
    const { entity } = query;
    const set = query.entitySet ?? options.entitySets?.[entity] ?? entitySetName(entity);
    const idField = options.idFields?.[entity] ?? `${entity}id`;
    for (const [what, name] of [
      ['entity', entity],
      ['entity set', set],
      ['id field', idField],
      ['display field', query.displayField],
      ...query.phoneFields.map((f) => ['phone field', f] as const),
    ] as const) {
      if (!NAME.test(name)) {
        throw badOption(`The ${what} "${name}" is not a Dataverse name.`, 'Use logical names: letters, digits and underscores.', entity);
      }
    }
    if (query.filter) checkFilter(query.filter, entity);
    const phoneTerms: string[] = [];
    for (const field of query.phoneFields) {
      for (const v of query.variants) phoneTerms.push(`${field} eq ${odataString(v)}`);
      if (query.lastDigits !== undefined && query.e164 !== undefined) {
        phoneTerms.push(`endswith(${field},${odataString(query.e164.slice(-query.lastDigits))})`);
      }
    }
    const filter =
      query.filter && query.filter.kind !== 'always'
        ? `(${phoneTerms.join(' or ')}) and ${toODataFilter(query.filter)}`
        : phoneTerms.join(' or ');
    const select = [...new Set([idField, query.displayField, ...query.phoneFields, 'modifiedon'])].join(',');
    const params = [
      `$select=${encodeURIComponent(select)}`,
      `$filter=${encodeURIComponent(filter)}`,
      `$orderby=${encodeURIComponent(`${query.displayField} asc,${idField} asc`)}`,
      `$top=${Math.max(1, Math.floor(query.limit))}`,
    ];
    return { url: `${root}${encodeURIComponent(set)}?${params.join('&')}`, idField };
  }

  async function pause(ms: number, entity: string, attempts: number, signal: AbortSignal | undefined): Promise<void> {
    try {
      await sleep(ms, signal);
    } catch (e) {
      throw new LookupError('lookup_aborted', `The search of ${entity} was cancelled while waiting to retry.`, { entity, attempts, cause: e });
    }
  }

  async function request(url: string, entity: string, signal: AbortSignal | undefined): Promise<unknown> {
    let attempt = 0;
    for (;;) {
      attempt++;
      if (signal?.aborted) throw new LookupError('lookup_aborted', `The search of ${entity} was cancelled.`, { entity, attempts: attempt - 1 });
      let token: string;
      try {
        token = await options.getToken();
      } catch (e) {
        throw new LookupError('lookup_failed', `getToken failed before the search of ${entity}: ${(e as Error)?.message ?? String(e)}.`, {
          entity,
          attempts: attempt - 1,
          hint: 'Check the token provider (credentials, tenant, scope).',
          cause: e,
        });
      }
      const timer = new AbortController();
      const timeout = setTimeout(() => timer.abort(), timeoutMs);
      const onAbort = (): void => timer.abort();
      signal?.addEventListener('abort', onAbort, { once: true });
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
          signal: timer.signal,
        });
      } catch (e) {
        clearTimeout(timeout);
        signal?.removeEventListener('abort', onAbort);
        if (signal?.aborted) {
          throw new LookupError('lookup_aborted', `The search of ${entity} was cancelled.`, { entity, attempts: attempt, cause: e });
        }
        if (timer.signal.aborted) {
          throw new LookupError('lookup_timeout', `The search of ${entity} took longer than ${timeoutMs} ms.`, {
            entity,
            attempts: attempt,
            hint: 'Raise timeoutMs, or check the Dataverse URL and network.',
            cause: e,
          });
        }
        if (attempt <= maxRetries) {
          await pause(backoffMs * 2 ** (attempt - 1), entity, attempt, signal);
          continue;
        }
        throw new LookupError('lookup_network', `The search of ${entity} could not reach Dataverse: ${(e as Error)?.message ?? String(e)}.`, {
          entity,
          attempts: attempt,
          hint: 'Check baseUrl and the network.',
          cause: e,
        });
      }
      try {
        if (res.ok) {
          let body: unknown;
          try {
            body = await res.json();
          } catch (e) {
            if (timer.signal.aborted && !signal?.aborted) {
              throw new LookupError('lookup_timeout', `The search of ${entity} took longer than ${timeoutMs} ms.`, { entity, attempts: attempt, cause: e });
            }
            throw new LookupError('lookup_bad_response', `Dataverse answered the search of ${entity} with a body that is not JSON.`, {
              entity,
              status: res.status,
              attempts: attempt,
              cause: e,
            });
          }
          return body;
        }
        const status = res.status;
        const retryable = status === 429 || status === 503 || (status >= 500 && status <= 599);
        if (retryable && attempt <= maxRetries) {
          const hinted = status === 429 || status === 503 ? retryAfterMs(res.headers.get('retry-after')) : undefined;
          if (hinted === undefined || hinted <= maxRetryAfterMs) {
            await res.body?.cancel().catch(() => undefined);
            clearTimeout(timeout);
            await pause(hinted ?? backoffMs * 2 ** (attempt - 1), entity, attempt, signal);
            continue;
          }
        }
        const message = await errorText(res);
        throw new LookupError(
          'lookup_http_status',
          `Dataverse answered the search of ${entity} with HTTP ${status}${message ? `: ${message}` : ''}.`,
          {
            entity,
            status,
            attempts: attempt,
            hint:
              status === 401 || status === 403
                ? 'Check the token and the user’s read privilege on the entity.'
                : status === 400 || status === 404
                  ? 'Check the entity set and field names in the lookup configuration.'
                  : 'Dataverse is busy or failing; try again later.',
          },
        );
      } finally {
        clearTimeout(timeout);
        signal?.removeEventListener('abort', onAbort);
      }
    }
  }

  /** The most records one search asks for (`$top`), as the lookupLimit setting allows. */
  const MAX_TOP = 5000;

  async function find(query: LookupQuery, signal?: AbortSignal): Promise<LookupRecord[]> {
    if (query === null || typeof query !== 'object' || typeof query.entity !== 'string' || !Array.isArray(query.phoneFields) || !Array.isArray(query.variants)) {
      throw new LookupError('lookup_bad_option', 'find() needs a LookupQuery: { entity, phoneFields, variants, displayField, limit }.', {
        hint: 'Build queries with lookupCaller, or pass every field of LookupQuery.',
      });
    }
    if (!Number.isInteger(query.limit) || query.limit > MAX_TOP) {
      throw new LookupError('lookup_bad_option', `limit must be a whole number up to ${MAX_TOP}, got ${String(query.limit)}.`, {
        entity: query.entity,
        hint: 'Use the lookupLimit setting (1–5000); the default is 10.',
      });
    }
    if (query.limit <= 0 || query.phoneFields.length === 0 || query.variants.length === 0) {
      if (query.filter) checkFilter(query.filter, query.entity);
      return [];
    }
    const { url, idField } = urlFor(query);
    const body = await request(url, query.entity, signal);
    const rows = (body as { value?: unknown } | null)?.value;
    if (!Array.isArray(rows)) {
      throw new LookupError('lookup_bad_response', `Dataverse answered the search of ${query.entity} without a "value" array.`, {
        entity: query.entity,
      });
    }
    const wanted = new Set(query.variants.map(canonicalPhone));
    const exact = new Set(query.variants);
    const out: LookupRecord[] = [];
    const seen = new Set<string>();
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
          exact.has(v) ||
          wanted.has(canonicalPhone(v)) ||
          (query.lastDigits !== undefined && query.e164 !== undefined && matchesLastDigits(v, query.e164, query.lastDigits));
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
    return out;
  }

  const adapter: LookupAdapter = {
    name: 'dataverse',
    find(query: LookupQuery, signal?: AbortSignal): Promise<LookupRecord[]> {
      try {
        return find(query, signal);
      } catch (e) {
        return Promise.reject(e);
      }
    },
  };
  // Every query's filter is built from its variants: lookupCaller formats them up front (no accessor per query).
  (adapter as unknown as Record<symbol, unknown>)[READS_VARIANTS] = true;
  return adapter;
}
