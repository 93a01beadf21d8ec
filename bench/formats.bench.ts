/**
 * `learnPhoneFormats` on 100,000 stored values (GB, US, IE, DE and GR numbers
 * in 16 formats people type, plus extensions and junk), read in GB:
 *
 * - the whole learn (one pass, templates counted, report built), target
 *   ≤ 2 s for 100,000 values;
 * - against a same-process baseline doing the reading the naive way:
 *   libphonenumber-js `parsePhoneNumberFromString(value, 'GB')` on every value
 *   (the learner reads one value per group with it, the rest by scanning);
 *   target ≥ 1× (no slower than parsing each value once). The baseline
 *   calls the library's fastest public entry, `core/es6` with the `min`
 *   metadata (what screenpop itself calls, src/lookup/phonelib.ts); the
 *   checks below judge by the package's default entry.
 *
 * Before timing, the outputs are checked equal where they must be: every
 * value the learner writes in a template reads back through it to the
 * national number libphonenumber-js reads (national templates) or to a split
 * libphonenumber-js agrees with (international ones).
 *
 * Run: `npx tsx bench/formats.bench.ts`; `FORMATS_BENCH_VALUES=20000` for a quick run.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { parsePhoneNumberFromString as parseCore } from 'libphonenumber-js/core/es6';
import metadata from 'libphonenumber-js/min/metadata';
import { createFormatReader, learnPhoneFormats } from '../src/lookup/formats.js';
import { readWithTemplate } from '../src/lookup/template.js';
import { ratio, report, seededRandom, target } from './util.js';

const N = Number(process.env['FORMATS_BENCH_VALUES'] ?? 100_000);

const rnd = seededRandom(7);
const pad = (n: number, w: number): string => String(n).padStart(w, '0');

function makeValue(): string {
  const u = rnd(100_000_000);
  switch (rnd(10)) {
    case 0:
    case 1:
    case 2: {
      const nsn = rnd(2) === 0 ? `20${pad(u, 8)}` : `7700${pad(u % 1_000_000, 6)}`;
      const a = nsn.startsWith('20') ? [nsn.slice(0, 2), nsn.slice(2, 6), nsn.slice(6)] : [nsn.slice(0, 4), nsn.slice(4)];
      return [`0${a.join(' ')}`, `+44 ${a.join(' ')}`, `+44${nsn}`, `0${nsn}`, `+44 (0)${a.join(' ')}`, `0${a.join('-')}`, `0044 ${a.join(' ')}`][rnd(7)]!;
    }
    case 3:
    case 4: {
      const nsn = `${2 + rnd(7)}${pad(u % 1_000_000_000, 9)}`;
      const [a, b, c] = [nsn.slice(0, 3), nsn.slice(3, 6), nsn.slice(6)];
      return [`+1 (${a}) ${b}-${c}`, `+1 ${a} ${b} ${c}`, `+1${nsn}`, `1-${a}-${b}-${c}`, `+1.${a}.${b}.${c}`][rnd(5)]!;
    }
    case 5: {
      const nsn = `8${3 + rnd(7)}${pad(u % 10_000_000, 7)}`;
      return [`+353 ${nsn.slice(0, 2)} ${nsn.slice(2, 5)} ${nsn.slice(5)}`, `00353 ${nsn}`, `+353${nsn}`][rnd(3)]!;
    }
    case 6: {
      const nsn = `30${pad(u % 100_000_000, 8)}`;
      return [`+49 30 ${nsn.slice(2)}`, `+49 (0)30 ${nsn.slice(2)}`, `+49${nsn}`][rnd(3)]!;
    }
    case 7: {
      const nsn = `69${pad(u, 8)}`;
      return [`+30 ${nsn.slice(0, 3)} ${nsn.slice(3, 6)} ${nsn.slice(6)}`, `+30${nsn}`][rnd(2)]!;
    }
    case 8:
      return [`020 7946 ${pad(u % 10_000, 4)} x${rnd(999)}`, `0${20}${pad(u, 8)} ext. 12`, ''][rnd(3)]!;
    default:
      return ['n/a', 'unknown', '', ' ', '12345', 'tbc', '+44', '0'][rnd(8)]!;
  }
}

const values = Array.from({ length: N }, makeValue);

// Outputs agree before timing: every templated value reads back as libphonenumber-js reads it.
const read = createFormatReader('GB');
let checked = 0;
for (const v of values) {
  const r = read(v);
  if (r.kind !== 'template') continue;
  const got = readWithTemplate(r.template, v);
  if (!got) throw new Error(`${v}: its template ${r.template} does not read it back`);
  const peer = got.countryCallingCode === '' ? parsePhoneNumberFromString(v, 'GB') : parsePhoneNumberFromString(`+${got.countryCallingCode}${got.nationalNumber}`);
  if (peer?.nationalNumber !== got.nationalNumber) throw new Error(`${v}: template ${r.template} reads ${got.nationalNumber}, libphonenumber-js ${peer?.nationalNumber}`);
  checked++;
}
const once = learnPhoneFormats(values, { defaultRegion: 'GB' });
let parsedOk = 0;
for (const v of values) if (parsePhoneNumberFromString(v, 'GB')?.isPossible()) parsedOk++;
console.log(`${N} values: ${checked} templated and checked against libphonenumber-js; report: ${once.formats.length} formats, coverage ${(once.coverage * 100).toFixed(1)}%, ${once.readable} readable (libphonenumber-js: ${parsedOk} possible), ${once.unreadable.count} unreadable, ${once.extensions.count} with an extension`);

/**
 * Median of `reps` timed calls, in ms. The baseline costs seconds a call at
 * 100,000 values, too long for tinybench's minimum sample count; both sides
 * are timed the same way, after a warm-up call.
 */
function medianMs(fn: () => unknown, reps: number): number {
  fn();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  times.sort((x, y) => x - y);
  return times[Math.floor(times.length / 2)] as number;
}

const t0 = performance.now();
learnPhoneFormats(values, { defaultRegion: 'GB' });
const coldMs = performance.now() - t0;
const learnMs = medianMs(() => learnPhoneFormats(values, { defaultRegion: 'GB' }).coverage, 7);
const parseMs = medianMs(() => {
  let n = 0;
  for (const v of values) if (parseCore(v, { defaultCountry: 'GB' }, metadata)?.isPossible()) n++;
  return n;
}, 3);
const results = [
  { name: 'learnPhoneFormats', opsPerSecond: (N * 1000) / learnMs, meanMicros: (learnMs * 1000) / N },
  { name: 'libphonenumber-js parse each', opsPerSecond: (N * 1000) / parseMs, meanMicros: (parseMs * 1000) / N },
];
report(`learnPhoneFormats, ${N} values (values/s, median of 7 and 3 calls)`, results, 'libphonenumber-js parse each', 'values/s');
console.log(`  one learn of ${N} values: ${learnMs.toFixed(0)} ms (first, cold: ${coldMs.toFixed(0)} ms); for 100,000: ${((learnMs * 100_000) / N).toFixed(0)} ms`);
target('100,000 values in ≤ 2 s (2000 ms / measured ms)', 2000 / ((learnMs * 100_000) / N), 1);
target('learnPhoneFormats vs parsing each value with libphonenumber-js', ratio(results, 'learnPhoneFormats', 'libphonenumber-js parse each'), 1);
