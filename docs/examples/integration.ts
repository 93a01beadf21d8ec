/**
 * The five-line integration (docs landing page), runnable: a `dialerKVTable`
 * export, a CRM (in memory here; `createDataverseLookup` in production), a call,
 * and the pop. Then the popped page's side: read `Data=` with `screenpop/params`.
 *
 * In your project, import from `'screenpop'` and `'screenpop/params'`.
 * test/docs/examples.test.ts runs this file.
 */
import { parseKvCsv, createMemoryLookup, resolveScreenPop, type ScreenPop } from '../../src/index.js';
import { parseDataParam, type CallParams } from '../../src/params/index.js';

/** A `dialerKVTable` export, as Advanced Find writes it. */
export const KV_CSV = `Owner,Scope,Parent,Name,Key,Value,Type
Admin,global,,lookupEntities,inbound,"contact, account",string
Admin,global,,customURL_Rule,01,lookupCount=0 && direction=inbound => /WebResources/new_unknown_caller.html,
Admin,global,,customURL_Rule,02,fromParty.Key=contact && dnis=1234 => /WebResources/new_sales_cp.html,
Admin,global,,customURL_Rule,10,"fromParty.Key=contact, account => default",
`;

/** The host side: decide what to pop for an incoming call. */
export async function popForCall(telephoneNo: string, dnis: string): Promise<ScreenPop> {
  const crmUrl = 'https://contoso.crm4.dynamics.com';
  const rows = parseKvCsv(KV_CSV);
  const adapter = createMemoryLookup({ contact: [{ id: 'c1', fullname: 'Νεκταρία Κεφαλονίκα', telephone1: '086 856 1713' }] });
  const pop = await resolveScreenPop({ direction: 'inbound', telephoneNo, dnis }, { rows, user: 'dyn.crm06', adapter, crmUrl, defaultRegion: 'IE' });
  return pop; // in the host: if (pop.kind !== 'choose') window.open(pop.url)
}

/** The popped page's side: `location.search` in a browser. */
export function readCall(search: string): CallParams {
  return parseDataParam(search);
}
