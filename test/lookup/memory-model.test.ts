import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryLookup } from '../../src/lookup/memory.js';
import { canonicalPhoneIn, matchesLastDigits, trailingKey } from '../../src/lookup/phone.js';
import type { LookupQuery } from '../../src/lookup/types.js';

/** Stored values in every shape the index reads: punctuation, (0), 00, +, extensions, tel:, letters, long digit runs, numbers. */
const piece = fc.constantFrom('0', '1', '2', '4', '7', '9', '00', '44', '0044', '0011', '011', '+', '+44', ' ', '-', '.', '(0)', '(', ')', 'x12', ' ext. 3', '#5', ';', ',', 'tel:', 'sip:', '@h', 'a', '=', '\u2013', '３');
const text = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''));
const stored = fc.oneof(text, text, fc.integer({ min: 0, max: 99_999_999_999 }), fc.constant(undefined));

const FIELDS = ['telephone1', 'mobilephone'] as const;

/** The adapter's specification, by brute force over every row: index key equal to a probe's, then canonical forms equal (or lastDigits). */
function expected(rows: Array<Record<string, unknown>>, query: LookupQuery): string[] {
  const k = query.lastDigits === undefined ? 9 : Math.min(9, query.lastDigits);
  const region = query.region;
  const canon = (v: string): string => canonicalPhoneIn(v, region);
  const probes = new Set(query.variants.map((v) => trailingKey(canon(v), k)));
  if (query.lastDigits !== undefined) probes.add(trailingKey(query.e164 as string, k));
  probes.delete(-1);
  const wanted = new Set(query.variants.map(canon));
  const ids = new Set<string>();
  for (const row of rows) {
    for (const field of query.phoneFields) {
      const v = row[field];
      const s = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
      if (s === undefined || !probes.has(trailingKey(canon(s), k))) continue;
      if (wanted.has(canon(s)) || (query.lastDigits !== undefined && matchesLastDigits(s, query.e164 as string, query.lastDigits, region))) {
        ids.add(row['id'] as string);
      }
    }
  }
  return [...ids].sort();
}

describe('createMemoryLookup against a brute-force model', () => {
  it('finds exactly the rows whose stored value has the canonical form of a variant', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(stored, stored), { maxLength: 40 }),
        fc.array(text, { minLength: 1, maxLength: 4 }),
        fc.nat(),
        fc.option(fc.integer({ min: 4, max: 12 }), { nil: undefined }),
        fc.constantFrom(undefined, 'GB', 'AU', 'US', 'SG'),
        (values, extra, pick, lastDigits, region) => {
          const rows = values.map(([a, b], i) => ({ id: `r${String(i).padStart(2, '0')}`, fullname: `R ${i}`, telephone1: a, mobilephone: b }));
          // Variants: some stored values (so there are hits) and some arbitrary texts.
          const storedTexts = values.flat().filter((v): v is string | number => v !== undefined).map(String);
          const variants = [...extra, ...(storedTexts.length > 0 ? [storedTexts[pick % storedTexts.length] as string] : [])];
          const e164 = `+${(variants[0] ?? '').replace(/\D/g, '')}1`;
          const query: LookupQuery = {
            entity: 'contact',
            phoneFields: FIELDS,
            variants,
            displayField: 'fullname',
            limit: 1000,
            ...(lastDigits === undefined ? {} : { lastDigits, e164 }),
            ...(region === undefined ? {} : { region }),
          };
          const adapter = createMemoryLookup({ contact: rows });
          const found = adapter.findSync(query).map((r) => r.id).sort();
          expect(found).toEqual(expected(rows, query));
          // The same answer a second time (scratch state and cached shapes reused).
          expect(adapter.findSync(query).map((r) => r.id).sort()).toEqual(found);
        },
      ),
      { numRuns: 10_000 },
    );
  });

  it('returns the stored text as written (numbers as strings) and the field it matched in', () => {
    const adapter = createMemoryLookup({
      contact: [
        { id: 'c1', fullname: 'Ann', telephone1: 442079460958, mobilephone: '+44 (0)20 7946-0958 x12' },
        { id: 'c2', fullname: 'Bob', mobilephone: 'tel:+442079460958' },
      ],
    });
    const query: LookupQuery = { entity: 'contact', phoneFields: FIELDS, variants: ['+442079460958', '442079460958'], displayField: 'fullname', limit: 10 };
    expect(adapter.findSync(query).map((r) => [r.id, r.field, r.phone])).toEqual([
      ['c1', 'telephone1', '442079460958'],
      ['c2', 'mobilephone', 'tel:+442079460958'],
    ]);
    const tel: LookupQuery = { ...query, phoneFields: ['mobilephone'], variants: ['tel:+442079460958'] };
    expect(adapter.findSync(tel).map((r) => [r.id, r.field, r.phone])).toEqual([
      ['c1', 'mobilephone', '+44 (0)20 7946-0958 x12'],
      ['c2', 'mobilephone', 'tel:+442079460958'],
    ]);
  });
});
