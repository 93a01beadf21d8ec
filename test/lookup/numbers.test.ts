/**
 * `LookupQuery.numbers` (the variants as canonical numbers, built without
 * formatting) and the lazily formatted `variants`: the same set, whatever the
 * country; formatted only when an adapter reads them; plain data to spreads
 * and JSON.
 */
import { getCountries, getExampleNumber, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import examples from 'libphonenumber-js/examples.mobile.json';
import { describe, expect, it } from 'vitest';
import { lookupCaller } from '../../src/lookup/lookup.js';
import { createMemoryLookup } from '../../src/lookup/memory.js';
import { canonicalPhone, numberForms, phoneVariants, variantsOf } from '../../src/lookup/phone.js';
import type { LookupAdapter, LookupConfig, LookupQuery } from '../../src/lookup/types.js';

const config: LookupConfig = {
  entities: [
    { entity: 'contact', phoneFields: ['telephone1'], displayField: 'fullname' },
    { entity: 'lead', phoneFields: ['telephone1'], displayField: 'fullname' },
  ],
};

describe('numberForms', () => {
  it('is exactly the canonical forms of the variants, for every country libphonenumber-js has an example of', () => {
    let checked = 0;
    for (const country of getCountries()) {
      const example = getExampleNumber(country as CountryCode, examples);
      if (!example) continue;
      const p = parsePhoneNumberFromString(example.number)!;
      for (const national of [true, false]) {
        const expected = [...new Set(variantsOf(p, national).map(canonicalPhone))].sort();
        expect([...numberForms(p, national)].sort(), `${country} ${p.number} national=${national}`).toEqual(expected);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('lists E.164, the digits with the country code, the national digits and the national number, once each', () => {
    expect(numberForms(parsePhoneNumberFromString('+442079460958')!, true)).toEqual(['+442079460958', '442079460958', '02079460958', '2079460958']);
    expect(numberForms(parsePhoneNumberFromString('+12125550100')!, true)).toEqual(['+12125550100', '12125550100', '2125550100']);
    expect(numberForms(parsePhoneNumberFromString('+442079460958')!, false)).toEqual(['+442079460958', '442079460958']);
  });
});

describe('lookupCaller: the queries it sends', () => {
  /** Records the queries; reads nothing of them unless told to. */
  function recorder(read: (q: LookupQuery) => void = () => {}): LookupAdapter & { queries: LookupQuery[] } {
    const queries: LookupQuery[] = [];
    return {
      name: 'recorder',
      queries,
      find: async (q) => {
        queries.push(q);
        read(q);
        return [];
      },
    };
  }

  it('carries numbers, and variants formatted on first read only (one formatting for all entities)', async () => {
    const adapter = recorder();
    await lookupCaller('+44 20 7946 0958', { config, adapter, defaultRegion: 'GB' });
    const [a, b] = adapter.queries as [LookupQuery, LookupQuery];
    expect(a.numbers).toEqual(['+442079460958', '442079460958', '02079460958', '2079460958']);
    expect(b.numbers).toBe(a.numbers);
    const d = Object.getOwnPropertyDescriptor(a, 'variants');
    expect(d?.enumerable).toBe(true);
    expect(typeof d?.get).toBe('function');
    expect(a.variants).toEqual(phoneVariants('+442079460958'));
    expect(b.variants).toBe(a.variants); // formatted once per call
  });

  it('gives spreads and JSON the variants as plain data, in the documented property order', async () => {
    const adapter = recorder();
    await lookupCaller('+44 20 7946 0958', { config, adapter, defaultRegion: 'GB' });
    const q = adapter.queries[0]!;
    const copy = { ...q, limit: 1 };
    expect(Object.getOwnPropertyDescriptor(copy, 'variants')?.value).toEqual(phoneVariants('+442079460958'));
    const json = JSON.parse(JSON.stringify(q)) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['entity', 'phoneFields', 'variants', 'numbers', 'displayField', 'limit', 'e164']);
    expect(json.variants).toEqual(phoneVariants('+442079460958'));
  });

  it('an unreadable number is searched as written: variants and numbers are the digits as written', async () => {
    const adapter = recorder();
    const r = await lookupCaller('0044 1', { config, adapter, defaultRegion: 'GB' });
    expect(r.reason).toBe('invalid');
    const q = adapter.queries[0]!;
    expect(q.variants).toEqual(['0044 1', '00441']);
    expect(q.numbers).toEqual(['+441']);
  });

  it('the memory adapter answers from numbers alone: it never formats the variants', async () => {
    const memory = createMemoryLookup({ contact: [{ id: 'c1', fullname: 'Ann Lee', telephone1: '020 7946 0958' }] });
    const query = {
      entity: 'contact',
      phoneFields: ['telephone1'],
      get variants(): string[] {
        throw new Error('variants read');
      },
      numbers: ['+442079460958', '442079460958', '02079460958', '2079460958'],
      displayField: 'fullname',
      limit: 10,
    };
    expect(memory.findSync(query).map((r) => r.id)).toEqual(['c1']);
    await expect(memory.find(query)).resolves.toHaveLength(1);
    // A hand-built query without numbers still works from its variants.
    expect(memory.findSync({ entity: 'contact', phoneFields: ['telephone1'], variants: phoneVariants('+442079460958'), displayField: 'fullname', limit: 10 })).toHaveLength(1);
  });
});
