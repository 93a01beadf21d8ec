/**
 * The contract every {@link LookupAdapter} must meet, as a test suite an
 * adapter author runs in their own test framework:
 * `runAdapterContract({ name, make, skip? }, { describe, it })`.
 *
 * The suite brings its own records ({@link contractRecords}: a London number
 * stored in many formats, a Maine number sharing its last nine digits,
 * quotes, a caller ID that looks like an OData injection, internal
 * extensions, the seed's sales orders) and its own assertions, so it needs
 * nothing from the framework but `describe` and `it`: vitest, jest, mocha and
 * `node:test` all fit, and screenpop never imports a test framework.
 *
 * @module
 */
import { isLookupError } from '../lookup/errors.js';
import { INTERNAL_PHONE_FIELDS, lookupCaller } from '../lookup/lookup.js';
import { phoneVariants } from '../lookup/phone.js';
import type { LookupAdapter, LookupConfig, LookupQuery, LookupRecord } from '../lookup/types.js';
import type { Comparison, Condition, Literal } from '../parser/ast.js';

/**
 * The records the contract runs over, entity → rows with an `id`; `make`
 * receives them. The caller +442079460958 (London) is stored in several
 * formats; +12079460958 (Maine) shares its last nine digits and must never
 * match it.
 *
 * @example
 * ```ts
 * import { contractRecords } from 'screenpop/testing';
 * Object.keys(contractRecords); // ['contact', 'lead', 'account', 'salesorder', 'systemuser']
 * ```
 */
export const contractRecords: Readonly<Record<string, ReadonlyArray<Readonly<Record<string, unknown>>>>> = {
  contact: [
    { id: 'c1', fullname: 'Ann Lee', telephone1: '+442079460958', mobilephone: '07911 123456', statecode: 0, modifiedon: '2024-03-01T10:00:00Z' },
    { id: 'c2', fullname: 'Bob Smith', telephone1: '020 7946 0958', statecode: 0, modifiedon: '2024-05-01T10:00:00Z' },
    { id: 'c3', fullname: 'Cal Maine', telephone1: '+1 207 946 0958', statecode: 0 },
    { id: 'c4', fullname: 'Dan Inactive', telephone1: '+44 20 7946 0958', statecode: 1 },
    { id: 'c5', fullname: 'Eve Twofields', telephone1: '+44 20 7946 0958', mobilephone: '+442079460958', statecode: 0 },
    { id: 'c6', fullname: 'Ian Jection', telephone1: "1' or 1 eq 1", statecode: 0 },
    { id: 'c7', fullname: "Fay O'Brien", lastname: "O'Brien", mobilephone: '+30 694 618 6715', statecode: 0 },
    { id: 'c8', fullname: 'Gil Nophone', statecode: 0 },
    { id: 'c9', fullname: 'Hal Pbx', telephone1: '9-02079460958', statecode: 0 },
    { id: 'c10', fullname: 'Ida Maine', telephone1: '+12079460958', statecode: 0 },
    // A Dublin number stored with extensions after it (storedExtensions), and a longer number.
    { id: 'c11', fullname: 'Jo Desk', telephone1: '+353 1 234 5678 x12', statecode: 0 },
    { id: 'c12', fullname: 'Kim Desk', telephone1: '+353 1 234 5678 ext. 13 (desk)', statecode: 0 },
    { id: 'c13', fullname: 'Lou Main', telephone1: '+353 1 234 5678', statecode: 0 },
    { id: 'c14', fullname: 'Max Longer', telephone1: '+353 1 234 56789', statecode: 0 },
  ],
  lead: [{ id: 'l1', fullname: 'Lee Lead', telephone1: '+442079460958', mobilephone: '07911 123456' }],
  account: [],
  salesorder: [
    { id: 'o1', name: 'EKS-06441', billto_telephone: '6946186715', statecode: 0 },
    { id: 'o2', name: 'EKS-00001', billto_telephone: '+30 6946186715', statecode: 2 },
  ],
  systemuser: [
    { id: 'u1', fullname: 'Operator One', address1_telephone1: '1234' },
    { id: 'u2', fullname: 'Operator Two', address1_telephone3: '5678' },
    { id: 'u3', fullname: 'Operator Long', address1_telephone1: '+44 20 7946 1234' },
  ],
};

/**
 * Names of the contract's cases, for {@link AdapterContract.skip}.
 *
 * @example
 * ```ts
 * import type { ContractCase } from 'screenpop/testing';
 * const gap: ContractCase = 'lastDigits';
 * ```
 */
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
  | 'stored extensions'
  | 'lookupCaller';

/**
 * The adapter under test.
 *
 * @example
 * ```ts
 * import { createMemoryLookup } from 'screenpop';
 * import type { AdapterContract } from 'screenpop/testing';
 * const contract: AdapterContract = { name: 'memory', make: (records) => createMemoryLookup(records) };
 * ```
 */
export interface AdapterContract {
  /** Shown in the suite's name: `<name> adapter contract`. */
  readonly name: string;
  /** An adapter over `records` (entity → rows with an `id`, {@link contractRecords}); called once, before the first case. */
  make(records: Readonly<Record<string, ReadonlyArray<Readonly<Record<string, unknown>>>>>): LookupAdapter | Promise<LookupAdapter>;
  /**
   * Cases the adapter cannot meet, each with the reason. A skipped case is
   * still listed, as a passing `gap: <case> — <reason>` test, so the gap stays visible.
   * Default: none.
   */
  readonly skip?: Partial<Record<ContractCase, string>>;
}

/**
 * The two functions of a test framework the contract needs. vitest's and
 * jest's `describe`/`it`, mocha's globals and `node:test`'s all fit; the
 * assertions are the contract's own (a failed one throws an `Error` saying
 * what was expected and what came back).
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import type { ContractTestApi } from 'screenpop/testing';
 * const api: ContractTestApi = { describe, it };
 * ```
 */
export interface ContractTestApi {
  /** Groups the cases: called once with the suite's name. */
  describe(name: string, body: () => void): unknown;
  /** One case; `body` returns a promise that rejects when the case fails. */
  it(name: string, body: () => Promise<void>): unknown;
}

// --- the contract's own assertions -----------------------------------------

const show = (v: unknown): string => (v === undefined ? 'undefined' : JSON.stringify(v));

function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (Array.isArray(a) && a.length !== (b as unknown[]).length) return false;
  return ka.length === kb.length && ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Throws unless `actual` deep-equals `expected` (plain data; absent and undefined properties are the same). */
function equal(actual: unknown, expected: unknown, what = 'value'): void {
  if (!same(actual, expected)) throw new Error(`${what}: expected ${show(expected)}, got ${show(actual)}`);
}

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(what);
}

// --- building queries --------------------------------------------------------

const s = (value: string): Literal => ({ kind: 'string', value });
const n = (value: number): Literal => ({ kind: 'number', value });
const cmp = (field: string, op: Comparison['op'], ...values: Array<string | number>): Comparison => ({
  kind: 'compare',
  field,
  op,
  values: values.map((v) => (typeof v === 'number' ? n(v) : s(v))),
});
const and = (...items: Condition[]): Condition => ({ kind: 'and', items });
const or = (...items: Condition[]): Condition => ({ kind: 'or', items });
const not = (item: Condition): Condition => ({ kind: 'not', item });

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

/**
 * Runs the adapter contract as tests of your framework: formats, record
 * shape, cross-country collisions, field order, filters (`=`, `!=` lists,
 * ordering, `not`/`and`/`or`, strings, missing fields), limit, empty
 * entities, literal injection, `lastDigits`, internal extensions, refused
 * filters, and an end-to-end `lookupCaller` on the seed's sales-order
 * example. See docs/lookup.md, "Writing an adapter".
 *
 * Call it at the top level of a test file (or inside a `describe`). The
 * adapter is made once, by the first case that runs.
 *
 * @param contract - the adapter's name, how to make it, its declared gaps.
 * @param api - the framework's `describe` and `it` ({@link ContractTestApi}).
 * @example
 * ```ts
 * // test/my-adapter.test.ts
 * import { describe, it } from 'vitest';
 * import { createMemoryLookup } from 'screenpop';
 * import { runAdapterContract } from 'screenpop/testing';
 * runAdapterContract({ name: 'memory', make: (records) => createMemoryLookup(records) }, { describe, it });
 * ```
 */
export function runAdapterContract(contract: AdapterContract, api: ContractTestApi): void {
  let made: Promise<LookupAdapter> | undefined;
  const adapterP = (): Promise<LookupAdapter> => (made ??= Promise.resolve(contract.make(contractRecords)));
  api.describe(`${contract.name} adapter contract`, () => {
    let adapter: LookupAdapter;
    const test = (name: ContractCase, title: string, fn: () => Promise<void>): void => {
      const reason = contract.skip?.[name];
      if (reason !== undefined) {
        api.it(`gap: ${name} — ${reason}`, async () => check(reason.trim().length > 0, `skip.${name} needs a reason`));
      } else {
        api.it(`${name}: ${title}`, async () => {
          adapter = await adapterP();
          await fn();
        });
      }
    };

    test('formats', 'finds a number stored as E.164, national and international with spaces', async () => {
      equal(ids(await adapter.find(contactQuery())), ['c1', 'c2', 'c4', 'c5']);
    });

    test('record shape', 'returns entity, id, display name, the stored phone, its field and modifiedOn', async () => {
      const found = await adapter.find(contactQuery());
      equal(found[0], { entity: 'contact', id: 'c1', name: 'Ann Lee', phone: '+442079460958', field: 'telephone1', modifiedOn: '2024-03-01T10:00:00Z' });
      equal(found[1], { entity: 'contact', id: 'c2', name: 'Bob Smith', phone: '020 7946 0958', field: 'telephone1', modifiedOn: '2024-05-01T10:00:00Z' });
      equal(found[2], { entity: 'contact', id: 'c4', name: 'Dan Inactive', phone: '+44 20 7946 0958', field: 'telephone1' });
    });

    test('cross-country', 'never matches another country’s number with the same trailing digits', async () => {
      const us = await adapter.find(contactQuery({ variants: phoneVariants('+12079460958') }));
      equal(ids(us), ['c3', 'c10']);
      const uk = await adapter.find(contactQuery({ variants: phoneVariants(LONDON, { national: false }) }));
      equal(ids(uk), ['c1', 'c4', 'c5']);
    });

    test('field order', 'reports a record matched through two fields once, under the first configured field', async () => {
      const a = await adapter.find(contactQuery({ phoneFields: ['telephone1', 'mobilephone'] }));
      equal(a.filter((r) => r.id === 'c5'), [
        { entity: 'contact', id: 'c5', name: 'Eve Twofields', phone: '+44 20 7946 0958', field: 'telephone1' },
      ]);
      const b = await adapter.find(contactQuery({ phoneFields: ['mobilephone', 'telephone1'] }));
      equal(b.filter((r) => r.id === 'c5'), [
        { entity: 'contact', id: 'c5', name: 'Eve Twofields', phone: '+442079460958', field: 'mobilephone' },
      ]);
      const mobileOnly = await adapter.find(contactQuery({ phoneFields: ['mobilephone'] }));
      equal(ids(mobileOnly), ['c5']);
    });

    test('filter', 'applies =, != lists, <, not, and, or', async () => {
      const run = async (filter: LookupQuery['filter']) => ids(await adapter.find(contactQuery(filter ? { filter } : {})));
      equal(await run(cmp('statecode', '=', 0)), ['c1', 'c2', 'c5']);
      equal(await run(cmp('statecode', '!=', 1, 2)), ['c1', 'c2', 'c5']);
      equal(await run(cmp('statecode', '<', 1)), ['c1', 'c2', 'c5']);
      equal(await run(cmp('statecode', '>=', 1)), ['c4']);
      equal(await run(not(cmp('statecode', '=', 0))), ['c4']);
      equal(await run(cmp('statecode', '=', 1, 2)), ['c4']);
      equal(await run(and(cmp('statecode', '=', 0), cmp('fullname', '!=', 'Bob Smith'))), ['c1', 'c5']);
      equal(await run(or(cmp('fullname', '=', 'Ann Lee'), cmp('statecode', '=', 1))), ['c1', 'c4']);
      equal(await run({ kind: 'always' }), ['c1', 'c2', 'c4', 'c5']);
    });

    test('filter strings', 'compares strings case-insensitively, quotes included', async () => {
      const greek = contactQuery({ variants: phoneVariants('+306946186715') });
      equal(ids(await adapter.find({ ...greek, filter: cmp('lastname', '=', "o'brien") })), ['c7']);
      equal(ids(await adapter.find({ ...greek, filter: cmp('lastname', '=', 'smith') })), []);
      equal(ids(await adapter.find({ ...greek, filter: cmp('fullname', '=', "FAY O'BRIEN") })), ['c7']);
    });

    test('missing field', 'a missing field makes = false and != true', async () => {
      equal(ids(await adapter.find(contactQuery({ filter: cmp('lastname', '=', 'x') }))), []);
      equal(ids(await adapter.find(contactQuery({ filter: cmp('lastname', '!=', 'x') }))), ['c1', 'c2', 'c4', 'c5']);
      equal(ids(await adapter.find(contactQuery({ filter: cmp('rating', '<', 3) }))), []);
    });

    test('limit', 'returns at most limit records, the first by display name', async () => {
      equal(ids(await adapter.find(contactQuery({ limit: 2 }))), ['c1', 'c2']);
      equal(ids(await adapter.find(contactQuery({ limit: 1 }))), ['c1']);
    });

    test('empty entity', 'an entity without records or without a match gives []', async () => {
      equal(await adapter.find(contactQuery({ entity: 'account', phoneFields: ['telephone1'], displayField: 'name' })), []);
      equal(await adapter.find(contactQuery({ variants: phoneVariants('+353868561713') })), []);
    });

    test('literal injection', 'searches a caller ID like 1\' or 1 eq 1 as literal text', async () => {
      const found = await adapter.find(contactQuery({ phoneFields: ['telephone1'], variants: ["1' or 1 eq 1"] }));
      equal(ids(found), ['c6']);
      equal(await adapter.find(contactQuery({ variants: ["x' or telephone1 ne 'x"] })), []);
      const hostileFilter = cmp('fullname', '=', "x' or statecode eq 0 or fullname eq 'x");
      equal(await adapter.find(contactQuery({ filter: hostileFilter })), []);
    });

    test('lastDigits', 'matches on the last N digits when asked, still refusing other countries', async () => {
      const plain = await adapter.find(contactQuery());
      check(!ids(plain).includes('c9'), `without lastDigits, c9 (9-02079460958) must not match; got ${show(ids(plain))}`);
      const last = await adapter.find(contactQuery({ lastDigits: 9, e164: LONDON }));
      equal(ids(last), ['c1', 'c2', 'c4', 'c5', 'c9']);
      equal(last.find((r) => r.id === 'c9'), { entity: 'contact', id: 'c9', name: 'Hal Pbx', phone: '9-02079460958', field: 'telephone1' });
    });

    test('internal', 'matches an extension exactly on systemuser phone fields', async () => {
      const q = (variant: string): LookupQuery => ({
        entity: 'systemuser',
        phoneFields: INTERNAL_PHONE_FIELDS,
        variants: [variant],
        displayField: 'fullname',
        limit: 10,
      });
      equal(await adapter.find(q('1234')), [
        { entity: 'systemuser', id: 'u1', name: 'Operator One', phone: '1234', field: 'address1_telephone1' },
      ]);
      equal(ids(await adapter.find(q('5678'))), ['u2']);
      equal(await adapter.find(q('4321')), []);
    });

    test('refused filter', 'a time, day or date literal in a filter rejects with lookup_unsupported_filter', async () => {
      const filter = { kind: 'compare', field: 'createdon', op: '>', values: [{ kind: 'time', value: 570 }] } as const;
      const err = await adapter.find(contactQuery({ filter })).then(
        () => undefined,
        (e: unknown) => e,
      );
      equal(isLookupError(err), true);
      const { code, entity } = err as { code?: unknown; entity?: unknown };
      equal({ code, entity }, { code: 'lookup_unsupported_filter', entity: 'contact' }, 'the rejection');
    });

    test('stored extensions', 'with storedExtensions, finds values with an extension after the number; never another extension or a longer number', async () => {
      const dublin = '+35312345678';
      const q = (over: Partial<LookupQuery> = {}): LookupQuery => contactQuery({ variants: phoneVariants(dublin), e164: dublin, storedExtensions: true, ...over });
      equal(ids(await adapter.find(q())), ['c11', 'c12', 'c13']);
      equal(ids(await adapter.find(q({ extension: '12' }))), ['c11', 'c13']);
      equal(ids(await adapter.find(q({ extension: '13' }))), ['c12', 'c13']);
      equal(ids(await adapter.find(q({ extension: '99' }))), ['c13']);
    });

    test('lookupCaller', 'the seed’s orders: contact first, then the open order; closed orders never match', async () => {
      const config: LookupConfig = {
        entities: [
          { entity: 'contact', phoneFields: ['telephone1', 'mobilephone'], displayField: 'fullname' },
          { entity: 'salesorder', phoneFields: ['billto_telephone'], displayField: 'name', filter: cmp('statecode', '=', 0), filterText: 'statecode=0' },
        ],
      };
      const r = await lookupCaller('6946186715', { config, adapter, defaultRegion: 'GR' });
      equal(r.count, 2);
      equal(r.matches.map((m) => `${m.entity}:${m.id}`), ['contact:c7', 'salesorder:o1']);
      equal(r.chosen, undefined);
      equal(r.normalized, '+306946186715');
      const preferred = await lookupCaller('6946186715', { config, adapter, defaultRegion: 'GR', policy: 'preferEntity' });
      equal(preferred.chosen?.id, 'c7');
    });
  });
}
