/**
 * Building the 19-parameter Data= payload (the seed's values: Greek text,
 * spaces, GUIDs) per second: screenpop's legacy and strict modes against
 * `URLSearchParams.toString()`, `qs.stringify` and fast-querystring's
 * `stringify`, all in this process, printed as ratios to URLSearchParams.
 * Also: parseDataParam against a double URLSearchParams read (a type-2 page).
 *
 * The peers build a single-encoded query from the same record; screenpop
 * builds the value that follows `Data=` (which legacy mode makes byte-identical
 * to Dynamics Telephony's own format). Times the built package.
 */
import fastQuerystring from 'fast-querystring';
import qs from 'qs';
import type { CallParams } from '../src/params/index.js';
import { BENCH_VALUES } from '../test/fixtures/params.cases.js';
import { importBuilt } from './built.js';
import { measure, ratio, report, target } from './util.js';

// The built screenpop/params, as a page loads it (bench/built.ts says why not the sources).
const { buildDataParam, parseDataParam } = await importBuilt<typeof import('../src/params/index.js')>('params');

/** 64 payloads of one shape, differing in ids and names so no result can be cached. */
const PAYLOADS: ReadonlyArray<Omit<CallParams, 'extra'>> = Array.from({ length: 64 }, (_, i) => ({
  ...BENCH_VALUES,
  phoneCallID: BENCH_VALUES.phoneCallID.replace(/^\w{4}/, (i + 1000).toString(16)),
  telephoneNo: `69461867${String(i).padStart(2, '0')}`,
  agent: `Dyn Crm${String(i).padStart(2, '0')}`,
  fullName: `${BENCH_VALUES.fullName} ${i}`,
}));
const RECORDS: ReadonlyArray<Record<string, string>> = PAYLOADS.map((p) => ({ ...p }));
const BATCH = PAYLOADS.length;

function legacy(): number {
  let n = 0;
  for (let i = 0; i < BATCH; i++) n += buildDataParam(PAYLOADS[i]!).length;
  return n;
}
function strict(): number {
  let n = 0;
  for (let i = 0; i < BATCH; i++) n += buildDataParam(PAYLOADS[i]!, { mode: 'strict' }).length;
  return n;
}
function urlSearchParams(): number {
  let n = 0;
  for (let i = 0; i < BATCH; i++) n += new URLSearchParams(RECORDS[i]!).toString().length;
  return n;
}
function qsStringify(): number {
  let n = 0;
  for (let i = 0; i < BATCH; i++) n += qs.stringify(RECORDS[i]!).length;
  return n;
}
function fastQs(): number {
  let n = 0;
  for (let i = 0; i < BATCH; i++) n += fastQuerystring.stringify(RECORDS[i]!).length;
  return n;
}

const SEARCHES = PAYLOADS.map((p) => `?Data=${buildDataParam(p)}`);
function parseAuto(): number {
  let n = 0;
  for (let i = 0; i < BATCH; i++) n += parseDataParam(SEARCHES[i]!).fullName.length;
  return n;
}
function parseType2(): number {
  let n = 0;
  for (let i = 0; i < BATCH; i++) n += (new URLSearchParams(new URLSearchParams(SEARCHES[i]!).get('Data') ?? '').get('fullName') ?? '').length;
  return n;
}

// Every variant's output is checked before timing: each peer's query string
// reads back (URLSearchParams) as the record, and screenpop's Data= value reads
// back (parseDataParam, as a popped page does) as the payload in both modes.
for (let i = 0; i < BATCH; i++) {
  const record = RECORDS[i]!;
  const same = (name: string, got: Record<string, string>): void => {
    const want = JSON.stringify(Object.entries(record).sort());
    const have = JSON.stringify(Object.entries(got).sort());
    if (have !== want) throw new Error(`params: ${name} does not carry the same values as the record (payload ${i})`);
  };
  const asRecord = (query: string): Record<string, string> => Object.fromEntries(new URLSearchParams(query));
  same('URLSearchParams', asRecord(new URLSearchParams(record).toString()));
  same('qs.stringify', asRecord(qs.stringify(record)));
  same('fast-querystring', asRecord(fastQuerystring.stringify(record)));
  for (const mode of ['legacy', 'strict'] as const) {
    const { extra: _extra, ...read } = parseDataParam(`?Data=${buildDataParam(PAYLOADS[i]!, { mode })}`);
    same(`screenpop ${mode}`, read as Record<string, string>);
  }
  const { extra: _e, ...auto } = parseDataParam(SEARCHES[i]!);
  same('parseDataParam', auto as Record<string, string>);
  const type2 = new URLSearchParams(new URLSearchParams(SEARCHES[i]!).get('Data') ?? '').get('fullName');
  if (type2 !== record.fullName) throw new Error(`params: the type-2 page reads fullName ${JSON.stringify(type2)} (payload ${i})`);
}

const build = await measure([
  { name: 'URLSearchParams.toString()', opsPerCall: BATCH, fn: urlSearchParams },
  { name: 'screenpop legacy', opsPerCall: BATCH, fn: legacy },
  { name: 'screenpop strict', opsPerCall: BATCH, fn: strict },
  { name: 'fast-querystring stringify', opsPerCall: BATCH, fn: fastQs },
  { name: 'qs.stringify', opsPerCall: BATCH, fn: qsStringify },
]);
report('Build the 19-parameter payload (payloads/s)', build, 'URLSearchParams.toString()', 'payloads/s');
target('legacy vs URLSearchParams.toString()', ratio(build, 'screenpop legacy', 'URLSearchParams.toString()'), 1);
target('strict vs URLSearchParams.toString()', ratio(build, 'screenpop strict', 'URLSearchParams.toString()'), 1);

const parse = await measure([
  { name: 'type-2 page (URLSearchParams twice)', opsPerCall: BATCH, fn: parseType2 },
  { name: 'parseDataParam (auto)', opsPerCall: BATCH, fn: parseAuto },
]);
report('Read the payload in the popped page (reads/s)', parse, 'type-2 page (URLSearchParams twice)', 'reads/s');
