import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalPhone, matchesLastDigits, normalizePhone, phoneVariants, scanCanonical, scanPlain, splitExtension, trailingKey } from '../../src/lookup/phone.js';
import { phoneBadCases, phoneOkCases, variantCases } from '../fixtures/lookup-phone.cases.js';

const opts = (region: string | undefined) => (region === undefined ? {} : { defaultRegion: region });

describe('normalizePhone', () => {
  it.each(phoneOkCases)('$raw ($region) → $e164', ({ raw, region, e164, extension, valid }) => {
    const r = normalizePhone(raw, opts(region));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.e164).toBe(e164);
    expect(r.extension).toBe(extension);
    expect(r.valid).toBe(valid ?? true);
    expect(r.nationalNumber).toBe(e164.slice(1 + r.countryCallingCode.length));
  });

  it.each(phoneBadCases)('$raw ($region) → $reason', ({ raw, region, reason }) => {
    const r = normalizePhone(raw, opts(region));
    expect(r).toMatchObject({ ok: false, reason });
    if (!r.ok) expect(r.detail.length).toBeGreaterThan(10);
  });

  it('gives the country of GB, US, IE and GR numbers', () => {
    expect(normalizePhone('020 7946 0958', { defaultRegion: 'GB' })).toMatchObject({ country: 'GB', countryCallingCode: '44' });
    expect(normalizePhone('(202) 555-0123', { defaultRegion: 'US' })).toMatchObject({ country: 'US', countryCallingCode: '1' });
    expect(normalizePhone('00353868561713', { defaultRegion: 'GB' })).toMatchObject({ country: 'IE', countryCallingCode: '353' });
    expect(normalizePhone('6946186715', { defaultRegion: 'GR' })).toMatchObject({ country: 'GR', countryCallingCode: '30' });
  });

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.constantFrom(undefined, 'GB', 'US', 'IE', 'GR', 'ZZ'), (raw, region) => {
        const r = normalizePhone(raw, opts(region));
        expect(typeof r.ok).toBe('boolean');
        if (r.ok) expect(r.e164).toMatch(/^\+[1-9]\d{1,14}$/);
      }),
      { numRuns: 300 },
    );
  });

  it('splits extensions written after the number only', () => {
    expect(splitExtension('020 7946 0958 ext. 12')).toEqual({ body: '020 7946 0958', extension: '12' });
    expect(splitExtension('0958x7')).toEqual({ body: '0958', extension: '7' });
    expect(splitExtension('+1 202 555 0123;ext=99')).toEqual({ body: '+1 202 555 0123', extension: '99' });
    expect(splitExtension('x123')).toEqual({ body: 'x123' });
    expect(splitExtension('020 7946 0958')).toEqual({ body: '020 7946 0958' });
  });
});

describe('phoneVariants', () => {
  it.each(variantCases)('$e164 (national: $national)', ({ e164, national, variants }) => {
    expect(phoneVariants(e164, national === undefined ? {} : { national })).toEqual(variants);
  });

  it('gives nothing for input that is not E.164', () => {
    expect(phoneVariants('020 7946 0958')).toEqual([]);
    expect(phoneVariants('+0123')).toEqual([]);
    expect(phoneVariants('')).toEqual([]);
  });

  it('gives variants that all normalise back to the number', () => {
    for (const { e164 } of variantCases) {
      const cc = normalizePhone(e164);
      if (!cc.ok) throw new Error(e164);
      const region = cc.country as string;
      for (const v of phoneVariants(e164)) {
        const back = normalizePhone(v.startsWith('+') || v.startsWith('00') ? v : v.startsWith(cc.countryCallingCode) && v.length > cc.nationalNumber.length + 1 ? `+${v}` : v, { defaultRegion: region });
        expect(back).toMatchObject({ ok: true, e164 });
      }
    }
  });
});

describe('stored-side keys', () => {
  it('reads stored numbers without a numbering plan', () => {
    expect(canonicalPhone('+44 (0)20 7946-0958 x12')).toBe('+442079460958');
    expect(canonicalPhone('0044 20 7946 0958')).toBe('+442079460958');
    expect(canonicalPhone('020 7946 0958')).toBe('02079460958');
    expect(canonicalPhone('(020) 7946 0958')).toBe('02079460958');
    expect(canonicalPhone('tel:+44-20-7946-0958')).toBe('+442079460958');
    expect(canonicalPhone("1' or 1 eq 1")).toBe("=1' or 1 eq 1");
  });

  it('keys on trailing digits, ignoring extensions', () => {
    expect(trailingKey('+44 20 7946 0958', 9)).toBe(79460958);
    expect(trailingKey('020 7946 0958 ext. 55', 7)).toBe(9460958);
    expect(trailingKey('1234', 9)).toBe(1234);
    expect(trailingKey('no digits', 9)).toBe(-1);
  });

  it('gives equal keys to every pair of values with the same canonical form', () => {
    const piece = fc.constantFrom('0', '1', '2', '9', ' ', '-', '(', ')', '(0)', '+', '00', '.', 'x', 'ext. ', '#', 'tel:', "'", 'a');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }).map((p) => p.join('')), fc.integer({ min: 4, max: 9 }), (value, k) => {
        const c = canonicalPhone(value);
        const digits = c.startsWith('=') ? undefined : c.replace(/\D/g, '');
        const key = trailingKey(value, k);
        if (digits !== undefined) expect(key).toBe(digits === '' ? -1 : Number(digits.slice(-k)));
      }),
      { numRuns: 500 },
    );
  });

  it('keys plain numbers (+digits, digits: the fast path) on their last k digits', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 18 }), fc.integer({ min: 1, max: 9 }), (plus, ds, k) => {
        const digits = ds.join('');
        expect(trailingKey(`${plus ? '+' : ''}${digits}`, k)).toBe(Number(digits.slice(-k)));
      }),
      { numRuns: 500 },
    );
    expect(trailingKey('+', 9)).toBe(-1);
    expect(trailingKey('', 9)).toBe(-1);
  });

  it('scans canonical numbers like scanCanonical (scanPlain, the fast path), and anything else too', () => {
    const piece = fc.constantFrom('0', '00', '1', '4', '9', '+', ' ', '(0)', 'x', '=', 'a');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 24 }).map((p) => p.join('')), (value) => {
        for (const v of [value, canonicalPhone(value)]) {
          const a = { plus: false, len: -1 };
          const b = { plus: false, len: -1 };
          const na = scanPlain(v, a);
          const nb = scanCanonical(v, b);
          expect(na, v).toBe(nb);
          if (nb >= 0) expect(a, v).toEqual(b);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('reads the same canonical form without allocating (scanCanonical)', () => {
    const piece = fc.constantFrom('0', '00', '1', '4', '9', ' ', '-', '(', ')', '(0)', '+', '.', 'x', 'ext. ', '#', ';', ',', 'tel:', "'", 'a', '/');
    const scan = { plus: false, len: 0 };
    const triple = (v: string): string | undefined => {
      const num = scanCanonical(v, scan);
      if (num < 0) return undefined;
      return `${scan.plus ? '+' : ''}${scan.len === 0 ? '' : String(num).padStart(scan.len, '0')}`;
    };
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 24 }).map((p) => p.join('')), (value) => {
        const t = triple(value);
        const c = canonicalPhone(value);
        if (t !== undefined) expect(t).toBe(c);
        else expect(c.startsWith('=') || c.replace(/\D/g, '').length > 15 || /^\s*tel:/i.test(value)).toBe(true);
      }),
      { numRuns: 1000 },
    );
    expect(triple('+44 (0)20 7946 0958 x12')).toBe('+442079460958');
    expect(triple('0044 20 7946 0958')).toBe('+442079460958');
    expect(triple('020 7946 0958')).toBe('02079460958');
    expect(triple('tel:+442079460958')).toBeUndefined();
  });

  it('lastDigits: trailing digits must agree, and an international value must be the caller', () => {
    expect(matchesLastDigits('9-02079460958', '+442079460958', 9)).toBe(true);
    expect(matchesLastDigits('7946 0958', '+442079460958', 8)).toBe(true);
    expect(matchesLastDigits('7946 0958', '+442079460958', 9)).toBe(false);
    expect(matchesLastDigits('+1 207 946 0958', '+442079460958', 9)).toBe(false);
    expect(matchesLastDigits('0044 20 7946 0958', '+442079460958', 9)).toBe(true);
  });
});
