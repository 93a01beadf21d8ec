/**
 * formatNationalOf (the metadata's expressions compiled once) must equal
 * libphonenumber-js's own formatNational on any number it reads: judged by
 * libphonenumber-js itself, over every region's example numbers and numbers
 * made from them (other digits, other lengths, so other formats and types).
 * nationalDigitsOf (the same digits without the text) is judged the same way.
 */
import fc from 'fast-check';
import { getCountries, getCountryCallingCode, getExampleNumber, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import examples from 'libphonenumber-js/examples.mobile.json';
import { describe, expect, it } from 'vitest';
import { formatNationalOf, nationalDigitsOf } from '../../src/lookup/phone.js';

/** libphonenumber-js's national format with its punctuation taken out: what nationalDigitsOf must give. */
const digitsOf = (p: { formatNational(): string }): string => p.formatNational().replace(/\D/g, '');

const countries = getCountries();
/** Non-geographic calling codes (libphonenumber's region 001). */
const NON_GEOGRAPHIC = ['800', '808', '870', '878', '881', '882', '883', '888', '979'];

describe('formatNationalOf', () => {
  it('equals formatNational on every region’s example number', () => {
    let checked = 0;
    for (const c of countries) {
      const p = getExampleNumber(c, examples);
      if (!p) continue;
      expect(formatNationalOf(p), c).toBe(p.formatNational());
      expect(nationalDigitsOf(p), c).toBe(digitsOf(p));
      checked++;
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('equals formatNational on numbers made from every region’s examples (10,000 runs)', () => {
    const withExamples = countries.filter((c) => getExampleNumber(c, examples) !== undefined);
    let formatted = 0;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.constantFrom(...withExamples).map((c) => ({ c: c as string, cc: getCountryCallingCode(c), nsn: getExampleNumber(c, examples)!.nationalNumber as string })),
          fc.constantFrom(...NON_GEOGRAPHIC).map((cc) => ({ c: '001', cc, nsn: '12345678' })),
        ),
        fc.integer({ min: 0, max: 12 }),
        fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 14 }),
        fc.boolean(),
        ({ c, cc, nsn }, keep, tail, international) => {
          const digits = nsn.slice(0, keep) + tail.join('');
          if (digits === '') return;
          const p = international || c === '001' ? parsePhoneNumberFromString(`+${cc}${digits}`) : parsePhoneNumberFromString(digits, { defaultCountry: c as CountryCode });
          if (!p) return;
          formatted++;
          expect(formatNationalOf(p)).toBe(p.formatNational());
          expect(nationalDigitsOf(p)).toBe(digitsOf(p));
        },
      ),
      { numRuns: 10_000 },
    );
    expect(formatted).toBeGreaterThan(5_000);
  });

  it('leaves a number with an extension to formatNational', () => {
    const p = parsePhoneNumberFromString('+44 20 7946 0958 ext. 12')!;
    expect(p.ext).toBe('12');
    expect(formatNationalOf(p)).toBe(p.formatNational());
    expect(formatNationalOf(p)).toBe('020 7946 0958 x12');
    expect(nationalDigitsOf(p)).toBe('0207946095812');
  });

  it('gives the digits of formats that insert digits between groups (AR mobile: 0 + area + 15 + number)', () => {
    const p = parsePhoneNumberFromString('+5491123456789')!;
    expect(p.formatNational()).toBe('011 15-2345-6789');
    expect(nationalDigitsOf(p)).toBe('01115' + '23456789');
    expect(nationalDigitsOf(p)).toBe(digitsOf(p));
  });

  it('puts the national prefix in front of the national number where the format keeps it whole (IE, GB, US)', () => {
    expect(nationalDigitsOf(parsePhoneNumberFromString('+353868561713')!)).toBe('0868561713');
    expect(nationalDigitsOf(parsePhoneNumberFromString('+442079460958')!)).toBe('02079460958');
    expect(nationalDigitsOf(parsePhoneNumberFromString('+12025550123')!)).toBe('2025550123');
  });
});
