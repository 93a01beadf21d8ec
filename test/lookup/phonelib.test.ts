/**
 * src/lookup/phonelib.ts binds libphonenumber-js's `core/es6` build to its
 * `min` metadata, for speed (docs/performance.md). Judged by the package's
 * default entry (`libphonenumber-js`, the `min` build users import): every
 * reading must be the same, on every region's example numbers and on
 * numbers made from them, written the ways switches and people write them.
 */
import fc from 'fast-check';
import {
  getCountries,
  getCountryCallingCode as peerCallingCode,
  getExampleNumber,
  isSupportedCountry as peerIsSupported,
  parsePhoneNumberFromString as peerParse,
  Metadata as PeerMetadata,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js';
import examples from 'libphonenumber-js/examples.mobile.json';
import { describe, expect, it } from 'vitest';
import { getCountryCallingCode, isSupportedCountry, newMetadata, parsePhone } from '../../src/lookup/phonelib.js';

/** What a pop reads of a parsed number. */
function reading(p: PhoneNumber | undefined) {
  if (p === undefined) return undefined;
  return {
    number: p.number,
    countryCallingCode: p.countryCallingCode,
    nationalNumber: p.nationalNumber,
    country: p.country,
    ext: p.ext,
    carrierCode: p.carrierCode,
    possible: p.isPossible(),
    valid: p.isValid(),
    type: p.getType(),
    national: p.formatNational(),
    international: p.formatInternational(),
    uri: p.getURI(),
  };
}

const countries = getCountries();
const withExamples = countries.filter((c) => getExampleNumber(c, examples) !== undefined);

describe('phonelib (core/es6 with min metadata) reads as the default entry does', () => {
  it('on every region’s example number, national and international', () => {
    let checked = 0;
    for (const c of withExamples) {
      const p = getExampleNumber(c, examples)!;
      expect(reading(parsePhone(p.number)), c).toEqual(reading(peerParse(p.number)));
      const national = p.formatNational();
      expect(reading(parsePhone(national, c)), c).toEqual(reading(peerParse(national, { defaultCountry: c })));
      checked++;
    }
    expect(checked).toBeGreaterThan(200);
  });

  it('on numbers made from the examples, written as people and switches write them (10,000 runs)', () => {
    const writings = ['e164', 'idd', 'national', 'digits', 'spaced', 'ext', 'tel', 'junk'] as const;
    fc.assert(
      fc.property(
        fc.constantFrom(...withExamples),
        // Every supported region, and codes the metadata does not know (the library then reads without one).
        fc.constantFrom(...countries, 'ZZ' as CountryCode, 'XX' as CountryCode),
        fc.constantFrom(...writings),
        fc.integer({ min: -2, max: 2 }),
        fc.stringMatching(/^[0-9]{0,4}$/),
        (c, region, writing, lengthChange, tail) => {
          const base = getExampleNumber(c, examples)!;
          const cc = base.countryCallingCode;
          let nsn = base.nationalNumber as string;
          nsn = lengthChange < 0 ? nsn.slice(0, Math.max(1, nsn.length + lengthChange)) : nsn + tail.slice(0, lengthChange);
          const text = {
            e164: `+${cc}${nsn}`,
            idd: `00${cc}${nsn}`,
            national: `0${nsn}`,
            digits: nsn,
            spaced: `+${cc} ${nsn.slice(0, 3)} ${nsn.slice(3)}`,
            ext: `+${cc}${nsn} ext. ${tail || '7'}`,
            tel: `tel:+${cc}-${nsn};ext=${tail || '12'}`,
            junk: `${tail}x(+${cc})/${nsn}`,
          }[writing];
          expect(reading(parsePhone(text))).toEqual(reading(peerParse(text)));
          expect(reading(parsePhone(text, region))).toEqual(reading(peerParse(text, { defaultCountry: region })));
        },
      ),
      { numRuns: 10_000 },
    );
  });

  it('answers region questions and reads metadata as the default entry', () => {
    for (const c of countries) {
      expect(isSupportedCountry(c), c).toBe(true);
      expect(getCountryCallingCode(c), c).toBe(peerCallingCode(c));
    }
    for (const r of ['ZZ', 'XK', 'UK', 'EU', '', 'ie']) expect(isSupportedCountry(r), r).toBe(peerIsSupported(r));
    expect(() => getCountryCallingCode('ZZ' as CountryCode)).toThrow();
    const ours = newMetadata();
    const peer = new PeerMetadata();
    for (const c of ['IE', 'GB', 'US', 'DE', 'AR', 'MX'] as CountryCode[]) {
      ours.selectNumberingPlan(c);
      peer.selectNumberingPlan(c);
      expect(ours.numberingPlan?.IDDPrefix(), c).toBe(peer.numberingPlan?.IDDPrefix());
      expect(ours.numberingPlan?.possibleLengths(), c).toEqual(peer.numberingPlan?.possibleLengths());
      expect(ours.numberingPlan?.defaultIDDPrefix(), c).toBe(peer.numberingPlan?.defaultIDDPrefix());
      expect(ours.numberingPlan?.leadingDigits(), c).toBe(peer.numberingPlan?.leadingDigits());
    }
  });
});
