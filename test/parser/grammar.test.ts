import { Lexer } from 'chevrotain';
import { describe, expect, it, vi } from 'vitest';
import { ConditionParser } from '../../src/parser/grammar.js';
import { LEXER_OPTIONS, allTokens } from '../../src/parser/tokens.js';

type GroupBy = <T>(items: Iterable<T>, key: (item: T, index: number) => PropertyKey) => Record<PropertyKey, T[]>;
const objectWithGroupBy = Object as unknown as { groupBy?: GroupBy };

/**
 * Runs `fn` with `Object.groupBy` set to `impl` (or removed, for `undefined`),
 * then puts back what was there. chevrotain ≥ 12 calls `Object.groupBy`
 * (ES2024; Node ≥ 21) in its grammar validations and nowhere else; Node 20
 * lacks it. The shim follows ECMA-262's GroupBy: keys go through
 * ToPropertyKey, the result has a null prototype, groups keep input order.
 */
function withGroupBy<T>(impl: GroupBy | undefined, fn: () => T): T {
  const had = Object.prototype.hasOwnProperty.call(Object, 'groupBy');
  const saved = objectWithGroupBy.groupBy;
  if (impl) Object.defineProperty(Object, 'groupBy', { value: impl, writable: true, configurable: true });
  else delete objectWithGroupBy.groupBy;
  try {
    return fn();
  } finally {
    if (had) Object.defineProperty(Object, 'groupBy', { value: saved, writable: true, configurable: true });
    else delete objectWithGroupBy.groupBy;
  }
}

const groupByShim: GroupBy = (items, key) => {
  const out = Object.create(null) as Record<PropertyKey, unknown[]>;
  let i = 0;
  for (const item of items) {
    const k = key(item, i++);
    const name = typeof k === 'symbol' ? k : String(k);
    (out[name] ??= []).push(item);
  }
  return out as never;
};

// The shipped lexer and parser skip chevrotain's validations to start fast
// (chevrotain's own advice for production); here they run, so a grammar or
// token mistake fails the build.
describe('grammar validations', () => {
  it('the lexer validates and keeps its first-character optimisation', () => {
    expect(() => new Lexer(allTokens, { ...LEXER_OPTIONS, skipValidations: false })).not.toThrow();
  });
  it('the parser passes self-analysis with validations on', () => {
    withGroupBy(objectWithGroupBy.groupBy ?? groupByShim, () => expect(() => new ConditionParser(true)).not.toThrow());
  });
  it('the validations do run: without Object.groupBy they fail, so the test above checked something', () => {
    withGroupBy(undefined, () => expect(() => new ConditionParser(true)).toThrow(/groupBy/));
  });
  it('the shim groups as ECMA-262 says', () => {
    const g = groupByShim([1, 2, 3, 4, 5], (n) => (n % 2 ? 'odd' : 1));
    expect(Object.getPrototypeOf(g)).toBe(null);
    expect({ ...g }).toEqual({ odd: [1, 3, 5], 1: [2, 4] });
  });
});

// chevrotain 13 declares Node ≥ 22 for that one call. What ships (validations
// off) must parse where Object.groupBy does not exist, as on Node 20, whatever
// Node runs this test.
describe('the shipped parser on a runtime without Object.groupBy (Node 20)', () => {
  it('builds, parses, reports positioned errors and prints', async () => {
    vi.resetModules();
    const saved = Object.getOwnPropertyDescriptor(Object, 'groupBy');
    delete objectWithGroupBy.groupBy;
    try {
      const { parseRule, safeParseRule, printRule } = await import('../../src/index.js');
      const rule = parseRule('fromParty.Key=contact && (dnis=1234, 4321 or lookupCount>=2) => default');
      expect(printRule(rule)).toBe('fromParty.Key=contact && (dnis=1234, 4321 || lookupCount>=2) => default');
      const bad = safeParseRule('dnis=1234 && => default');
      expect(bad.ok).toBe(false);
      expect(bad.ok ? undefined : bad.errors.map((e) => [e.code, e.column])).toEqual([['unexpected_end', 13]]);
    } finally {
      if (saved) Object.defineProperty(Object, 'groupBy', saved);
    }
  });
});
