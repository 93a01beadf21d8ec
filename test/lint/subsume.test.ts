/**
 * The indexed search for covering rules must give the same answer as trying
 * every earlier rule in order (what lintConfig did before it was indexed).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { implies } from '../../src/lint/lint.js';
import { firstCovering } from '../../src/lint/subsume.js';
import { parseCondition } from '../../src/parser/index.js';
import type { Condition } from '../../src/parser/ast.js';
import { conditionTexts } from '../fixtures/conditions.js';

function naive(conds: readonly Condition[]): number[] {
  return conds.map((b, j) => {
    for (let i = 0; i < j; i++) if (conds[i]!.kind === 'always' || implies(b, conds[i]!)) return i;
    return -1;
  });
}

const atom = fc.oneof(
  fc.tuple(fc.constantFrom('dnis', 'direction', 'fromParty.Key'), fc.constantFrom('=', '!='), fc.array(fc.constantFrom('1', '2', ' Inbound', 'inbound', 'contact', 'lead'), { minLength: 1, maxLength: 3 })).map(([f, op, vs]) => `${f}${op}${vs.join(', ')}`),
  fc.tuple(fc.constantFrom('=', '!=', '<', '<=', '>', '>='), fc.integer({ min: 0, max: 3 })).map(([op, v]) => `lookupCount${op}${v}`),
  fc.constantFrom('time>=09:00', 'time<17:00', 'day=mon, tue'),
);
const cond = conditionTexts(atom);

describe('firstCovering', () => {
  it('finds the same covering rule as a pairwise scan, on random rule sets with repeats and catch-alls', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof({ weight: 8, arbitrary: cond }, { weight: 1, arbitrary: fc.constant('*') }), { minLength: 1, maxLength: 25 }), fc.infiniteStream(fc.nat(24)), (texts, picks) => {
        // Repeat some conditions so implications actually occur.
        const it = picks[Symbol.iterator]();
        const all = texts.map((t, i) => (i > 0 && (it.next().value as number) % 3 === 0 ? texts[(it.next().value as number) % i]! : t));
        const conds = all.map((t) => parseCondition(t));
        expect([...firstCovering(conds, implies)]).toEqual(naive(conds));
      }),
      { numRuns: 2000 },
    );
  });

  it('finds a rule subsumed by one 5,000 rules earlier', () => {
    const texts = [...Array.from({ length: 5000 }, (_, i) => `dnis=${i} && direction=inbound`), 'dnis=0 && direction=inbound && lookupCount=1'];
    const found = firstCovering(texts.map((t) => parseCondition(t)), implies);
    expect(found[5000]).toBe(0);
    expect(found.slice(0, 5000).every((x) => x === -1)).toBe(true);
  });
});
