/**
 * The bitset fast path of `evaluate` must agree with the closure/trace path of
 * `explain` on any rule set and any context.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILTIN_FIELDS } from '../../src/parser/fields.js';
import { BUILTIN_READ_ORDER, compileRulesTuned, readBuiltin } from '../../src/rules/compile.js';
import { compileRules, type RuleContext } from '../../src/rules/index.js';
import { conditionTexts } from '../fixtures/conditions.js';

const atom = fc.oneof(
  fc.constantFrom('fromParty.Key', 'dnis', 'direction').chain((f) =>
    fc.tuple(fc.constantFrom('=', '!='), fc.array(fc.constantFrom('contact', 'lead', '1', '2', 'inbound', 'queue', '""'), { minLength: 1, maxLength: 3 })).map(([op, vs]) => `${f}${op}${vs.join(', ')}`),
  ),
  fc.tuple(fc.constantFrom('=', '!=', '<', '<=', '>', '>='), fc.integer({ min: -1, max: 4 })).map(([op, v]) => `lookupCount${op}${v}`),
  fc.tuple(fc.constantFrom('<', '>=', '=', '!='), fc.constantFrom('09:00', '12:30', '17:00')).map(([op, v]) => `time${op}${v}`),
  fc.tuple(fc.constantFrom('<', '>=', '='), fc.constantFrom('2026-11-23', '2026-11-24')).map(([op, v]) => `date${op}${v}`),
  fc.constantFrom('day=mon, tue', 'day!=sun', '*'),
);
const cond = conditionTexts(atom).filter((c) => !c.includes('(*)') && !c.includes('!(*)'));

const ctx: fc.Arbitrary<RuleContext> = fc.record(
  {
    'fromParty.Key': fc.constantFrom('contact', ' Lead ', 'account', '', null),
    dnis: fc.constantFrom('1', '2', '3', 2),
    direction: fc.constantFrom('inbound', 'QUEUE', 'outbound'),
    lookupCount: fc.oneof(fc.integer({ min: -1, max: 5 }), fc.constant(null), fc.constant('2'), fc.constant('x'), fc.double({ min: -2, max: 6, noNaN: true })),
    now: fc.date({ min: new Date('2026-11-22T00:00:00Z'), max: new Date('2026-11-26T00:00:00Z'), noInvalidDate: true }),
  },
  { requiredKeys: [] },
);

describe('fast path = trace path', () => {
  it('on random rule sets (up to 40 rules, so two bitset words) and contexts', () => {
    fc.assert(
      fc.property(fc.array(cond, { minLength: 1, maxLength: 40 }), fc.array(ctx, { minLength: 1, maxLength: 10 }), (conds, ctxs) => {
        const rules = compileRules(
          conds.map((c, i) => ({ key: String(i).padStart(2, '0'), value: `${c} => /r${i}.html` })),
          { timeZone: 'Europe/Dublin' },
        );
        expect(rules.errors).toEqual([]);
        for (const x of ctxs) expect(rules.evaluate(x)).toBe(rules.explain(x).decision);
      }),
      { numRuns: 300 },
    );
  });

  it('with sparse per-class exceptions (big rule sets), dense masks, fields classified lazily or eagerly', () => {
    fc.assert(
      fc.property(fc.array(cond, { minLength: 1, maxLength: 80 }), fc.array(ctx, { minLength: 1, maxLength: 10 }), (conds, ctxs) => {
        const rows = conds.map((c, i) => ({ key: String(i).padStart(2, '0'), value: `${c} => /r${i}.html` }));
        const sparse = compileRulesTuned(rows, { timeZone: 'Europe/Dublin' }, { denseLimit: 0 });
        const dense = compileRules(rows, { timeZone: 'Europe/Dublin' }); // fields classified as rules need them (up to 32 rules)
        const eager = compileRulesTuned(rows, { timeZone: 'Europe/Dublin' }, { eager: true }); // every field, in order
        for (const x of ctxs) {
          expect(sparse.evaluate(x)).toBe(sparse.explain(x).decision);
          expect(sparse.evaluate(x).rule?.key).toBe(dense.evaluate(x).rule?.key);
          expect(eager.evaluate(x).rule?.key).toBe(dense.evaluate(x).rule?.key);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('decides rules with many distinct literals (10,000 rows, a sparse layout) as a scan of the rules would', () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => ({
      key: String(i).padStart(5, '0'),
      value: i % 2 === 0 ? `dnis=${10_000 + i} && lookupCount>=${i % 5} => /d${i}.html` : `fromParty.Key=e${i} && (dnis=${10_000 + i - 1} || lookupCount=${i % 3}) => default`,
    }));
    const rules = compileRulesTuned(rows, undefined, { denseLimit: 0 });
    expect(rules.errors).toEqual([]);
    const cases: RuleContext[] = [
      { dnis: '10000', lookupCount: 0 }, // rule 0
      { dnis: '10002', lookupCount: 1 }, // rule 2 needs lookupCount>=2: none of the even rules hold
      { dnis: '19998', lookupCount: 4 }, // rule 9998 (>= 3)
      { 'fromParty.Key': 'E9999', dnis: '19998', lookupCount: 0 }, // rule 9999 via dnis (9998 needs >= 3)
      { 'fromParty.Key': 'e7', dnis: '1', lookupCount: 1 }, // rule 7: 7 % 3 = 1
      { 'fromParty.Key': 'e7', dnis: '1', lookupCount: 2 }, // nothing
    ];
    const expected = ['00000', undefined, '09998', '09999', '00007', undefined];
    cases.forEach((c, i) => {
      expect(rules.evaluate(c).rule?.key).toBe(expected[i]);
      expect(rules.explain(c).decision).toBe(rules.evaluate(c));
    });
  });

  it('the decision tree agrees with the tree-less path and with explain, however far it has grown', () => {
    fc.assert(
      fc.property(
        fc.array(cond, { minLength: 1, maxLength: 32 }),
        fc.array(ctx, { minLength: 1, maxLength: 12 }),
        fc.constantFrom(0, 3, 12, 40, 1 << 16),
        (conds, ctxs, treeEdges) => {
          const rows = conds.map((c, i) => ({ key: String(i).padStart(2, '0'), value: `${c} => /r${i}.html` }));
          const tree = compileRulesTuned(rows, { timeZone: 'Europe/Dublin' }, { treeEdges });
          const lazy = compileRulesTuned(rows, { timeZone: 'Europe/Dublin' }, { tree: false });
          // Twice over: the first pass grows the tree, the second walks the edges it built.
          for (const x of [...ctxs, ...ctxs]) {
            const d = tree.evaluate(x);
            expect(d).toBe(tree.explain(x).decision);
            expect(d.rule?.key).toBe(lazy.evaluate(x).rule?.key);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('decides by the tree on the documented example, reading a fields-mixing rule\'s fields only as far as needed', () => {
    const rules = compileRules([
      { key: '01', value: 'fromParty.Key=contact & direction=inbound & (dnis=1234,4321 or lookupCount=1) => /a.html' },
      { key: '02', value: '* => /z.html' },
    ]);
    const reads: string[] = [];
    const spy = (o: Record<string, unknown>): RuleContext =>
      new Proxy(o, {
        get(t, k) {
          if (typeof k === 'string') reads.push(k);
          return t[k as string];
        },
      }) as RuleContext;
    expect(rules.evaluate(spy({ 'fromParty.Key': 'lead', direction: 'inbound', dnis: '1234', lookupCount: 1 })).rule?.key).toBe('02');
    expect(reads).toEqual(['fromParty.Key']); // the first comparison fails: nothing else is read
    reads.length = 0;
    expect(rules.evaluate(spy({ 'fromParty.Key': 'Contact', direction: 'inbound', dnis: '1234', lookupCount: 0 })).rule?.key).toBe('01');
    // dnis decides the OR; lookupCount is still read, since a rule reading an unknown (null) field never holds.
    expect(reads).toEqual(['fromParty.Key', 'direction', 'dnis', 'lookupCount']);
    expect(rules.evaluate({ 'fromParty.Key': 'contact', direction: 'inbound', dnis: '1234', lookupCount: null }).rule?.key).toBe('02');
  });
});

describe('readBuiltin', () => {
  it('reads every built-in field by its canonical name', () => {
    expect([...BUILTIN_READ_ORDER].sort()).toEqual(Object.keys(BUILTIN_FIELDS).sort());
    BUILTIN_READ_ORDER.forEach((name, id) => {
      expect(readBuiltin({ [name]: `v-${name}` }, id)).toBe(`v-${name}`);
      expect(readBuiltin({}, id)).toBeUndefined();
    });
    expect(readBuiltin({ x: 1 }, BUILTIN_READ_ORDER.length)).toBeUndefined();
  });
});

describe('unusual values', () => {
  it('an invalid Date in a text field is the text "Invalid Date" for evaluate and explain alike (no RangeError)', () => {
    const rules = compileRules([
      { key: '01', value: 'dnis=1 => /a.html' },
      { key: '02', value: 'dnis!=1 && direction=inbound => /b.html' },
    ]);
    const ctx = { dnis: new Date(Number.NaN), direction: 'inbound' } as unknown as RuleContext;
    expect(rules.evaluate(ctx).rule?.key).toBe('02');
    expect(rules.explain(ctx).decision).toBe(rules.evaluate(ctx));
    expect(rules.explain(ctx).rules[0]!.comparisons[0]!.outcome).toBe(false);
  });
});

describe('re-entrance: a context getter that evaluates the same rules again', () => {
  const tunings = [undefined, { tree: false }, { eager: true }, { denseLimit: 0 }, { treeEdges: 0 }, { treeEdges: 3 }] as const;
  const fields = ['fromParty.Key', 'dnis', 'direction', 'lookupCount', 'now'] as const;

  /** `x` with `field` read through a getter that first decides `y` (and explains it) with the same rules. */
  function reentering(x: RuleContext, field: string, inner: () => void): RuleContext {
    const out: Record<string, unknown> = { ...x };
    const value = x[field];
    delete out[field];
    Object.defineProperty(out, field, {
      enumerable: true,
      get() {
        inner();
        return value;
      },
    });
    return out as RuleContext;
  }

  // Without time, day and date atoms the decision tree is plain (text and
  // number fields only), a path of its own; with them, the others.
  const clockFree = conditionTexts(
    fc.oneof(
      fc.constantFrom('fromParty.Key', 'dnis', 'direction').chain((f) =>
        fc.tuple(fc.constantFrom('=', '!='), fc.array(fc.constantFrom('contact', 'lead', '1', '2', 'inbound', 'queue'), { minLength: 1, maxLength: 3 })).map(([op, vs]) => `${f}${op}${vs.join(', ')}`),
      ),
      fc.tuple(fc.constantFrom('=', '!=', '<', '<=', '>', '>='), fc.integer({ min: -1, max: 4 })).map(([op, v]) => `lookupCount${op}${v}`),
    ),
  );

  it('decides the outer and the inner contexts as if each were alone, on every path (evaluate and explain)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(cond, clockFree), { minLength: 1, maxLength: 40 }).chain((mixed) => fc.constantFrom(mixed, mixed.filter((c) => !/time|date|day/.test(c)).concat('lookupCount>=0'))),
        fc.constantFrom(...tunings),
        fc.array(fc.tuple(ctx, ctx, fc.constantFrom(...fields), fc.boolean()), { minLength: 1, maxLength: 6 }),
        (conds, tuning, cases) => {
          const rows = conds.map((c, i) => ({ key: String(i).padStart(2, '0'), value: `${c} => /r${i}.html` }));
          const options = { timeZone: 'Europe/Dublin' };
          const rules = compileRulesTuned(rows, options, tuning);
          const alone = compileRules(rows, options); // never re-entered: the reference
          for (const [x, y, field, viaExplain] of cases) {
            const inner: (string | undefined)[] = [];
            const outer = reentering(x, field, () => {
              inner.push(rules.evaluate(y).rule?.key, rules.explain(y).decision.rule?.key);
            });
            const got = viaExplain ? rules.explain(outer).decision : rules.evaluate(outer);
            expect(got.rule?.key).toBe(alone.evaluate(x).rule?.key);
            const want = alone.evaluate(y).rule?.key;
            expect(inner).toEqual(inner.map(() => want));
            // And the rules still decide plain contexts right afterwards.
            expect(rules.evaluate(y).rule?.key).toBe(want);
            expect(rules.evaluate(x).rule?.key).toBe(alone.evaluate(x).rule?.key);
          }
        },
      ),
      { numRuns: 600 },
    );
  });

  it('reads each field of a context once a decision, on every path, even when it must be converted', () => {
    const rows = [
      { key: '01', value: 'lookupCount>=2 && dnis=1 => /two.html' },
      { key: '02', value: 'fromParty.Key=contact && (dnis=2 || lookupCount=0) => default' },
      { key: '03', value: 'direction=inbound => /in.html' },
    ];
    for (const tuning of tunings) {
      for (const timed of [false, true]) {
        const rules = compileRulesTuned(timed ? [...rows, { key: '04', value: 'time>=18:00 => /late.html' }] : rows, { timeZone: 'UTC' }, tuning);
        const reads = new Map<string, number>();
        // lookupCount as text and dnis as a number: both need converting.
        const values: Record<string, unknown> = { lookupCount: '3', dnis: 1, 'fromParty.Key': 'Contact', direction: 'inbound', now: new Date('2026-11-30T19:00:00Z') };
        const counted = Object.defineProperties({}, Object.fromEntries(Object.keys(values).map((k) => [k, { enumerable: true, get: () => (reads.set(k, (reads.get(k) ?? 0) + 1), values[k]) }]))) as RuleContext;
        for (const how of ['evaluate', 'explain'] as const) {
          reads.clear();
          const key = how === 'evaluate' ? rules.evaluate(counted).rule?.key : rules.explain(counted).decision.rule?.key;
          expect([tuning, timed, how, key]).toEqual([tuning, timed, how, '01']);
          expect([tuning, timed, how, [...reads.values()].every((n) => n === 1)]).toEqual([tuning, timed, how, true]);
        }
      }
    }
  });

  it('nested n deep, reads each getter n times in all, not n! (each decision is taken once)', () => {
    const rows = [{ key: '01', value: 'dnis=1 && time>=18:00 => /late.html' }];
    for (const tuning of tunings) {
      const rules = compileRulesTuned(rows, { timeZone: 'UTC' }, tuning);
      let calls = 0;
      const chain = (depth: number): RuleContext => {
        const base = { dnis: '1', now: new Date('2026-11-30T19:00:00Z') };
        if (depth === 0) return base;
        const next = chain(depth - 1);
        return reentering(base, 'dnis', () => {
          calls++;
          expect(rules.evaluate(next).rule?.key).toBe('01');
        });
      };
      const top = chain(8);
      expect(rules.evaluate(top).rule?.key).toBe('01');
      expect([tuning, calls]).toEqual([tuning, 8]);
    }
  });

  it('a getter that throws leaves nothing behind: the next decisions are right', () => {
    const rows = [
      { key: '01', value: 'time>=18:00 && dnis=1 => /late.html' },
      { key: '02', value: 'dnis=1 => /day.html' },
    ];
    const rules = compileRules(rows, { timeZone: 'UTC' });
    const late = { dnis: '1', now: new Date('2026-11-30T19:00:00Z') };
    const hostile = { now: late.now, get dnis(): string { throw new Error('boom'); } };
    expect(() => rules.evaluate(hostile)).toThrow('boom');
    expect(rules.evaluate(late).rule?.key).toBe('01');
    expect(rules.evaluate({ ...late, now: new Date('2026-11-30T09:00:00Z') }).rule?.key).toBe('02');
  });

  it('nested twice (a getter of the inner context evaluates again) still decides each context alone, on every path', () => {
    const rows = [
      { key: '01', value: 'dnis=1 && time>=18:00 => /late.html' },
      { key: '02', value: 'dnis=2 => /two.html' },
      { key: '03', value: 'dnis=3 => /three.html' },
    ];
    const at = (h: number) => new Date(`2026-11-30T${String(h).padStart(2, '0')}:00:00Z`);
    for (const tuning of tunings) {
      const rules = compileRulesTuned(rows, { timeZone: 'UTC' }, tuning);
      const seen: (string | undefined)[] = [];
      const innermost = { dnis: '3', now: at(8) };
      const middle = reentering({ dnis: '2', now: at(9) }, 'dnis', () => seen.push(rules.evaluate(innermost).rule?.key));
      const outer = reentering({ dnis: '1', now: at(19) }, 'dnis', () => seen.push(rules.evaluate(middle).rule?.key));
      expect([tuning, rules.evaluate(outer).rule?.key]).toEqual([tuning, '01']);
      expect([tuning, rules.explain(outer).decision.rule?.key]).toEqual([tuning, '01']);
      expect(new Set(seen)).toEqual(new Set(['02', '03']));
    }
  });
});
