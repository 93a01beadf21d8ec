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
import { canonicalPhone, canonicalPhoneIn, numberForms, phoneVariants, regionReading, variantsOf } from '../../src/lookup/phone.js';
import type { LookupAdapter, LookupConfig, LookupQuery } from '../../src/lookup/types.js';

const config: LookupConfig = {
  entities: [
    { entity: 'contact', phoneFields: ['telephone1'], displayField: 'fullname' },
    { entity: 'lead', phoneFields: ['telephone1'], displayField: 'fullname' },
  ],
};

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

describe('numberForms', () => {
  it('is exactly the canonical forms of the variants, for every country libphonenumber-js has an example of', () => {
    let checked = 0;
    for (const country of getCountries()) {
      const example = getExampleNumber(country as CountryCode, examples);
      if (!example) continue;
      const p = parsePhoneNumberFromString(example.number)!;
      for (const national of [true, false]) {
        for (const region of [undefined, country, 'AU', 'US']) {
          const reading = regionReading(region);
          const expected = [...new Set(variantsOf(p, national, p.number, reading).map((v) => canonicalPhoneIn(v, region)))].sort();
          expect([...numberForms(p, national, p.number, reading)].sort(), `${country} ${p.number} national=${national} in ${region}`).toEqual(expected);
        }
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('lookupCaller sends what phoneVariants gives for the E.164 number, whatever form and region the caller ID was read in', async () => {
    let checked = 0;
    for (const country of getCountries()) {
      const example = getExampleNumber(country as CountryCode, examples);
      if (!example) continue;
      // A caller ID written nationally, read in its region; and the same digits missing their last one (often not valid).
      for (const raw of [example.formatNational(), example.formatNational().replace(/\d(?=\D*$)/, '')]) {
        const adapter = recorder();
        const r = await lookupCaller(raw, { config, adapter, defaultRegion: country });
        if (r.normalized === undefined) continue;
        const expected = [...new Set(phoneVariants(r.normalized, { region: country }).map((v) => canonicalPhoneIn(v, country)))].sort();
        expect([...(adapter.queries[0]!.numbers ?? [])].sort(), `${country} ${raw}`).toEqual(expected);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('never lists a national form that reads as another country\'s number (digits starting 00)', async () => {
    // +20 0001234567 is not a valid Egyptian number; nationally it formats as 00 1234567, which is +1234567.
    const adapter = recorder();
    const r = await lookupCaller('+200001234567', { config, adapter, defaultRegion: 'EG' });
    const e164 = r.normalized as string;
    expect(e164).toMatch(/^\+20/);
    const forms = adapter.queries[0]!.numbers ?? [];
    // Every international form is Egyptian (libphonenumber-js may read an invalid number with a 0 less).
    expect(forms.filter((f) => f.startsWith('+') && !f.startsWith('+20'))).toEqual([]);
    expect(phoneVariants(e164).map(canonicalPhone).filter((f) => f.startsWith('+') && !f.startsWith('+20'))).toEqual([]);
    expect([...forms].sort()).toEqual([...new Set(phoneVariants(e164, { region: 'EG' }).map((v) => canonicalPhoneIn(v, 'EG')))].sort());
    // Read with its region, libphonenumber-js gives it the national number 001234567: never a form.
    const withRegion = parsePhoneNumberFromString('+200001234567', { defaultCountry: 'EG' })!;
    expect(withRegion.nationalNumber).toBe('001234567');
    expect(numberForms(withRegion, true, withRegion.number)).not.toContain('+1234567');
    expect(variantsOf(withRegion, true, withRegion.number).map(canonicalPhone)).not.toContain('+1234567');
  });

  it('lists E.164, the digits with the country code, the national digits and the national number, once each', () => {
    expect(numberForms(parsePhoneNumberFromString('+442079460958')!, true, '+442079460958')).toEqual(['+442079460958', '442079460958', '02079460958', '2079460958']);
    expect(numberForms(parsePhoneNumberFromString('+12125550100')!, true, '+12125550100')).toEqual(['+12125550100', '12125550100', '2125550100']);
    // Not national (a caller from another country): E.164 only; `442079460958` would be a national number of the region.
    expect(numberForms(parsePhoneNumberFromString('+442079460958')!, false, '+442079460958')).toEqual(['+442079460958']);
  });
});

describe('lookupCaller: the queries it sends', () => {

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
    expect(Object.keys(json)).toEqual(['entity', 'phoneFields', 'variants', 'numbers', 'displayField', 'limit', 'region', 'e164']);
    expect(json.variants).toEqual(phoneVariants('+442079460958'));
  });

  it('lets an adapter replace the variants (they become a plain property)', async () => {
    const adapter = recorder((q) => {
      (q as { variants: readonly string[] }).variants = ['+442079460958'];
    });
    await lookupCaller('+44 20 7946 0958', { config, adapter, defaultRegion: 'GB' });
    const [a, b] = adapter.queries as [LookupQuery, LookupQuery];
    expect(a.variants).toEqual(['+442079460958']);
    expect(Object.getOwnPropertyDescriptor(a, 'variants')).toMatchObject({ value: ['+442079460958'], writable: true, enumerable: true });
    expect(b.variants).toEqual(['+442079460958']); // the recorder assigned every query's
  });

  it('the result lists its members in the documented order', async () => {
    const memory = createMemoryLookup({ contact: [{ id: 'c1', fullname: 'Ann Lee', telephone1: '020 7946 0958' }] });
    const r = await lookupCaller('+44 20 7946 0958 x12', { config, adapter: memory, defaultRegion: 'GB' });
    expect(Object.keys(r)).toEqual(['count', 'matches', 'chosen', 'normalized', 'extension', 'internal', 'warnings']);
    const none = await lookupCaller('020 7946 09', { config, adapter: memory, defaultRegion: 'US' });
    expect(Object.keys(none)).toEqual(['count', 'matches', 'internal', 'reason', 'warnings']);
  });

  it('an unreadable number is searched for nothing; a national one without a region as the digits written', async () => {
    const adapter = recorder();
    const r = await lookupCaller('0044 1', { config, adapter, defaultRegion: 'GB' });
    expect(r.reason).toBe('too_short');
    expect(adapter.queries).toEqual([]);
    const national = await lookupCaller('020 7946 0958', { config, adapter });
    expect(national.reason).toBe('needs_region');
    const q = adapter.queries[0]!;
    expect(q.variants).toEqual(['020 7946 0958', '02079460958']);
    expect(q.numbers).toEqual(['02079460958']);
  });

  it('builds the memory adapter\'s queries without defining a property per call; their variants still read right', async () => {
    const memory = createMemoryLookup({ contact: [{ id: 'c1', fullname: 'Ann Lee', telephone1: '020 7946 0958' }] });
    const seen: LookupQuery[] = [];
    const findSync = memory.findSync.bind(memory);
    (memory as { findSync: typeof findSync }).findSync = (q) => {
      seen.push(q);
      return findSync(q);
    };
    const r = await lookupCaller('+44 20 7946 0958', { config, adapter: memory, defaultRegion: 'GB' });
    expect(r.count).toBe(1);
    const q = seen[0]!;
    expect(Object.getOwnPropertyDescriptor(q, 'variants')).toBeUndefined();
    expect(q.variants).toEqual(phoneVariants('+442079460958', { region: 'GB' }));
    expect(q.numbers).toEqual(['+442079460958', '442079460958', '02079460958', '2079460958']);
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
