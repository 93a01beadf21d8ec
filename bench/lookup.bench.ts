/**
 * Caller lookup at scale: 1,000,000 contacts × 3 phone fields, stored in the
 * mixed formats real CRMs hold (E.164, national, international with spaces,
 * `(0)`, dashes, `00`, extensions; GB, US, IE and GR numbers).
 *
 * - index build time for the 3 fields (target ≤ 3 s) and heap used;
 * - memory lookup (`findSync`, and `find` with its promise) against a bare
 *   `Map.get` on the same callers' E.164 keys (a fresh string per call, as
 *   caller IDs arrive), 3 fields (target ≥ 0.5×): the
 *   baseline is the index one would have if every stored number were already
 *   clean E.164, which costs a full parse of every stored number to build;
 * - `lookupCaller` end to end (parse, variants, search, order, policy);
 * - `normalizePhone` against a bare libphonenumber-js `parsePhoneNumberFromString`,
 *   through the library's fastest public entry (`core/es6` with the `min`
 *   metadata, what screenpop calls; src/lookup/phonelib.ts).
 *
 * Run: `npx tsx bench/lookup.bench.ts` (add `--expose-gc` through `npm run bench`
 * for steadier heap figures). `LOOKUP_BENCH_RECORDS=100000` for a quick run.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/core/es6';
import metadata from 'libphonenumber-js/min/metadata';
import { createMemoryLookup } from '../src/lookup/memory.js';
import { lookupCaller } from '../src/lookup/lookup.js';
import { canonicalPhone, normalizePhone, phoneVariants } from '../src/lookup/phone.js';
import type { LookupConfig, LookupQuery } from '../src/lookup/types.js';
import { phoneOkCases } from '../test/fixtures/lookup-phone.cases.js';
import { measure, ratio, report, seededRandom, target } from './util.js';

const N = Number(process.env['LOOKUP_BENCH_RECORDS'] ?? 1_000_000);
const FIELDS = ['telephone1', 'mobilephone', 'telephone2'] as const;
const BATCH = 1024;

const gc = (globalThis as { gc?: () => void }).gc;
/** JS heap plus typed-array buffers (the index's tables live outside the heap). */
function heapMB(): number {
  gc?.();
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 1e6;
}

const rnd = seededRandom(42);
const pad = (n: number, w: number): string => String(n).padStart(w, '0');

/** One stored number and its E.164, in one of several countries and formats. */
function makeNumber(i: number, field: number): { stored: string; e164: string } {
  const u = (i * 3 + field) % 100_000_000;
  const f = rnd(8);
  switch ((i + field) % 4) {
    case 0: {
      // GB: 020 xxxx xxxx or 07xxx xxxxxx
      const nsn = field === 1 ? `7${pad(u % 1_000_000_000, 9)}` : `20${pad(u, 8)}`;
      const e164 = `+44${nsn}`;
      const stored = [
        e164,
        `0${nsn}`,
        `+44 ${nsn.slice(0, 2)} ${nsn.slice(2, 6)} ${nsn.slice(6)}`,
        `0${nsn.slice(0, 2)} ${nsn.slice(2, 6)} ${nsn.slice(6)}`,
        `+44 (0)${nsn.slice(0, 2)} ${nsn.slice(2)}`,
        `0044${nsn}`,
        `0${nsn.slice(0, 2)}-${nsn.slice(2, 6)}-${nsn.slice(6)} x${f}`,
        `44${nsn}`,
      ][f] as string;
      return { stored, e164 };
    }
    case 1: {
      // US: (2xx) xxx-xxxx
      const nsn = `2${pad(u % 1_000_000_000, 9)}`;
      const e164 = `+1${nsn}`;
      const stored = [e164, `(${nsn.slice(0, 3)}) ${nsn.slice(3, 6)}-${nsn.slice(6)}`, `+1 ${nsn.slice(0, 3)} ${nsn.slice(3, 6)} ${nsn.slice(6)}`, `1${nsn}`, `${nsn.slice(0, 3)}-${nsn.slice(3, 6)}-${nsn.slice(6)} ext. 12`, `001${nsn}`, e164, nsn][f] as string;
      return { stored, e164 };
    }
    case 2: {
      // IE: 08x xxx xxxx
      const nsn = `8${(u % 7) + 3}${pad(u % 10_000_000, 7)}`;
      const e164 = `+353${nsn}`;
      const stored = [e164, `+353 ${nsn.slice(0, 2)} ${nsn.slice(2, 5)} ${nsn.slice(5)}`, `00353${nsn}`, `+353${nsn}`, e164, `00353 ${nsn}`, `353${nsn}`, e164][f] as string;
      return { stored, e164 };
    }
    default: {
      // GR: 69x xxx xxxx
      const nsn = `69${pad(u % 100_000_000, 8)}`;
      const e164 = `+30${nsn}`;
      const stored = [e164, `+30 ${nsn.slice(0, 3)} ${nsn.slice(3, 6)} ${nsn.slice(6)}`, `0030${nsn}`, `30${nsn}`, e164, `+30-${nsn}`, `0030 ${nsn}`, e164][f] as string;
      return { stored, e164 };
    }
  }
}

async function main(): Promise<void> {
  console.log(`lookup: ${N.toLocaleString('en')} contacts × ${FIELDS.length} phone fields`);
  const heap0 = heapMB();
  const contact: Array<Record<string, unknown>> = new Array(N);
  const e164s: string[][] = [[], [], []];
  for (let i = 0; i < N; i++) {
    const row: Record<string, unknown> = { id: `c${i}`, fullname: `Contact ${i}`, statecode: i % 10 === 0 ? 1 : 0 };
    for (let f = 0; f < FIELDS.length; f++) {
      const { stored, e164 } = makeNumber(i, f);
      row[FIELDS[f] as string] = stored;
      (e164s[f] as string[]).push(e164);
    }
    contact[i] = row;
  }
  const heapRows = heapMB();
  console.log(`  records generated: heap ${(heapRows - heap0).toFixed(0)} MB`);

  // Index build.
  const adapter = createMemoryLookup({ contact });
  const t0 = performance.now();
  let keys = 0;
  for (const f of FIELDS) keys += adapter.buildIndex('contact', f);
  const buildS = (performance.now() - t0) / 1000;
  const heapIndex = heapMB();
  const indexBytes = (heapIndex - heapRows) * 1e6;
  console.log(
    `  index build: ${buildS.toFixed(2)} s for ${(N * FIELDS.length).toLocaleString('en')} stored numbers, ${keys.toLocaleString('en')} keys, ` +
      `heap +${(indexBytes / 1e6).toFixed(0)} MB (${(indexBytes / (N * FIELDS.length)).toFixed(0)} B per stored number)`,
  );
  console.log(`  ${buildS <= 3 ? 'PASS' : 'MISS'} index build: ${buildS.toFixed(2)} s (target ≤ 3 s)`);

  // Baseline: a Map per field keyed on clean E.164 (built from the generator's E.164, i.e. as if parsing were free).
  const t1 = performance.now();
  const bare = FIELDS.map((_, f) => {
    const m = new Map<string, number>();
    const list = e164s[f] as string[];
    for (let i = 0; i < list.length; i++) m.set(list[i] as string, i);
    return m;
  });
  console.log(`  baseline Map<E.164, row> build: ${((performance.now() - t1) / 1000).toFixed(2)} s (given E.164 for free), heap now ${heapMB().toFixed(0)} MB`);

  // The same callers for every variant: stored numbers picked at random, searched by their E.164.
  const callers: string[] = [];
  for (let j = 0; j < BATCH; j++) {
    const i = rnd(N);
    callers.push((e164s[rnd(3)] as string[])[i] as string);
  }
  const callerDigits = callers.map((c) => c.slice(1));
  // Each query as lookupCaller sends it: the variants and their canonical numbers
  // (what the memory adapter reads), national forms included for every caller
  // (as lookupCaller does without a default region).
  const queries: LookupQuery[] = callers.map((e164) => {
    const variants = phoneVariants(e164);
    return { entity: 'contact', phoneFields: FIELDS, variants, numbers: [...new Set(variants.map(canonicalPhone))], displayField: 'fullname', limit: 10, e164 };
  });
  // A hand-built query with the formatted variants only: the adapter reduces them itself.
  const variantQueries: LookupQuery[] = queries.map(({ numbers: _numbers, ...q }) => q);
  // Sanity: every caller is found, and by the same rows the baseline finds.
  let misses = 0;
  for (let j = 0; j < BATCH; j++) {
    const found = adapter.findSync(queries[j] as LookupQuery).map((r) => Number(r.id.slice(1)));
    const expected = bare.map((m) => m.get(callers[j] as string)).filter((x): x is number => x !== undefined);
    if (!expected.every((i) => found.includes(i))) misses++;
  }
  if (misses > 0) throw new Error(`${misses} callers not found by the memory adapter`);

  const config: LookupConfig = { entities: [{ entity: 'contact', phoneFields: FIELDS, displayField: 'fullname' }] };
  const results = await measure([
    {
      name: 'bare Map.get ×3 fields',
      opsPerCall: BATCH,
      fn: () => {
        let hits = 0;
        for (let j = 0; j < BATCH; j++) {
          // A fresh string per call, as a caller ID arrives: not the Map's own
          // key object, whose hash is cached and which compares by pointer
          // (probing with those was ≈ 3× faster, flattering the baseline).
          const k = `+${callerDigits[j] as string}`;
          for (let f = 0; f < 3; f++) if ((bare[f] as Map<string, number>).get(k) !== undefined) hits++;
        }
        return hits;
      },
    },
    {
      name: 'memory findSync',
      opsPerCall: BATCH,
      fn: () => {
        let hits = 0;
        for (let j = 0; j < BATCH; j++) hits += adapter.findSync(queries[j] as LookupQuery).length;
        return hits;
      },
    },
    {
      name: 'memory findSync, variants only',
      opsPerCall: BATCH,
      fn: () => {
        let hits = 0;
        for (let j = 0; j < BATCH; j++) hits += adapter.findSync(variantQueries[j] as LookupQuery).length;
        return hits;
      },
    },
    {
      name: 'memory find (promise)',
      opsPerCall: BATCH,
      fn: async () => {
        let hits = 0;
        for (let j = 0; j < BATCH; j++) hits += (await adapter.find(queries[j] as LookupQuery)).length;
        return hits;
      },
    },
    {
      name: 'lookupCaller (memory)',
      opsPerCall: BATCH,
      fn: async () => {
        let hits = 0;
        for (let j = 0; j < BATCH; j++) hits += (await lookupCaller(callers[j] as string, { config, adapter })).count;
        return hits;
      },
    },
  ]);
  report('lookups per second (1,024 callers, all hits)', results, 'bare Map.get ×3 fields', 'lookups/s');
  target('memory findSync vs bare Map.get', ratio(results, 'memory findSync', 'bare Map.get ×3 fields'), 0.5);
  target('memory find (promise) vs bare Map.get', ratio(results, 'memory find (promise)', 'bare Map.get ×3 fields'), 0.5);

  // normalizePhone against a bare parse, over the fixture table's formats.
  const raws = phoneOkCases.map((c) => ({ raw: c.raw, region: c.region?.toUpperCase() ?? 'GB' }));
  const inputs = Array.from({ length: BATCH }, (_, j) => raws[j % raws.length] as { raw: string; region: string });
  const parse = await measure([
    {
      name: 'bare parsePhoneNumberFromString',
      opsPerCall: BATCH,
      fn: () => {
        let n = 0;
        for (const { raw, region } of inputs) if (parsePhoneNumberFromString(raw, { defaultCountry: region as 'GB' }, metadata)?.number) n++;
        return n;
      },
    },
    {
      name: 'normalizePhone',
      opsPerCall: BATCH,
      fn: () => {
        let n = 0;
        for (const { raw, region } of inputs) if (normalizePhone(raw, { defaultRegion: region }).ok) n++;
        return n;
      },
    },
    {
      name: 'phoneVariants',
      opsPerCall: BATCH,
      fn: () => {
        let n = 0;
        for (let j = 0; j < BATCH; j++) n += phoneVariants(callers[j] as string).length;
        return n;
      },
    },
  ]);
  report('phone numbers per second', parse, 'bare parsePhoneNumberFromString', 'numbers/s');
  console.log(`  heap used at the end: ${heapMB().toFixed(0)} MB`);
}

await main();
