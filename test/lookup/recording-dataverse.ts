/**
 * A Dataverse adapter over a fake `fetch` that answers every search with no
 * rows and records each request URL, and the queries it was given.
 */
import { createDataverseLookup } from '../../src/lookup/dataverse.js';
import type { LookupAdapter, LookupQuery } from '../../src/lookup/types.js';

export function recordingDataverse(): { adapter: LookupAdapter; queries: LookupQuery[]; urls: string[] } {
  const urls: string[] = [];
  const queries: LookupQuery[] = [];
  const dv = createDataverseLookup({
    baseUrl: 'https://org.example.crm.dynamics.com',
    getToken: async () => 'token',
    fetch: (async (url: string | URL) => {
      urls.push(String(url));
      return new Response(JSON.stringify({ value: [] }), { status: 200, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch,
  });
  // A spread keeps the adapter's own markers; `find` records the query first.
  const adapter: LookupAdapter = { ...dv, find: (q, signal) => (queries.push(q), dv.find(q, signal)) };
  return { adapter, queries, urls };
}
