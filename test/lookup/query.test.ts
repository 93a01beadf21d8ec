/**
 * The Dataverse adapter and the in-host lookups check a query and build its
 * OData request with the same code (src/lookup/query.ts): the same errors for
 * the same bad query, and the same `$select`/`$filter`/`$orderby`/`$top`.
 */
import { describe, expect, it } from 'vitest';
import { odataOptions } from '../../src/hosts/shared/odata.js';
import { parseCondition } from '../../src/parser/index.js';
import { checkQuery, describeValue } from '../../src/lookup/query.js';
import type { LookupQuery } from '../../src/lookup/types.js';
import { recordingDataverse } from './recording-dataverse.js';

function dataverse(): { find: (q: LookupQuery) => Promise<unknown>; urls: string[] } {
  const { adapter, urls } = recordingDataverse();
  return { find: (q) => adapter.find(q), urls };
}

const base: LookupQuery = {
  entity: 'contact',
  phoneFields: ['telephone1', 'mobilephone'],
  variants: ['+44 20 7946 0958', "0'20"],
  numbers: ['+442079460958'],
  displayField: 'fullname',
  limit: 10,
};

describe('checkQuery: one check for every OData lookup', () => {
  const bad: [string, Partial<LookupQuery> & Record<string, unknown>, RegExp][] = [
    ['a phone field that is not a logical name', { phoneFields: ['telephone1', 'tel$1'] }, /The phone field "tel\$1" is not a Dataverse name\./],
    ['a display field that is not text', { displayField: 7 as unknown as string }, /The display field 7 is not a Dataverse name\./],
    ['a limit past 5000', { limit: 5001 }, /limit must be a whole number up to 5000, got 5001\./],
    ['a fractional limit', { limit: 1.5 }, /got 1\.5\./],
    ['a variant that is not text', { variants: ['+1', {} as unknown as string] }, /A variant is a object, not text\./],
  ];
  for (const [what, change, message] of bad) {
    it(`refuses ${what}, in the Dataverse adapter and in the shared check alike`, async () => {
      const q = { ...base, ...change } as LookupQuery;
      expect(() => checkQuery(q, 'contactid')).toThrow(message);
      const { find, urls } = dataverse();
      await expect(find(q)).rejects.toMatchObject({ code: 'lookup_bad_option', message: expect.stringMatching(message) });
      expect(urls).toEqual([]); // nothing was asked
    });
  }

  it('refuses an entity set that is not a logical name (Dataverse only names one)', () => {
    expect(() => checkQuery(base, 'contactid', 'contacts?$top=1')).toThrow(/The entity set "contacts\?\$top=1" is not a Dataverse name\./);
  });

  it('says there is nothing to search for no phone fields, no variants or limit 0, and still checks the names', () => {
    expect(checkQuery({ ...base, variants: [] }, 'contactid')).toBe(true);
    expect(checkQuery({ ...base, phoneFields: [] }, 'contactid')).toBe(true);
    expect(checkQuery({ ...base, limit: 0 }, 'contactid')).toBe(true);
    expect(checkQuery(base, 'contactid')).toBe(false);
    expect(() => checkQuery({ ...base, variants: [], displayField: 'full name' }, 'contactid')).toThrow(/display field "full name"/);
  });

  it('describes values without calling their toString', () => {
    const evil = { toString: () => { throw new Error('no'); } };
    expect(describeValue(evil)).toBe('a object');
    expect(describeValue('x'.repeat(100))).toBe(JSON.stringify(`${'x'.repeat(80)}…`));
    expect([null, undefined, 3, [1]].map(describeValue)).toEqual(['null', 'undefined', '3', 'an array']);
  });
});

describe('odataParts: the same request from the Dataverse adapter and the in-host lookups', () => {
  for (const [what, q] of [
    ['plain', base],
    ['with an entity filter and lastDigits', { ...base, filter: parseCondition("statecode=0 && !(lastname=X)", { anyField: true }), e164: '+442079460958', lastDigits: 9 }],
  ] as const) {
    it(`${what}: the adapter's query string is odataOptions's`, async () => {
      const { find, urls } = dataverse();
      await find(q as LookupQuery);
      expect(urls).toHaveLength(1);
      const url = urls[0]!;
      // The same text; the adapter also encodes `'` (%27), as fetch's URL parser would.
      expect(url.slice(url.indexOf('?'))).toBe(odataOptions(q as LookupQuery, 'contactid').replace(/'/g, '%27'));
      expect(url.startsWith('https://org.example.crm.dynamics.com/api/data/v9.2/contacts?')).toBe(true);
      // The apostrophe in a variant is doubled, as OData literals need.
      expect(decodeURIComponent(url)).toContain("telephone1 eq '0''20'");
    });
  }
});
