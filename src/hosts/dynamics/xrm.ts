/**
 * Dynamics 365 model-driven apps, through the `Xrm` object the page is given:
 * `openInXrm` over `Xrm.Navigation` (and `Xrm.Utility.lookupObjects` for a
 * choice), `createXrmLookup` over `Xrm.WebApi.retrieveMultipleRecords`.
 *
 * @module
 */
import { LookupError } from '../../lookup/errors.js';
import type { LookupAdapter, LookupQuery, LookupRecord } from '../../lookup/types.js';
import { HostError, hostMessage, settle } from '../errors.js';
import { checkHost, checkPop, entitiesOf, gated, searchTextOf, timeoutOf, type HostThenable, type OpenOptions, type Opened, type PopToOpen } from '../shared/open.js';
import { abortable, checkQuery, searchVerified, verifiedRecords } from '../shared/odata.js';

/**
 * The part of `Xrm.Navigation` {@link openInXrm} uses (the real object, or a
 * fake; `xrm-mock`'s `NavigationStaticMock` fits).
 *
 * @example
 * ```ts
 * import type { XrmNavigation } from 'screenpop/dynamics';
 * const navigation: XrmNavigation = Xrm.Navigation; // in a web resource: parent.Xrm.Navigation
 * ```
 */
export interface XrmNavigation {
  openForm(entityFormOptions: XrmEntityFormOptions, formParameters?: Record<string, string>): HostThenable<unknown>;
  openUrl(url: string, openUrlOptions?: { height?: number; width?: number }): void;
  /** Called with an {@link XrmSearchPageInput}; typed `object` so the real `Xrm.Navigation` (whose page input union lacks `search`) fits. */
  navigateTo(pageInput: object, navigationOptions?: object): HostThenable<unknown>;
}

/**
 * The `entityFormOptions` {@link openInXrm} passes to `openForm`.
 *
 * @example
 * ```ts
 * import type { XrmEntityFormOptions } from 'screenpop/dynamics';
 * const o: XrmEntityFormOptions = { entityName: 'contact', entityId: 'c1' };
 * ```
 */
export interface XrmEntityFormOptions {
  entityName: string;
  entityId?: string;
  useQuickCreateForm?: boolean;
  openInNewWindow?: boolean;
}

/**
 * The search page input {@link openInXrm} passes to `navigateTo` for a
 * `choose` pop without a lookup dialog: Unified Interface's search page
 * (page type `search`; it is not in the typed `PageInput` union of
 * `@types/xrm`, hence this type).
 *
 * @example
 * ```ts
 * import type { XrmSearchPageInput } from 'screenpop/dynamics';
 * const page: XrmSearchPageInput = { pageType: 'search', searchText: '+353868561713', searchType: 1, EntityNames: ['contact'] };
 * ```
 */
export interface XrmSearchPageInput {
  pageType: 'search';
  searchText: string;
  /** 0 relevance search, 1 categorized search. */
  searchType: 0 | 1;
  EntityNames?: string[];
}

/**
 * The part of `Xrm.Utility` used to let the agent choose among candidates.
 *
 * @example
 * ```ts
 * import type { XrmLookupDialog } from 'screenpop/dynamics';
 * const dialog: XrmLookupDialog = Xrm.Utility;
 * ```
 */
export interface XrmLookupDialog {
  lookupObjects(lookupOptions: {
    allowMultiSelect: boolean;
    defaultEntityType: string;
    entityTypes: string[];
    disableMru: boolean;
    filters: Array<{ filterXml: string; entityLogicalName: string }>;
  }): HostThenable<ReadonlyArray<{ id: string; entityType: string; name?: string | undefined }>>;
}

/**
 * Options of {@link openInXrm}.
 *
 * @example
 * ```ts
 * import { createPopGate, openInXrm, type OpenInXrmOptions } from 'screenpop/dynamics';
 * const options: OpenInXrmOptions = { gate: createPopGate(), lookupDialog: Xrm.Utility, useQuickCreateForm: true };
 * await openInXrm(pop, Xrm.Navigation, options);
 * ```
 */
export interface OpenInXrmOptions extends OpenOptions {
  /**
   * `Xrm.Utility`: a `choose` pop with candidates opens its lookup dialog
   * restricted to them, and the record the agent picks. Default: none (the
   * search page for the caller's number opens instead).
   */
  readonly lookupDialog?: XrmLookupDialog;
  /** A `new` pop opens the quick create form. Default `false` (the main form). */
  readonly useQuickCreateForm?: boolean;
  /** Primary key attribute by entity, for the lookup dialog's filter. Default `<entity>id`. */
  readonly idFields?: Readonly<Record<string, string>>;
  /** The search page's type: 0 relevance, 1 categorized. Default `1` (relevance search may be off). */
  readonly searchType?: 0 | 1;
}

/** GUIDs compare without braces, ignoring case. */
function sameId(a: string, b: string): boolean {
  const n = (s: string) => s.replace(/^\{|\}$/g, '').toLowerCase();
  return n(a) === n(b);
}

function xmlAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/**
 * Opens a pop through `Xrm.Navigation`:
 *
 * - `record` → `openForm({ entityName, entityId })`;
 * - `new` → `openForm({ entityName }, pop.prefill)` (the prefill as form parameters);
 * - `url` → `openUrl(pop.url)`, the URL exactly (a web resource opened with
 *   `navigateTo` would receive `data=`, not the `Data=` it reads);
 * - `choose` → with `lookupDialog`, `lookupObjects` limited to the candidates,
 *   then the form of the record the agent picked (`nothing`/`cancelled` when
 *   they close it); without, the search page for the caller's number. Never a
 *   record picked for the agent.
 *
 * @returns What was opened, or why nothing (the gate).
 * @throws {@link HostError}: `host_bad_option` (not a pop, `navigation` lacks a
 *   method), `host_failed` (Xrm rejected), `host_timeout` (with `timeoutMs`).
 * @example
 * ```ts
 * import { createPopGate, openInXrm } from 'screenpop/dynamics';
 * const gate = createPopGate();
 * const pop = await resolveScreenPop(call, options);
 * const opened = await openInXrm(pop, parent.Xrm.Navigation, { gate, lookupDialog: parent.Xrm.Utility });
 * // { opened: 'new', via: 'Xrm.Navigation.openForm', entity: 'contact', prefill: { telephone1: '+353868561713' } }
 * ```
 */
export async function openInXrm(pop: PopToOpen, navigation: XrmNavigation, options?: OpenInXrmOptions): Promise<Opened> {
  checkPop(pop, 'openInXrm');
  checkHost(navigation, 'Xrm.Navigation', ['openForm', 'openUrl', 'navigateTo']);
  const timeoutMs = timeoutOf(options, 0);
  if (options?.lookupDialog !== undefined) checkHost(options.lookupDialog, 'Xrm.Utility', ['lookupObjects']);
  return gated(pop, options, async () => {
    switch (pop.kind) {
      case 'record':
        await settle('Xrm.Navigation.openForm', () => navigation.openForm({ entityName: pop.entity, entityId: pop.id }), timeoutMs);
        return { opened: 'record', via: 'Xrm.Navigation.openForm', entity: pop.entity, id: pop.id };
      case 'new': {
        const prefill = { ...(pop.prefill ?? {}) };
        const form: XrmEntityFormOptions = options?.useQuickCreateForm ? { entityName: pop.entity, useQuickCreateForm: true } : { entityName: pop.entity };
        await settle('Xrm.Navigation.openForm', () => navigation.openForm(form, prefill), timeoutMs);
        return { opened: 'new', via: 'Xrm.Navigation.openForm', entity: pop.entity, prefill };
      }
      case 'url':
        await settle('Xrm.Navigation.openUrl', () => navigation.openUrl(pop.url), timeoutMs);
        return { opened: 'url', via: 'Xrm.Navigation.openUrl', url: pop.url };
      case 'choose': {
        const dialog = options?.lookupDialog;
        const entities = entitiesOf(pop.candidates);
        if (dialog !== undefined && pop.candidates.length > 0) {
          const idField = (e: string) => options?.idFields?.[e] ?? `${e}id`;
          const filters = entities.map((e) => ({
            entityLogicalName: e,
            filterXml: `<filter type="or">${pop.candidates
              .filter((c) => c.entity === e)
              .map((c) => `<condition attribute="${xmlAttr(idField(e))}" operator="eq" value="${xmlAttr(c.id)}" />`)
              .join('')}</filter>`,
          }));
          const picked = await settle(
            'Xrm.Utility.lookupObjects',
            () => dialog.lookupObjects({ allowMultiSelect: false, defaultEntityType: entities[0] as string, entityTypes: entities, disableMru: true, filters }),
            timeoutMs,
          );
          const first = Array.isArray(picked) ? (picked[0] as { id?: unknown; entityType?: unknown } | undefined) : undefined;
          if (first === undefined) return { opened: 'nothing', reason: 'cancelled' };
          const chosen = pop.candidates.find((c) => c.entity === first.entityType && typeof first.id === 'string' && sameId(c.id, first.id));
          if (chosen === undefined) {
            throw new HostError('host_failed', `The lookup dialog returned ${hostMessage(first)}, which is not one of the ${pop.candidates.length} candidates.`, {
              hint: 'The dialog was limited to the candidates by filters; check the id fields (idFields option).',
            });
          }
          await settle('Xrm.Navigation.openForm', () => navigation.openForm({ entityName: chosen.entity, entityId: chosen.id }), timeoutMs);
          return { opened: 'record', via: 'Xrm.Utility.lookupObjects', entity: chosen.entity, id: chosen.id, chosenBy: 'agent' };
        }
        const searchText = searchTextOf(pop);
        const page: XrmSearchPageInput = { pageType: 'search', searchText, searchType: options?.searchType ?? 1, ...(entities.length > 0 ? { EntityNames: entities } : {}) };
        await settle('Xrm.Navigation.navigateTo', () => navigation.navigateTo(page), timeoutMs);
        return { opened: 'search', via: 'Xrm.Navigation.navigateTo', searchText, entities };
      }
    }
  });
}

/**
 * The part of `Xrm.WebApi` {@link createXrmLookup} uses.
 *
 * @example
 * ```ts
 * import type { XrmWebApi } from 'screenpop/dynamics';
 * const webApi: XrmWebApi = Xrm.WebApi;
 * ```
 */
export interface XrmWebApi {
  retrieveMultipleRecords(entityLogicalName: string, options?: string, maxPageSize?: number): HostThenable<{ entities: unknown[]; nextLink?: string }>;
}

/**
 * Options of {@link createXrmLookup}.
 *
 * @example
 * ```ts
 * import { createXrmLookup, type XrmLookupOptions } from 'screenpop/dynamics';
 * const options: XrmLookupOptions = { idFields: { new_site: 'new_siteid' }, timeoutMs: 8000 };
 * const adapter = createXrmLookup(Xrm.WebApi, options);
 * ```
 */
export interface XrmLookupOptions {
  /** Primary key attribute by logical name. Default `<entity>id`. */
  readonly idFields?: Readonly<Record<string, string>>;
  /** Longest wait for one search, in ms (`lookup_timeout`); 0 waits as long as Xrm takes. Default `0` (use `resolveScreenPop`'s deadline). */
  readonly timeoutMs?: number;
}

/**
 * Wraps what a host lookup rejected with as a {@link LookupError}. @internal
 */
export function lookupFailure(e: unknown, entity: string, what: string): LookupError {
  if (e instanceof LookupError) return e;
  if (e instanceof HostError && e.code === 'host_timeout') {
    return new LookupError('lookup_timeout', `The search of ${entity} through ${what} did not answer in time.`, { entity, cause: e, hint: 'Raise timeoutMs, or check the host.' });
  }
  const cause = e instanceof HostError && e.cause !== undefined ? e.cause : e;
  return new LookupError('lookup_failed', `The search of ${entity} through ${what} failed: ${hostMessage(cause)}.`, {
    entity,
    cause,
    hint: 'Check the entity and field names in the lookup configuration, and the user’s read privilege.',
  });
}

/**
 * A {@link LookupAdapter} over `Xrm.WebApi.retrieveMultipleRecords`, for code
 * running inside a model-driven app or a web resource (the agent's own
 * session: no token). Each search is one call with the same `$select`,
 * `$filter` (every phone field `eq` every variant, literals escaped as the
 * Dataverse adapter escapes them, the entity's filter `and`ed), `$orderby`
 * and `$top` the Dataverse adapter sends; what comes back is verified the
 * same way. No phone library: the variants come with the query.
 *
 * @throws `lookup_bad_option` ({@link LookupError}) when `webApi` has no `retrieveMultipleRecords`.
 * @example
 * ```ts
 * import { resolveScreenPop } from 'screenpop';
 * import { createXrmLookup, openInXrm } from 'screenpop/dynamics';
 * const adapter = createXrmLookup(parent.Xrm.WebApi);
 * const pop = await resolveScreenPop(call, { rows, user, adapter, crmUrl, defaultRegion: 'IE' });
 * await openInXrm(pop, parent.Xrm.Navigation);
 * ```
 */
export function createXrmLookup(webApi: XrmWebApi, options: XrmLookupOptions = {}): LookupAdapter {
  if (webApi === null || typeof webApi !== 'object' || typeof webApi.retrieveMultipleRecords !== 'function') {
    throw new LookupError('lookup_bad_option', 'createXrmLookup needs Xrm.WebApi (an object with retrieveMultipleRecords).', { hint: 'Pass Xrm.WebApi (in a web resource: parent.Xrm.WebApi).' });
  }
  const timeoutMs = options.timeoutMs ?? 0;
  if (!Number.isFinite(timeoutMs) || timeoutMs < 0) throw new LookupError('lookup_bad_option', `timeoutMs must be a finite number ≥ 0, not ${timeoutMs}.`, { hint: 'Fix timeoutMs.' });
  return {
    name: 'xrm',
    async find(query: LookupQuery, signal?: AbortSignal): Promise<LookupRecord[]> {
      const idField = options.idFields?.[query?.entity] ?? `${query?.entity}id`;
      if (checkQuery(query, idField)) return [];
      if (signal?.aborted) throw new LookupError('lookup_aborted', `The search of ${query.entity} was cancelled.`, { entity: query.entity });
      const ask = async (odata: string): Promise<unknown[]> => {
        let result: { entities: unknown[] };
        try {
          result = await abortable(settle('Xrm.WebApi.retrieveMultipleRecords', () => webApi.retrieveMultipleRecords(query.entity, odata), timeoutMs), signal, query.entity);
        } catch (e) {
          throw lookupFailure(e, query.entity, 'Xrm.WebApi');
        }
        const rows = result?.entities;
        if (!Array.isArray(rows)) {
          throw new LookupError('lookup_bad_response', `Xrm.WebApi answered the search of ${query.entity} without an entities array.`, { entity: query.entity });
        }
        return rows;
      };
      return searchVerified(query, idField, ask, (rows) => verifiedRecords(rows, query, { id: (r) => r[idField] }));
    },
  };
}

