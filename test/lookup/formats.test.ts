import fc from 'fast-check';
import { getExampleNumber, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import examples from 'libphonenumber-js/examples.mobile.json';
import { describe, expect, it } from 'vitest';
import { createFormatReader, learnPhoneFormats } from '../../src/lookup/formats.js';
import { isLookupError } from '../../src/lookup/errors.js';
import { formatWithTemplate, phoneFormatProblem, readWithTemplate } from '../../src/lookup/template.js';

const RUNS = 10_000;

describe('template notation', () => {
  it.each([
    ['+CC NN NNNN NNNN', { countryCallingCode: '44', nationalNumber: '2079460958' }, '+44 20 7946 0958'],
    ['0NN NNNN NNNN', { countryCallingCode: '44', nationalNumber: '2079460958' }, '020 7946 0958'],
    ['+CC (0)NN NNNN NNNN', { countryCallingCode: '44', nationalNumber: '2079460958' }, '+44 (0)20 7946 0958'],
    ['(NNN) NNN-NNNN', { countryCallingCode: '1', nationalNumber: '2125550100' }, '(212) 555-0100'],
    ['011 C NNN NNN NNNN', { countryCallingCode: '1', nationalNumber: '2125550100' }, '011 1 212 555 0100'],
    ['+CCC NN NNN NNNN', { countryCallingCode: '353', nationalNumber: '868561713' }, '+353 86 856 1713'],
  ])('%s writes %j as %s, and reads it back', (template, number, text) => {
    expect(phoneFormatProblem(template)).toBeUndefined();
    expect(formatWithTemplate(template, number)).toBe(text);
    const back = readWithTemplate(template, text);
    expect(back?.nationalNumber).toBe(number.nationalNumber);
    expect(back?.countryCallingCode).toBe(template.includes('C') ? number.countryCallingCode : '');
  });

  it('a number that does not fit gives undefined', () => {
    expect(formatWithTemplate('+C (NNN) NNN-NNNN', { countryCallingCode: '44', nationalNumber: '2079460958' })).toBeUndefined();
    expect(formatWithTemplate('0NNNN NNNNN', { countryCallingCode: '44', nationalNumber: '2079460958' })).toBeUndefined();
    expect(formatWithTemplate('+CC NN', { countryCallingCode: 'x4', nationalNumber: '20' })).toBeUndefined();
    expect(readWithTemplate('0NN NNNN NNNN', '020-7946-0958')).toBeUndefined();
    expect(readWithTemplate('0NN NNNN NNNN', '120 7946 0958')).toBeUndefined();
  });

  it.each([
    ['', 'the template is empty'],
    [' NN NNNN', 'the template starts or ends with white space'],
    ['+44 NN NNNN NNNN', 'a digit after "+" must be a C slot: write the country code as C (e.g. +CC NN NNNN NNNN)'],
    ['NNN-NNNN x NN', 'the character "x" at 10 is not part of the notation (C, N, digits, spaces and + ( ) - . /)'],
    ['CC NN C', 'C (country code) slots must come before the N slots'],
    ['C NC NN', 'C (country code) slots must come before the N slots'],
    ['C C NNNN', 'the C (country code) slots must be one run, e.g. CC'],
    ['+CCCC NNNN', 'a country code has at most 3 digits; the template has 4 C'],
    ['+ NNNN', 'a template with "+" needs C (country code) slots, e.g. +CC NN NNNN NNNN'],
    ['0N', 'a template needs at least 2 N (national number) slots'],
    ['NNN 0NNN', 'the digit "0" at 5 comes after an N slot; digits are only prefixes (trunk 0, international 00)'],
    ['CC+NN', '"+" must come first'],
    [`+CC ${'N'.repeat(18)}`, 'a national number has at most 17 digits; the template has 18 N'],
  ])('%j is not a template: %s', (template, problem) => {
    expect(phoneFormatProblem(template)).toBe(problem);
  });

  // Templates as the notation allows them: a prefix, C run, middle, N groups with separators.
  const sep = fc.constantFrom(' ', '-', '.', '/', '', '\u00a0', '\u2013');
  const templateArb = fc
    .record({
      plus: fc.boolean(),
      idd: fc.constantFrom('', '00', '011', '0011 '),
      c: fc.integer({ min: 0, max: 3 }),
      mid: fc.constantFrom('', ' ', ' (0)', ' 0', '-'),
      trunk: fc.constantFrom('', '0', '8', '1 ', '(0'),
      groups: fc.array(fc.tuple(fc.integer({ min: 1, max: 5 }), sep), { minLength: 1, maxLength: 5 }),
      paren: fc.boolean(),
    })
    .map(({ plus, idd, c, mid, trunk, groups, paren }) => {
      let n = groups.map(([k, s]) => 'N'.repeat(k) + s).join('');
      n = n.replace(/[^N]+$/, '');
      if (paren && c > 0) n = `(${n.slice(0, 2)})${n.slice(2)}`;
      if (trunk === '(0') n = `(0${n.slice(0, 1)})${n.slice(1)}`;
      else n = trunk + n;
      return c === 0 ? n : `${plus ? '+' : idd}${'C'.repeat(c)}${mid}${n}`;
    })
    .filter((t) => phoneFormatProblem(t) === undefined);
  const digitString = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
  const fitting = templateArb.chain((t) => {
    const c = [...t].filter((x) => x === 'C').length;
    const n = [...t].filter((x) => x === 'N').length;
    return fc.record({
      template: fc.constant(t),
      countryCallingCode: c === 0 ? fc.constant('') : digitString(c).filter((d) => d[0] !== '0'),
      nationalNumber: digitString(n),
    });
  });

  it(`render then read gives the number back (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(fitting, ({ template, countryCallingCode, nationalNumber }) => {
        const text = formatWithTemplate(template, { countryCallingCode: countryCallingCode || '1', nationalNumber });
        expect(text).toBeDefined();
        expect(text).toHaveLength(template.length);
        const back = readWithTemplate(template, text as string);
        expect(back).toEqual({ countryCallingCode, nationalNumber });
      }),
      { numRuns: RUNS },
    );
  });

  it(`read then render gives the text back, and other text does not read (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(templateArb, fc.string({ maxLength: 30, unit: fc.constantFrom(...'0123456789 +-().') }), (template, noise) => {
        const value = template.replace(/[CN]/g, () => String(noise.length % 10));
        const back = readWithTemplate(template, value);
        expect(back).toBeDefined();
        expect(formatWithTemplate(template, { countryCallingCode: back!.countryCallingCode || '1', nationalNumber: back!.nationalNumber })).toBe(value);
        const other = readWithTemplate(template, noise);
        if (other !== undefined) {
          expect(formatWithTemplate(template, { countryCallingCode: other.countryCallingCode || '1', nationalNumber: other.nationalNumber })).toBe(noise);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

// Numbers judged by libphonenumber-js (real metadata), stored in the ways people type them.
const REGIONS = ['GB', 'US', 'AU', 'DE', 'FR', 'IE', 'IT', 'NL', 'GR', 'ES', 'IN', 'BR', 'JP', 'ZA', 'SG', 'NZ'] as const;

function numbersOf(region: CountryCode, count: number, seed: number): string[] {
  const example = getExampleNumber(region, examples);
  if (!example) return [];
  const out: string[] = [];
  const nsn = example.nationalNumber as string;
  for (let i = 0; out.length < count && i < count * 20; i++) {
    const tail = String((seed * 7919 + i * 104729) % 10_000).padStart(4, '0');
    const candidate = `+${example.countryCallingCode}${nsn.slice(0, -4)}${tail}`;
    const p = parsePhoneNumberFromString(candidate);
    if (p?.isValid() && !out.includes(p.number)) out.push(p.number);
  }
  return out;
}

describe('learnPhoneFormats, judged by libphonenumber-js', () => {
  it(`every value it templates is reproduced exactly, and reads through its template as libphonenumber reads it (${RUNS} runs)`, () => {
    const pool = REGIONS.map((r) => ({ region: r, numbers: numbersOf(r, 20, 3) }));
    const styles: Array<(e164: string, home: CountryCode) => string | undefined> = [
      (e) => e,
      (e) => parsePhoneNumberFromString(e)!.formatInternational(),
      (e) => parsePhoneNumberFromString(e)!.formatInternational().replace(/ /g, '-'),
      (e) => `00${parsePhoneNumberFromString(e)!.formatInternational().slice(1)}`,
      (e) => parsePhoneNumberFromString(e)!.formatInternational().slice(1),
      (e, home) => {
        const p = parsePhoneNumberFromString(e)!;
        return p.country === home ? p.formatNational() : undefined;
      },
      (e, home) => {
        const p = parsePhoneNumberFromString(e)!;
        return p.country === home ? p.formatNational().replace(/\D+/g, '') : undefined;
      },
      (e, home) => {
        const p = parsePhoneNumberFromString(e)!;
        return p.country === home ? p.formatNational().replace(/[^\d()]+/g, '.') : undefined;
      },
      (e, home) => {
        const p = parsePhoneNumberFromString(e)!;
        return p.country === home ? p.nationalNumber : undefined;
      },
    ];
    const item = fc.record({
      home: fc.integer({ min: 0, max: REGIONS.length - 1 }),
      picks: fc.array(fc.tuple(fc.integer({ min: 0, max: REGIONS.length - 1 }), fc.nat(19), fc.nat(styles.length - 1)), { minLength: 1, maxLength: 12 }),
    });
    const readers = new Map(REGIONS.map((r) => [r, createFormatReader(r)]));
    let templated = 0;
    fc.assert(
      fc.property(item, ({ home, picks }) => {
        const region = REGIONS[home]!;
        const read = readers.get(region)!;
        const values: string[] = [];
        for (const [r, n, s] of picks) {
          const e164 = pool[r]!.numbers[n % pool[r]!.numbers.length];
          if (e164 === undefined) continue;
          const v = styles[s]!(e164, region);
          if (v !== undefined) values.push(v);
        }
        const report = learnPhoneFormats(values, { defaultRegion: region, minCount: 1 });
        expect(report.total).toBe(values.length);
        expect(report.readable + report.unreadable.count + report.blank).toBe(values.length);
        const learned = new Set<string>();
        for (const v of values) {
          const r = read(v);
          if (r.kind !== 'template') continue;
          learned.add(r.template);
          templated++;
          const got = readWithTemplate(r.template, v);
          expect(got).toBeDefined();
          expect(formatWithTemplate(r.template, { countryCallingCode: got!.countryCallingCode || '1', nationalNumber: got!.nationalNumber })).toBe(v);
          if (got!.countryCallingCode === '') {
            // A national template: libphonenumber-js reads the same national number in the CRM's region.
            expect(parsePhoneNumberFromString(v, region)?.nationalNumber).toBe(got!.nationalNumber);
          } else {
            // An international one: the country code and national number are libphonenumber-js's split.
            const intl = parsePhoneNumberFromString(`+${got!.countryCallingCode}${got!.nationalNumber}`);
            expect(intl?.countryCallingCode).toBe(got!.countryCallingCode);
            expect(intl?.nationalNumber).toBe(got!.nationalNumber);
          }
        }
        expect(new Set(report.formats)).toEqual(learned);
      }),
      { numRuns: RUNS },
    );
    expect(templated).toBeGreaterThan(RUNS);
  }, 120_000);
});

describe('learnPhoneFormats', () => {
  it('learns a GB CRM: formats most used first, coverage, rare formats, samples', () => {
    const report = learnPhoneFormats(
      ['020 7946 0958', '020 7946 0000', '020 7946 0001', '+44 20 7946 0111', '+44 20 7946 0222', '+1 (212) 555-0100', 'n/a', '', '  ', '020 7946 0958 x12', '12'],
      { defaultRegion: 'gb' },
    );
    expect(report.formats).toEqual(['0NN NNNN NNNN', '+CC NN NNNN NNNN']);
    expect(report.region).toBe('GB');
    expect(report.total).toBe(11);
    expect(report.blank).toBe(2);
    expect(report.readable).toBe(7);
    // 020 7946 0958 x12 counts under 0NN NNNN NNNN: the number before its extension (found with storedExtensions).
    expect(report.reproduced).toBe(6);
    expect(report.coverage).toBeCloseTo(6 / 7, 10);
    expect(report.uses[0]).toEqual({ format: '0NN NNNN NNNN', count: 4, share: 4 / 7, examples: ['020 7946 0958', '020 7946 0000', '020 7946 0001', '020 7946 0958 x12'] });
    expect(report.rare).toEqual([{ format: '+C (NNN) NNN-NNNN', count: 1, share: 1 / 7, examples: ['+1 (212) 555-0100'] }]);
    expect(report.extensions).toEqual({ count: 1, samples: ['020 7946 0958 x12'] });
    expect(report.unreadable).toEqual({
      count: 2,
      samples: [
        { value: 'n/a', reason: 'not_a_number' },
        { value: '12', reason: 'invalid' },
      ],
    });
    expect(report.uses.map((u) => u.format)).toEqual(['0NN NNNN NNNN', '+CC NN NNNN NNNN', '+C (NNN) NNN-NNNN']);
  });

  it('learns the format of a number from values that carry an extension after it', () => {
    const report = learnPhoneFormats(['+44 (0)20 7946 0958 x12', '+44 (0)20 7946 0959 x3', '+44 (0)20 7946 0960 ext 4', '020 7946 0958 (x12)', '020 7946 0961;ext=1', '020 7946 0962'], { defaultRegion: 'GB' });
    expect(report.formats).toEqual(['+CC (0)NN NNNN NNNN', '0NN NNNN NNNN']);
    expect(report.coverage).toBe(1);
    expect(report.extensions.count).toBe(5);
    // Values that differ only in their extension still teach their number's template.
    expect(learnPhoneFormats(['+44 20 7946 0958 x1', '+44 20 7946 0958 x2'], { defaultRegion: 'GB', minCount: 1 }).formats).toEqual(['+CC NN NNNN NNNN']);
  });

  it.each([
    ['GB', '+44 (0)20 7946 0958', '+CC (0)NN NNNN NNNN'],
    ['GB', '+44 020 7946 0958', '+CC 0NN NNNN NNNN'],
    ['GB', '0044 20 7946 0958', '00CC NN NNNN NNNN'],
    ['GB', '44 20 7946 0958', 'CC NN NNNN NNNN'],
    ['GB', '20 7946 0958', 'NN NNNN NNNN'],
    ['IT', '+39 (0)2 3661 8300', '+CC (N)N NNNN NNNN'],
    ['IT', '02 3661 8300', 'NN NNNN NNNN'],
    ['AU', '0011 31 6 12345678', '0011 CC N NNNNNNNN'],
    ['AU', '(02) 9876 5432', '(0N) NNNN NNNN'],
    ['US', '011 44 20 7946 0958', '011 CC NN NNNN NNNN'],
    ['US', '1-212-555-0100', '1-NNN-NNN-NNNN'],
    ['US', '212.555.0100', 'NNN.NNN.NNNN'],
    ['SG', '008 1 650 253 0000', '008 C NNN NNN NNNN'],
    ['IE', '(086) 856–1713', '(0NN) NNN–NNNN'],
  ])('in %s, %j is written %j', (region, value, template) => {
    const report = learnPhoneFormats([value], { defaultRegion: region, minCount: 1 });
    expect(report.formats).toEqual([template]);
    expect(report.coverage).toBe(1);
    const back = readWithTemplate(template, value)!;
    const peer = parsePhoneNumberFromString(template.includes('C') ? `+${back.countryCallingCode}${back.nationalNumber}` : value, region as CountryCode);
    expect(peer?.nationalNumber).toBe(back.nationalNumber);
  });

  it('national digits are read in the region only: another country\'s code without + is not', () => {
    const report = learnPhoneFormats(['1 212 555 0100', '0044 20 7946 0958'], { defaultRegion: 'US', minCount: 1 });
    expect(report.formats).toEqual(['1 NNN NNN NNNN']); // the US trunk prefix 1
    expect(report.unreadable.samples).toEqual([{ value: '0044 20 7946 0958', reason: 'invalid' }]); // 00 is not the US international prefix
    expect(learnPhoneFormats(['1 212 555 0100'], { defaultRegion: 'GB' }).unreadable.samples).toEqual([{ value: '1 212 555 0100', reason: 'invalid' }]);
  });

  it('without a region, national values need one; international ones are read', () => {
    const report = learnPhoneFormats(['020 7946 0958', '+44 20 7946 0958', '+999 1234']);
    expect(report.formats).toEqual([]);
    expect(report.rare.map((u) => u.format)).toEqual(['+CC NN NNNN NNNN']);
    expect(report.unreadable.samples).toEqual([
      { value: '020 7946 0958', reason: 'needs_region' },
      { value: '+999 1234', reason: 'unknown_country' },
    ]);
  });

  it('keeps templates by minCount, minShare and maxFormats', () => {
    const values = [...Array<string>(5).fill('+44 20 7946 0958'), ...Array<string>(3).fill('020 7946 0958'), '020-7946-0958'];
    expect(learnPhoneFormats(values, { defaultRegion: 'GB' }).formats).toEqual(['+CC NN NNNN NNNN', '0NN NNNN NNNN']);
    expect(learnPhoneFormats(values, { defaultRegion: 'GB', minCount: 4 }).formats).toEqual(['+CC NN NNNN NNNN']);
    expect(learnPhoneFormats(values, { defaultRegion: 'GB', minCount: 1, minShare: 0.2 }).formats).toEqual(['+CC NN NNNN NNNN', '0NN NNNN NNNN']);
    expect(learnPhoneFormats(values, { defaultRegion: 'GB', minCount: 1, maxFormats: 1 }).formats).toEqual(['+CC NN NNNN NNNN']);
    expect(learnPhoneFormats(values, { defaultRegion: 'GB', examples: 1 }).uses[0]?.examples).toEqual(['+44 20 7946 0958']);
  });

  it('values a template cannot write are counted apart: leading white space, non-strings', () => {
    const report = learnPhoneFormats([' 020 7946 0958', 42 as unknown as string, null as unknown as string], { defaultRegion: 'GB', minCount: 1 });
    expect(report.formats).toEqual([]);
    expect(report.rare).toEqual([]);
    expect(report.untemplated).toEqual({ count: 1, samples: [' 0NN NNNN NNNN'.replace('0NN NNNN NNNN', '020 7946 0958')] });
    expect(report.blank).toBe(1);
    expect(report.unreadable.samples).toEqual([{ value: '42', reason: 'not_a_number' }]);
    expect(report.coverage).toBe(0);
  });

  it('reads a generator once', () => {
    function* values(): Generator<string> {
      yield '+44 20 7946 0958';
      yield '+44 20 7946 0959';
    }
    expect(learnPhoneFormats(values()).formats).toEqual(['+CC NN NNNN NNNN']);
  });

  it.each([
    [null, undefined],
    ['020 7946 0958', undefined],
    [[], { defaultRegion: 'XX' }],
    [[], { minCount: 0 }],
    [[], { minShare: 2 }],
    [[], { maxFormats: 1.5 }],
    [[], { examples: -1 }],
  ])('bad input %j %j throws lookup_bad_option', (values, options) => {
    let caught: unknown;
    try {
      learnPhoneFormats(values as unknown as Iterable<string>, options as never);
    } catch (e) {
      caught = e;
    }
    expect(isLookupError(caught) && caught.code).toBe('lookup_bad_option');
  });
});
