import { describe, expect, it } from 'vitest';
import {
  CALL_PARAM_NAMES,
  PLACEHOLDER_NAMES,
  ParamsError,
  buildDataParam,
  buildPopUrl,
  findPlaceholders,
  parseDataParam,
  urlSafetyProblem,
} from '../../src/params/index.js';
import { POP_URL_CASES, SAFE_URLS, UNSAFE_URLS } from '../fixtures/params.cases.js';

function caught(f: () => unknown): ParamsError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ParamsError);
    return e as ParamsError;
  }
  throw new Error('expected a ParamsError');
}

describe('urlSafetyProblem', () => {
  for (const url of SAFE_URLS) {
    it(`accepts ${JSON.stringify(url)}`, () => expect(urlSafetyProblem(url)).toBeUndefined());
  }
  for (const c of UNSAFE_URLS) {
    it(`refuses ${JSON.stringify(c.url)}: ${c.reason}`, () => {
      const p = urlSafetyProblem(c.url);
      expect(p?.reason).toBe(c.reason);
      expect(p?.offset).toBe(c.offset);
    });
  }
  it('covers the scheme with its range', () => {
    expect(urlSafetyProblem('JaVaScRiPt:alert(1)')).toEqual({ reason: 'Scheme other than http: or https:', offset: 0, length: 11 });
  });
});

describe('findPlaceholders', () => {
  it('finds names case-insensitively, in canonical spelling, with positions', () => {
    expect(findPlaceholders('/x.html?n={TelephoneNo}&q={queue}&d={DNIS}')).toEqual([
      { text: '{TelephoneNo}', name: 'telephoneNo', offset: 10, length: 13 },
      { text: '{queue}', name: undefined, offset: 26, length: 7 },
      { text: '{DNIS}', name: 'dnis', offset: 36, length: 6 },
    ]);
    expect(findPlaceholders('/x/{QUEUE}', ['queue'])[0]?.name).toBe('queue');
  });
  it('names the 19 call parameters', () => {
    expect(PLACEHOLDER_NAMES).toEqual(CALL_PARAM_NAMES);
  });
});

describe('buildPopUrl', () => {
  const data = buildDataParam({});
  for (const c of POP_URL_CASES) {
    it(c.name, () => {
      const d = buildDataParam(c.params);
      expect(buildPopUrl(c.url, c.params)).toBe(`${c.before}Data=${d}${c.after}`);
    });
  }

  it('passes the mode on', () => {
    expect(buildPopUrl('CP.html', { agent: 'A B' }, { mode: 'strict' })).toBe(`CP.html?Data=${buildDataParam({ agent: 'A B' }, { mode: 'strict' })}`);
  });

  it('gives a URL that parseDataParam reads back', () => {
    const url = buildPopUrl('https://crm.example.com/WebResources/new_cp.html?x=1#top', { dnis: '1234', fullName: 'Ann & Bob' });
    expect(parseDataParam(url)).toMatchObject({ dnis: '1234', fullName: 'Ann & Bob' });
    expect(new URL(url).searchParams.get('x')).toBe('1');
    expect(new URL(url).hash).toBe('#top');
  });

  it('refuses unsafe URLs with unsafe_url and the offending range', () => {
    for (const c of UNSAFE_URLS) {
      const e = caught(() => buildPopUrl(c.url, {}));
      expect(e.code).toBe('unsafe_url');
      expect(e.detail).toBe(c.reason);
      expect(e.range.start).toBe(c.offset);
      expect(e.input).toBe(c.url);
    }
  });

  it('refuses placeholder values that would make a dot segment or another host', () => {
    expect(caught(() => buildPopUrl('/x/{dnis}/y', { dnis: '..' })).code).toBe('unsafe_url');
    expect(caught(() => buildPopUrl('/x/{dnis}/y', { dnis: '.' })).code).toBe('unsafe_url');
    expect(caught(() => buildPopUrl('https://h/x/{dnis}', { dnis: '..' })).code).toBe('unsafe_url');
    expect(caught(() => buildPopUrl('/x/{dnis}.{dnisName}/y', {})).code).toBe('unsafe_url');
    expect(caught(() => buildPopUrl('/{dnis}/evil.com/x', {})).code).toBe('unsafe_url');
    // Fine: dots next to other text, or in the query.
    expect(buildPopUrl('/x/{dnis}..html?d={dnisName}', { dnis: 'a', dnisName: '..' })).toMatch(/^\/x\/a\.\.html\?d=\.\.&Data=/);
    expect(buildPopUrl('/x/./{dnis}', { dnis: 'a' })).toMatch(/^\/x\/\.\/a\?Data=/);
  });

  it('refuses unknown placeholders', () => {
    const e = caught(() => buildPopUrl('/x.html?q={queue}', {}));
    expect(e.code).toBe('unknown_placeholder');
    expect(e.range).toEqual({ start: 10, end: 17 });
    expect(caught(() => buildPopUrl('/x/{a/b}', {})).code).toBe('unknown_placeholder');
  });

  it('refuses a URL that already has a Data parameter, in any case', () => {
    for (const url of ['/x?Data=1', '/x?a=1&data', '/x?DATA=&b=2']) expect(caught(() => buildPopUrl(url, {})).code).toBe('duplicate_data');
    expect(buildPopUrl('/x?database=1&metadata=2', {})).toBe(`/x?database=1&metadata=2&Data=${data}`);
    expect(buildPopUrl('/data?x=1#data=1', {})).toBe(`/data?x=1&Data=${data}#data=1`);
  });

  it('refuses a URL that is not a string, and passes on buildDataParam errors', () => {
    expect(caught(() => buildPopUrl(undefined as never, {})).code).toBe('bad_value');
    expect(caught(() => buildPopUrl('CP.html', { fullName: '\ud800' })).code).toBe('lone_surrogate');
    expect(caught(() => buildPopUrl('CP.html', { extra: { dnis: '1' } })).code).toBe('param_collision');
  });
});
