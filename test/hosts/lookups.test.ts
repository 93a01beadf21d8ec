/**
 * The in-host lookups through the shared adapter contract, against faithful
 * fakes: Xrm.WebApi and CIF over the local OData server (a real OData parser
 * evaluates the `$filter` they send), Open CTI over a phone search. Hostile
 * caller IDs never widen a filter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defaultParser } from '@odata/parser';
import { createCifLookup, createXrmLookup } from '../../src/hosts/dynamics/index.js';
import { createOpenCtiLookup } from '../../src/hosts/salesforce/index.js';
import { phoneVariants } from '../../src/lookup/phone.js';
import { lastDigitsMatch, plainNumber } from '../../src/hosts/shared/stored.js';
import { verifiedRecords } from '../../src/hosts/shared/odata.js';
import { getCountries, getCountryCallingCode, getExampleNumber, parsePhoneNumberFromString } from 'libphonenumber-js';
import examples from 'libphonenumber-js/mobile/examples';
import type { LookupQuery } from '../../src/lookup/types.js';
import { runAdapterContract } from '../lookup/adapter.contract.js';
import { contractRecords, londonQuery } from '../fixtures/lookup.cases.js';
import { startODataServer, type ODataServer } from '../lookup/odata-server.js';
import { fakeCif, fakeOpenCti, fakeXrmWebApi, openCtiRecords } from './fakes.js';

let server: ODataServer;
beforeAll(async () => {
  server = await startODataServer();
});
afterAll(async () => {
  await server.close();
});
const root = () => `${server.baseUrl}/api/data/v9.2/`;

runAdapterContract({
  name: 'xrm (Xrm.WebApi)',
  make(records) {
    server.setRecords(records);
    return createXrmLookup(fakeXrmWebApi(root(), server.token));
  },
});

for (const version of [1, 2] as const) {
  runAdapterContract({
    name: `cif ${version}.0 (Microsoft.CIFramework)`,
    make(records) {
      server.setRecords(records);
      const web = fakeXrmWebApi(root(), server.token);
      const cif = fakeCif({ version, search: async (entity, query) => (await web.retrieveMultipleRecords(entity, query)).entities });
      return createCifLookup(cif, { version, ...(version === 2 ? { correlationId: 'corr-1' } : {}) });
    },
  });
}

runAdapterContract({
  name: 'opencti (sforce.opencti)',
  make(records) {
    return createOpenCtiLookup(fakeOpenCti(openCtiRecords(records)));
  },
  skip: {
    'missing field':
      'Open CTI returns only the fields the softphone layout displays, so a filter on a field no returned record carries is refused (lookup_unsupported_filter) rather than read as empty',
    'stored extensions':
      "Open CTI searches Salesforce's own phone index with one text; which stored values it returns is Salesforce's choice (the fake returns whole-number matches only). What comes back is verified as by the other host lookups: another extension or a longer number never matches",
  },
});

const query = londonQuery;

describe('createXrmLookup', () => {
  it('sends the Dataverse adapter’s $select, $filter, $orderby and $top to retrieveMultipleRecords', async () => {
    server.setRecords(contractRecords);
    const web = fakeXrmWebApi(root(), server.token);
    const found = await createXrmLookup(web).find(query({ limit: 3 }));
    expect(found.map((r) => r.id)).toEqual(['c1', 'c2', 'c4']);
    expect(web.calls).toHaveLength(1);
    const [entity, options] = web.calls[0]!.args as [string, string];
    expect(entity).toBe('contact');
    const params = new URLSearchParams(options.slice(1));
    expect(params.get('$select')).toBe('contactid,fullname,telephone1,mobilephone,modifiedon');
    expect(params.get('$filter')).toContain("telephone1 eq '+442079460958' or ");
    expect(params.get('$orderby')).toBe('fullname asc,contactid asc');
    expect(params.get('$top')).toBe('3');
  });

  it('turns Xrm’s { errorCode, message } rejection into lookup_failed, and refuses a non-WebApi', async () => {
    server.setRecords(contractRecords);
    const err = await createXrmLookup(fakeXrmWebApi(root(), server.token)).find(query({ entity: 'nosuch', displayField: 'name' })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'lookup_failed', entity: 'nosuch' });
    expect(String((err as Error).message)).toContain("Resource not found for the segment '/api/data/v9.2/nosuches'. (error code 2147746581)");
    expect(() => createXrmLookup({} as never)).toThrow(expect.objectContaining({ code: 'lookup_bad_option' }));
  });

  it('drops rows the host returns that do not hold the number (verification)', async () => {
    const web = { retrieveMultipleRecords: async () => ({ entities: [{ contactid: 'x', fullname: 'Not Me', telephone1: '+15550100' }, { contactid: 'c1', fullname: 'Ann', telephone1: '020 7946 0958' }] }) };
    expect((await createXrmLookup(web).find(query())).map((r) => r.id)).toEqual(['c1']);
  });

  it('rejects with lookup_aborted when the signal aborts', async () => {
    const web = { retrieveMultipleRecords: () => new Promise<never>(() => undefined) };
    const controller = new AbortController();
    const p = createXrmLookup(web).find(query(), controller.signal);
    controller.abort();
    await expect(p).rejects.toMatchObject({ code: 'lookup_aborted' });
  });
});

describe('createCifLookup', () => {
  it('calls searchAndOpenRecords(entity, query, true): search only; 2.0 adds the correlationId', async () => {
    server.setRecords(contractRecords);
    const web = fakeXrmWebApi(root(), server.token);
    for (const version of [1, 2] as const) {
      const cif = fakeCif({ version, search: async (entity, q) => (await web.retrieveMultipleRecords(entity, q)).entities });
      await createCifLookup(cif, { version, correlationId: 'corr-9' }).find(query());
      const args = cif.calls[0]!.args;
      expect(args[0]).toBe('contact');
      expect(String(args[1])).toMatch(/^\?\$select=/);
      expect(args[2]).toBe(true);
      expect(args.slice(3)).toEqual(version === 2 ? ['corr-9'] : []);
    }
  });

  it('gives up after timeoutMs (CIF answers within 10 s or not at all) with lookup_timeout', async () => {
    const cif = fakeCif({ version: 1, search: async () => [], holdMs: 200 });
    await expect(createCifLookup(cif, { timeoutMs: 20 }).find(query())).rejects.toMatchObject({ code: 'lookup_timeout', entity: 'contact' });
  });

  it('reports text that is not JSON as lookup_bad_response', async () => {
    const cif = { ...fakeCif({ version: 1 }), searchAndOpenRecords: async () => 'not json' };
    await expect(createCifLookup(cif).find(query())).rejects.toMatchObject({ code: 'lookup_bad_response' });
  });
});

describe('createOpenCtiLookup', () => {
  it('searches once for every entity of a call (deferred: true) and maps records by RecordType', async () => {
    const opencti = fakeOpenCti(openCtiRecords(contractRecords));
    const adapter = createOpenCtiLookup(opencti);
    const q = query({ e164: '+306946186715', variants: phoneVariants('+306946186715') });
    const [contacts, orders] = await Promise.all([adapter.find(q), adapter.find({ ...q, entity: 'salesorder', phoneFields: ['billto_telephone'], displayField: 'name' })]);
    expect(contacts.map((r) => r.id)).toEqual(['c7']);
    expect(orders.map((r) => [r.entity, r.id, r.field])).toEqual([['salesorder', 'o2', 'billto_telephone'], ['salesorder', 'o1', 'billto_telephone']]); // no filter in this query: the closed order o2 too
    expect(opencti.calls).toEqual([{ method: 'searchAndScreenPop', args: ['+306946186715', 'inbound', true] }]);
  });

  it('turns success: false into lookup_failed with Open CTI’s errors as the cause', async () => {
    const err = await createOpenCtiLookup(fakeOpenCti([], { fail: 'No call center' })).find(query()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'lookup_failed', entity: 'contact' });
    expect(String((err as Error).message)).toContain('No call center');
  });
});

describe('hostile caller IDs never widen a filter', () => {
  // The parse tree with every literal replaced: only the structure remains. Control
  // characters (sent percent-encoded; the OData grammar has no raw form for them)
  // become '_' first: inside a literal they change nothing, outside they would show.
  const shape = (filter: string): string =>
    JSON.stringify(defaultParser.filter(filter.replace(/[\u0000-\u001f\u007f]/g, '_')) as unknown, (k, v: unknown) =>
      k === 'raw' || k === 'position' || k === 'next' ? undefined : v && typeof v === 'object' && (v as { type?: string }).type === 'Literal' ? 'LIT' : v,
    );
  // The $filter as it travels in the URL (percent-encoded): the text the OData ABNF describes,
  // where SQUOTE is "'" or "%27" and a literal "%" arrives as "%25".
  const filterOf = (options: string | undefined): string =>
    ((options ?? '').slice(1).split('&').find((p) => p.startsWith('$filter=')) ?? '').slice('$filter='.length);
  const hostile = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom("1' or 1 eq 1", "x') or (statecode eq 1", '%27 or true', "'''", "'\u0000'", ") or contains(fullname,'a'"));

  for (const via of ['Xrm.WebApi', 'Microsoft.CIFramework'] as const) {
    it(`${via}: the $filter sent parses to the same structure whatever the variants hold (10,000 runs)`, async () => {
      let sent = '';
      const adapter =
        via === 'Xrm.WebApi'
          ? createXrmLookup({ retrieveMultipleRecords: async (_e: string, options?: string) => ((sent = filterOf(options)), { entities: [] }) })
          : createCifLookup({ ...fakeCif({ version: 1 }), searchAndOpenRecords: async (_e: string, q: string) => ((sent = filterOf(q)), '{}') });
      const q = (v: string): LookupQuery => query({ phoneFields: ['telephone1'], variants: [v], filter: { kind: 'compare', field: 'statecode', op: '=', values: [{ kind: 'number', value: 0 }] } });
      await adapter.find(q('x'));
      const expected = shape(sent);
      expect(expected).toContain('AndExpression');
      await fc.assert(
        fc.asyncProperty(hostile, async (callerId) => {
          await adapter.find(q(callerId));
          expect(shape(sent)).toBe(expected);
        }),
        { numRuns: 10_000 },
      );
    }, 120_000);
  }
});

describe('verification without a phone library: the variants, ignoring punctuation', () => {
  // Judged by libphonenumber-js: its example numbers and its formatting.
  const regions = getCountries().filter((r) => getExampleNumber(r, examples) !== undefined);
  const callingCodes = [...new Set(regions.map((r) => getCountryCallingCode(r)))];
  const variants = new Map<string, string[]>();
  const variantsOf = (e164: string): string[] => variants.get(e164) ?? (variants.set(e164, phoneVariants(e164)), variants.get(e164)!);
  const verify = (stored: string, e164: string, lastDigits?: number) =>
    verifiedRecords([{ id: 'x', name: 'X', phone: stored }], { entity: 'contact', phoneFields: ['phone'], displayField: 'name', limit: 10, variants: variantsOf(e164), e164, ...(lastDigits === undefined ? {} : { lastDigits }) }, { id: (r) => r['id'] }).length === 1;

  it('finds a caller stored as libphonenumber writes it (E.164, international, national, with an extension); never a number of another country with the same digits (10,000 runs)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...regions), fc.constantFrom(...callingCodes), fc.constantFrom(undefined, 7, 9), (region, otherCode, lastDigits) => {
        const a = getExampleNumber(region, examples)!;
        const e164 = a.number;
        for (const format of ['E.164', 'INTERNATIONAL', 'NATIONAL'] as const) expect(verify(a.format(format), e164, lastDigits)).toBe(true);
        expect(verify(`${a.format('INTERNATIONAL')} ext. 12`, e164, lastDigits)).toBe(true);
        if (otherCode === a.countryCallingCode) return;
        // Another country's number with the caller's national digits: every international writing of it is refused.
        const b = parsePhoneNumberFromString(`+${otherCode}${a.nationalNumber}`);
        const writings = [`+${otherCode}${a.nationalNumber}`, `00${otherCode}${a.nationalNumber}`, `+${otherCode} ${a.nationalNumber}`];
        if (b) writings.push(b.format('INTERNATIONAL'), b.format('E.164'));
        for (const w of writings) expect(verify(w, e164, lastDigits)).toBe(false);
      }),
      { numRuns: 10_000 },
    );
  }, 120_000);

  it('plainNumber keeps a leading + and the digits, drops punctuation and extensions, and marks text', () => {
    expect(plainNumber('+44 (20) 7946-0958 x12')).toBe('+442079460958');
    expect(plainNumber('0044 20 7946 0958')).toBe('00442079460958');
    expect(plainNumber('020 7946 0958;ext=1')).toBe('02079460958');
    expect(plainNumber("1' or 1 eq 1")).toBe("=1' or 1 eq 1");
    expect(plainNumber('anonymous')).toBe('=anonymous');
    expect(lastDigitsMatch('9-02079460958', '+442079460958', 9)).toBe(true);
    expect(lastDigitsMatch('+1 207 946 0958', '+442079460958', 9)).toBe(false);
    expect(lastDigitsMatch('0012079460958', '+442079460958', 9)).toBe(false);
  });
});
