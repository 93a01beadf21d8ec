import { describe, expect, it } from 'vitest';
import type { KvRow } from '../../src/config/row.js';
import { lintConfig, type LintCode } from '../../src/lint/index.js';
import { parseCondition } from '../../src/parser/index.js';
import { implies } from '../../src/lint/index.js';

const rule = (key: string, value: string, scope = 'global'): KvRow => ({ scope, name: 'customURL_Rule', key, value });
const codes = (rows: KvRow[]) => lintConfig(rows).map((f) => f.code);

// Each code: a table that triggers it and a near-identical one that does not.
const table: Array<[LintCode, KvRow[], KvRow[]]> = [
  ['invalid_rule', [rule('01', 'dnis=1 && =>x.html')], [rule('01', 'dnis=1 =>x.html')]],
  ['unknown_field', [rule('01', 'fromParty.Kee=contact=>default')], [rule('01', 'fromParty.Key=contact=>default')]],
  ['unsafe_url', [rule('01', '*=>javascript:alert(1)')], [rule('01', '*=>/WebResources/a.html')]],
  ['bad_url', [rule('01', '*=>https:///nohost')], [rule('01', '*=>https://host/p')]],
  ['key_sort_trap', [rule('2', 'dnis=1=>a.html'), rule('10', 'dnis=2=>b.html')], [rule('02', 'dnis=1=>a.html'), rule('10', 'dnis=2=>b.html')]],
  ['duplicate_key', [rule('01', 'dnis=1=>a.html'), rule('01', 'dnis=2=>b.html')], [rule('01', 'dnis=1=>a.html'), rule('02', 'dnis=2=>b.html')]],
  ['unreachable_rule', [rule('01', '*=>a.html'), rule('02', 'dnis=2=>b.html')], [rule('01', 'dnis=2=>b.html'), rule('02', '*=>a.html')]],
  ['subsumed_rule', [rule('01', 'fromParty.Key=contact, lead=>a.html'), rule('02', 'fromParty.Key=contact && dnis=1=>b.html')], [rule('01', 'fromParty.Key=contact && dnis=1=>b.html'), rule('02', 'fromParty.Key=contact, lead=>a.html')]],
  ['unknown_entity', [rule('01', 'fromParty.Key=contcat=>default')], [rule('01', 'fromParty.Key=contact=>default')]],
  ['unknown_value', [rule('01', 'direction=inbund=>default')], [rule('01', 'direction=inbound=>default')]],
  ['impossible_lookup_count', [rule('01', 'lookupCount=1.5=>default')], [rule('01', 'lookupCount=1=>default')]],
  ['name_case', [{ scope: 'global', name: 'CustomURL_rule', key: '01', value: '*=>default' }], [rule('01', '*=>default')]],
  ['lookup_config', [{ scope: 'global', name: 'incomingLookup_order', key: 'name', value: 'name', type: 'name' }], [{ scope: 'global', name: 'entityPrimaryNames', parent: 'AppSettings', key: 'salesorder', value: 'name', type: 'string' }]],
];

describe('lintConfig: every code, positive and negative', () => {
  for (const [code, bad, good] of table) {
    it(code, () => {
      expect(codes(bad)).toContain(code);
      expect(codes(good)).not.toContain(code);
    });
  }
});

describe('lintConfig: messages', () => {
  it('key sort trap says the real order and suggests padding', () => {
    const f = lintConfig([rule('1', 'dnis=1=>a.html'), rule('2', 'dnis=2=>a.html'), rule('10', 'dnis=3=>a.html')]).find((x) => x.code === 'key_sort_trap')!;
    expect(f.message).toBe('Keys sort as text, so the rules run in the order 1, 10, 2, not 1, 2, 10');
    expect(f.hint).toBe('Pad every Key to 2 digits (01, 02, 10).');
  });
  it('the seed\'s incomingLookup_order mistake suggests salesorder', () => {
    const f = lintConfig([
      { scope: 'global', name: 'lookupEntities', key: 'inbound', value: 'contact, salesorder' },
      { scope: 'global', name: 'incomingLookup_order', key: 'name', value: 'name', type: 'name' },
    ]).find((x) => x.code === 'lookup_config')!;
    expect(f.message + f.hint).toContain('salesorder');
  });
  it('name_case says Dynamics Telephony ignores the row', () => {
    const f = lintConfig([{ scope: 'global', name: 'CustomURL_rule', key: '01', value: '*=>default' }])[0]!;
    expect(f.message).toContain('ignored by Dynamics Telephony');
    expect(f.severity).toBe('warning');
  });
  it('lints a user\'s own rule set with the scope in the finding', () => {
    const f = lintConfig([rule('01', 'dnis=1=>a.html'), rule('02', 'fromParty.Key=contcat=>default', 'ann')]).find((x) => x.code === 'unknown_entity')!;
    expect(f.row).toEqual({ name: 'customURL_Rule', key: '02', scope: 'ann' });
  });
  it('rows that share a Key each get their own findings (the second was dropped as a repeat of the first)', () => {
    const findings = lintConfig([rule('15', '* => default'), rule('16', 'dnis=3 => default'), rule('16', 'dnis=4 => default')]);
    expect(findings.map((f) => `${f.code}@${f.index}`)).toEqual(['duplicate_key@1', 'unreachable_rule@1', 'unreachable_rule@2']);
  });

  it('a clean table has no findings', () => {
    expect(lintConfig([rule('01', 'lookupCount=0=>/WebResources/new_cp.html'), rule('02', 'fromParty.Key=contact, lead=>default'), rule('99', '*=>default')])).toEqual([]);
  });
});

describe('implies', () => {
  const c = (s: string) => parseCondition(s);
  const cases: Array<[string, string, boolean]> = [
    ['dnis=1', 'dnis=1, 2', true],
    ['dnis=1, 3', 'dnis=1, 2', false],
    ['dnis=1 && direction=inbound', 'dnis=1', true],
    ['dnis=1', 'dnis=1 && direction=inbound', false],
    ['dnis=3', 'dnis!=1, 2', true],
    ['dnis!=1, 2, 3', 'dnis!=1, 2', true],
    ['lookupCount>=3', 'lookupCount>=2', true],
    ['lookupCount>2', 'lookupCount>=3', false],
    ['lookupCount=2, 3', 'lookupCount>1', true],
    ['lookupCount<1', 'lookupCount<=1', true],
    ['dnis=1 || dnis=2', 'dnis=1, 2', true],
    ['dnis=1', 'dnis=1 || direction=queue', true],
    ['!(dnis=1)', '!(dnis=1)', true],
  ];
  for (const [b, a, expected] of cases) it(`${b} ⇒ ${a}: ${expected}`, () => expect(implies(c(b), c(a))).toBe(expected));
});
