import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDataverseLookup, entitySetName, type DataverseLookupOptions } from '../../src/lookup/dataverse.js';
import { LookupError } from '../../src/lookup/errors.js';
import { cmp, contractRecords, londonQuery } from '../fixtures/lookup.cases.js';
import { runAdapterContract } from './adapter.contract.js';
import { startODataServer, type ODataServer } from './odata-server.js';

let server: ODataServer;
beforeAll(async () => {
  server = await startODataServer();
});
afterAll(async () => {
  await server.close();
});

const noSleep = async (): Promise<void> => {};
const adapterFor = (over: Partial<DataverseLookupOptions> = {}) =>
  createDataverseLookup({ baseUrl: server.baseUrl, getToken: async () => server.token, backoffMs: 1, sleep: noSleep, ...over });

runAdapterContract({
  name: 'dataverse',
  make(records) {
    server.setRecords(records);
    return adapterFor();
  },
});

const query = londonQuery;

describe('createDataverseLookup', () => {
  beforeEach(() => {
    server.setRecords(contractRecords);
    server.reset();
  });

  it('sends one Web API request with $select, $filter, $orderby, $top and the bearer token', async () => {
    const found = await adapterFor().find(query({ limit: 3, filter: cmp('statecode', '!=', 1, 2) }));
    expect(found.map((r) => r.id)).toEqual(['c1', 'c2', 'c5']);
    expect(server.requests).toHaveLength(1);
    const [req] = server.requests;
    expect(req?.path).toBe('/api/data/v9.2/contacts');
    expect(req?.authorization).toBe('Bearer test-token');
    expect(req?.params['$select']).toBe('contactid,fullname,telephone1,mobilephone,modifiedon');
    expect(req?.params['$top']).toBe('3');
    expect(req?.params['$orderby']).toBe('fullname asc,contactid asc');
    expect(req?.params['$filter']).toMatch(
      /^\(telephone1 eq '\+442079460958' or telephone1 eq '\+44 20 7946 0958' or .* or mobilephone eq '00442079460958'\) and \(statecode ne 1 and statecode ne 2\)$/,
    );
  });

  it('escapes quotes in variants and filters as OData string literals', async () => {
    await adapterFor().find(query({ phoneFields: ['telephone1'], variants: ["1' or 1 eq 1"], filter: cmp('lastname', '=', "O'Brien") }));
    expect(server.requests[0]?.params['$filter']).toBe("(telephone1 eq '1'' or 1 eq 1') and lastname eq 'O''Brien'");
  });

  it('uses entity set names, overrides and an /api/data/ base URL as given', async () => {
    expect(entitySetName('contact')).toBe('contacts');
    expect(entitySetName('salesorder')).toBe('salesorders');
    expect(entitySetName('opportunity')).toBe('opportunities');
    expect(entitySetName('new_company')).toBe('new_companies');
    expect(entitySetName('new_address')).toBe('new_addresses');
    expect(entitySetName('new_day')).toBe('new_days');
    server.setRecords({ new_site: [{ id: 's1', new_name: 'Depot', new_phone: '+442079460958' }] });
    // the server serves new_sites; ask for it under another set name through config and options
    const viaQuery = await adapterFor().find(query({ entity: 'new_site', entitySet: 'new_sites', phoneFields: ['new_phone'], displayField: 'new_name' }));
    expect(viaQuery.map((r) => r.id)).toEqual(['s1']);
    const viaOptions = adapterFor({ baseUrl: `${server.baseUrl}/api/data/v9.2/`, entitySets: { new_site: 'new_sites' } });
    expect((await viaOptions.find(query({ entity: 'new_site', phoneFields: ['new_phone'], displayField: 'new_name' }))).map((r) => r.id)).toEqual(['s1']);
  });

  it('retries a 429 after its Retry-After', async () => {
    const waits: number[] = [];
    server.script({ status: 429, headers: { 'retry-after': '0' } }, { status: 429, headers: { 'retry-after': '2' } });
    const found = await adapterFor({ sleep: async (ms) => void waits.push(ms) }).find(query());
    expect(found.map((r) => r.id)).toEqual(['c1', 'c2', 'c4', 'c5']);
    expect(server.requests).toHaveLength(3);
    expect(waits).toEqual([0, 2000]);
  });

  it('retries a 500 with exponential backoff, then succeeds', async () => {
    const waits: number[] = [];
    server.script({ status: 500 }, { status: 502 });
    const found = await adapterFor({ backoffMs: 10, sleep: async (ms) => void waits.push(ms) }).find(query());
    expect(found).toHaveLength(4);
    expect(waits).toEqual([10, 20]);
  });

  it('retries 503 with the real timer (Retry-After: 0)', async () => {
    server.script({ status: 503, headers: { 'retry-after': '0' } });
    const found = await createDataverseLookup({ baseUrl: server.baseUrl, getToken: async () => server.token }).find(query());
    expect(found).toHaveLength(4);
    expect(server.requests).toHaveLength(2);
  });

  it('gives up after maxRetries with lookup_http_status carrying entity, status and attempts', async () => {
    server.script({ status: 503 }, { status: 503 }, { status: 503 });
    const err = await adapterFor({ maxRetries: 2 }).find(query()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LookupError);
    expect(err).toMatchObject({ code: 'lookup_http_status', entity: 'contact', status: 503, attempts: 3 });
  });

  it('does not retry a Retry-After longer than maxRetryAfterMs', async () => {
    server.script({ status: 429, headers: { 'retry-after': '120' } });
    await expect(adapterFor().find(query())).rejects.toMatchObject({ code: 'lookup_http_status', status: 429, attempts: 1 });
  });

  it('does not retry a 400 and reports Dataverse’s message', async () => {
    const err = (await adapterFor().find(query({ phoneFields: ['telephone1'], filter: cmp('fullname', '=', 1) })).catch((e: unknown) => e)) as LookupError;
    expect(err).toMatchObject({ code: 'lookup_http_status', status: 400, attempts: 1, entity: 'contact' });
    expect(err.detail).toMatch(/type mismatch/);
    const missing = (await adapterFor().find(query({ entity: 'new_nothing' })).catch((e: unknown) => e)) as LookupError;
    expect(missing).toMatchObject({ code: 'lookup_http_status', status: 404 });
  });

  it('times out a slow request with lookup_timeout and does not retry it', async () => {
    server.script({ delayMs: 300 });
    const err = await adapterFor({ timeoutMs: 30 }).find(query()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'lookup_timeout', entity: 'contact', attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it('reports a body that is not JSON or has no value array', async () => {
    server.script({ status: 200, body: '<html>' });
    await expect(adapterFor().find(query())).rejects.toMatchObject({ code: 'lookup_bad_response', entity: 'contact' });
    server.script({ status: 200, body: '{"values":[]}' });
    await expect(adapterFor().find(query())).rejects.toMatchObject({ code: 'lookup_bad_response' });
  });

  it('retries network errors, then fails with lookup_network', async () => {
    let calls = 0;
    const failing: typeof fetch = async () => {
      calls++;
      throw new TypeError('fetch failed');
    };
    const err = await adapterFor({ fetch: failing, maxRetries: 2 }).find(query()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'lookup_network', attempts: 3 });
    expect(calls).toBe(3);
  });

  it('wraps a failing token provider and honours an aborted signal', async () => {
    const bad = adapterFor({ getToken: async () => Promise.reject(new Error('no credentials')) });
    await expect(bad.find(query())).rejects.toMatchObject({ code: 'lookup_failed', entity: 'contact' });
    const controller = new AbortController();
    controller.abort();
    await expect(adapterFor().find(query(), controller.signal)).rejects.toMatchObject({ code: 'lookup_aborted' });
    expect(server.requests).toHaveLength(0);
  });

  it('refuses unusable names and options with lookup_bad_option', async () => {
    await expect(adapterFor().find(query({ phoneFields: ["telephone1 eq '1' or x"] }))).rejects.toMatchObject({ code: 'lookup_bad_option' });
    expect(() => createDataverseLookup({ baseUrl: 'not a url', getToken: async () => '' })).toThrowError(LookupError);
    expect(() => createDataverseLookup({ baseUrl: 'ftp://x', getToken: async () => '' })).toThrowError(/http/);
    expect(() => createDataverseLookup({ baseUrl: server.baseUrl, getToken: async () => '', timeoutMs: -1 })).toThrowError(/timeoutMs/);
    expect(server.requests).toHaveLength(0);
  });
});

describe('Dataverse adapter: malformed queries', () => {
  it('refuses a missing query or an unbounded limit before any request', async () => {
    let calls = 0;
    const adapter = createDataverseLookup({
      baseUrl: 'https://crm.example.com',
      getToken: async () => 't',
      fetch: (async () => {
        calls++;
        return new Response('{"value":[]}');
      }) as typeof fetch,
    });
    await expect(adapter.find(null as never)).rejects.toMatchObject({ code: 'lookup_bad_option' });
    const q = { entity: 'contact', phoneFields: ['telephone1'], variants: ['+353868561713'], displayField: 'fullname' };
    await expect(adapter.find({ ...q, limit: Number.NaN })).rejects.toMatchObject({ code: 'lookup_bad_option' });
    await expect(adapter.find({ ...q, limit: 1e9 })).rejects.toMatchObject({ code: 'lookup_bad_option' });
    expect(calls).toBe(0);
  });
});
