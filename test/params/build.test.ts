import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CALL_PARAM_NAMES, ParamsError, buildDataParam } from '../../src/params/index.js';
import { ScreenpopError } from '../../src/errors/index.js';
import { SEED_DATA, SEED_VALUES } from '../fixtures/params.cases.js';
import { dotnetUrlEncode, subjectOf, type1Pairs, type2Params } from './helpers.js';

function caught(f: () => unknown): ParamsError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ParamsError);
    expect(e).toBeInstanceOf(ScreenpopError);
    return e as ParamsError;
  }
  throw new Error('expected a ParamsError');
}

describe('CALL_PARAM_NAMES', () => {
  it('lists the 19 names in the seed order', () => {
    expect(CALL_PARAM_NAMES).toEqual([
      'state', 'type', 'phoneCallID', 'direction', 'telephoneNo', 'dnis', 'dnisName', 'agentType', 'agentId',
      'customerType', 'customerID', 'ReType', 'ReId', 'dtCallId', 'agent', 'fullName', 'description', 'customText', 'subject',
    ]);
  });
});

describe('buildDataParam: the seed sample', () => {
  it('reproduces the sample byte for byte (customText named)', () => {
    expect(buildDataParam(SEED_VALUES)).toBe(SEED_DATA.replace('%26  %3D', '%26customText%3D'));
  });

  it('is the default mode, and the payload is unchanged by an explicit legacy mode', () => {
    expect(buildDataParam(SEED_VALUES, { mode: 'legacy' })).toBe(buildDataParam(SEED_VALUES));
  });

  it('sends every name, empty when absent', () => {
    expect(buildDataParam({})).toBe(CALL_PARAM_NAMES.map((n) => `${n}%3D`).join('%26'));
    expect(buildDataParam({ dnis: undefined } as never)).toBe(buildDataParam({}));
  });
});

describe('buildDataParam: the legacy character table against .NET WebUtility.UrlEncode', () => {
  const twice: Record<string, string> = { '%': '%2525', '&': '%2526', '=': '%253D', '+': '%252B' };
  for (let c = 0; c < 128; c++) {
    const ch = String.fromCharCode(c);
    const expected = twice[ch] ?? dotnetUrlEncode(c);
    it(`U+${c.toString(16).padStart(4, '0')} ${JSON.stringify(ch)} → ${expected}`, () => {
      expect(subjectOf(buildDataParam({ subject: ch }))).toBe(expected);
    });
  }

  it('matches .NET exactly for every ASCII character but % & = +', () => {
    let same = 0;
    for (let c = 0; c < 128; c++) {
      if ('%&=+'.includes(String.fromCharCode(c))) continue;
      expect(subjectOf(buildDataParam({ subject: String.fromCharCode(c) }))).toBe(dotnetUrlEncode(c));
      same++;
    }
    expect(same).toBe(124);
  });

  it('encodes ~ and \' unlike encodeURIComponent, and UTF-8 as uppercase hex', () => {
    expect(subjectOf(buildDataParam({ subject: "~'é€😀" }))).toBe('%7E%27%C3%A9%E2%82%AC%F0%9F%98%80');
  });
});

describe('buildDataParam: strict mode', () => {
  it('double-encodes: space %2B, escapes as %25XX, safe characters unchanged', () => {
    expect(subjectOf(buildDataParam({ subject: 'a b&c=d+e%f~é!*()' }, { mode: 'strict' }))).toBe(
      'a%2Bb%2526c%253Dd%252Be%2525f%257E%25C3%25A9!*()',
    );
  });

  it('is each form-encoded value encoded again, pair by pair (10,000 runs)', () => {
    // The definition, value by value: .NET form encoding (encodeURIComponent, ~ and ' escaped,
    // space +), then encodeURIComponent; pairs joined by %26 and %3D. buildDataParam encodes
    // the joined pairs once instead; the bytes must be the same.
    const form = (v: string): string => encodeURIComponent(v).replace(/[~']/g, escape).replace(/%20/g, '+');
    const twice = (v: string): string => encodeURIComponent(form(v));
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom(...CALL_PARAM_NAMES), fc.string({ unit: 'grapheme', maxLength: 12 })),
        fc.dictionary(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }).filter((n) => !CALL_PARAM_NAMES.some((c) => c.toLowerCase() === n.toLowerCase())), fc.string({ unit: 'grapheme', maxLength: 8 }), { maxKeys: 3 }),
        (p, extra) => {
          const want = [...CALL_PARAM_NAMES.map((n) => `${n}%3D${twice(p[n] ?? '')}`), ...Object.keys(extra).map((n) => `${twice(n)}%3D${twice(extra[n]!)}`)].join('%26');
          expect(buildDataParam({ ...p, extra }, { mode: 'strict' })).toBe(want);
        },
      ),
      { numRuns: 10_000 },
    );
  });

  it('reads back through a type-2 page exactly', () => {
    const data = buildDataParam(SEED_VALUES, { mode: 'strict' });
    const page = type2Params(`?Data=${data}`);
    for (const n of CALL_PARAM_NAMES) expect(page.get(n)).toBe(SEED_VALUES[n]);
  });
});

describe('buildDataParam: what a type-1 page sees in legacy mode', () => {
  it('sees % & = + as %25 %26 %3D %2B, and never a forged name', () => {
    const data = buildDataParam({ fullName: 'x&customerID=evil', description: '100% + 1' });
    const pairs = type1Pairs(`?Data=${data}`);
    expect(pairs.map(([n]) => n)).toEqual([...CALL_PARAM_NAMES]);
    expect(Object.fromEntries(pairs).fullName).toBe('x%26customerID%3Devil');
    expect(Object.fromEntries(pairs).description).toBe('100%25 %2B 1');
    expect(decodeURIComponent(Object.fromEntries(pairs).description!)).toBe('100% + 1');
  });

  it('sees other values exactly', () => {
    const pairs = Object.fromEntries(type1Pairs(`?Data=${buildDataParam(SEED_VALUES)}`));
    for (const n of CALL_PARAM_NAMES) expect(pairs[n]).toBe(SEED_VALUES[n]);
  });
});

describe('buildDataParam: extra host fields', () => {
  it('appends them after the 19 names, in insertion order, encoded', () => {
    const data = buildDataParam({ extra: { new_queue: 'VIP line', 'a&b': 'c=d' } });
    expect(data.endsWith('%26subject%3D%26new_queue%3DVIP+line%26a%2526b%3Dc%253Dd')).toBe(true);
    const page = type2Params(`?Data=${data}`);
    expect(page.get('new_queue')).toBe('VIP line');
    expect(page.get('a&b')).toBe('c=d');
  });

  it('refuses an extra name that collides with one of the 19, in any case', () => {
    const e = caught(() => buildDataParam({ extra: { CustomerID: 'x' } }));
    expect(e.code).toBe('param_collision');
    expect(e.param).toBe('CustomerID');
    expect(caught(() => buildDataParam({ extra: { state: 'x' } })).code).toBe('param_collision');
  });
});

describe('buildDataParam: bad input', () => {
  it('refuses lone surrogates with their position', () => {
    const e = caught(() => buildDataParam({ fullName: 'ab\ud83dcd' }));
    expect(e.code).toBe('lone_surrogate');
    expect(e.param).toBe('fullName');
    expect(e.input).toBe('ab\ud83dcd');
    expect(e.range).toEqual({ start: 2, end: 3 });
    expect(caught(() => buildDataParam({ subject: '\udc00' })).code).toBe('lone_surrogate');
    expect(caught(() => buildDataParam({ subject: 'x\ud800' }, { mode: 'strict' })).code).toBe('lone_surrogate');
    expect(buildDataParam({ subject: '😀' })).toContain('%F0%9F%98%80');
  });

  it('refuses values that are not strings', () => {
    const e = caught(() => buildDataParam({ dnis: 1234 as unknown as string }));
    expect(e.code).toBe('bad_value');
    expect(e.param).toBe('dnis');
    expect(caught(() => buildDataParam({ dnis: null as unknown as string })).code).toBe('bad_value');
    expect(caught(() => buildDataParam({ extra: { q: 1 as unknown as string } })).code).toBe('bad_value');
    expect(caught(() => buildDataParam(null as never)).code).toBe('bad_value');
    expect(caught(() => buildDataParam({ extra: 'x' as never })).code).toBe('bad_value');
  });

  it('ignores keys that are not call parameters (TypeScript refuses them; host fields go in extra)', () => {
    expect(buildDataParam({ customerId: 'x' } as never)).toBe(buildDataParam({}));
  });

  it('refuses an unknown mode', () => {
    expect(caught(() => buildDataParam({}, { mode: 'Strict' as never })).code).toBe('bad_option');
  });

  it('messages point at docs/errors.md', () => {
    expect(caught(() => buildDataParam({ fullName: '\ud800' })).message).toContain('docs/errors.md#lone_surrogate');
  });
});
