/**
 * Adapter parity: on generated CRMs, after `learnPhoneFormats`, the Dataverse
 * adapter (exact, case-insensitive `eq` on the local OData server, as
 * Dataverse compares text) finds exactly the records the memory adapter finds,
 * for every caller.
 *
 * Runs: 50 by default (PARITY_RUNS=n to change; PARITY_RUNS=1000 passed
 * locally, in 2.5 to 4.5 minutes). Each run builds a CRM of up to 40 records in 3 to 5
 * regions, learns its formats, and looks up every number in it (and
 * lookalikes from other countries) through both adapters: about 25 callers,
 * 50 HTTP requests whose `$filter` (up to ~60 `eq` terms) the local server
 * parses with @odata/parser at several ms each, so a run takes 0.5–1 s and
 * 10,000 runs would take hours. The pure parts (template render/read, the
 * learner judged by libphonenumber-js) run 10,000 times in formats.test.ts.
 */
import fc from 'fast-check';
import { getExampleNumber, parsePhoneNumberFromString, type PhoneNumber } from 'libphonenumber-js';
import examples from 'libphonenumber-js/examples.mobile.json';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataverseLookup } from '../../src/lookup/dataverse.js';
import { learnPhoneFormats } from '../../src/lookup/formats.js';
import { lookupCaller } from '../../src/lookup/lookup.js';
import { createMemoryLookup } from '../../src/lookup/memory.js';
import type { LookupConfig } from '../../src/lookup/types.js';
import { startODataServer, type ODataServer } from './odata-server.js';

const RUNS = Number(process.env['PARITY_RUNS'] ?? 50);

let server: ODataServer;
beforeAll(async () => {
  server = await startODataServer();
});
afterAll(async () => {
  await server.close();
});

const REGIONS = ['GB', 'US', 'AU', 'DE', 'FR', 'IE', 'NL', 'ES', 'IN', 'NZ', 'ZA', 'GR', 'IT', 'BR'] as const;
type Region = (typeof REGIONS)[number];

/** Valid numbers of a region: its example number with other last digits, kept when libphonenumber-js says valid. */
function numbersOf(region: Region, count: number): string[] {
  const example = getExampleNumber(region, examples);
  const out: string[] = [];
  if (!example) return out;
  const nsn = example.nationalNumber as string;
  for (let i = 0; out.length < count && i < count * 30; i++) {
    const tail = String((i * 7919 + 1234) % 100_000).padStart(5, '0');
    const p = parsePhoneNumberFromString(`+${example.countryCallingCode}${nsn.slice(0, -5)}${tail}`);
    if (p?.isValid() && !out.includes(p.number)) out.push(p.number);
  }
  return out;
}

/**
 * Numbers of other countries that share their last 7 digits with a pool
 * number: cross-country callers that must never match each other.
 */
function lookalikes(e164: string, region: Region): string[] {
  const out: string[] = [];
  for (const other of REGIONS) {
    if (other === region) continue;
    const ex = getExampleNumber(other, examples);
    if (!ex) continue;
    const nsn = ex.nationalNumber as string;
    const p = parsePhoneNumberFromString(`+${ex.countryCallingCode}${nsn.slice(0, -7)}${e164.slice(-7)}`);
    if (p?.isValid() && p.number !== e164) out.push(p.number);
  }
  return out;
}

const POOL: Readonly<Record<Region, readonly string[]>> = Object.fromEntries(REGIONS.map((r) => [r, numbersOf(r, 6)])) as Record<Region, string[]>;

type Style = (p: PhoneNumber, home: Region) => string | undefined;
const intl = (p: PhoneNumber): string => p.formatInternational();
const groups = (p: PhoneNumber): string[] => intl(p).split(' ').slice(1);
const nationalOnly = (f: (p: PhoneNumber) => string): Style => (p, home) => (p.country === home ? f(p) : undefined);
/** The region's national prefix `0` written after the country code, as `(0)`: only where the trunk prefix is 0 and not part of the number. */
const hasTrunkZero = (p: PhoneNumber): boolean => p.formatNational().replace(/\D/g, '') === `0${p.nationalNumber}`;

const readsBackWithCode = (p: PhoneNumber, home: Region): boolean =>
  p.country === home && parsePhoneNumberFromString(`${p.countryCallingCode}${p.nationalNumber}`, home)?.number === p.number;

/** The ways people store numbers: at least 10 for every region (international ones for every number, national ones for the CRM's own). */
const STYLES: readonly Style[] = [
  (p) => p.number,
  (p) => intl(p),
  (p) => `+${p.countryCallingCode}-${groups(p).join('-')}`,
  (p) => `+${p.countryCallingCode}.${groups(p).join('.')}`,
  (p) => `+${p.countryCallingCode} ${p.nationalNumber}`,
  (p) => `(+${p.countryCallingCode}) ${groups(p).join(' ')}`,
  (p) => `+${p.countryCallingCode}/${groups(p).join(' ')}`,
  (p) => `+${p.countryCallingCode}-${p.nationalNumber}`,
  (p) => `+ ${p.countryCallingCode} ${groups(p).join(' ')}`,
  (p) => {
    const [first, ...rest] = groups(p);
    return `+${p.countryCallingCode} (${first}) ${rest.join(' ')}`;
  },
  (p, home) => (home === 'US' || home === 'AU' || home === 'BR' ? undefined : `00${p.countryCallingCode} ${groups(p).join(' ')}`),
  (p, home) => (home === 'US' || home === 'AU' || home === 'BR' ? undefined : `00 ${p.countryCallingCode} ${p.nationalNumber}`),
  // The country code without `+`: a national writing, read in the region; used where it reads back as the number
  // (in DE, 4915123401234 is a possible German national number, so a German CRM never means +4915123401234 by it).
  (p, home) => (readsBackWithCode(p, home) ? `${p.countryCallingCode} ${groups(p).join(' ')}` : undefined),
  (p, home) => (readsBackWithCode(p, home) ? `${p.countryCallingCode}${p.nationalNumber}` : undefined),
  (p) => (hasTrunkZero(p) ? `+${p.countryCallingCode} (0)${groups(p).join(' ')}` : undefined),
  // A trunk prefix typed after the country code; the region's own international prefix where it is not 00.
  (p) => (hasTrunkZero(p) ? `+${p.countryCallingCode} 0${groups(p).join(' ')}` : undefined),
  (p, home) => (home === 'US' ? `011 ${p.countryCallingCode} ${groups(p).join(' ')}` : home === 'AU' ? `0011 ${p.countryCallingCode} ${groups(p).join(' ')}` : undefined),
  nationalOnly((p) => p.formatNational()),
  nationalOnly((p) => p.formatNational().replace(/\D/g, '')),
  nationalOnly((p) => (p.formatNational().match(/\d+/g) ?? []).join('-')),
  nationalOnly((p) => (p.formatNational().match(/\d+/g) ?? []).join('.')),
  nationalOnly((p) => p.nationalNumber),
  nationalOnly((p) => {
    const [first, ...rest] = p.formatNational().match(/\d+/g) ?? [];
    return `(${first}) ${rest.join(' ')}`;
  }),
  nationalOnly((p) => (p.formatNational().match(/\d+/g) ?? []).join(' ')),
];

const crm = fc.record({
  home: fc.constantFrom(...REGIONS),
  others: fc.uniqueArray(fc.constantFrom(...REGIONS), { minLength: 2, maxLength: 4 }),
  rows: fc.array(
    fc.record({
      region: fc.nat(4),
      number: fc.nat(5),
      style: fc.nat(STYLES.length - 1),
      entity: fc.constantFrom('contact', 'account'),
      field: fc.constantFrom('telephone1', 'mobilephone'),
      // An extension after the number, as people type them (found with storedExtensions).
      ext: fc.option(fc.constantFrom(' x12', ' ext. 7', ';ext=45', ' #3', ', ext 123', ' extension 9'), { freq: 4 }),
    }),
    { minLength: 10, maxLength: 40 },
  ),
  /** startswith even when no value has an extension. */
  startsWith: fc.boolean(),
});

describe('adapter parity: Dataverse finds what the memory adapter finds once storedFormats are learned', () => {
  it('every region is stored in at least 10 formats, at home and abroad', () => {
    for (const home of REGIONS) {
      for (const region of REGIONS) {
        const p = parsePhoneNumberFromString(POOL[region][0]!)!;
        const written = new Set(STYLES.map((style) => style(p, home)).filter((v) => v !== undefined));
        expect(written.size, `${region} numbers in a ${home} CRM`).toBeGreaterThanOrEqual(10);
      }
    }
  });

  it(`generated CRMs of at least 3 regions, every caller (${RUNS} runs)`, async () => {
    let callers = 0;
    let found = 0;
    await fc.assert(
      fc.asyncProperty(crm, async ({ home, others, rows, startsWith }) => {
        const regions = [home, ...others.filter((r) => r !== home)];
        fc.pre(regions.length >= 3);
        const records: Record<string, Record<string, unknown>[]> = { contact: [], account: [] };
        const numbers = new Set<string>();
        rows.forEach((row, i) => {
          const region = regions[row.region % regions.length]!;
          const e164 = POOL[region][row.number % POOL[region].length]!;
          const p = parsePhoneNumberFromString(e164)!;
          // A style that does not apply (national style, foreign number) falls back to the next that does.
          let value: string | undefined;
          for (let k = 0; k < STYLES.length && value === undefined; k++) value = STYLES[(row.style + k) % STYLES.length]!(p, home);
          numbers.add(e164);
          const name = row.entity === 'contact' ? 'fullname' : 'name';
          records[row.entity]!.push({ id: `${row.entity[0]}${i}`, [name]: `R${i}`, [row.field]: `${value}${row.ext ?? ''}` });
        });
        // The formats learned from the values as stored, extensions included (each counts under its number's template).
        const stored = Object.values(records).flatMap((rs) => rs.flatMap((r) => [r['telephone1'], r['mobilephone']].filter((v): v is string => typeof v === 'string')));
        const report = learnPhoneFormats(stored, { defaultRegion: home, minCount: 1 });
        expect(report.extensions.count).toBe(rows.filter((r) => r.ext !== null).length);
        expect(report.coverage).toBe(1);
        const config: LookupConfig = {
          entities: [
            { entity: 'contact', phoneFields: ['telephone1', 'mobilephone'], displayField: 'fullname' },
            { entity: 'account', phoneFields: ['telephone1', 'mobilephone'], displayField: 'name' },
          ],
          limit: 100,
          storedFormats: report.formats,
          storedExtensions: startsWith || rows.some((r) => r.ext !== null),
        };
        server.setRecords(records);
        const memory = createMemoryLookup(records);
        const dataverse = createDataverseLookup({ baseUrl: server.baseUrl, getToken: async () => server.token });
        // Every number in the CRM calls, and lookalikes of the first few (other countries, same last 7 digits).
        const asCallers = [...numbers].flatMap((e, i) => (i < 4 ? [e, ...lookalikes(e, regions.find((r) => POOL[r].includes(e))!).slice(0, 1)] : [e]));
        for (const caller of new Set(asCallers)) {
          const p = parsePhoneNumberFromString(caller)!;
          const callerId = p.country === home ? p.formatNational() : caller;
          const m = await lookupCaller(callerId, { config, adapter: memory, defaultRegion: home });
          const d = await lookupCaller(callerId, { config, adapter: dataverse, defaultRegion: home });
          const ids = (r: typeof m) => r.matches.map((x) => `${x.entity}:${x.id}`).sort();
          expect(ids(d), `${callerId} in a ${home} CRM (formats ${report.formats.join(' | ')})`).toEqual(ids(m));
          // Cross-country safety: every match holds the caller's number, read by libphonenumber-js.
          for (const x of m.matches) {
            const stored = parsePhoneNumberFromString(x.phone, home);
            const asIntl = parsePhoneNumberFromString(`+${x.phone.replace(/\D/g, '')}`);
            expect([stored?.number, asIntl?.number], `${x.phone} matched ${caller}`).toContain(p.number);
          }
          callers++;
          found += m.count;
        }
      }),
      { numRuns: RUNS },
    );
    expect(callers).toBeGreaterThan(RUNS * 5);
    expect(found).toBeGreaterThan(RUNS * 5);
  }, 600_000);
});
