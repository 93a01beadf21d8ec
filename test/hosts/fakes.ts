/**
 * Fakes of the host objects, recording every call, shaped as the hosts'
 * documentation describes them (learn.microsoft.com for Xrm and CIF 1.0/2.0,
 * developer.salesforce.com for Lightning Open CTI):
 *
 * - `Xrm.Navigation`: xrm-mock's NavigationStaticMock (a well-kept fake).
 * - `Xrm.WebApi.retrieveMultipleRecords(entity, options)`: sends
 *   `GET <entity set><options>` to a Web API (the local OData server), as the
 *   real one does, resolving `{ entities }` or rejecting with Xrm's
 *   `{ errorCode, message }`.
 * - `Microsoft.CIFramework`: `openForm(JSON, JSON)` and
 *   `searchAndOpenRecords(entity, query, searchOnly)` resolve to JSON text
 *   (records keyed "0", "1", …), `renderSearchPage(entity, text, type)`;
 *   2.0 takes a trailing `correlationId`. A call can be held past CIF's 10 s.
 * - `sforce.opencti`: `SCREENPOP_TYPE` and `CALL_TYPE` constants,
 *   `screenPop({ type, params, callback })`, `searchAndScreenPop({ searchParams,
 *   callType, deferred, callback })`; callbacks get `{ success, returnValue,
 *   errors }`; SEARCH needs ≥ 3 characters; URL needs a relative path.
 */
import { entitySetName } from '../../src/lookup/dataverse.js';

export interface Call {
  readonly method: string;
  readonly args: readonly unknown[];
}

type Rows = Readonly<Record<string, ReadonlyArray<Readonly<Record<string, unknown>>>>>;

/** Xrm.WebApi over a Web API root (e.g. the local OData server's `/api/data/v9.2/`). */
export function fakeXrmWebApi(root: string, token: string) {
  const calls: Call[] = [];
  return {
    calls,
    retrieveMultipleRecords(entityLogicalName: string, options?: string, maxPageSize?: number): Promise<{ entities: unknown[]; nextLink?: string }> {
      calls.push({ method: 'retrieveMultipleRecords', args: [entityLogicalName, options, maxPageSize] });
      return (async () => {
        const res = await fetch(`${root}${entitySetName(entityLogicalName)}${options ?? ''}`, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });
        const body = (await res.json()) as { value?: unknown[]; error?: { message?: string } };
        // Xrm rejects with a plain object, not an Error.
        if (!res.ok) throw { errorCode: 2147746581, message: body.error?.message ?? `HTTP ${res.status}` };
        return { entities: body.value ?? [] };
      })();
    },
  };
}

/** Microsoft.CIFramework, 1.0 or 2.0, searching `records` (entity → rows with `id`) through `evaluate`. */
export function fakeCif(options: { version: 1 | 2; search?: (entity: string, query: string) => Promise<unknown[]>; holdMs?: number }) {
  const calls: Call[] = [];
  const later = <T>(v: T): Promise<T> => new Promise((resolve) => setTimeout(() => resolve(v), options.holdMs ?? 0));
  return {
    calls,
    openForm(entityFormOptions: string, entityFormParameters?: string, correlationId?: string): Promise<string> {
      calls.push({ method: 'openForm', args: options.version === 2 ? [entityFormOptions, entityFormParameters, correlationId] : [entityFormOptions, entityFormParameters] });
      if (typeof entityFormOptions !== 'string') return Promise.reject(new Error('entityFormOptions must be a JSON string'));
      const o = JSON.parse(entityFormOptions) as { entityName?: string; entityId?: string };
      if (!o.entityName) return Promise.reject(new Error('entityName is required'));
      return later(JSON.stringify({ savedEntityReference: o.entityId ? [{ entityType: o.entityName, id: o.entityId }] : [] }));
    },
    searchAndOpenRecords(entityLogicalName: string, queryParameters: string, searchOnly: boolean, ...rest: unknown[]): Promise<string> {
      calls.push({ method: 'searchAndOpenRecords', args: [entityLogicalName, queryParameters, searchOnly, ...rest] });
      if (!options.search) return Promise.reject(new Error('no search'));
      return options.search(entityLogicalName, queryParameters).then((rows) => later(JSON.stringify(Object.fromEntries(rows.map((r, i) => [String(i), r])))));
    },
    renderSearchPage(entityLogicalName: string, searchString: string, searchType?: number, correlationId?: string): Promise<void> {
      calls.push({ method: 'renderSearchPage', args: options.version === 2 ? [entityLogicalName, searchString, searchType, correlationId] : [entityLogicalName, searchString, searchType] });
      return later(undefined);
    },
  };
}

export interface OpenCtiRecord {
  readonly Id: string;
  readonly Name: string;
  readonly RecordType: string;
  readonly [field: string]: unknown;
}

/**
 * sforce.opencti (Lightning). `searchAndScreenPop` searches `records` as
 * Salesforce's phone search does, ignoring formatting: a record matches when
 * one of its string fields has the search's digits (or the same last 9
 * digits); it returns the records keyed by Id plus SCREEN_POP_DATA.
 */
export function fakeOpenCti(records: readonly OpenCtiRecord[] = [], options: { fail?: string } = {}) {
  const calls: Call[] = [];
  const digits = (s: string) => s.replace(/\D/g, '');
  const respond = (callback: ((r: unknown) => void) | undefined, r: unknown): void => {
    setTimeout(() => callback?.(r), 0);
  };
  return {
    calls,
    SCREENPOP_TYPE: { SOBJECT: 'sobject', URL: 'url', OBJECTHOME: 'objecthome', LIST: 'list', SEARCH: 'search', NEW_RECORD_MODAL: 'newRecord', FLOW: 'flow' },
    CALL_TYPE: { INBOUND: 'inbound', OUTBOUND: 'outbound', INTERNAL: 'internal' },
    screenPop(args: { type: string; params: Record<string, unknown>; callback?: (r: unknown) => void }): void {
      calls.push({ method: 'screenPop', args: [args.type, args.params] });
      const fail = (message: string) => respond(args.callback, { success: false, returnValue: null, errors: [{ description: message }] });
      if (options.fail) return fail(options.fail);
      if (args.type === 'search' && String(args.params['searchString'] ?? '').length < 3) return fail('searchString must have at least 3 characters');
      if (args.type === 'url' && !String(args.params['url'] ?? '').startsWith('/')) return fail('url must be a relative path');
      if (!Object.values(this.SCREENPOP_TYPE).includes(args.type)) return fail(`unknown type ${args.type}`);
      respond(args.callback, { success: true, returnValue: true, errors: null });
    },
    searchAndScreenPop(args: { searchParams: string; callType: string; deferred?: boolean; callback?: (r: unknown) => void }): void {
      calls.push({ method: 'searchAndScreenPop', args: [args.searchParams, args.callType, args.deferred] });
      if (options.fail) return respond(args.callback, { success: false, returnValue: null, errors: [{ description: options.fail }] });
      const want = digits(args.searchParams);
      const found = records.filter((r) =>
        Object.values(r).some((v) => typeof v === 'string' && want.length >= 3 && (digits(v) === want || (want.length >= 9 && digits(v).length >= 9 && digits(v).slice(-9) === want.slice(-9)) || v.toLowerCase() === args.searchParams.toLowerCase())),
      );
      const returnValue: Record<string, unknown> = Object.fromEntries(found.map((r) => [r.Id, { ...r }]));
      returnValue['SCREEN_POP_DATA'] = found.length === 1 ? { type: 'sobject', params: { recordId: found[0]!.Id } } : { type: 'search', params: { searchString: args.searchParams } };
      respond(args.callback, { success: true, returnValue, errors: null });
    },
  };
}

/** Contract fixture rows (entity → rows with `id`) as Open CTI records. */
export function openCtiRecords(rows: Rows): OpenCtiRecord[] {
  const out: OpenCtiRecord[] = [];
  for (const [entity, list] of Object.entries(rows)) {
    for (const { id, ...rest } of list) {
      const name = (rest['fullname'] ?? rest['name'] ?? '') as string;
      out.push({ ...rest, Id: String(id), Name: name, RecordType: entity.charAt(0).toUpperCase() + entity.slice(1) });
    }
  }
  return out;
}
