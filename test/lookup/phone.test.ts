import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getCountries, getExampleNumber, parsePhoneNumberFromString } from 'libphonenumber-js';
import examples from 'libphonenumber-js/examples.mobile.json';
import { canonicalPhone, canonicalPhoneIn, internationalDigits, matchesLastDigits, normalizePhone, phoneVariants, regionReading, scanCanonical, scanPlain, splitExtension, trailingKey } from '../../src/lookup/phone.js';
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
      { numRuns: 10_000 },
    );
  });

  it('splits extensions written after the number only', () => {
    expect(splitExtension('020 7946 0958 ext. 12')).toEqual({ body: '020 7946 0958', extension: '12' });
    expect(splitExtension('0958x7')).toEqual({ body: '0958', extension: '7' });
    expect(splitExtension('+1 202 555 0123,,99#')).toEqual({ body: '+1 202 555 0123', extension: '99' });
    expect(splitExtension('+7 423 202-25-11 доб. 100')).toEqual({ body: '+7 423 202-25-11', extension: '100' });
    expect(normalizePhone('+1 202 555 0123;ext=99')).toMatchObject({ ok: true, extension: '99' });
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
      for (const v of phoneVariants(e164, { region })) {
        const back = normalizePhone(v, { defaultRegion: region });
        expect(back).toMatchObject({ ok: true, e164 });
      }
    }
  });
});

describe('stored-side keys', () => {
  it('reads stored numbers with the caller\'s reader, without a parse in the common cases', () => {
    expect(canonicalPhone('+44 (0)20 7946-0958 x12')).toBe('+442079460958');
    expect(canonicalPhone('0044 20 7946 0958')).toBe('+442079460958');
    expect(canonicalPhone('020 7946 0958')).toBe('02079460958');
    expect(canonicalPhone('(020) 7946 0958')).toBe('02079460958');
    expect(canonicalPhone('020 7946 0958 (home)')).toBe('02079460958');
    expect(canonicalPhone(`020 7946 0958 (home; ${'call after six, ask for the front desk '.repeat(3)})`)).toBe('02079460958');
    expect(canonicalPhone('tel:+44-20-7946-0958')).toBe('+442079460958');
    expect(canonicalPhone('sip:+353868561713@pbx.example.com;user=phone')).toBe('+353868561713');
    expect(canonicalPhone('＋３５３ ８６ ８５６ １７１３')).toBe('+353868561713');
    expect(canonicalPhone('+39 (0)2 3661 8300')).toBe('+390236618300');
    expect(canonicalPhone('+64 03 331 6005')).toBe('+6433316005');
    expect(canonicalPhone("1' or 1 eq 1")).toBe("=1' or 1 eq 1");
    expect(canonicalPhone('anonymous')).toBe('=anonymous');
    // In a region: its own international prefix, and `00` only where it is the region's.
    expect(canonicalPhoneIn('0011 31 6 12345678', 'AU')).toBe('+31612345678');
    expect(canonicalPhoneIn('0044 20 7946 0958', 'AU')).toBe('00442079460958');
    expect(canonicalPhoneIn('0044 20 7946 0958', 'GB')).toBe('+442079460958');
    expect(canonicalPhoneIn('008 1 650 253 0000', 'SG')).toBe('+16502530000');
    expect(canonicalPhoneIn('011 44 20 7946 0958', 'US')).toBe('+442079460958');
    expect(canonicalPhoneIn('sip:0868561713@pbx', 'IE')).toBe('0868561713');
  });

  it('keys a canonical form on its trailing digits', () => {
    expect(trailingKey('+442079460958', 9)).toBe(79460958);
    expect(trailingKey(canonicalPhone('020 7946 0958 ext. 55'), 7)).toBe(9460958);
    expect(trailingKey('1234', 9)).toBe(1234);
    expect(trailingKey('=no digits', 9)).toBe(-1);
  });

  it('keys plain numbers (+digits, digits) on their last k digits', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 18 }), fc.integer({ min: 1, max: 9 }), (plus, ds, k) => {
        const digits = ds.join('');
        expect(trailingKey(`${plus ? '+' : ''}${digits}`, k)).toBe(Number(digits.slice(-k)));
      }),
      { numRuns: 10_000 },
    );
    expect(trailingKey('+', 9)).toBe(-1);
    expect(trailingKey('', 9)).toBe(-1);
  });

  const regions = fc.constantFrom(undefined, 'GB', 'AU', 'US', 'SG', 'IT', 'RU');
  const piece = fc.constantFrom('0', '00', '0011', '011', '1', '4', '44', '9', '39', '+', ' ', '-', '(', ')', '(0)', '.', 'x', 'ext. ', '#', ';', ',', 'tel:', 'sip:', '@pbx', "'", 'a', '/', '＋', '３');

  it('reads every E.164 number libphonenumber-js gives as itself, and its national digits in its region as themselves', () => {
    let checked = 0;
    for (const country of getCountries()) {
      const example = getExampleNumber(country, examples);
      if (!example) continue;
      expect(canonicalPhone(example.number), country).toBe(example.number);
      const national = example.formatNational().replace(/\D/g, '');
      if (!national.startsWith('00')) expect(canonicalPhoneIn(national, country), country).toMatch(/^\d+$/);
      checked++;
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('scans the canonical form without allocating (scanCanonical), or leaves it to the string form, for 10,000 values', () => {
    const scan = { plus: false, len: 0 };
    const triple = (v: string, region: string | undefined): string | undefined => {
      const num = scanCanonical(v, scan, regionReading(region));
      if (num < 0) return undefined;
      return `${scan.plus ? '+' : ''}${scan.len === 0 ? '' : String(num).padStart(scan.len, '0')}`;
    };
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 24 }).map((p) => p.join('')), regions, (value, region) => {
        const t = triple(value, region);
        const c = canonicalPhoneIn(value, region);
        if (t !== undefined) expect(t, `${value} (${region})`).toBe(c);
        // scanPlain reads every canonical form of at most 15 digits as it is.
        const plain = { plus: false, len: 0 };
        const n = scanPlain(c, plain);
        if (/^\+?\d{1,15}$/.test(c)) expect(`${plain.plus ? '+' : ''}${String(n).padStart(plain.len, '0')}`).toBe(c);
        else expect(n).toBe(-1);
      }),
      { numRuns: 10_000 },
    );
    expect(triple('+44 20 7946 0958 x12', undefined)).toBe('+442079460958');
    expect(triple('0044 20 7946 0958', undefined)).toBe('+442079460958');
    expect(triple('020 7946 0958', 'GB')).toBe('02079460958');
    expect(triple('+44 (0)20 7946 0958', undefined)).toBeUndefined(); // a trunk prefix after the code: the plan decides
    expect(triple('0011 44 20 7946 0958', 'AU')).toBeUndefined(); // maybe AU's international prefix
    expect(triple('tel:+442079460958', undefined)).toBeUndefined();
  });

  it('drops a trunk prefix after the country code exactly as libphonenumber-js does, for 10,000 numbers', () => {
    const codes = ['44', '353', '49', '64', '33', '31', '61', '7', '1', '39', '34', '30', '81', '55', '54', '52', '27', '91', '86', '90', '380', '420', '48', '43', '41', '32', '45', '46', '358', '36', '40', '972', '971', '20', '234', '254', '62', '63', '66', '82', '65', '852'];
    fc.assert(
      fc.property(fc.constantFrom(...codes), fc.constantFrom('0', '00', '8', '1', '9', '06', '01'), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 2, maxLength: 13 }), (cc, prefix, ds) => {
        const digits = `${cc}${prefix}${ds.join('')}`;
        const peer = parsePhoneNumberFromString(`+${digits}`);
        expect(internationalDigits(digits), digits).toBe(peer === undefined ? digits : peer.number.slice(1));
      }),
      { numRuns: 10_000 },
    );
  });

  it('drops a trunk prefix by the lengths of the region the number belongs to, where regions share a calling code', () => {
    // +1 1 310 0000: 7 digits is no US length but a Canadian one (310-xxxx), so libphonenumber drops the 1.
    for (const digits of ['113100000', '1131000000', '4401624123456', '4402079460958', '70123456789']) {
      const peer = parsePhoneNumberFromString(`+${digits}`);
      expect(internationalDigits(digits), digits).toBe(peer === undefined ? digits : peer.number.slice(1));
    }
    expect(internationalDigits('113100000')).toBe('13100000');
  });

  it('lastDigits: trailing digits must agree, and an international value must be the caller', () => {
    expect(matchesLastDigits('9-02079460958', '+442079460958', 9)).toBe(true);
    expect(matchesLastDigits('7946 0958', '+442079460958', 8)).toBe(true);
    expect(matchesLastDigits('7946 0958', '+442079460958', 9)).toBe(false);
    expect(matchesLastDigits('+1 207 946 0958', '+442079460958', 9)).toBe(false);
    expect(matchesLastDigits('0044 20 7946 0958', '+442079460958', 9)).toBe(true);
    expect(matchesLastDigits('0011 44 20 7946 0958', '+442079460958', 9, 'AU')).toBe(true);
    expect(matchesLastDigits('0011 1 207 946 0958', '+442079460958', 9, 'AU')).toBe(false);
  });
});
