/**
 * Hostile pop URLs (issue #13 items 8 and 10): the safety checks are linear
 * (40 KB inputs; the old lookbehind patterns, kept here as the oracle, agree on
 * every input), and a `Data` parameter name is caught however it is encoded.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildDataParam, buildPopUrl, parseDataParam, urlSafetyProblem, type UrlProblem } from '../../src/params/index.js';
import { ParamsError } from '../../src/params/errors.js';
import { RULES } from '../../src/params/url.js';
import { resolveScreenPop } from '../../src/pop/resolve.js';
import { safeParseRule } from '../../src/parser/index.js';
import { lintConfig } from '../../src/lint/lint.js';
import { createMemoryLookup } from '../../src/lookup/memory.js';

/** The refusals as first written, with lookbehinds (quadratic on long inputs): the oracle for short ones. */
const OLD_RULES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^$/, 'Empty URL'],
  [/[\s\0-\x1f\x7f-\x9f]/, 'Control character or white space (write %20)'],
  [/\\/, 'Backslash (browsers read it as /)'],
  [/(?<=^[^/?#:]*)\{(?=[^/?#]*:)/, 'Placeholder in the scheme'],
  [/^(?!https?:)[^/?#:]*:/i, 'Scheme other than http: or https:'],
  [/^(https?:|\/\/)\/*(?=[?#]|$)/i, 'No host'],
  [/(?<=^(https?:|\/\/)\/*[^/?#]*)\{/i, 'Placeholder in the host'],
  [/^\{/, 'Placeholder at the start of a relative URL'],
];

function oldProblem(url: string): UrlProblem | undefined {
  for (const [pattern, reason] of OLD_RULES) {
    const m = pattern.exec(url);
    if (m) return { reason, offset: m.index, length: m[0].length };
  }
  return undefined;
}

describe('urlSafetyProblem on 40 KB inputs (linear; npm run bench measures it)', () => {
  const big = 'a'.repeat(40_000);
  it.each<[string, string, UrlProblem | undefined]>([
    ['a run of letters then {', `${big}{`, undefined],
    ['a scheme-less run then {:', `${big}{:`, { reason: 'Placeholder in the scheme', offset: 40_000, length: 1 }],
    ['many braces', '{'.repeat(40_000), { reason: 'Placeholder at the start of a relative URL', offset: 0, length: 1 }],
    ['many braces after a letter', `a${'{'.repeat(40_000)}`, undefined],
    ['a long host then {', `https://${big}{`, { reason: 'Placeholder in the host', offset: 40_008, length: 1 }],
    ['many slashes', `https:${'/'.repeat(40_000)}`, { reason: 'No host', offset: 0, length: 40_006 }],
    ['a long scheme', `${big}:x`, { reason: 'Scheme other than http: or https:', offset: 0, length: 40_001 }],
    ['a long path with placeholders', `/x/${'{dnis}'.repeat(6_000)}`, undefined],
  ])('%s', (_name, url, expected) => {
    expect(urlSafetyProblem(url)).toEqual(expected);
  });

  it('no pattern can backtrack: each is anchored at the start or matches one character, none looks behind', () => {
    expect(RULES.length).toBe(8);
    for (const [pattern] of RULES) {
      const src = pattern.source;
      expect(src).not.toContain('(?<');
      const oneChar = /^(?:\[[^\]]*\]|\\.)$/.test(src);
      expect(src.startsWith('^') || oneChar, src).toBe(true);
    }
  });
});

describe('urlSafetyProblem agrees with the original patterns (fast-check, 10,000 runs)', () => {
  it('on arbitrary short URLs', () => {
    const unit = fc.constantFrom(...'ab:/?#{}\\ .%hHtTpPsS'.split(''), 'http:', 'https:', '//', '\t', '\u0085', '\u3000');
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit, maxLength: 24 }), fc.string({ maxLength: 24 })), (url) => {
        expect(urlSafetyProblem(url)).toEqual(oldProblem(url));
      }),
      { numRuns: 10_000 },
    );
  }, 120_000);
});

describe('encoded Data parameter names', () => {
  it.each(['/x.html?D%61ta=evil', '/x.html?%44ata=1', '/x.html?a=1&%44%41%54%41=2', '/x.html?dAtA', '/x.html?x=1&D%61T%61&y=2#f'])(
    '%s is refused as duplicate_data',
    (url) => {
      let err: unknown;
      try {
        buildPopUrl(url, {});
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ParamsError);
      expect((err as ParamsError).code).toBe('duplicate_data');
      // The range covers the name as written.
      const e = err as ParamsError;
      const name = e.input.slice(e.range.start, e.range.end);
      expect(decodeURIComponent(name).toLowerCase()).toBe('data');
    },
  );

  it.each(['/x.html?Da+ta=1', '/x.html?datas=1', '/x.html?x=Data', '/x.html?D%2561ta=1', '/D%61ta/x.html', '/x.html#?Data=1'])('%s is not a Data parameter', (url) => {
    expect(buildPopUrl(url, {})).toContain('Data=state%3D');
  });

  it('a rule target /x.html?D%61ta=evil is refused when parsed (duplicate_data), and lint reports it', () => {
    const r = safeParseRule('dnis=1 => /x.html?D%61ta=evil#top');
    expect(r.ok ? 'ok' : [r.errors[0]!.code, r.errors[0]!.input.slice(r.errors[0]!.range.start, r.errors[0]!.range.end)]).toEqual(['duplicate_data', 'D%61ta']);
    expect(safeParseRule('dnis=1 => /x.html?x=1#D%61ta=1').ok).toBe(true);
    expect(safeParseRule('dnis=1 => /D%61ta.html').ok).toBe(true);
    const findings = lintConfig([{ scope: 'global', name: 'customURL_Rule', key: '01', value: '*=>/x.html?%44ata=1' }]);
    expect(findings.map((f) => f.code)).toContain('invalid_rule');
  });

  it('a rule target /x.html?D%61ta=evil never pops: the pop falls back with a warning', async () => {
    const rows = [{ scope: 'global', name: 'customURL_Rule', key: '01', value: '*=>/x.html?D%61ta=evil' }];
    const pop = await resolveScreenPop({ telephoneNo: '+353 1 234 5678' }, { rows, user: '', adapter: createMemoryLookup({}), crmUrl: 'https://crm.example.com' });
    expect(pop.kind).not.toBe('url');
    expect(pop.warnings.join('\n')).toContain('duplicate_data');
  });

  it('parseDataParam reads Data under any encoding, and two of them are duplicate_data', () => {
    expect(parseDataParam('/x.html?D%61ta=state%3Dstart').state).toBe('start');
    expect(parseDataParam('?%44ATA=dnis%3D1234').dnis).toBe('1234');
    expect(() => parseDataParam('?Data=state%3Da&D%61ta=state%3Db')).toThrow(ParamsError);
    expect(parseDataParam('?Da+ta=state%3Da').state).toBe('');
  });

  it('parseDataParam counts Data parameters as URLSearchParams does (fast-check, 10,000 runs)', () => {
    const piece = fc.constantFrom('d', 'D', 'a', 'A', 't', 'T', '%44', '%64', '%41', '%61', '%54', '%74', '%2561', '+', 'x');
    fc.assert(
      fc.property(fc.array(fc.array(piece, { maxLength: 6 }).map((p) => `${p.join('')}=state%3Dv`), { minLength: 1, maxLength: 3 }), (params) => {
        const search = `?${params.join('&')}`;
        const count = [...new URLSearchParams(search).keys()].filter((k) => k.toLowerCase() === 'data').length;
        let code = 'ok';
        try {
          const p = parseDataParam(search);
          expect(p.state).toBe(count === 1 ? 'v' : '');
        } catch (e) {
          code = (e as ParamsError).code;
        }
        expect(code).toBe(count >= 2 ? 'duplicate_data' : 'ok');
      }),
      { numRuns: 10_000 },
    );
  }, 120_000);

  it('agrees with URLSearchParams on which names are Data (fast-check, 10,000 runs)', () => {
    const piece = fc.constantFrom('d', 'D', 'a', 'A', 't', 'T', '%44', '%64', '%41', '%61', '%54', '%74', '%2561', '+', '=', 'x', '%', '%4');
    fc.assert(
      fc.property(fc.array(fc.array(piece, { maxLength: 6 }).map((p) => p.join('')), { minLength: 1, maxLength: 3 }), (names) => {
        const url = `/x.html?${names.join('&')}`;
        const reads = [...new URLSearchParams(url.slice(url.indexOf('?'))).keys()].some((k) => k.toLowerCase() === 'data');
        let refused = false;
        try {
          buildPopUrl(url, {});
        } catch (e) {
          refused = e instanceof ParamsError && e.code === 'duplicate_data';
        }
        expect(refused).toBe(reads);
      }),
      { numRuns: 10_000 },
    );
  }, 120_000);
});

describe('unreadable arguments (issue #13 item 9)', () => {
  const boom = new Error('hostile getter');
  const thrower = (): never => {
    throw boom;
  };
  const caughtOf = (f: () => unknown): ParamsError => {
    try {
      f();
    } catch (e) {
      if (e instanceof ParamsError) return e;
      throw new Error(`not a ParamsError: ${String(e)}`);
    }
    throw new Error('did not throw');
  };

  it('a getter that throws is bad_value naming the function, with the original as cause', () => {
    const params = Object.defineProperty({}, 'fullName', { get: thrower, enumerable: true });
    for (const [fn, run] of [
      ['buildDataParam', () => buildDataParam(params)],
      // buildPopUrl builds Data= first: its errors are buildDataParam's, as documented.
      ['buildDataParam', () => buildPopUrl('/x/{fullName}.html', params)],
      // A getter that answers once (to buildDataParam), then throws (in the placeholder).
      ['buildPopUrl', () => {
        let reads = 0;
        const extra = Object.defineProperty({}, 'q', { get: () => (reads++ ? thrower() : 'v'), enumerable: true });
        return buildPopUrl('/x/{q}.html', { extra });
      }],
      ['parseDataParam', () => parseDataParam('?Data=', Object.defineProperty({}, 'mode', { get: thrower }))],
    ] as const) {
      const e = caughtOf(run);
      expect(e.code).toBe('bad_value');
      expect(e.detail).toBe(`${fn}: an argument could not be read`);
      expect(e.cause).toBe(boom);
    }
  });

  it('library errors raised inside pass through unchanged', () => {
    expect(caughtOf(() => buildDataParam({ extra: { DNIS: '1' } })).code).toBe('param_collision');
    expect(caughtOf(() => parseDataParam('?Data=a%3D1%26a%3D2')).code).toBe('duplicate_param');
    expect(caughtOf(() => urlSafetyProblem(5 as never)).detail).toBe('url must be a string');
  });

  it('bad_value says what was expected, and names an extra value extra.<name>', () => {
    const cases: Array<[() => unknown, string, string]> = [
      [() => buildPopUrl('/x', null as never), 'params must be an object', 'params'],
      [() => buildPopUrl('/x', 'abc' as never), 'params must be an object', 'params'],
      [() => buildDataParam({ extra: 'x' } as never), 'extra must be an object', 'extra'],
      [() => buildDataParam({ extra: { q: 5 } } as never), 'extra.q must be a string', 'extra.q'],
      [() => buildDataParam({ dnis: 1234 } as never), 'dnis must be a string', 'dnis'],
      [() => parseDataParam(7 as never), 'urlOrSearch must be a string', 'urlOrSearch'],
    ];
    for (const [run, detail, param] of cases) {
      const e = caughtOf(run);
      expect([e.code, e.detail, (e as ParamsError).param]).toEqual(['bad_value', detail, param]);
    }
    expect((caughtOf(() => buildDataParam({ extra: { q: '\ud800' } })) as ParamsError).param).toBe('extra.q');
  });
});
