import { describe, expect, it } from 'vitest';
import { editDistance, suggestEntity } from '../../src/config/suggest.js';

describe('suggestEntity', () => {
  it.each([
    ['order', ['contact', 'salesorder'], 'salesorder'],
    ['order', ['contact', 'lead', 'account'], 'salesorder'],
    ['contcat', ['contact', 'lead'], 'contact'],
    ['acount', [], 'account'],
    ['case', [], 'incident'],
    ['new_site', ['contact'], undefined],
    ['contact', ['contact'], undefined],
  ] as const)('%s among %j → %s', (name, candidates, expected) => {
    expect(suggestEntity(name, candidates)).toBe(expected);
  });

  it('editDistance is bounded', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('a', 'abcdefgh', 2)).toBe(3);
    expect(editDistance('', '')).toBe(0);
  });
});
