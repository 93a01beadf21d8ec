/**
 * Caller matching judged by a peer we did not write: the fixture
 * (test/fixtures/phone-verdicts.json, from scripts/derive-phone-verdicts.mjs)
 * holds pairs of a stored value and a caller ID with libphonenumber's verdict,
 * re-derived with libphonenumber-js and its full metadata. Here we only
 * compute ours, through lookupCaller and the memory adapter, and compare:
 * the agreement must reach 97%, and the cases where we decide differently must
 * be exactly the ones docs/lookup.md lists (and justifies).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { getCountries, getExampleNumber } from 'libphonenumber-js';
import examples from 'libphonenumber-js/examples.mobile.json';
import { describe, expect, it } from 'vitest';
import { lookupCaller } from '../../src/lookup/lookup.js';
import { createMemoryLookup } from '../../src/lookup/memory.js';
import { normalizePhone, regionReading } from '../../src/lookup/phone.js';
import type { LookupConfig } from '../../src/lookup/types.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface VerdictCase {
  readonly id: string;
  readonly kind: string;
  readonly source: string;
  readonly region?: string;
  readonly stored: string;
  readonly caller: string;
  readonly expected: 'match' | 'no_match';
  readonly why: string;
}

const fixture = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'phone-verdicts.json'), 'utf8')) as { peer: string; cases: VerdictCase[] };
const config: LookupConfig = { entities: [{ entity: 'contact', phoneFields: ['telephone1'], displayField: 'fullname' }] };

async function ours(c: VerdictCase): Promise<'match' | 'no_match'> {
  const adapter = createMemoryLookup({ contact: [{ id: 'c1', fullname: 'Stored', telephone1: c.stored }] });
  const r = await lookupCaller(c.caller, { config, adapter, ...(c.region === undefined ? {} : { defaultRegion: c.region }) });
  return r.count > 0 ? 'match' : 'no_match';
}

/** The disagreements docs/lookup.md lists: rows `| id | … |` under "### Where we decide differently". */
function listedDisagreements(): string[] {
  const doc = readFileSync(join(root, 'docs', 'lookup.md'), 'utf8');
  const start = doc.indexOf('### Where we decide differently');
  expect(start, 'docs/lookup.md has a "Where we decide differently" section').toBeGreaterThan(0);
  const section = doc.slice(start, doc.indexOf('\n## ', start) < 0 ? undefined : doc.indexOf('\n## ', start));
  return [...section.matchAll(/^\| `([0-9a-f]{10})` \|/gm)].map((m) => m[1] as string).sort();
}

describe('caller matching against libphonenumber (peer-judged fixture)', () => {
  it('has at least 300 cases of every kind the issue names', () => {
    expect(fixture.cases.length).toBeGreaterThanOrEqual(300);
    const kinds = new Set(fixture.cases.map((c) => c.kind));
    for (const k of ['libphonenumber', 'issue', 'idd', 'trunk', 'uri', 'ext', 'stored', 'junk', 'withheld', 'cross']) expect(kinds, k).toContain(k);
    // Both verdicts are well represented.
    expect(fixture.cases.filter((c) => c.expected === 'no_match').length).toBeGreaterThan(300);
  });

  it('is the generator\'s current output (node scripts/derive-phone-verdicts.mjs --check)', () => {
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'derive-phone-verdicts.mjs'), '--check'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('agrees in at least 97% of the cases, and differs exactly where docs/lookup.md says', async () => {
    const differ: string[] = [];
    for (const c of fixture.cases) {
      if ((await ours(c)) !== c.expected) differ.push(c.id);
    }
    const agreement = 1 - differ.length / fixture.cases.length;
    expect(agreement).toBeGreaterThanOrEqual(0.97);
    expect(differ.sort()).toEqual(listedDisagreements());
    // The figures docs/lookup.md reports.
    const doc = readFileSync(join(root, 'docs', 'lookup.md'), 'utf8');
    expect(doc).toContain(`agree in ${fixture.cases.length - differ.length} of ${fixture.cases.length} cases (${(agreement * 100).toFixed(2)}%)`);
  });

  it('never matches a withheld, junk or partial caller ID, nor a number of another country', async () => {
    for (const c of fixture.cases.filter((x) => x.kind === 'withheld' || x.kind === 'cross' || (x.kind === 'junk' && x.expected === 'no_match'))) {
      expect(await ours(c), `${c.id}: ${c.caller} vs ${c.stored} (${c.region})`).toBe(c.expected);
    }
  });
});

describe('one reader for both sides', () => {
  it('a number written any way a switch or a person writes it, stored, is found by the same text and by its E.164, for 10,000 numbers', async () => {
    const numbers = getCountries()
      .map((c) => ({ region: c as string, p: getExampleNumber(c, examples) }))
      .filter((x): x is { region: string; p: NonNullable<typeof x.p> } => x.p !== undefined && x.p.isValid());
    const shapes: Array<(p: (typeof numbers)[number]['p'], region: string) => string | undefined> = [
      (p) => p.number,
      (p) => p.formatInternational(),
      (p) => p.formatNational(),
      (p) => `+${p.countryCallingCode} (0)${p.nationalNumber}`,
      (p, region) => {
        const idd = regionReading(region)?.iddWritten;
        return idd === undefined ? undefined : `${idd} ${p.formatInternational().slice(1)}`;
      },
      (p) => `sip:${p.number}@pbx.example.com;user=phone`,
      (p) => `"Front desk" <sip:${p.nationalNumber}@10.0.0.1>`,
      (p) => `tel:${p.formatInternational().replace(/ /g, '-')};ext=7`,
      (p) => `${p.formatInternational()} ext. 7`,
      (p) => p.formatInternational().replace(/[0-9+]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)),
    ];
    const config: LookupConfig = { entities: [{ entity: 'contact', phoneFields: ['telephone1'], displayField: 'fullname' }] };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...numbers), fc.nat(shapes.length - 1), fc.nat(shapes.length - 1), async ({ region, p }, a, b) => {
        const stored = shapes[a]!(p, region);
        const caller = shapes[b]!(p, region);
        if (stored === undefined || caller === undefined) return;
        // Whenever the caller's reader reads both texts as one number, the lookup finds it (and only then).
        // (`+CC (0)…` is another number where the plan has no trunk prefix 0.)
        const reads = (t: string) => {
          const n = normalizePhone(t, { defaultRegion: region });
          return n.ok ? n.e164 : undefined;
        };
        const adapter = createMemoryLookup({ contact: [{ id: 'c1', fullname: 'Stored', telephone1: stored }] });
        for (const c of [caller, p.number]) {
          const r = await lookupCaller(c, { config, adapter, defaultRegion: region });
          const same = reads(c) !== undefined && reads(stored) === reads(c);
          expect(r.count, `${region}: stored ${stored}, caller ${c}`).toBe(same ? 1 : 0);
        }
      }),
      { numRuns: 10_000 },
    );
  });
});
