import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  DEFAULT_LOOKUP_ENTITIES,
  lookupConfigFromKv,
  parseKvCsv,
  parseKvJson,
  type KvRow,
} from '../../src/config/index.js';
import {
  OPEN_ORDERS_FILTER_ROW,
  SEED_LOOKUP_ENTITIES_ROW,
  SEED_SALES_ORDER_ROWS,
  SEED_TIP_LOOKUP_ENTITIES_ROW,
} from '../fixtures/config.cases.js';

const fixture = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../fixtures/kv/${name}`, import.meta.url)), 'utf8');

const CONTACT = {
  entity: 'contact',
  phoneFields: ['telephone1', 'telephone2', 'telephone3', 'mobilephone', 'address1_telephone1'],
  displayField: 'fullname',
};
const LEAD = { entity: 'lead', phoneFields: ['telephone1', 'telephone2', 'telephone3', 'mobilephone'], displayField: 'fullname' };
const ACCOUNT = { entity: 'account', phoneFields: ['telephone1', 'telephone2', 'telephone3'], displayField: 'name' };

describe('lookupConfigFromKv: defaults', () => {
  it('searches contact, lead, account with their standard fields when there are no rows', () => {
    expect(lookupConfigFromKv([], { user: 'ann' })).toEqual({ config: { entities: [CONTACT, LEAD, ACCOUNT] }, warnings: [] });
    expect(DEFAULT_LOOKUP_ENTITIES).toEqual(['contact', 'lead', 'account']);
  });
});

describe("lookupConfigFromKv: the seed's sales-order example", () => {
  it('reads the rows verbatim: en-dash comments dropped, incomingLookup_order flagged with a suggestion', () => {
    const { config, warnings } = lookupConfigFromKv([...SEED_SALES_ORDER_ROWS, SEED_LOOKUP_ENTITIES_ROW], { user: 'ann' });
    expect(config).toEqual({ entities: [{ entity: 'salesorder', phoneFields: ['new_phone1'], displayField: 'name' }] });
    expect(warnings.map((w) => [w.code, w.index, w.suggestion])).toEqual([
      ['annotated_value', 0, '1'],
      ['annotated_value', 0, 'new_phone1'],
      ['annotated_value', 1, 'name'],
      ['unsearched_entity', 2, 'salesorder'],
    ]);
    expect(warnings[3]!.message).toContain('did you mean salesorder?');
    expect(warnings[3]!.message).toContain('"order"');
    expect(warnings[3]!.row).toBe(SEED_SALES_ORDER_ROWS[2]);
    expect(warnings[1]!.message).toContain('is read as "new_phone1"');
  });

  it('with the TIP "contact, salesorder", contact comes first and open orders only with a filter', () => {
    const { config } = lookupConfigFromKv([...SEED_SALES_ORDER_ROWS, SEED_TIP_LOOKUP_ENTITIES_ROW, OPEN_ORDERS_FILTER_ROW], {
      user: 'ann',
    });
    expect(config.entities.map((e) => e.entity)).toEqual(['contact', 'salesorder']);
    expect(config.entities[1]).toEqual({
      entity: 'salesorder',
      phoneFields: ['new_phone1'],
      displayField: 'name',
      filter: { kind: 'compare', field: 'statecode', op: '=', values: [{ kind: 'number', value: 0 }] },
      filterText: 'statecode=0',
    });
  });

  it('reads the same from the CSV export of those rows', () => {
    const { config, warnings } = lookupConfigFromKv(parseKvCsv(fixture('seed-sales-order.csv')), { user: 'ann' });
    expect(config.entities).toEqual([CONTACT, { entity: 'salesorder', phoneFields: ['new_phone1'], displayField: 'name' }]);
    expect(warnings.filter((w) => w.code === 'unsearched_entity')).toHaveLength(1);
  });

  it('reads a Web API payload, per user', () => {
    const rows = parseKvJson(fixture('webapi.json'));
    const everyone = lookupConfigFromKv(rows, { user: 'ann' });
    expect(everyone.config.entities.map((e) => [e.entity, e.filterText])).toEqual([
      ['contact', undefined],
      ['salesorder', 'statecode=0'],
    ]);
    const agent = lookupConfigFromKv(rows, { user: 'test agent06' });
    expect(agent.config.entities.map((e) => e.entity)).toEqual(['salesorder']);
    expect(everyone.warnings).toEqual([]);
  });
});

const row = (name: string, key: string, value: string, type?: string, scope = 'global'): KvRow => ({
  scope,
  name,
  key,
  value,
  ...(type === undefined ? {} : { type }),
});

describe('lookupConfigFromKv: rows', () => {
  it('orders phone rows by Key: integers numerically first, then text; configured rows replace defaults', () => {
    const rows = [
      row('incomingLookup_contact', '10', 'telephone3', 'phone'),
      row('incomingLookup_contact', 'b', 'address2_telephone1', 'phone'),
      row('incomingLookup_contact', '2', 'Telephone1', 'Phone'),
      row('incomingLookup_contact', '01', 'mobilephone', 'PHONE'),
      row('incomingLookup_contact', 'a', 'telephone2', 'phone'),
    ];
    const { config, warnings } = lookupConfigFromKv(rows, { user: 'ann' });
    expect(config.entities[0]!.phoneFields).toEqual(['mobilephone', 'telephone1', 'telephone3', 'telephone2', 'address2_telephone1']);
    expect(warnings).toEqual([]);
  });

  it('a Type name row beats entityPrimaryNames, which beats the default', () => {
    const rows = [
      row('lookupEntities', 'inbound', 'contact, account'),
      { ...row('entityPrimaryNames', 'contact', 'lastname', 'string'), parent: 'AppSettings' },
      { ...row('entityPrimaryNames', 'account', 'accountnumber', 'string'), parent: 'AppSettings' },
      row('incomingLookup_account', '1', 'new_display', 'name'),
    ];
    const { config } = lookupConfigFromKv(rows, { user: 'ann' });
    expect(config.entities.map((e) => e.displayField)).toEqual(['lastname', 'new_display']);
  });

  it('a custom entity gets its entity set and a prefixed display default with a warning', () => {
    const rows = [
      row('lookupEntities', 'inbound', 'new_site'),
      row('incomingLookup_new_site', '1', 'new_phone', 'phone'),
      row('incomingLookup_new_site', '', 'new_sites', 'entityset'),
    ];
    const { config, warnings } = lookupConfigFromKv(rows, { user: 'ann' });
    expect(config.entities).toEqual([{ entity: 'new_site', phoneFields: ['new_phone'], displayField: 'new_name', entitySet: 'new_sites' }]);
    expect(warnings.map((w) => w.code)).toEqual(['no_display_field']);
  });

  it('salesorder defaults to its Bill To and Ship To phones', () => {
    const { config } = lookupConfigFromKv([row('lookupEntities', 'inbound', 'salesorder')], { user: 'ann' });
    expect(config.entities).toEqual([{ entity: 'salesorder', phoneFields: ['billto_telephone', 'shipto_telephone'], displayField: 'name' }]);
  });

  it('outbound uses its own row, else the inbound row', () => {
    const inboundOnly = [row('lookupEntities', 'Inbound', 'account')];
    expect(lookupConfigFromKv(inboundOnly, { user: 'a', direction: 'outbound' }).config.entities.map((e) => e.entity)).toEqual(['account']);
    const both = [...inboundOnly, row('lookupEntities', 'outbound', 'lead; contact')];
    expect(lookupConfigFromKv(both, { user: 'a', direction: 'outbound' }).config.entities.map((e) => e.entity)).toEqual(['lead', 'contact']);
    expect(lookupConfigFromKv(both, { user: 'a' }).config.entities.map((e) => e.entity)).toEqual(['account']);
  });

  it('numeric settings: the user row wins, Key ignored, bad values ignored with a warning', () => {
    const rows = [
      row('internalExtensionLength', '', '4'),
      row('internalExtensionLength', '1', '5', undefined, 'Ann'),
      row('lookupLastDigits', '', '9'),
      row('lookupLimit', '', 'lots'),
    ];
    const { config, warnings } = lookupConfigFromKv(rows, { user: 'ann' });
    expect(config).toMatchObject({ internalExtensionLength: 5, lastDigits: 9 });
    expect(config.limit).toBeUndefined();
    expect(warnings.map((w) => [w.code, w.index])).toEqual([['bad_setting', 3]]);
    expect(lookupConfigFromKv(rows, { user: 'bob' }).config.internalExtensionLength).toBe(4);
  });

  it('several filter rows are and-ed', () => {
    const rows = [
      row('lookupEntities', 'inbound', 'salesorder'),
      row('incomingLookup_salesorder', '1', 'statecode=0', 'filter'),
      row('incomingLookup_salesorder', '2', 'new_brand=uk', 'filter'),
    ];
    const e = lookupConfigFromKv(rows, { user: 'a' }).config.entities[0]!;
    expect(e.filter?.kind).toBe('and');
    expect(e.filter?.kind === 'and' && e.filter.items).toHaveLength(2);
    expect(e.filterText).toBe('(statecode=0) && (new_brand=uk)');
  });
});

describe('lookupConfigFromKv: warnings', () => {
  it('warns for every row it cannot use, and keeps going', () => {
    const rows: KvRow[] = [
      row('lookupEntities', 'inbound', 'contact, contact, incident, order, salesorder'), // 0
      row('incomingLookup_contact', '1', '', 'phone'), // 1 empty value
      row('incomingLookup_contact', '2', 'telephone1', 'phone'), // 2
      row('incomingLookup_contact', '3', 'telephone1', 'phone'), // 3 duplicate field
      row('incomingLookup_contact', '4', 'mobilephone', 'fone'), // 4 unknown type
      row('incomingLookup_contact', '5', 'Business Phone', 'phone'), // 5 not a logical name
      row('incomingLookup_salesorder', '1', 'statecode=', 'filter'), // 6 bad filter
      row('incomingLookup_contcat', '1', 'telephone1', 'phone'), // 7 typo
      row('IncomingLookup_lead', '1', 'telephone1', 'phone'), // 8 wrong case
      row('lookupentities', 'inbound', 'lead'), // 9 wrong case
      row('lookupEntities', 'sideways', 'lead'), // 10 bad key
      row('incomingLookup_contact', '', 'x', ''), // 11 no type
    ];
    const { config, warnings } = lookupConfigFromKv(rows, { user: 'ann' });
    // incident and order: no phone fields; salesorder: bad filter; none of them searched.
    expect(config.entities.map((e) => [e.entity, e.phoneFields])).toEqual([['contact', ['telephone1']]]);
    const got = warnings.map((w) => [w.code, w.index]);
    expect(got).toEqual(
      expect.arrayContaining([
        ['name_case', 8],
        ['name_case', 9],
        ['duplicate_setting', 0],
        ['unknown_entity', 0],
        ['bad_setting', 10],
        ['unsearched_entity', 7],
        ['unknown_type', 4],
        ['unknown_type', 11],
        ['empty_value', 1],
        ['duplicate_field', 3],
        ['bad_setting', 5],
        // No rows of their own: placed at the lookupEntities row that lists them.
        ['no_phone_fields', 0],
        ['bad_filter', 6],
      ]),
    );
    expect(warnings.find((w) => w.code === 'unsearched_entity')?.suggestion).toBe('contact');
    expect(warnings.find((w) => w.code === 'unknown_entity')?.message).toContain('did you mean salesorder?');
    expect(warnings.find((w) => w.code === 'bad_filter')?.message).toContain('"salesorder" is not searched');
    expect(warnings.filter((w) => w.code === 'no_phone_fields').map((w) => w.message.slice(0, 17))).toEqual(['Entity "incident"', 'Entity "order" is']);
    // Sorted by row: the entities' warnings stand with the lookupEntities row (0), before the others.
    expect(warnings.filter((w) => w.code === 'no_phone_fields').map((w) => w.index)).toEqual([0, 0]);
  });

  it('a typo in lookupEntities gets the entity it may mean, not advice to configure the typo', () => {
    const { warnings } = lookupConfigFromKv([row('lookupEntities', 'inbound', 'contact, acount, new_site')], { user: 'u' });
    const typo = warnings.find((w) => w.message.includes('"acount"'));
    expect(typo).toMatchObject({ code: 'no_phone_fields', suggestion: 'account' });
    expect(typo?.message).toBe('Entity "acount" is searched but has no phone fields; did you mean account (fix lookupEntities), or add incomingLookup_acount rows with Type phone? It is not searched.');
    // A custom entity with no rows is not a typo of anything: the advice stays to add its rows.
    const custom = warnings.find((w) => w.message.includes('"new_site"'));
    expect(custom?.suggestion).toBeUndefined();
    expect(custom?.message).toContain('add incomingLookup_new_site rows with Type phone (Value = field, Key = order)');
  });
});
