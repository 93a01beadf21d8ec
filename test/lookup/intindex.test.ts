import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IntIndex } from '../../src/lookup/intindex.js';

describe('IntIndex', () => {
  it('behaves like a Map of key → rows, through growth, shared keys and repeats', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 999_999_999 }), fc.integer({ min: 0, max: 50 })), { maxLength: 300 }), fc.integer({ min: 0, max: 5 }), (pairs, expected) => {
        const index = new IntIndex(expected);
        const model = new Map<number, number[]>();
        for (const [k, r] of pairs) {
          index.add(k, r);
          const list = model.get(k) ?? [];
          if (list[list.length - 1] !== r) list.push(r);
          model.set(k, list);
        }
        expect(index.size).toBe(model.size);
        for (const [k, rows] of model) expect(index.get(k)).toEqual(rows.length === 1 ? rows[0] : rows);
        expect(index.get(1_000_000_000)).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });
  it('keeps key 0 and the largest 9-digit key apart from empty slots', () => {
    const index = new IntIndex(0);
    index.add(0, 7);
    index.add(999_999_999, 8);
    expect([index.get(0), index.get(999_999_999), index.get(1)]).toEqual([7, 8, undefined]);
  });
});
