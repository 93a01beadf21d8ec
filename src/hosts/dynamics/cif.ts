/**
 * Dynamics 365 Channel Integration Framework (CIF), through the
 * `Microsoft.CIFramework` object the channel panel is given: `openInCif` and
 * `createCifLookup`. Versions 1.0 and 2.0 share these APIs; where 2.0 differs
 * (an optional `correlationId` argument for diagnostics) the `version` option
 * says which to speak.
 *
 * @module
 */
import { LookupError } from '../../lookup/errors.js';
import type { LookupAdapter, LookupQuery, LookupRecord } from '../../lookup/types.js';
import { HostError, settle } from '../errors.js';
import { checkHost, checkPop, entitiesOf, gated, searchTextOf, timeoutOf, type HostThenable, type OpenOptions, type Opened, type PopToOpen } from '../shared/open.js';
import { abortable, checkQuery, searchVerified, verifiedRecords } from '../shared/odata.js';
import { lookupFailure } from './xrm.js';

/**
 * CIF's documented limit: a call that has not answered after 10 seconds has
 * failed. The CIF opener and lookup wait this long by default.
 *
 * @example
 * ```ts
 * import { CIF_TIMEOUT_MS } from 'screenpop/dynamics';
 * console.log(CIF_TIMEOUT_MS); // 10000
 * ```
 */
export const CIF_TIMEOUT_MS = 10_000;

/**
 * The part of `Microsoft.CIFramework` the CIF opener and lookup use. Every
 * method returns a promise; `openForm` takes its two arguments as JSON text,
 * `searchAndOpenRecords` resolves to JSON text (an object of records keyed
 * `"0"`, `"1"`, ...). In 2.0, `correlationId` is an extra, optional argument.
 *
 * @example
 * ```ts
 * import type { CifFramework } from 'screenpop/dynamics';
 * const cif: CifFramework = Microsoft.CIFramework;
 * ```
 */
export interface CifFramework {
  openForm(entityFormOptions: string, entityFormParameters?: string, correlationId?: string): HostThenable<unknown>;
  searchAndOpenRecords(entityLogicalName: string, queryParameters: string, searchOnly: boolean, ...more: unknown[]): HostThenable<unknown>;
  renderSearchPage(entityLogicalName: string, searchString: string, searchType?: number, correlationId?: string): HostThenable<unknown>;
}

/**
 * Options of {@link openInCif}.
 *
 * @example
 * ```ts
 * import { openInCif, type OpenInCifOptions } from 'screenpop/dynamics';
 * const options: OpenInCifOptions = { version: 2, correlationId: crypto.randomUUID(), openUrl: (url) => window.open(url, '_blank') };
 * ```
 */
export interface OpenInCifOptions extends OpenOptions {
  /** CIF version of the panel. Default `1`. */
  readonly version?: 1 | 2;
  /** 2.0 only: groups the calls in CIF's diagnostics. Default: none. */
  readonly correlationId?: string;
  /**
   * Opens a `url` pop (CIF has no API that opens an arbitrary URL), e.g.
   * `(url) => window.open(url, '_blank')`. Default: none (a `url` pop is
   * `host_unsupported`).
   */
  readonly openUrl?: (url: string) => unknown;
  /** Entity of the search page when a `choose` pop has no candidates. Default `contact`. */
  readonly searchEntity?: string;
  /** The search page's type: 0 relevance, 1 categorized. Default `1`. */
  readonly searchType?: 0 | 1;
  /** A `new` pop opens the quick create form. Default `false`. */
  readonly useQuickCreateForm?: boolean;
}

function correlation(options: { version?: 1 | 2; correlationId?: string } | undefined): [] | [string] {
  return options?.version === 2 && options.correlationId !== undefined ? [options.correlationId] : [];
}

/**
 * Opens a pop through `Microsoft.CIFramework`:
 *
 * - `record` → `openForm('{"entityName":…,"entityId":…}')`;
 * - `new` → `openForm('{"entityName":…}', JSON of pop.prefill)`;
 * - `url` → `options.openUrl(pop.url)` (CIF cannot open a URL itself);
 * - `choose` → `renderSearchPage(entity, number, searchType)`: the search
 *   page of the first candidate's entity for the caller's number, where the
 *   agent chooses.
 *
 * Each CIF call gives up after `timeoutMs` (default {@link CIF_TIMEOUT_MS},
 * CIF's own limit).
 *
 * @throws {@link HostError}: `host_bad_option`, `host_unsupported` (a URL pop without `openUrl`), `host_failed`, `host_timeout`.
 * @example
 * ```ts
 * import { openInCif } from 'screenpop/dynamics';
 * const opened = await openInCif(pop, Microsoft.CIFramework, { gate });
 * ```
 */
export async function openInCif(pop: PopToOpen, cif: CifFramework, options?: OpenInCifOptions): Promise<Opened> {
  checkPop(pop, 'openInCif');
  checkHost(cif, 'Microsoft.CIFramework', ['openForm', 'renderSearchPage']);
  const timeoutMs = timeoutOf(options, CIF_TIMEOUT_MS);
  if (options?.version !== undefined && options.version !== 1 && options.version !== 2) {
    throw new HostError('host_bad_option', `CIF version must be 1 or 2, not ${String(options.version)}.`, { hint: 'Leave it out (1) or pass 2.' });
  }
  const more = correlation(options);
  return gated(pop, options, async () => {
    switch (pop.kind) {
      case 'record':
        await settle('Microsoft.CIFramework.openForm', () => cif.openForm(JSON.stringify({ entityName: pop.entity, entityId: pop.id }), undefined, ...more), timeoutMs);
        return { opened: 'record', via: 'Microsoft.CIFramework.openForm', entity: pop.entity, id: pop.id };
      case 'new': {
        const prefill = { ...(pop.prefill ?? {}) };
        const form = options?.useQuickCreateForm ? { entityName: pop.entity, useQuickCreateForm: true } : { entityName: pop.entity };
        await settle('Microsoft.CIFramework.openForm', () => cif.openForm(JSON.stringify(form), JSON.stringify(prefill), ...more), timeoutMs);
        return { opened: 'new', via: 'Microsoft.CIFramework.openForm', entity: pop.entity, prefill };
      }
      case 'url': {
        const open = options?.openUrl;
        if (typeof open !== 'function') {
          throw new HostError('host_unsupported', `CIF has no API that opens a URL; the pop is ${pop.url}.`, {
            input: pop.url,
            hint: 'Pass openUrl, e.g. (url) => window.open(url, "_blank"), or pop records and forms instead.',
          });
        }
        await settle('openUrl', () => open(pop.url), timeoutMs);
        return { opened: 'url', via: 'openUrl', url: pop.url };
      }
      case 'choose': {
        const entities = entitiesOf(pop.candidates);
        const entity = entities[0] ?? options?.searchEntity ?? 'contact';
        const searchText = searchTextOf(pop);
        const type = options?.searchType ?? 1;
        await settle('Microsoft.CIFramework.renderSearchPage', () => cif.renderSearchPage(entity, searchText, type, ...more), timeoutMs);
        return { opened: 'search', via: 'Microsoft.CIFramework.renderSearchPage', searchText, entities: [entity] };
      }
    }
  });
}

/**
 * Options of {@link createCifLookup}.
 *
 * @example
 * ```ts
 * import { createCifLookup, type CifLookupOptions } from 'screenpop/dynamics';
 * const options: CifLookupOptions = { version: 2, timeoutMs: 8000 };
 * const adapter = createCifLookup(Microsoft.CIFramework, options);
 * ```
 */
export interface CifLookupOptions {
  /** CIF version of the panel. Default `1`. */
  readonly version?: 1 | 2;
  /** 2.0 only: groups the calls in CIF's diagnostics. Default: none. */
  readonly correlationId?: string;
  /** Primary key attribute by logical name. Default `<entity>id`. */
  readonly idFields?: Readonly<Record<string, string>>;
  /** Longest wait for one search, in ms (`lookup_timeout`). Default {@link CIF_TIMEOUT_MS}. */
  readonly timeoutMs?: number;
}

/** The records of `searchAndOpenRecords`' answer: JSON text of an object keyed "0", "1", … (or an array). */
function recordsOf(answer: unknown, entity: string): unknown[] {
  let value = answer;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch (e) {
      throw new LookupError('lookup_bad_response', `CIF answered the search of ${entity} with text that is not JSON.`, { entity, cause: e });
    }
  }
  if (Array.isArray(value)) return value;
  if (value !== null && typeof value === 'object') {
    const v = (value as { value?: unknown }).value;
    if (Array.isArray(v)) return v;
    return Object.keys(value)
      .filter((k) => /^\d+$/.test(k))
      .sort((a, b) => Number(a) - Number(b))
      .map((k) => (value as Record<string, unknown>)[k]);
  }
  if (value === null || value === undefined) return [];
  throw new LookupError('lookup_bad_response', `CIF answered the search of ${entity} with ${typeof value}, not records.`, { entity });
}

/**
 * A {@link LookupAdapter} over `Microsoft.CIFramework.searchAndOpenRecords`
 * with `searchOnly` true (it searches, never opens): the same `$select`,
 * `$filter`, `$orderby` and `$top` as the Dataverse adapter, literals escaped
 * the same way, answers verified the same way. Each search gives up after
 * `timeoutMs` (default CIF's 10 s).
 *
 * @throws `lookup_bad_option` ({@link LookupError}) when `cif` has no `searchAndOpenRecords`.
 * @example
 * ```ts
 * import { createCifLookup, openInCif } from 'screenpop/dynamics';
 * const adapter = createCifLookup(Microsoft.CIFramework);
 * const pop = await resolveScreenPop(call, { rows, user, adapter, crmUrl });
 * await openInCif(pop, Microsoft.CIFramework);
 * ```
 */
export function createCifLookup(cif: CifFramework, options: CifLookupOptions = {}): LookupAdapter {
  if (cif === null || typeof cif !== 'object' || typeof cif.searchAndOpenRecords !== 'function') {
    throw new LookupError('lookup_bad_option', 'createCifLookup needs Microsoft.CIFramework (an object with searchAndOpenRecords).', { hint: 'Pass Microsoft.CIFramework.' });
  }
  const timeoutMs = options.timeoutMs ?? CIF_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs < 0) throw new LookupError('lookup_bad_option', `timeoutMs must be a finite number ≥ 0, not ${timeoutMs}.`, { hint: 'Fix timeoutMs.' });
  const more = correlation(options);
  return {
    name: 'cif',
    async find(query: LookupQuery, signal?: AbortSignal): Promise<LookupRecord[]> {
      const idField = options.idFields?.[query?.entity] ?? `${query?.entity}id`;
      if (checkQuery(query, idField)) return [];
      if (signal?.aborted) throw new LookupError('lookup_aborted', `The search of ${query.entity} was cancelled.`, { entity: query.entity });
      const ask = async (odata: string): Promise<unknown[]> => {
        let answer: unknown;
        try {
          answer = await abortable(
            settle('Microsoft.CIFramework.searchAndOpenRecords', () => cif.searchAndOpenRecords(query.entity, odata, true, ...more), timeoutMs),
            signal,
            query.entity,
          );
        } catch (e) {
          throw lookupFailure(e, query.entity, 'Microsoft.CIFramework');
        }
        return recordsOf(answer, query.entity);
      };
      return searchVerified(query, idField, ask, (rows) => verifiedRecords(rows, query, { id: (r) => r[idField] }));
    },
  };
}
