import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Condition, Literal, RuleAst } from '../../src/parser/ast.js';
import {
  RuleSyntaxError,
  parseCondition,
  parseRule,
  printCondition,
  printRule,
  safeParseCondition,
  safeParseRule,
} from '../../src/parser/index.js';
import { ScreenpopError } from '../../src/errors/index.js';
import { invalidCases, validCases } from '../fixtures/rules.cases.js';

describe('parseRule: valid values', () => {
  for (const c of validCases) {
    it(JSON.stringify(c.value), () => {
      expect(parseRule(c.value)).toEqual(c.ast);
      expect(printRule(c.ast)).toBe(c.printed);
      expect(parseRule(printRule(c.ast))).toEqual(c.ast);
    });
  }
});

describe('parseRule: invalid values', () => {
  for (const c of invalidCases) {
    it(`${c.code}: ${JSON.stringify(c.value.slice(0, 60))}`, () => {
      const r = safeParseRule(c.value);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      const first = r.errors[0]!;
      expect(first).toBeInstanceOf(RuleSyntaxError);
      expect(first).toBeInstanceOf(ScreenpopError);
      expect({ code: first.code, column: first.column }).toEqual({ code: c.code, column: c.column });
      expect(first.input).toBe(c.value);
      expect(first.message).toContain(`docs/errors.md#${c.code}`);
      expect(() => parseRule(c.value)).toThrow(RuleSyntaxError);
    });
  }

  it('suggests the field a typo meant', () => {
    const r = safeParseRule('fromparty.kee=contact=>default');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.hint).toBe('Did you mean "fromParty.Key"?');
  });

  it('explains the seed shorthand "lookupCount=0 or 1"', () => {
    const r = safeParseRule('lookupCount=0 or 1=>default');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.hint).toContain('list them: lookupCount=0, 1.');
  });

  it('suggests a list made of the values already written, which parses (the hint is copyable)', () => {
    const cases: Array<[string, string]> = [
      ['lookupCount=0 or 1', 'lookupCount=0, 1'],
      ['dnis=1234 or 5678', 'dnis=1234, 5678'],
      ['dnis=1, 2 || 3', 'dnis=1, 2, 3'],
      ['dnisName="Sales Team" or Billing', 'dnisName="Sales Team", Billing'],
      ['dnis!=1 or 2', 'dnis!=1, 2'],
      ['(dnis=1) or 2', 'dnis=1, 2'],
    ];
    for (const [condition, list] of cases) {
      const r = safeParseRule(`${condition} => default`);
      expect(r.ok, condition).toBe(false);
      if (r.ok) continue;
      const hint = r.errors[0]!.hint ?? '';
      expect(hint, condition).toContain(`list them: ${list}.`);
      expect(safeParseRule(`${list} => default`).ok, list).toBe(true);
    }
    // An ordering, or AND: a list would change the meaning; the field is written again.
    for (const [condition, fix] of [
      ['lookupCount>0 or 5', 'lookupCount>0 or lookupCount=5'],
      ['dnis=1 and 2', 'dnis=1 and dnis=2'],
    ] as const) {
      const r = safeParseRule(`${condition} => default`);
      expect(r.ok, condition).toBe(false);
      if (r.ok) continue;
      expect(r.errors[0]!.hint, condition).toContain(`Write the field again: ${fix}.`);
      expect(safeParseRule(`${fix} => default`).ok, fix).toBe(true);
    }
  });

  it('refuses a brace outside a placeholder (an unclosed {dnis would pop a URL with "{dnis" in it)', () => {
    const cases: Array<[string, number, string]> = [
      ['dnis=2 => /x.html?t={dnis', 20, 'This "{" opens a placeholder that is never closed'],
      ['dnis=2 => /x.html?t=dnis}', 24, 'This "}" closes no placeholder'],
      ['dnis=2 => /x.html?t={dnis}&u=}', 29, 'This "}" closes no placeholder'],
    ];
    for (const [value, at, detail] of cases) {
      const r = safeParseRule(value);
      expect(r.ok, value).toBe(false);
      if (r.ok) continue;
      expect(r.errors.map((e) => [e.code, e.range.start, e.range.end, e.detail]), value).toEqual([['unknown_placeholder', at, at + 1, detail]]);
    }
    expect(safeParseRule('dnis=2 => /x.html?t={dnis}&u=%7Bliteral%7D').ok).toBe(true);
  });

  it('collects several errors of one value', () => {
    const r = safeParseRule('dnis>1 && fromParty.Kee=x => javascript:alert(1)');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.code)).toEqual(['bad_operator', 'unknown_field', 'unsafe_url']);
  });

  it('shows a caret under the problem', () => {
    try {
      parseRule('dnis=1234 && fromParty.Kee=x=>default');
      expect.unreachable();
    } catch (e) {
      expect((e as Error).message).toContain('  dnis=1234 && fromParty.Kee=x=>default\n               ^^^^^^^^^^^^^');
    }
  });
});

describe('host-declared fields', () => {
  it('accepts declared fields case-insensitively and prints the declared spelling', () => {
    const rule = parseRule('QUEUE=sales && ivr.DIGITS=1 => default', { fields: { queue: 'string', 'ivr.digits': 'string' } });
    expect(printRule(rule)).toBe('queue=sales && ivr.digits=1 => default');
  });
  it('placeholders may name declared fields', () => {
    const rule = parseRule('* => /x.html?q={Queue}', { fields: { queue: 'string' } });
    expect(rule.target).toEqual({ kind: 'url', url: '/x.html?q={Queue}', placeholders: ['queue'] });
  });
});

describe('parseCondition', () => {
  it('parses lookup filters with any field', () => {
    expect(parseCondition('statecode=0', { anyField: true })).toEqual({
      kind: 'compare',
      field: 'statecode',
      op: '=',
      values: [{ kind: 'number', value: 0 }],
    });
    expect(parseCondition('name != "0"', { anyField: true })).toEqual({
      kind: 'compare',
      field: 'name',
      op: '!=',
      values: [{ kind: 'string', value: '0' }],
    });
  });
  it('refuses "=>" in a condition and unknown fields without anyField', () => {
    expect(safeParseCondition('a=1=>x', { anyField: true }).ok).toBe(false);
    const r = safeParseCondition('statecode=0');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors[0]!.code).toBe('unknown_field');
  });
  it('prints canonically', () => {
    expect(printCondition(parseCondition('DNIS == 1234 and not (direction <> inbound)'))).toBe('dnis=1234 && !(direction!=inbound)');
  });
});

describe('properties', () => {
  it('arbitrary input never throws anything but a ScreenpopError', () => {
    const alphabet = fc.constantFrom(...'ab dnis=>,;&|!()<>"\'\\*{}:.-01lookupCount fromParty.Key\t\n'.split(''));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: alphabet, maxLength: 60 }), fc.string({ unit: 'grapheme' })), (text) => {
        try {
          parseRule(text);
        } catch (e) {
          expect(e).toBeInstanceOf(ScreenpopError);
        }
        const r = safeParseRule(text);
        if (!r.ok) expect(r.errors.length).toBeGreaterThan(0);
        const c = safeParseCondition(text, { anyField: true });
        if (!c.ok) for (const e of c.errors) expect(e).toBeInstanceOf(ScreenpopError);
      }),
      { numRuns: 2000 },
    );
  });

  const stringField = fc.constantFrom('fromParty.Key', 'dnis', 'direction', 'subject', 'fullName');
  const text = fc.string({ maxLength: 12 });
  const literalFor = (field: string): fc.Arbitrary<Literal> => {
    switch (field) {
      case 'lookupCount':
        return fc.oneof(fc.integer({ min: -5, max: 100 }), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }))
          .map((v) => ({ kind: 'number', value: v === 0 ? 0 : v }) as const);
      case 'time':
        return fc.integer({ min: 0, max: 1439 }).map((v) => ({ kind: 'time', value: v }) as const);
      case 'day':
        return fc.integer({ min: 0, max: 6 }).map((v) => ({ kind: 'day', value: v }) as const);
      default:
        return text.map((v) => ({ kind: 'string', value: v }) as const);
    }
  };
  const compare: fc.Arbitrary<Condition> = fc
    .oneof(stringField, fc.constantFrom('lookupCount', 'time', 'day'))
    .chain((field) => {
      const ordered = field === 'lookupCount' || field === 'time';
      const op = ordered ? fc.constantFrom('=', '!=', '<', '<=', '>', '>=' as const) : fc.constantFrom('=', '!=' as const);
      return op.chain((o) =>
        fc
          .array(literalFor(field), { minLength: 1, maxLength: o === '=' || o === '!=' ? 3 : 1 })
          .map((values) => ({ kind: 'compare', field, op: o, values }) as Condition),
      );
    });
  const { cond } = fc.letrec<{ cond: Condition; and: Condition; or: Condition; not: Condition }>((tie) => ({
    cond: fc.oneof({ depthSize: 'small', withCrossShrink: true }, compare, tie('and'), tie('or'), tie('not')),
    and: fc
      .array(tie('cond'), { minLength: 2, maxLength: 3 })
      .map((items) => ({ kind: 'and', items: items.flatMap((i) => (i.kind === 'and' ? i.items : [i])) }) as Condition),
    or: fc
      .array(tie('cond'), { minLength: 2, maxLength: 3 })
      .map((items) => ({ kind: 'or', items: items.flatMap((i) => (i.kind === 'or' ? i.items : [i])) }) as Condition),
    not: tie('cond').map((item) => ({ kind: 'not', item }) as Condition),
  }));
  const target = fc.oneof(
    fc.constant({ kind: 'default' } as const),
    fc.constantFrom('/WebResources/new_cp.html', 'CP.html', 'https://x.example/p?a=1&b=2#f').map(
      (url) => ({ kind: 'url', url, placeholders: [] }) as const,
    ),
  );
  const rule: fc.Arbitrary<RuleAst> = fc.record({
    condition: fc.oneof(fc.constant({ kind: 'always' } as Condition), cond),
    target,
  });

  it('parseRule(printRule(r)) deep-equals r', () => {
    fc.assert(
      fc.property(rule, (r) => {
        expect(parseRule(printRule(r))).toEqual(r);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('non-text input', () => {
  it('gives a typed error, never a crash', () => {
    for (const v of [null, undefined, 42, {}, { toString: () => { throw new Error('x'); } }, Symbol('s')]) {
      const r = safeParseRule(v as never);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.errors[0]!.code).toBe('bad_row');
      expect(() => parseCondition(v as never)).toThrow(RuleSyntaxError);
    }
  });
});
