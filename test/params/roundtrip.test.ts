import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CALL_PARAM_NAMES, ParamsError, buildDataParam, parseDataParam, type CallParams } from '../../src/params/index.js';
import { type1Pairs, type1Pieces, type2Params } from './helpers.js';

const SPECIAL = ['&', '=', '+', '%', '#', '?', ' ', '~', "'", '/', ';', '%26', '%3D', '%2B', '%25', 'Data=', '\u00e9', '\u0394', '\u20ac', '😀'];

/** Arbitrary Unicode (well-formed UTF-16), biased towards the characters that break query strings. */
const text = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: fc.constantFrom(...SPECIAL), maxLength: 8 }),
  fc.string({ unit: fc.oneof(fc.constantFrom(...SPECIAL), fc.string({ unit: 'grapheme-ascii', maxLength: 1 })), maxLength: 10 }),
);
/** Text without % & = + (legacy mode's exact set for type-1 pages). */
const plain = text.map((s) => s.replace(/[%&=+]/g, ''));

const names = [...CALL_PARAM_NAMES];
const params = (value: fc.Arbitrary<string>) => fc.record(Object.fromEntries(names.map((n) => [n, value])) as Record<(typeof names)[number], fc.Arbitrary<string>>);
const extraName = fc.string({ unit: fc.constantFrom('a', 'B', '_', '&', '=', '+', '%', ' ', 'é'), minLength: 1, maxLength: 5 })
  .filter((n) => !names.some((k) => k.toLowerCase() === n.toLowerCase()));
const extra = fc.dictionary(extraName, text, { maxKeys: 3 });

const RUNS = { numRuns: 300 };

function expectType2Exact(search: string, p: Omit<CallParams, 'extra'>, x: Record<string, string>): void {
  const page = type2Params(search);
  for (const n of names) expect(page.getAll(n)).toEqual([p[n]]);
  for (const [k, v] of Object.entries(x)) expect(page.getAll(k)).toEqual([v]);
  expect([...page.keys()]).toEqual([...names, ...Object.keys(x)]);
}

describe('strict mode round trips', () => {
  it('type-2 pages and parseDataParam recover any Unicode string exactly', () => {
    fc.assert(
      fc.property(params(text), extra, (p, x) => {
        const data = buildDataParam({ ...p, extra: x }, { mode: 'strict' });
        const search = `?Data=${data}`;
        expectType2Exact(search, p, x);
        const back = parseDataParam(search, { mode: 'strict' });
        expect(back).toEqual({ ...p, extra: x });
        expect(parseDataParam(search)).toEqual({ ...p, extra: x }); // auto
      }),
      RUNS,
    );
  });
});

describe('legacy mode round trips', () => {
  it('type-2 pages and parseDataParam recover any Unicode string exactly', () => {
    fc.assert(
      fc.property(params(text), extra, (p, x) => {
        const search = `?Data=${buildDataParam({ ...p, extra: x })}`;
        expectType2Exact(search, p, x);
        expect(parseDataParam(search, { mode: 'legacy' })).toEqual({ ...p, extra: x });
        expect(parseDataParam(search)).toEqual({ ...p, extra: x }); // auto
      }),
      RUNS,
    );
  });

  it('type-1 pages read values without % & = + exactly', () => {
    fc.assert(
      fc.property(params(plain), (p) => {
        const pairs = type1Pairs(`?Data=${buildDataParam(p)}`);
        expect(pairs).toEqual(names.map((n) => [n, p[n]]));
      }),
      RUNS,
    );
  });

  it('type-1 pages see % & = + as %25 %26 %3D %2B, and one more decodeURIComponent gives the value', () => {
    fc.assert(
      fc.property(params(text), (p) => {
        const pairs = type1Pairs(`?Data=${buildDataParam(p)}`);
        expect(pairs.map(([n]) => n)).toEqual(names);
        for (const [n, v] of pairs) {
          const sent = p[n as (typeof names)[number]];
          expect(v).toBe(sent.replace(/[%&=+]/g, (c) => encodeURIComponent(c)));
          expect(decodeURIComponent(v!)).toBe(sent);
        }
      }),
      RUNS,
    );
  });
});

describe('no mode lets a value create or override another name', () => {
  for (const mode of ['legacy', 'strict'] as const) {
    it(`${mode}: for both page kinds and parseDataParam`, () => {
      fc.assert(
        fc.property(params(text), extra, (p, x) => {
          const search = `?Data=${buildDataParam({ ...p, extra: x }, { mode })}`;
          // Type 2: exactly our names, each once.
          const page = type2Params(search);
          expect([...page.keys()]).toEqual([...names, ...Object.keys(x)]);
          // Type 1: as many pairs as we sent, names in order (a strict page shows them still encoded).
          const pairs = type1Pairs(search);
          expect(pairs.length).toBe(names.length + Object.keys(x).length);
          expect(pairs.slice(0, names.length).map(([n]) => n)).toEqual(names);
          for (const pieces of type1Pieces(search)) expect(pieces).toHaveLength(2);
          // The outer query has exactly one Data parameter.
          expect(new URLSearchParams(search).getAll('Data')).toHaveLength(1);
          expect(Object.keys(parseDataParam(search, { mode }).extra)).toEqual(Object.keys(x));
        }),
        RUNS,
      );
    });
  }

  it('the classic forgery attempt stays inside its value', () => {
    const evil = 'x&customerID=00000000-0000-0000-0000-000000000000';
    for (const mode of ['legacy', 'strict'] as const) {
      const search = `?Data=${buildDataParam({ fullName: evil, customerID: 'real' }, { mode })}`;
      expect(type2Params(search).getAll('customerID')).toEqual(['real']);
      expect(type1Pairs(search).filter(([n]) => n === 'customerID')).toEqual([['customerID', 'real']]);
      expect(parseDataParam(search).customerID).toBe('real');
      expect(parseDataParam(search).fullName).toBe(evil);
    }
  });
});

describe('lone surrogates', () => {
  it('are refused with a clear error in both modes, never encoded silently', () => {
    fc.assert(
      fc.property(plain, fc.integer({ min: 0xd800, max: 0xdfff }), plain, fc.constantFrom('legacy', 'strict'), (a, s, b, mode) => {
        const value = `${a}${String.fromCharCode(s)}${b.replace(/^[\udc00-\udfff]/, '')}`;
        const lone = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value);
        if (!lone) return;
        try {
          buildDataParam({ description: value }, { mode: mode as 'legacy' | 'strict' });
          expect.unreachable();
        } catch (e) {
          expect(e).toBeInstanceOf(ParamsError);
          expect((e as ParamsError).code).toBe('lone_surrogate');
          expect((e as ParamsError).param).toBe('description');
        }
      }),
      RUNS,
    );
  });
});

