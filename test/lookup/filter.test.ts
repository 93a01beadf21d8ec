import { describe, expect, it } from 'vitest';
import type { Condition } from '../../src/parser/ast.js';
import { checkFilter, compileFilter, odataString, toODataFilter } from '../../src/lookup/filter.js';
import { LookupError } from '../../src/lookup/errors.js';
import { and, cmp, not, or } from '../fixtures/lookup.cases.js';

const row = { statecode: 0, statuscode: '3', name: '  Acme Ltd ', owner: null, flag: true };

describe('compileFilter (memory adapter)', () => {
  const cases: ReadonlyArray<[string, Condition, boolean]> = [
    ['number =', cmp('statecode', '=', 0), true],
    ['number = list', cmp('statecode', '=', 1, 0), true],
    ['number != list', cmp('statecode', '!=', 2, 3), true],
    ['number != hit', cmp('statecode', '!=', 0), false],
    ['numeric string read as number', cmp('statuscode', '=', 3), true],
    ['numeric string <', cmp('statuscode', '<', 10), true],
    ['string trimmed, case-insensitive', cmp('name', '=', 'acme ltd'), true],
    ['string !=', cmp('name', '!=', 'ACME LTD'), false],
    ['string vs number field', cmp('statecode', '=', '0'), true],
    ['missing field =', cmp('missing', '=', 'x'), false],
    ['missing field !=', cmp('missing', '!=', 'x'), true],
    ['null field =', cmp('owner', '=', 'x'), false],
    ['null field !=', cmp('owner', '!=', 'x'), true],
    ['missing field <', cmp('missing', '<', 1), false],
    ['boolean as number', cmp('flag', '=', 1), true],
    ['field name case', cmp('StateCode', '=', 0), true],
    ['not', not(cmp('statecode', '=', 0)), false],
    ['and', and(cmp('statecode', '=', 0), cmp('name', '=', 'acme ltd')), true],
    ['or', or(cmp('statecode', '=', 1), cmp('name', '=', 'x')), false],
    ['empty and', and(), true],
    ['empty or', or(), false],
    ['always', { kind: 'always' }, true],
  ];
  it.each(cases)('%s', (_, condition, expected) => {
    checkFilter(condition);
    expect(compileFilter(condition)(row)).toBe(expected);
  });
});

describe('toODataFilter (Dataverse adapter)', () => {
  const cases: ReadonlyArray<[Condition, string]> = [
    [cmp('statecode', '=', 0), 'statecode eq 0'],
    [cmp('statecode', '!=', 2, 3), '(statecode ne 2 and statecode ne 3)'],
    [cmp('statecode', '=', 0, 1), '(statecode eq 0 or statecode eq 1)'],
    [cmp('lastname', '=', "O'Brien"), "lastname eq 'O''Brien'"],
    [cmp('amount', '>=', 2.5), 'amount ge 2.5'],
    [cmp('amount', '<', -1), 'amount lt -1'],
    [not(cmp('statecode', '=', 0)), '(not statecode eq 0)'],
    [and(cmp('a', '=', 1), or(cmp('b', '=', 'x'), cmp('c', '<=', 2))), "(a eq 1 and (b eq 'x' or c le 2))"],
  ];
  it.each(cases)('%j → %s', (condition, expected) => {
    checkFilter(condition);
    expect(toODataFilter(condition)).toBe(expected);
  });

  it('escapes string literals', () => {
    expect(odataString("1' or 1 eq 1")).toBe("'1'' or 1 eq 1'");
    expect(odataString("''")).toBe("''''''");
  });
});

describe('checkFilter', () => {
  it.each([
    ['time', { kind: 'time', value: 570 }],
    ['day', { kind: 'day', value: 1 }],
    ['date', { kind: 'date', value: '2024-01-01' }],
  ] as const)('refuses a %s literal', (kind, literal) => {
    const c: Condition = { kind: 'compare', field: 'createdon', op: '>', values: [literal] };
    try {
      checkFilter(and(cmp('statecode', '=', 0), c), 'salesorder', 'statecode=0 && createdon>09:30');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(LookupError);
      expect(e).toMatchObject({ code: 'lookup_unsupported_filter', entity: 'salesorder', input: 'statecode=0 && createdon>09:30' });
      expect((e as LookupError).detail).toContain(kind);
    }
  });

  it('refuses field names that are not attribute names', () => {
    expect(() => checkFilter(cmp('fromParty.Key', '=', 'contact'))).toThrowError(/not an attribute name/);
    expect(() => checkFilter(cmp("a eq 1 or b", '=', 1))).toThrowError(LookupError);
    expect(() => checkFilter({ kind: 'compare', field: 'a', op: '=', values: [] })).toThrowError(/no value/);
    expect(() => checkFilter(cmp('a', '=', Number.POSITIVE_INFINITY))).toThrowError(/finite/);
  });
});
