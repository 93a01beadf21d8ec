import { describe, expect, it } from 'vitest';
import { LookupError } from '../../src/lookup/errors.js';
import { chooseMatch, lookupCaller, type LookupCallerOptions } from '../../src/lookup/lookup.js';
import { createMemoryLookup } from '../../src/lookup/memory.js';
import type { LookupAdapter, LookupConfig, LookupQuery } from '../../src/lookup/types.js';
import { cmp, contractRecords, policyCases } from '../fixtures/lookup.cases.js';
import { phoneBadCases } from '../fixtures/lookup-phone.cases.js';

const config: LookupConfig = {
  entities: [
    { entity: 'contact', phoneFields: ['telephone1', 'mobilephone'], displayField: 'fullname', filter: cmp('statecode', '=', 0), filterText: 'statecode=0' },
    { entity: 'lead', phoneFields: ['telephone1', 'mobilephone'], displayField: 'fullname' },
    { entity: 'account', phoneFields: ['telephone1'], displayField: 'name' },
  ],
};
const adapter = createMemoryLookup(contractRecords);
const base: LookupCallerOptions = { config, adapter, defaultRegion: 'GB' };

/** An adapter that records its queries and answers from the memory adapter. */
function spying(inner: LookupAdapter = adapter): LookupAdapter & { queries: LookupQuery[] } {
  const queries: LookupQuery[] = [];
  return { name: 'spy', queries, find: (q, s) => (queries.push(q), inner.find(q, s)) };
}

describe('lookupCaller', () => {
  it('orders matches by entity order, then display name, each record once', async () => {
    const r = await lookupCaller('020 7946 0958', base);
    expect(r.matches.map((m) => `${m.entity}:${m.id}`)).toEqual(['contact:c1', 'contact:c2', 'contact:c5', 'lead:l1']);
    expect(r).toMatchObject({ count: 4, normalized: '+442079460958', internal: false, warnings: [] });
    expect(r.chosen).toBeUndefined();
    expect(r.reason).toBeUndefined();
  });

  it('puts the configured first entity first, whatever its names', async () => {
    const leadFirst: LookupConfig = { entities: [config.entities[1]!, config.entities[0]!] };
    const r = await lookupCaller('+442079460958', { ...base, config: leadFirst });
    expect(r.matches.map((m) => m.id)).toEqual(['l1', 'c1', 'c2', 'c5']);
  });

  it('chooses the single match', async () => {
    const r = await lookupCaller('07911 123456', { ...base, config: { entities: [config.entities[0]!] } });
    expect(r.count).toBe(1);
    expect(r.chosen).toEqual({ entity: 'contact', id: 'c1', name: 'Ann Lee', phone: '07911 123456', field: 'mobilephone', modifiedOn: '2024-03-01T10:00:00Z' });
  });

  it('applies preferEntity and mostRecent', async () => {
    expect((await lookupCaller('07911 123456', { ...base, policy: 'preferEntity' })).chosen?.id).toBe('c1');
    const recent = await lookupCaller('+442079460958', { ...base, config: { entities: [config.entities[0]!] }, policy: 'mostRecent' });
    expect(recent.chosen?.id).toBe('c2');
    const single = await lookupCaller('+442079460958', { ...base, policy: 'mostRecent', config: { entities: [config.entities[1]!, config.entities[2]!] } });
    expect(single.chosen?.id).toBe('l1');
  });

  it('keeps a record matched by two numbers once and counts distinct records', async () => {
    const twice = createMemoryLookup({ contact: [{ id: 'x', fullname: 'X', telephone1: '+442079460958', mobilephone: '020 7946 0958', statecode: 0 }] });
    const r = await lookupCaller('+442079460958', { ...base, adapter: twice, config: { entities: [config.entities[0]!, config.entities[0]!] } });
    expect(r.count).toBe(1);
    expect(r.matches).toEqual([{ entity: 'contact', id: 'x', name: 'X', phone: '+442079460958', field: 'telephone1' }]);
  });

  it('searches every entity with the caller’s variants, filter, limit and e164', async () => {
    const spy = spying();
    await lookupCaller('+44 20 7946 0958 x12', { ...base, adapter: spy, config: { ...config, limit: 5, lastDigits: 9 } });
    expect(spy.queries.map((q) => q.entity)).toEqual(['contact', 'lead', 'account']);
    expect(spy.queries[0]).toMatchObject({
      phoneFields: ['telephone1', 'mobilephone'],
      variants: ['+442079460958', '+44 20 7946 0958', '020 7946 0958', '02079460958', '2079460958', '020-7946-0958', '442079460958', '00442079460958'],
      displayField: 'fullname',
      limit: 5,
      e164: '+442079460958',
      lastDigits: 9,
      filter: cmp('statecode', '=', 0),
    });
  });

  it('searches a foreign caller only in international forms', async () => {
    const spy = spying();
    const r = await lookupCaller('00353868561713', { ...base, adapter: spy });
    expect(r.normalized).toBe('+353868561713');
    // `353868561713` (no `+`) would be a GB national number in a GB CRM: not listed.
    expect(spy.queries[0]?.variants).toEqual(['+353868561713', '+353 86 856 1713', '00353868561713']);
    expect(spy.queries[0]?.region).toBe('GB');
  });

  it('keeps the extension for display', async () => {
    const r = await lookupCaller('020 7946 0958 ext. 12', base);
    expect(r.extension).toBe('12');
    expect(r.count).toBe(4);
  });

  it('warns when a limit is reached', async () => {
    const r = await lookupCaller('+442079460958', { ...base, config: { ...config, limit: 2 } });
    expect(r.matches.map((m) => m.id)).toEqual(['c1', 'c2', 'l1']);
    expect(r.warnings).toEqual(['contact: the limit of 2 matches was reached; there may be more.']);
  });

  it('warns about a number outside the plan but searches it', async () => {
    const r = await lookupCaller('+44 7700 900123', base);
    expect(r).toMatchObject({ count: 0, normalized: '+447700900123' });
    expect(r.warnings[0]).toMatch(/not in any known range/);
  });

  describe('bad caller IDs give count 0 with a reason, never an exception', () => {
    const bad = phoneBadCases.filter((c) => !['invalid', 'needs_region', 'unknown_region'].includes(c.reason));
    it.each(bad)('$raw → $reason', async ({ raw, reason }) => {
      const spy = spying();
      const r = await lookupCaller(raw, { ...base, adapter: spy });
      expect(r).toMatchObject({ count: 0, matches: [], internal: false, reason });
      expect(r.warnings).toHaveLength(1);
      expect(spy.queries).toEqual([]);
    });

    it('non-string input is read as resolveScreenPop reads call.telephoneNo', async () => {
      expect(await lookupCaller(undefined as unknown as string, base)).toMatchObject({ count: 0, reason: 'empty' });
      expect(await lookupCaller(null as unknown as string, base)).toMatchObject({ count: 0, reason: 'empty' });
      // A number is its digits (it used to be an empty caller ID: a caller silently missed).
      const asNumber = await lookupCaller(42 as unknown as string, base);
      const asText = await lookupCaller('42', base);
      expect(asNumber).toEqual(asText);
      expect(asNumber.reason).not.toBe('empty');
      const config = { entities: [{ entity: 'salesorder', phoneFields: ['billto_telephone'], displayField: 'name' }] };
      const found = await lookupCaller(6946186715 as unknown as string, { config, adapter, defaultRegion: 'GR' });
      expect(found.count).toBeGreaterThan(0);
      expect(found).toEqual(await lookupCaller('6946186715', { config, adapter, defaultRegion: 'GR' }));
      for (const v of [{}, ['+353868561713'], () => '+353868561713', Symbol('x')]) {
        await expect(lookupCaller(v as unknown as string, base)).rejects.toMatchObject({ name: 'InputError', code: 'bad_input', message: expect.stringMatching(/^telephoneNo must be text, got /) });
      }
    });
  });

  it("rejects a host adapter's malformed records with lookup_bad_record naming the adapter, the method and the record", async () => {
    const config = { entities: [{ entity: 'contact', phoneFields: ['telephone1'], displayField: 'fullname' }] };
    const good = { entity: 'contact', id: 'c1', name: 'Ann', phone: '+353868561713', field: 'telephone1' };
    const cases: Array<[unknown, string]> = [
      [{ foo: 1 }, 'has entity missing'],
      [null, 'is null, not a record'],
      ['c1', 'is string, not a record'],
      [{ ...good, id: '' }, 'has an empty id'],
      [{ ...good, id: 7 }, 'has id of type number'],
      [{ ...good, name: undefined }, 'has name missing'],
      [new Proxy(good, { get: () => { throw new Error('revoked'); } }), 'could not be read (revoked)'],
    ];
    for (const [record, problem] of cases) {
      for (const [method, make] of [
        ['find', (records: unknown[]) => ({ name: 'crm', find: async () => records })],
        ['findSync', (records: unknown[]) => ({ name: 'crm', find: async () => records, findSync: () => records })],
      ] as const) {
        const adapter = make([good, record]) as unknown as LookupAdapter;
        await expect(lookupCaller('+353868561713', { config, adapter }), `${method} ${problem}`).rejects.toMatchObject({
          name: 'LookupError',
          code: 'lookup_bad_record',
          entity: 'contact',
          detail: `The crm adapter's ${method}() returned record 1 for contact that ${problem}.`,
        });
      }
    }
    // A well-formed record with an empty name is fine (a record may have no display value).
    const ok = await lookupCaller('+353868561713', { config, adapter: { name: 'crm', find: async () => [{ ...good, name: '' }] } });
    expect(ok.chosen?.id).toBe('c1');
  });

  it('searches a national number without a region as the digits written; junk is searched for nothing', async () => {
    const noRegion = await lookupCaller('6946186715', { config: { entities: [{ entity: 'salesorder', phoneFields: ['billto_telephone'], displayField: 'name' }] }, adapter });
    expect(noRegion.matches.map((m) => m.id)).toEqual(['o1']);
    expect(noRegion.reason).toBeUndefined();
    expect(noRegion.normalized).toBeUndefined();
    expect(noRegion.warnings[0]).toMatch(/Searched for the digits as written/);
    const spy = spying();
    const invalid = await lookupCaller('020 7946 09', { ...base, adapter: spy, defaultRegion: 'US' });
    expect(invalid).toMatchObject({ count: 0, reason: 'invalid', internal: false });
    const tiny = await lookupCaller('12345', { ...base, adapter: spy });
    expect(tiny).toMatchObject({ count: 0, reason: 'too_short' });
    expect(tiny.warnings[0]).toMatch(/at least 6 .* Not searched\./);
    for (const junk of ['0044', '+49 0', '1'.repeat(21)]) {
      const r = await lookupCaller(junk, { ...base, adapter: spy, defaultRegion: 'GB' });
      expect(r.count, junk).toBe(0);
      expect(['too_short', 'too_long'], junk).toContain(r.reason);
      expect(r.normalized, junk).toBeUndefined();
    }
    expect(await lookupCaller('011', { ...base, adapter: spy, defaultRegion: 'US' })).toMatchObject({ count: 0, reason: 'too_short' });
    expect(spy.queries).toEqual([]);
  });

  describe('internal calls', () => {
    it('match systemuser address1_telephone1/2/3 exactly', async () => {
      const spy = spying();
      const r = await lookupCaller('1234', { ...base, adapter: spy, internalExtensionLength: 4 });
      expect(r).toMatchObject({ count: 1, internal: true, chosen: { entity: 'systemuser', id: 'u1', name: 'Operator One', field: 'address1_telephone1' } });
      expect(r.normalized).toBeUndefined();
      expect(spy.queries).toEqual([
        { entity: 'systemuser', phoneFields: ['address1_telephone1', 'address1_telephone2', 'address1_telephone3'], variants: ['1234'], displayField: 'fullname', limit: 10 },
      ]);
      expect((await lookupCaller('5678', { ...base, config: { ...config, internalExtensionLength: 4 } })).chosen?.id).toBe('u2');
    });

    it('are only as long as the configured length', async () => {
      const r = await lookupCaller('1234', { ...base, internalExtensionLength: 3 });
      expect(r).toMatchObject({ internal: false, count: 0, reason: 'too_short' });
      const none = await lookupCaller('4321', { ...base, internalExtensionLength: 4 });
      expect(none).toMatchObject({ internal: true, count: 0, matches: [] });
      const plus = await lookupCaller('+1234', { ...base, internalExtensionLength: 4 });
      expect(plus.internal).toBe(false);
    });

    it('use a configured systemuser display field', async () => {
      const spy = spying();
      const withUser: LookupConfig = { entities: [...config.entities, { entity: 'systemuser', phoneFields: [], displayField: 'domainname' }] };
      await lookupCaller('12 34', { ...base, adapter: spy, config: withUser, internalExtensionLength: 4 });
      expect(spy.queries[0]).toMatchObject({ displayField: 'domainname', variants: ['1234', '12 34'] });
    });
  });

  describe('failures', () => {
    it('rejects with the adapter’s LookupError', async () => {
      const failing: LookupAdapter = {
        name: 'failing',
        find: async (q) => {
          throw new LookupError('lookup_http_status', 'HTTP 503', { entity: q.entity, status: 503 });
        },
      };
      const err = await lookupCaller('+442079460958', { ...base, adapter: failing }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LookupError);
      expect(err).toMatchObject({ code: 'lookup_http_status', status: 503, entity: 'contact' });
    });

    it('wraps anything else an adapter throws as lookup_failed, and cancels the other searches', async () => {
      const signals: AbortSignal[] = [];
      const failing: LookupAdapter = {
        name: 'odd',
        find: (q, signal) => {
          if (signal) signals.push(signal);
          if (q.entity === 'lead') throw new RangeError('boom'); // a synchronous throw
          return new Promise(() => {}); // never settles
        },
      };
      const err = await lookupCaller('+442079460958', { ...base, adapter: failing }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(LookupError);
      expect(err).toMatchObject({ code: 'lookup_failed', entity: 'lead' });
      expect((err as LookupError).cause).toBeInstanceOf(RangeError);
      expect(signals.every((s) => s.aborted)).toBe(true);
    });

    it('wraps a non-array answer', async () => {
      const odd: LookupAdapter = { name: 'odd', find: async () => ({}) as never };
      await expect(lookupCaller('+442079460958', { ...base, adapter: odd })).rejects.toMatchObject({ code: 'lookup_failed' });
    });

    it('rejects an aborted lookup with lookup_aborted', async () => {
      const controller = new AbortController();
      controller.abort();
      await expect(lookupCaller('+442079460958', { ...base, signal: controller.signal })).rejects.toMatchObject({ code: 'lookup_aborted' });
    });

    it.each([
      ['policy', { policy: 'first' as never }, /match policy/],
      ['region', { defaultRegion: 'UK' }, /region code/],
      ['extension length', { internalExtensionLength: -1 }, /internalExtensionLength/],
      ['limit', { config: { ...config, limit: 0 } }, /limit/],
      ['lastDigits', { config: { ...config, lastDigits: 2 } }, /lastDigits/],
      ['entities', { config: { entities: [{ entity: 'contact' }] } as never }, /entities\[0\]/],
      ['adapter', { adapter: {} as never }, /adapter/],
    ] as const)('rejects a bad %s option with lookup_bad_option', async (_, over, message) => {
      const err = await lookupCaller('+442079460958', { ...base, ...over } as LookupCallerOptions).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'lookup_bad_option' });
      expect((err as LookupError).detail).toMatch(message);
    });
  });
});

describe('chooseMatch', () => {
  it.each(policyCases)('$name', ({ matches, policy, entities, chosen }) => {
    expect(chooseMatch(matches, policy, entities)?.id).toBe(chosen);
  });
});
