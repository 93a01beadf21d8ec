/**
 * Stored values that end with an extension (`020 7946 0958 x12`): with
 * `storedExtensions`, exact-match adapters ask `startswith` and verify, so
 * they find what the memory adapter finds; a different extension, or a longer
 * number that starts with the caller's, is never a match. Judged against the
 * local OData server (a real OData parser evaluates the `$filter`).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lookupConfigFromKv } from '../../src/config/lookup.js';
import { createXrmLookup } from '../../src/hosts/dynamics/index.js';
import { plainExtension } from '../../src/hosts/shared/stored.js';
import { createDataverseLookup } from '../../src/lookup/dataverse.js';
import { lookupCaller } from '../../src/lookup/lookup.js';
import { createMemoryLookup } from '../../src/lookup/memory.js';
import { storedExtension } from '../../src/lookup/phone.js';
import type { LookupAdapter, LookupConfig } from '../../src/lookup/types.js';
import { fakeXrmWebApi } from '../hosts/fakes.js';
import { startODataServer, type ODataServer } from './odata-server.js';

let server: ODataServer;
beforeAll(async () => {
  server = await startODataServer();
});
afterAll(async () => {
  await server.close();
});

const records = {
  contact: [
    { id: 'c1', fullname: 'Ann Ext', telephone1: '020 7946 0958 x12' },
    { id: 'c2', fullname: 'Bob Ext', telephone1: '+44 20 7946 0958 ext. 13' },
    { id: 'c3', fullname: 'Cy Plain', telephone1: '020 7946 0958' },
    { id: 'c4', fullname: 'Di Longer', telephone1: '020 7946 09581' }, // another number that starts with the caller's digits
    { id: 'c5', fullname: 'Ed Other', telephone1: '020 7946 0000 x12' },
  ],
};

const base: LookupConfig = { entities: [{ entity: 'contact', phoneFields: ['telephone1'], displayField: 'fullname' }], storedFormats: ['0NN NNNN NNNN', '+CC NN NNNN NNNN'] };

function adapters(): [string, LookupAdapter][] {
  server.setRecords(records);
  return [
    ['memory', createMemoryLookup(records)],
    ['dataverse', createDataverseLookup({ baseUrl: server.baseUrl, getToken: async () => server.token })],
    ['xrm', createXrmLookup(fakeXrmWebApi(`${server.baseUrl}/api/data/v9.2/`, server.token))],
  ];
}

const ids = (r: { matches: readonly { id: string }[] }): string[] => r.matches.map((m) => m.id).sort();

describe('storedExtensions', () => {
  it('off (the default): exact-match adapters find only whole values; the memory adapter also finds values with an extension', async () => {
    const found = new Map<string, string[]>();
    for (const [name, adapter] of adapters()) found.set(name, ids(await lookupCaller('+442079460958', { config: base, adapter, defaultRegion: 'GB' })));
    expect(found.get('memory')).toEqual(['c1', 'c2', 'c3']);
    expect(found.get('dataverse')).toEqual(['c3']);
    expect(found.get('xrm')).toEqual(['c3']);
  });

  it('on: every adapter finds the same records, and asks startswith instead of eq', async () => {
    const config = { ...base, storedExtensions: true };
    for (const [name, adapter] of adapters()) {
      server.reset();
      const r = await lookupCaller('+442079460958', { config, adapter, defaultRegion: 'GB' });
      expect(ids(r), name).toEqual(['c1', 'c2', 'c3']); // never c4 (a longer number) or c5 (another number)
      if (name !== 'memory') {
        const filter = server.requests.map((q) => q.params['$filter'] ?? '').join(' ');
        expect(filter).toContain("startswith(telephone1,'020 7946 0958')");
        expect(filter).not.toContain(' eq ');
      }
    }
  });

  it('on: a caller with an extension matches its own extension and values without one, never another extension', async () => {
    const config = { ...base, storedExtensions: true };
    for (const [name, adapter] of adapters()) {
      expect(ids(await lookupCaller('+44 20 7946 0958 x12', { config, adapter, defaultRegion: 'GB' })), name).toEqual(['c1', 'c3']);
      expect(ids(await lookupCaller('+44 20 7946 0958 ext 13', { config, adapter, defaultRegion: 'GB' })), name).toEqual(['c2', 'c3']);
    }
  });

  it('is read from the storedPhoneExtensions row (true / false; anything else warns and keeps the default)', () => {
    const row = (value: string, scope = 'global') => ({ scope, name: 'storedPhoneExtensions', key: '', value });
    expect(lookupConfigFromKv([row('true')], { user: '' }).config.storedExtensions).toBe(true);
    expect(lookupConfigFromKv([row(' TRUE ')], { user: '' }).config.storedExtensions).toBe(true);
    expect(lookupConfigFromKv([row('false')], { user: '' }).config.storedExtensions).toBeUndefined();
    const bad = lookupConfigFromKv([row('yes')], { user: '' });
    expect(bad.config.storedExtensions).toBeUndefined();
    expect(bad.warnings.map((w) => w.code)).toEqual(['bad_setting']);
    expect(bad.warnings[0]!.message).toContain('storedPhoneExtensions must be true or false, not "yes"');
    const cased = lookupConfigFromKv([{ scope: 'global', name: 'StoredPhoneExtensions', key: '', value: 'true' }], { user: '' });
    expect(cased.warnings.map((w) => w.code)).toEqual(['name_case']);
  });

  it('refuses a value that is not a boolean', async () => {
    const adapter = createMemoryLookup(records);
    await expect(lookupCaller('+442079460958', { config: { ...base, storedExtensions: 'yes' as unknown as boolean }, adapter })).rejects.toMatchObject({
      code: 'lookup_bad_option',
      message: expect.stringContaining('config.storedExtensions must be true or false, not "yes"'),
    });
  });
});

describe('plainExtension (the host bundles, without the phone library)', () => {
  it('reads the extension as storedExtension does on the written forms', () => {
    const cases = ['020 7946 0958 x12', '020 7946 0958 x. 12', '020 7946 0958 ext 12', '020 7946 0958 ext. 12', '020 7946 0958 ext: 12', '020 7946 0958 extn 12', '020 7946 0958 extension 12', '020 7946 0958, ext 12', '020 7946 0958 #12', '+44 20 7946 0958;ext=12', '02079460958,12', '020 7946 0958 x012'];
    for (const v of cases) expect(plainExtension(v), v).toBe(storedExtension(v));
    expect(plainExtension('020 7946 0958')).toBeUndefined();
    expect(plainExtension('020 7946 0958 (home)')).toBeUndefined();
  });

  it('agrees with storedExtension on numbers followed by any extension label and digits', () => {
    const label = fc.constantFrom(' x', 'x', ' x. ', ' ext ', ' ext. ', ' ext: ', ' extn ', ' extension ', ', ext ', ' #', ';ext=', ',');
    fc.assert(
      fc.property(fc.constantFrom('020 7946 0958', '+44 20 7946 0958', '(415) 555-0123', '+1 415 555 0123', '0171 234 5678'), label, fc.stringMatching(/^[0-9]{1,6}$/), (number, l, ext) => {
        const v = `${number}${l}${ext}`;
        expect(plainExtension(v)).toBe(storedExtension(v));
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('storedExtensions: what verification must never let through', () => {
  it('asks again for more candidates when other extensions fill $top, so the caller is still found', async () => {
    // 12 records with other extensions of the same number sort before the caller's (by name), past the limit of 10.
    const crowd = {
      contact: [
        ...Array.from({ length: 12 }, (_, i) => ({ id: `a${i}`, fullname: `A${String(i).padStart(2, '0')}`, telephone1: `020 7946 0958 x${i + 1}` })),
        ...Array.from({ length: 12 }, (_, i) => ({ id: `b${i}`, fullname: `B${String(i).padStart(2, '0')}`, telephone1: `020 7946 0958${i}` })), // longer numbers
        { id: 'zed', fullname: 'Zed', telephone1: '020 7946 0958 x30' },
      ],
    };
    server.setRecords(crowd);
    const config = { ...base, storedExtensions: true };
    const tops: string[] = [];
    for (const adapter of [
      createMemoryLookup(crowd),
      createDataverseLookup({ baseUrl: server.baseUrl, getToken: async () => server.token }),
      createXrmLookup(fakeXrmWebApi(`${server.baseUrl}/api/data/v9.2/`, server.token)),
    ]) {
      server.reset();
      expect(ids(await lookupCaller('+44 20 7946 0958 x30', { config, adapter, defaultRegion: 'GB' })), adapter.name).toEqual(['zed']);
      tops.push(server.requests.map((r) => r.params['$top']).join(','));
    }
    expect(tops).toEqual(['', '10,100', '10,100']); // the memory adapter asks no server
  });

  it('rejects a stored value whose extension differs, also when a note or more digits follow it', async () => {
    const noted = {
      contact: [
        { id: 'n1', fullname: 'N1', telephone1: '020 7946 0958 x12 (home)' },
        { id: 'n2', fullname: 'N2', telephone1: '020 7946 0958 x12 Ann' },
        { id: 'n3', fullname: 'N3', telephone1: '020 7946 0958 x12345678901' },
        { id: 'n4', fullname: 'N4', telephone1: '020 7946 0958 mobile 2' },
        { id: 'ok', fullname: 'OK', telephone1: '020 7946 0958 x99 (desk)' },
        { id: 'plain', fullname: 'Plain', telephone1: '020 7946 0958' },
      ],
    };
    server.setRecords(noted);
    const config = { ...base, storedExtensions: true };
    for (const adapter of [
      createMemoryLookup(noted),
      createDataverseLookup({ baseUrl: server.baseUrl, getToken: async () => server.token }),
      createXrmLookup(fakeXrmWebApi(`${server.baseUrl}/api/data/v9.2/`, server.token)),
    ]) {
      expect(ids(await lookupCaller('+44 20 7946 0958 x99', { config, adapter, defaultRegion: 'GB' })), adapter.name).toEqual(['ok', 'plain']);
      // A caller without an extension matches them all: the extension is unknown.
      expect(ids(await lookupCaller('+44 20 7946 0958', { config, adapter, defaultRegion: 'GB' })), adapter.name).toEqual(['n1', 'n2', 'n3', 'n4', 'ok', 'plain']);
    }
  });

  it('lastDigits with storedExtensions asks contains, so digits followed by an extension are found', async () => {
    const short = { contact: [{ id: 'a', fullname: 'A', telephone1: '79460958 x12' }, { id: 'b', fullname: 'B', telephone1: '79460958' }] };
    server.setRecords(short);
    const config: LookupConfig = { ...base, storedFormats: [], storedExtensions: true, lastDigits: 8 };
    for (const adapter of [createMemoryLookup(short), createDataverseLookup({ baseUrl: server.baseUrl, getToken: async () => server.token })]) {
      server.reset();
      expect(ids(await lookupCaller('+44 20 7946 0958 x12', { config, adapter, defaultRegion: 'GB' })), adapter.name).toEqual(['a', 'b']);
    }
    expect(server.requests.map((r) => r.params['$filter']).join(' ')).toContain("contains(telephone1,'79460958')");
  });
});
