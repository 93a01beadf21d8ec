import { describe, expect, it } from 'vitest';
import { CALL_PARAM_NAMES, ParamsError, buildDataParam, parseDataParam } from '../../src/params/index.js';
import { SEED_DATA, SEED_URL, SEED_VALUES } from '../fixtures/params.cases.js';

function caught(f: () => unknown): ParamsError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ParamsError);
    return e as ParamsError;
  }
  throw new Error('expected a ParamsError');
}

const empty = Object.fromEntries(CALL_PARAM_NAMES.map((n) => [n, '']));

describe('parseDataParam', () => {
  it('reads the seed sample (the blanked name lands in extra)', () => {
    expect(parseDataParam(SEED_URL)).toEqual({ ...SEED_VALUES, extra: { '  ': '' } });
  });

  it('accepts a full URL, a relative URL, a ?search and a bare query', () => {
    const data = buildDataParam({ dnis: '1234' });
    for (const input of [`https://crm.example.com/WebResources/new_cp.html?Data=${data}#x`, `CP.html?Data=${data}`, `?Data=${data}`, `Data=${data}`, `?x=1&Data=${data}&y=2`]) {
      expect(parseDataParam(input).dnis).toBe('1234');
    }
  });

  it('finds Data case-insensitively', () => {
    expect(parseDataParam('?data=dnis%3D1').dnis).toBe('1');
    expect(parseDataParam('?DATA=dnis%3D1').dnis).toBe('1');
  });

  it('returns every name, empty when absent, and no Data at all gives all empty', () => {
    expect(parseDataParam('?Data=state%3Dstart')).toEqual({ ...empty, state: 'start', extra: {} });
    expect(parseDataParam('CP.html')).toEqual({ ...empty, extra: {} });
    expect(parseDataParam('')).toEqual({ ...empty, extra: {} });
    expect(parseDataParam('?x=1#Data=state%3Dstart')).toEqual({ ...empty, extra: {} });
  });

  it('returns the known names in the seed order with extra last', () => {
    expect(Object.keys(parseDataParam('?Data=subject%3Ds%26state%3Dx'))).toEqual([...CALL_PARAM_NAMES, 'extra']);
  });

  it('keeps unknown names in extra, in order, and matches known names case-insensitively', () => {
    const p = parseDataParam('?Data=new_queue%3DVIP%26CUSTOMERID%3Dabc%26flag%26__proto__%3Dx');
    expect(p.customerID).toBe('abc');
    expect(p.extra).toEqual({ new_queue: 'VIP', flag: '', ['__proto__']: 'x' });
    expect(Object.keys(p.extra)).toEqual(['new_queue', 'flag', '__proto__']);
    expect(Object.getPrototypeOf(p.extra)).toBe(Object.prototype);
  });

  it('reads what Dynamics Telephony itself sends, literal % and + included (auto, legacy)', () => {
    // The vendor encodes once: "50% + 20%" → 50%25+%2B+20%25.
    const url = '?Data=description%3D50%25+%2B+20%25%26subject%3D100%41';
    expect(parseDataParam(url).description).toBe('50% + 20%');
    expect(parseDataParam(url, { mode: 'legacy' }).description).toBe('50% + 20%');
    expect(parseDataParam(url, { mode: 'legacy' }).subject).toBe('100A');
  });

  it('strict mode decodes twice and refuses malformed inner escapes', () => {
    expect(parseDataParam('?Data=agent%3DDyn%2BCrm06', { mode: 'strict' }).agent).toBe('Dyn Crm06');
    expect(parseDataParam('?Data=agent%3DDyn%2BCrm06', { mode: 'legacy' }).agent).toBe('Dyn+Crm06');
    expect(parseDataParam('?Data=agent%3DDyn%2BCrm06').agent).toBe('Dyn Crm06');
    const e = caught(() => parseDataParam('?Data=description%3D50%25+off', { mode: 'strict' }));
    expect(e.code).toBe('bad_escape');
    expect(e.input).toBe('description=50% off');
    expect(e.range).toEqual({ start: 14, end: 15 });
  });

  it('reports malformed escapes as bad_escape, never URIError', () => {
    const e = caught(() => parseDataParam('?Data=state%3Dst%ZZart'));
    expect(e.code).toBe('bad_escape');
    expect(e.range).toEqual({ start: 16, end: 17 });
    expect(caught(() => parseDataParam('?Data=state%3D%CE')).code).toBe('bad_escape');
    expect(caught(() => parseDataParam('?Data=state%3D%E0%A4')).code).toBe('bad_escape');
    expect(caught(() => parseDataParam('?Data=x%2', { mode: 'legacy' })).code).toBe('bad_escape');
  });

  it('refuses two Data parameters and a name sent twice (tampered URLs)', () => {
    expect(caught(() => parseDataParam('?Data=a&data=b')).code).toBe('duplicate_data');
    const e = caught(() => parseDataParam(`?Data=${SEED_DATA}%26customerID%3Devil`));
    expect(e.code).toBe('duplicate_param');
    expect(e.param).toBe('customerID');
    expect(caught(() => parseDataParam('?Data=dnis%3D1%26DNIS%3D2')).code).toBe('duplicate_param');
  });

  it('refuses a bad mode or a non-string', () => {
    expect(caught(() => parseDataParam('?Data=', { mode: 'both' as never })).code).toBe('bad_option');
    expect(caught(() => parseDataParam(undefined as never)).code).toBe('bad_value');
  });
});
