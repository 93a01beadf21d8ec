import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RuleSyntaxError } from '../../src/parser/errors.js';
import { compileRules, orderRows, type RuleContext } from '../../src/rules/index.js';

const rule = (key: string, value: string) => ({ key, value });

describe('ordering: keys sort as text', () => {
  it('orders 1, 2, 10, 02 textually', () => {
    const c = compileRules([rule('1', '*=>a.html'), rule('2', '*=>b.html'), rule('10', '*=>c.html'), rule('02', '*=>d.html')]);
    expect(c.order).toEqual(['02', '1', '10', '2']);
    expect(c.evaluate({}).rule?.key).toBe('02');
  });
  it('sorts by UTF-16 code units, not locale', () => {
    expect(orderRows([{ key: 'b' }, { key: 'B' }, { key: 'a' }, { key: 'é' }, { key: '' }]).map((r) => r.key)).toEqual(['', 'B', 'a', 'b', 'é']);
  });
  it('keeps input order for equal keys and reports them', () => {
    const c = compileRules([rule('5', 'dnis=1=>first.html'), rule('5', 'dnis=1=>second.html'), rule('3', 'dnis=2=>x.html')]);
    expect(c.order).toEqual(['3', '5', '5']);
    expect(c.evaluate({ dnis: '1' }).target).toEqual({ kind: 'url', url: 'first.html' });
    expect(c.warnings).toEqual([
      { code: 'duplicate_key', keys: ['5'], message: '2 rules share the Key "5"; they are evaluated in the order they were given' },
    ]);
  });
});

describe('evaluate: decisions', () => {
  const rules = compileRules([
    rule('01', 'lookupCount=0 && direction=inbound => /WebResources/new_unknown.html'),
    rule('02', 'fromParty.Key=salesorder => default'),
    rule('03', 'lookupCount>=2 => /WebResources/new_multi.html?n={telephoneNo}'),
    rule('04', 'dnis=1234, 5678 && fromParty.Key!=lead => https://crm.example.com/sales.html'),
  ]);
  const table: Array<[RuleContext, string | undefined, string]> = [
    [{ lookupCount: 0, direction: 'inbound' }, '01', '/WebResources/new_unknown.html'],
    [{ lookupCount: 0, direction: 'INBOUND ' }, '01', '/WebResources/new_unknown.html'],
    [{ lookupCount: '0', direction: 'inbound' }, '01', '/WebResources/new_unknown.html'],
    [{ lookupCount: 0, direction: 'queue' }, undefined, 'default'],
    [{ 'fromParty.Key': 'salesorder', lookupCount: 1 }, '02', 'default'],
    [{ 'FROMPARTY.KEY': 'SalesOrder', lookupCount: 1 }, '02', 'default'],
    [{ lookupCount: 3 }, '03', '/WebResources/new_multi.html?n={telephoneNo}'],
    [{ lookupCount: 1, dnis: '5678', 'fromParty.Key': 'contact' }, '04', 'https://crm.example.com/sales.html'],
    [{ lookupCount: 1, dnis: '5678' }, '04', 'https://crm.example.com/sales.html'], // missing field: != holds
    [{ lookupCount: 1, dnis: '5678', 'fromParty.Key': 'lead' }, undefined, 'default'],
    [{ lookupCount: 1, dnis: '9999' }, undefined, 'default'],
    [{}, undefined, 'default'],
  ];
  for (const [ctx, key, target] of table) {
    it(`${JSON.stringify(ctx)} → ${key ?? 'none'}`, () => {
      const d = rules.evaluate(ctx);
      expect(d.rule?.key).toBe(key);
      expect(d.target.kind === 'url' ? d.target.url : d.target.kind).toBe(target);
    });
  }

  it('returns the same frozen decision object (no allocation per call)', () => {
    expect(rules.evaluate({ lookupCount: 3 })).toBe(rules.evaluate({ lookupCount: 4 }));
    expect(Object.isFrozen(rules.evaluate({}))).toBe(true);
  });
});

describe('evaluate: every operator', () => {
  const cases: Array<[string, RuleContext, boolean]> = [
    ['lookupCount=1', { lookupCount: 1 }, true],
    ['lookupCount==1', { lookupCount: 2 }, false],
    ['lookupCount!=1', { lookupCount: 2 }, true],
    ['lookupCount<>1', { lookupCount: 1 }, false],
    ['lookupCount<2', { lookupCount: 1 }, true],
    ['lookupCount<2', { lookupCount: 2 }, false],
    ['lookupCount<=2', { lookupCount: 2 }, true],
    ['lookupCount>2', { lookupCount: 2 }, false],
    ['lookupCount>=2', { lookupCount: 2 }, true],
    ['lookupCount=0, 1', { lookupCount: 1 }, true],
    ['lookupCount!=0, 1', { lookupCount: 1 }, false],
    ['lookupCount!=0, 1', { lookupCount: 2 }, true],
    ['lookupCount=1', { lookupCount: 'x' }, false],
    ['lookupCount=1', {}, false],
    ['lookupCount!=1', {}, true],
    ['lookupCount>0', {}, false],
    ['dnis=1234', { dnis: ' 1234 ' }, true],
    ['dnis=1234', { dnis: 1234 }, true],
    ['dnisName="sales team"', { dnisName: 'Sales Team' }, true],
    ['fromParty.Key!=contact, lead', { 'fromParty.Key': 'account' }, true],
    ['fromParty.Key!=contact, lead', { 'fromParty.Key': 'Lead' }, false],
    ['fromParty.Key=""', { 'fromParty.Key': '' }, true],
    ['fromParty.Key=""', {}, false],
    ['!(dnis=1)', { dnis: '1' }, false],
    ['not dnis=1', {}, true],
    ['dnis=1 || dnis=2 && direction=inbound', { dnis: '1', direction: 'queue' }, true],
    ['(dnis=1 || dnis=2) && direction=inbound', { dnis: '1', direction: 'queue' }, false],
    ['dnis=1 and dnis=1 and dnis=1 and dnis=1', { dnis: '1' }, true],
    ['dnis=1 or dnis=2 or dnis=3', { dnis: '3' }, true],
    ['date>=2026-11-24', { date: '2026-11-24' }, true],
    ['date<2026-11-24', { date: '2026-11-24' }, false],
    ['day=mon, tue', { day: 'Tuesday' }, true],
    ['time<09:00', { time: '08:59' }, true],
  ];
  for (const [cond, ctx, expected] of cases) {
    it(`${cond} with ${JSON.stringify(ctx)} is ${expected}`, () => {
      const c = compileRules([rule('1', `${cond}=>x.html`)]);
      expect(c.errors).toEqual([]);
      expect(c.evaluate(ctx).rule !== undefined).toBe(expected);
      expect(c.explain(ctx).rules[0]!.status === 'matched').toBe(expected);
    });
  }
});

describe('unknown (null) fields', () => {
  it('a rule that reads an unknown field does not hold, whatever the operator', () => {
    const c = compileRules([
      rule('1', 'lookupCount!=0 => a.html'),
      rule('2', '!(lookupCount=0) => b.html'),
      rule('3', 'lookupCount=1 || dnis=1 => c.html'),
      rule('4', 'direction=inbound => d.html'),
    ]);
    const ctx = { lookupCount: null, dnis: '1', direction: 'inbound' };
    expect(c.evaluate(ctx).rule?.key).toBe('4');
    expect(c.explain(ctx).rules.map((r) => r.status)).toEqual(['unknown', 'unknown', 'unknown', 'matched']);
  });
});

describe('time fields from an injected clock', () => {
  const c = compileRules(
    [rule('1', 'day=sat, sun => closed.html'), rule('2', 'time>=09:00 && time<17:00 => open.html'), rule('3', '* => closed.html')],
    { timeZone: 'Europe/Dublin' },
  );
  it('reads time in the configured zone across the DST change (2026-10-25, Dublin IST→GMT)', () => {
    // Friday 2026-10-23 08:30 UTC = 09:30 IST (UTC+1): open.
    expect(c.evaluate({ now: new Date('2026-10-23T08:30:00Z') }).target).toEqual({ kind: 'url', url: 'open.html' });
    // Friday 2026-10-23 16:30 UTC = 17:30 IST: closed.
    expect(c.evaluate({ now: new Date('2026-10-23T16:30:00Z') }).target).toEqual({ kind: 'url', url: 'closed.html' });
    // Monday 2026-10-26 16:30 UTC = 16:30 GMT (after the change): open.
    expect(c.evaluate({ now: new Date('2026-10-26T16:30:00Z') }).target).toEqual({ kind: 'url', url: 'open.html' });
    // Monday 2026-10-26 08:30 UTC = 08:30 GMT: closed.
    expect(c.evaluate({ now: new Date('2026-10-26T08:30:00Z') }).target).toEqual({ kind: 'url', url: 'closed.html' });
    // Sunday 2026-10-25 10:00 UTC: weekend.
    expect(c.evaluate({ now: Date.parse('2026-10-25T10:00:00Z') }).rule?.key).toBe('1');
  });
  it('spring forward in New York: 2026-03-08 02:30 does not exist; 07:30Z is 03:30 EDT', () => {
    const ny = compileRules([rule('1', 'time>=03:00 && time<04:00 && date=2026-03-08 => x.html')], { timeZone: 'America/New_York' });
    expect(ny.evaluate({ now: new Date('2026-03-08T07:30:00Z') }).rule?.key).toBe('1');
    expect(ny.evaluate({ now: new Date('2026-03-08T06:30:00Z') }).rule).toBeUndefined(); // 01:30 EST
  });
  it('without a clock, time rules do not hold', () => {
    expect(c.evaluate({}).rule?.key).toBe('3');
    expect(c.explain({}).rules[1]!.comparisons[0]).toEqual({ field: 'time', op: '>=', actual: undefined, expected: ['09:00'], outcome: false });
  });
  it('explain shows the derived time', () => {
    const ex = c.explain({ now: new Date('2026-10-23T08:30:00Z') });
    expect(ex.rules[1]!.comparisons.map((x) => x.actual)).toEqual(['09:30', '09:30']);
    expect(ex.rules[0]!.comparisons[0]!.actual).toBe('fri');
  });
  it('refuses an unknown time zone with a typed error', () => {
    expect(() => compileRules([], { timeZone: 'Mars/Olympus' })).toThrow(RuleSyntaxError);
  });
});

describe('errors are collected per row', () => {
  it('invalid rows are listed with their key and skipped; the rest still work', () => {
    const c = compileRules([rule('01', 'dnis=1 && => x.html'), rule('02', 'fromParty.Kee=contact=>default'), rule('03', 'dnis=1=>ok.html')]);
    expect(c.errors.map((e) => [e.key, e.code])).toEqual([
      ['01', 'unexpected_end'],
      ['02', 'unknown_field'],
    ]);
    expect(c.errors[1]!.message).toContain('customURL_Rule key "02"');
    expect(c.evaluate({ dnis: '1' }).rule?.key).toBe('03');
    expect(c.explain({ dnis: '1' }).rules.map((r) => r.status)).toEqual(['invalid', 'invalid', 'matched']);
  });
  it('non-row input gives typed errors, not crashes', () => {
    const c = compileRules([null, { key: 1, value: 'dnis=1=>x.html' }, { key: 'k' }] as never);
    expect(c.errors.map((e) => e.code)).toEqual(['bad_row', 'bad_row']);
    expect(c.order).toEqual(['', '1', 'k']);
    expect(() => compileRules('nope' as never)).toThrow(RuleSyntaxError);
  });
  it('host fields must not redeclare built-ins', () => {
    expect(() => compileRules([], { fields: { DNIS: 'number' } })).toThrow(/built in/);
  });
});

describe('explain', () => {
  it('lists every rule and comparison with actual and expected values', () => {
    const c = compileRules([rule('1', 'lookupCount=0 => a.html'), rule('2', 'fromParty.Key=contact, lead && dnis!=99 => default'), rule('3', '* => c.html')]);
    const ex = c.explain({ lookupCount: 1, 'fromParty.Key': 'Contact', dnis: '12' });
    expect(ex.decision.rule?.key).toBe('2');
    expect(ex.rules).toEqual([
      { key: '1', value: 'lookupCount=0 => a.html', status: 'not_matched', chosen: false, errors: [], comparisons: [{ field: 'lookupCount', op: '=', actual: 1, expected: ['0'], outcome: false }] },
      {
        key: '2',
        value: 'fromParty.Key=contact, lead && dnis!=99 => default',
        status: 'matched',
        chosen: true,
        errors: [],
        comparisons: [
          { field: 'fromParty.Key', op: '=', actual: 'Contact', expected: ['contact', 'lead'], outcome: true },
          { field: 'dnis', op: '!=', actual: '12', expected: ['99'], outcome: true },
        ],
      },
      { key: '3', value: '* => c.html', status: 'matched', chosen: false, errors: [], comparisons: [] },
    ]);
  });

  it('agrees with evaluate on random contexts', () => {
    const c = compileRules([
      rule('01', 'lookupCount=0 && direction=inbound => a.html'),
      rule('02', 'fromParty.Key=contact, lead || !(dnis=1, 2) => default'),
      rule('03', 'lookupCount>1 && (dnis=3 || direction!=queue) => b.html'),
      rule('04', 'not direction=inbound, queue => c.html'),
    ]);
    const ctx = fc.record(
      {
        lookupCount: fc.oneof(fc.integer({ min: -1, max: 4 }), fc.constant(null), fc.constant('2')),
        direction: fc.constantFrom('inbound', 'queue', 'Outbound', ' INBOUND'),
        dnis: fc.constantFrom('1', '2', '3', ' 3 '),
        'fromParty.Key': fc.constantFrom('contact', 'LEAD', 'account', ''),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(ctx, (x) => {
        expect(c.explain(x).decision).toBe(c.evaluate(x));
      }),
      { numRuns: 500 },
    );
  });
});
