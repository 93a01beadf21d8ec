/**
 * The contract every {@link LookupAdapter} passes, in the manner of Hono's
 * router tests: an adapter test file calls
 * `runAdapterContract({ name, make(records), skip? })`, where `make` returns
 * an adapter over the given records (entity → rows with an `id`), and `skip`
 * names cases the adapter cannot meet, each with the reason (the gap is then
 * listed as a passing "gap:" test, so it stays visible).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { isLookupError } from '../../src/lookup/errors.js';
import { lookupCaller, INTERNAL_PHONE_FIELDS } from '../../src/lookup/lookup.js';
import { phoneVariants } from '../../src/lookup/phone.js';
import type { LookupAdapter, LookupConfig, LookupQuery, LookupRecord } from '../../src/lookup/types.js';
import { and, cmp, contractRecords, not, or } from '../fixtures/lookup.cases.js';

type Rows = Readonly<Record<string, ReadonlyArray<Readonly<Record<string, unknown>>>>>;

/** Names of the contract's cases, for `skip`. */
export type ContractCase =
  | 'formats'
  | 'record shape'
  | 'cross-country'
  | 'field order'
  | 'filter'
  | 'filter strings'
  | 'missing field'
  | 'limit'
  | 'empty entity'
  | 'literal injection'
  | 'lastDigits'
  | 'internal'
  | 'refused filter'
  | 'lookupCaller';

export interface AdapterContract {
  readonly name: string;
  make(records: Rows): LookupAdapter | Promise<LookupAdapter>;
  /** Cases the adapter cannot meet, with the reason. */
  readonly skip?: Partial<Record<ContractCase, string>>;
}

const LONDON = '+442079460958';
const contactQuery = (over: Partial<LookupQuery> = {}): LookupQuery => ({
  entity: 'contact',
  phoneFields: ['telephone1', 'mobilephone'],
  variants: phoneVariants(LONDON),
  displayField: 'fullname',
  limit: 10,
  ...over,
});
const ids = (records: readonly LookupRecord[]): string[] => records.map((r) => r.id);

export function runAdapterContract(contract: AdapterContract): void {
  describe(`${contract.name} adapter contract`, () => {
    let adapter: LookupAdapter;
    beforeAll(async () => {
      adapter = await contract.make(contractRecords);
    });

    const test = (name: ContractCase, title: string, fn: () => Promise<void>): void => {
      const reason = contract.skip?.[name];
      if (reason !== undefined) {
        it(`gap: ${name} — ${reason}`, () => expect(reason.length).toBeGreaterThan(0));
      } else {
        it(`${name}: ${title}`, fn);
      }
    };

    test('formats', 'finds a number stored as E.164, national and international with spaces', async () => {
      expect(ids(await adapter.find(contactQuery()))).toEqual(['c1', 'c2', 'c4', 'c5']);
    });

    test('record shape', 'returns entity, id, display name, the stored phone, its field and modifiedOn', async () => {
      const found = await adapter.find(contactQuery());
      expect(found[0]).toEqual({ entity: 'contact', id: 'c1', name: 'Ann Lee', phone: '+442079460958', field: 'telephone1', modifiedOn: '2024-03-01T10:00:00Z' });
      expect(found[1]).toEqual({ entity: 'contact', id: 'c2', name: 'Bob Smith', phone: '020 7946 0958', field: 'telephone1', modifiedOn: '2024-05-01T10:00:00Z' });
      expect(found[2]).toEqual({ entity: 'contact', id: 'c4', name: 'Dan Inactive', phone: '+44 20 7946 0958', field: 'telephone1' });
    });

    test('cross-country', 'never matches another country’s number with the same trailing digits', async () => {
      const us = await adapter.find(contactQuery({ variants: phoneVariants('+12079460958') }));
      expect(ids(us)).toEqual(['c3', 'c10']);
      const uk = await adapter.find(contactQuery({ variants: phoneVariants(LONDON, { national: false }) }));
      expect(ids(uk)).toEqual(['c1', 'c4', 'c5']);
    });

    test('field order', 'reports a record matched through two fields once, under the first configured field', async () => {
      const a = await adapter.find(contactQuery({ phoneFields: ['telephone1', 'mobilephone'] }));
      expect(a.filter((r) => r.id === 'c5')).toEqual([
        { entity: 'contact', id: 'c5', name: 'Eve Twofields', phone: '+44 20 7946 0958', field: 'telephone1' },
      ]);
      const b = await adapter.find(contactQuery({ phoneFields: ['mobilephone', 'telephone1'] }));
      expect(b.filter((r) => r.id === 'c5')).toEqual([
        { entity: 'contact', id: 'c5', name: 'Eve Twofields', phone: '+442079460958', field: 'mobilephone' },
      ]);
      const mobileOnly = await adapter.find(contactQuery({ phoneFields: ['mobilephone'] }));
      expect(ids(mobileOnly)).toEqual(['c5']);
    });

    test('filter', 'applies =, != lists, <, not, and, or', async () => {
      const run = async (filter: LookupQuery['filter']) => ids(await adapter.find(contactQuery(filter ? { filter } : {})));
      expect(await run(cmp('statecode', '=', 0))).toEqual(['c1', 'c2', 'c5']);
      expect(await run(cmp('statecode', '!=', 1, 2))).toEqual(['c1', 'c2', 'c5']);
      expect(await run(cmp('statecode', '<', 1))).toEqual(['c1', 'c2', 'c5']);
      expect(await run(cmp('statecode', '>=', 1))).toEqual(['c4']);
      expect(await run(not(cmp('statecode', '=', 0)))).toEqual(['c4']);
      expect(await run(cmp('statecode', '=', 1, 2))).toEqual(['c4']);
      expect(await run(and(cmp('statecode', '=', 0), cmp('fullname', '!=', 'Bob Smith')))).toEqual(['c1', 'c5']);
      expect(await run(or(cmp('fullname', '=', 'Ann Lee'), cmp('statecode', '=', 1)))).toEqual(['c1', 'c4']);
      expect(await run({ kind: 'always' })).toEqual(['c1', 'c2', 'c4', 'c5']);
    });

    test('filter strings', 'compares strings case-insensitively, quotes included', async () => {
      const greek = contactQuery({ variants: phoneVariants('+306946186715') });
      expect(ids(await adapter.find({ ...greek, filter: cmp('lastname', '=', "o'brien") }))).toEqual(['c7']);
      expect(ids(await adapter.find({ ...greek, filter: cmp('lastname', '=', 'smith') }))).toEqual([]);
      expect(ids(await adapter.find({ ...greek, filter: cmp('fullname', '=', "FAY O'BRIEN") }))).toEqual(['c7']);
    });

    test('missing field', 'a missing field makes = false and != true', async () => {
      expect(ids(await adapter.find(contactQuery({ filter: cmp('lastname', '=', 'x') })))).toEqual([]);
      expect(ids(await adapter.find(contactQuery({ filter: cmp('lastname', '!=', 'x') })))).toEqual(['c1', 'c2', 'c4', 'c5']);
      expect(ids(await adapter.find(contactQuery({ filter: cmp('rating', '<', 3) })))).toEqual([]);
    });

    test('limit', 'returns at most limit records, the first by display name', async () => {
      expect(ids(await adapter.find(contactQuery({ limit: 2 })))).toEqual(['c1', 'c2']);
      expect(ids(await adapter.find(contactQuery({ limit: 1 })))).toEqual(['c1']);
    });

    test('empty entity', 'an entity without records or without a match gives []', async () => {
      expect(await adapter.find(contactQuery({ entity: 'account', phoneFields: ['telephone1'], displayField: 'name' }))).toEqual([]);
      expect(await adapter.find(contactQuery({ variants: phoneVariants('+353868561713') }))).toEqual([]);
    });

    test('literal injection', 'searches a caller ID like 1\' or 1 eq 1 as literal text', async () => {
      const found = await adapter.find(contactQuery({ phoneFields: ['telephone1'], variants: ["1' or 1 eq 1"] }));
      expect(ids(found)).toEqual(['c6']);
      expect(await adapter.find(contactQuery({ variants: ["x' or telephone1 ne 'x"] }))).toEqual([]);
      const hostileFilter = cmp('fullname', '=', "x' or statecode eq 0 or fullname eq 'x");
      expect(await adapter.find(contactQuery({ filter: hostileFilter }))).toEqual([]);
    });

    test('lastDigits', 'matches on the last N digits when asked, still refusing other countries', async () => {
      const plain = await adapter.find(contactQuery());
      expect(ids(plain)).not.toContain('c9');
      const last = await adapter.find(contactQuery({ lastDigits: 9, e164: LONDON }));
      expect(ids(last)).toEqual(['c1', 'c2', 'c4', 'c5', 'c9']);
      expect(last.find((r) => r.id === 'c9')).toEqual({ entity: 'contact', id: 'c9', name: 'Hal Pbx', phone: '9-02079460958', field: 'telephone1' });
    });

    test('internal', 'matches an extension exactly on systemuser phone fields', async () => {
      const q = (variant: string): LookupQuery => ({
        entity: 'systemuser',
        phoneFields: INTERNAL_PHONE_FIELDS,
        variants: [variant],
        displayField: 'fullname',
        limit: 10,
      });
      expect(await adapter.find(q('1234'))).toEqual([
        { entity: 'systemuser', id: 'u1', name: 'Operator One', phone: '1234', field: 'address1_telephone1' },
      ]);
      expect(ids(await adapter.find(q('5678')))).toEqual(['u2']);
      expect(await adapter.find(q('4321'))).toEqual([]);
    });

    test('refused filter', 'a time, day or date literal in a filter rejects with lookup_unsupported_filter', async () => {
      const filter = { kind: 'compare', field: 'createdon', op: '>', values: [{ kind: 'time', value: 570 }] } as const;
      const err = await adapter.find(contactQuery({ filter })).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isLookupError(err)).toBe(true);
      expect(err).toMatchObject({ code: 'lookup_unsupported_filter', entity: 'contact' });
    });

    test('lookupCaller', 'the seed’s orders: contact first, then the open order; closed orders never match', async () => {
      const config: LookupConfig = {
        entities: [
          { entity: 'contact', phoneFields: ['telephone1', 'mobilephone'], displayField: 'fullname' },
          { entity: 'salesorder', phoneFields: ['billto_telephone'], displayField: 'name', filter: cmp('statecode', '=', 0), filterText: 'statecode=0' },
        ],
      };
      const r = await lookupCaller('6946186715', { config, adapter, defaultRegion: 'GR' });
      expect(r.count).toBe(2);
      expect(r.matches.map((m) => `${m.entity}:${m.id}`)).toEqual(['contact:c7', 'salesorder:o1']);
      expect(r.chosen).toBeUndefined();
      expect(r.normalized).toBe('+306946186715');
      const preferred = await lookupCaller('6946186715', { config, adapter, defaultRegion: 'GR', policy: 'preferEntity' });
      expect(preferred.chosen?.id).toBe('c7');
    });
  });
}
