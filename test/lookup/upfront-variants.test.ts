/**
 * An adapter that reads every query's variants (Dataverse) gets them formatted
 * up front as a plain data property: no accessor is defined per query, and
 * what adapters, spreads and JSON see is the same as with the lazy accessor.
 */
import { describe, expect, it } from 'vitest';
import { lookupCaller } from '../../src/lookup/lookup.js';
import { phoneVariants } from '../../src/lookup/phone.js';
import type { LookupAdapter, LookupConfig, LookupQuery } from '../../src/lookup/types.js';
import { recordingDataverse } from './recording-dataverse.js';

const config: LookupConfig = {
  entities: [
    { entity: 'contact', phoneFields: ['telephone1', 'mobilephone'], displayField: 'fullname' },
    { entity: 'lead', phoneFields: ['telephone1'], displayField: 'fullname' },
  ],
};

const dataverse = recordingDataverse;

describe('queries for an adapter that reads every query’s variants (Dataverse)', () => {
  it('carry the variants as a plain data property, one array for every entity, used in the filter', async () => {
    const { adapter, queries, urls } = dataverse();
    const r = await lookupCaller('+44 20 7946 0958', { config, adapter, defaultRegion: 'GB' });
    expect(r.count).toBe(0);
    const [a, b] = queries as [LookupQuery, LookupQuery];
    const d = Object.getOwnPropertyDescriptor(a, 'variants');
    expect(d).toMatchObject({ writable: true, enumerable: true, configurable: true });
    expect(d?.get).toBeUndefined();
    expect(a.variants).toEqual(phoneVariants('+442079460958', { region: 'GB' }));
    expect(b.variants).toBe(a.variants); // formatted once per call
    expect(decodeURIComponent(urls[0]!.replace(/\+/g, ' '))).toContain("telephone1 eq '+44 20 7946 0958'");
  });

  it('read like the lazy ones to spreads and JSON (same members, same order)', async () => {
    const { adapter, queries } = dataverse();
    await lookupCaller('+44 20 7946 0958', { config, adapter, defaultRegion: 'GB' });
    const q = queries[0]!;
    expect(Object.getOwnPropertyDescriptor({ ...q }, 'variants')?.value).toEqual(phoneVariants('+442079460958', { region: 'GB' }));
    const json = JSON.parse(JSON.stringify(q)) as Record<string, unknown>;
    expect(Object.keys(json)).toEqual(['entity', 'phoneFields', 'variants', 'numbers', 'displayField', 'limit', 'region', 'e164']);
  });

  it('an unmarked adapter still gets the lazy accessor (formatted on first read only)', async () => {
    const { adapter, queries } = dataverse();
    const host: LookupAdapter = { name: 'host', find: adapter.find }; // no marker
    await lookupCaller('+44 20 7946 0958', { config, adapter: host, defaultRegion: 'GB' });
    expect(typeof Object.getOwnPropertyDescriptor(queries[0]!, 'variants')?.get).toBe('function');
  });
});
