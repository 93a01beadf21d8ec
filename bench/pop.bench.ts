/**
 * resolveScreenPop end to end over the memory adapter: 100,000 records and 50
 * rules. Reports decisions per second and latency percentiles (target p99 ≤
 * 50 µs, on the median of three trials, after warm-up and a full collection of
 * the set-up garbage), against a bare `compiled.evaluate` of the same rules as baseline,
 * and beside the machine's own tail for fixed work of the pop's median (register-only, and
 * memory-bound: random reads in a large Map).
 * It measures the built package (`dist/`, rebuilt first), what hosts run.
 * Also: the CLI's start-up, `screenpop lint` on a 20-row file as a whole
 * process (target ≤ 150 ms), against `node -e 0`.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KvRow } from '../src/config/row.js';
import { importBuilt } from './built.js';
import type { CallEvent } from '../src/pop/resolve.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// What hosts run: the built package (not the sources through the dev-time
// transpiler, which adds helpers), rebuilt first when stale (bench/built.ts).
const { createMemoryLookup, resolveScreenPop, compileRules } = await importBuilt<typeof import('../src/index.js')>('index');

function rng(seed: number) {
  return (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
}
const rnd = rng(7);
const ie = (i: number) => `+3538${5 + (i % 3)}${String(1000000 + i).slice(-7)}`;

function makeRecords(n: number) {
  const contact: Record<string, unknown>[] = [];
  const lead: Record<string, unknown>[] = [];
  const salesorder: Record<string, unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const kind = i % 5;
    const phone = ie(i);
    const messy = [phone, `0${phone.slice(4, 6)} ${phone.slice(6, 9)} ${phone.slice(9)}`, `00${phone.slice(1)}`][i % 3]!;
    if (kind < 3) contact.push({ id: `c${i}`, fullname: `Contact ${i}`, telephone1: messy, mobilephone: i % 7 === 0 ? ie(i + n) : '' });
    else if (kind === 3) lead.push({ id: `l${i}`, fullname: `Lead ${i}`, telephone1: messy });
    else salesorder.push({ id: `o${i}`, name: `ORD-${i}`, new_phone1: messy, statecode: i % 2 });
  }
  return { contact, lead, salesorder };
}

function makeRows(): KvRow[] {
  const g = (name: string, key: string, value: string, type?: string): KvRow => ({ scope: 'global', name, key, value, ...(type ? { type } : {}) });
  const rows: KvRow[] = [
    g('lookupEntities', 'inbound', 'contact, lead, salesorder'),
    g('incomingLookup_salesorder', '1', 'new_phone1', 'phone'),
    g('incomingLookup_salesorder', '1', 'statecode=0', 'filter'),
  ];
  const dnis = ['1000', '2000', '3000', '4000', '5000'];
  for (let i = 0; i < 49; i++) {
    const kind = i % 7;
    const key = String(i + 1).padStart(2, '0');
    const cond =
      kind === 0 ? `lookupCount=0 && dnis=${dnis[i % 5]}`
      : kind === 1 ? `fromParty.Key=salesorder && dnis=${dnis[i % 5]}, ${dnis[(i + 1) % 5]}`
      : kind === 2 ? `fromParty.Key=lead && dnisName=Team${i}`
      : kind === 3 ? `lookupCount>=2 && direction=queue && dnis=${dnis[i % 5]}`
      : kind === 4 ? `fromParty.Key=contact && dnis=${dnis[i % 5]} && direction!=transfer`
      : kind === 5 ? `subject=Campaign${i} || customText=VIP${i}`
      : `direction=clicktocall && fromParty.Key=contact, lead && dnisName=Team${i}`;
    rows.push(g('customURL_Rule', key, `${cond} => /WebResources/new_r${key}.html?tel={telephoneNo}`));
  }
  rows.push(g('customURL_Rule', '99', 'fromParty.Key=contact, lead, salesorder => default'));
  return rows;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const N = 100_000;
  const records = makeRecords(N);
  const adapter = createMemoryLookup(records);
  const rows = makeRows();
  const dirs = ['inbound', 'inbound', 'queue', 'transfer', 'clicktocall'];
  const calls: CallEvent[] = [];
  for (let i = 0; i < 2000; i++) {
    const hit = rnd(10) < 7;
    calls.push({
      direction: dirs[rnd(dirs.length)]!,
      telephoneNo: hit ? ie(rnd(N)) : ie(N * 3 + rnd(N)),
      dnis: ['1000', '2000', '3000', '4000', '5000'][rnd(5)]!,
      dnisName: `Team${rnd(50)}`,
      subject: rnd(4) === 0 ? `Campaign${rnd(50)}` : '',
    });
  }
  const opts = { rows, user: 'agent', adapter, crmUrl: 'https://contoso.crm4.dynamics.com', defaultRegion: 'IE' } as const;

  // Warm up (JIT, the rule cache, the adapter's index), then collect the
  // set-up garbage (100k records and their indexes) so that its incremental
  // marking does not land in the first measured calls: the figures are a
  // host's steady state, not its start-up.
  for (let i = 0; i < 5000; i++) await resolveScreenPop(calls[i % calls.length]!, opts);
  (globalThis as { gc?: () => void }).gc?.();
  for (let i = 0; i < 5000; i++) await resolveScreenPop(calls[i % calls.length]!, opts);

  // Three trials of 10,000 calls; the verdict is on the median trial's p99.
  const rounds = 5;
  const trials: Array<{ perSecond: number; lat: Float64Array }> = [];
  const kinds = new Map<string, number>();
  for (let t = 0; t < 3; t++) {
    const lat = new Float64Array(calls.length * rounds);
    let k = 0;
    const t0 = performance.now();
    for (let r = 0; r < rounds; r++) {
      for (const call of calls) {
        const s = performance.now();
        const pop = await resolveScreenPop(call, opts);
        lat[k++] = performance.now() - s;
        if (t === 0 && r === 0) kinds.set(pop.kind, (kinds.get(pop.kind) ?? 0) + 1);
      }
    }
    const total = performance.now() - t0;
    lat.sort();
    trials.push({ perSecond: (lat.length / total) * 1000, lat });
  }
  const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
  console.log(`\nresolveScreenPop: ${N.toLocaleString('en-US')} records, 50 rules, 3 trials of ${(calls.length * rounds).toLocaleString('en-US')} calls (${[...kinds].map(([a, b]) => `${a} ${b}`).join(', ')} per round of ${calls.length})`);
  for (const [i, { perSecond, lat }] of trials.entries()) {
    console.log(`  trial ${i + 1}: ${Math.round(perSecond).toLocaleString('en-US')} pops/s; latency p50 ${us(percentile(lat, 50))}, p90 ${us(percentile(lat, 90))}, p99 ${us(percentile(lat, 99))}, p99.9 ${us(percentile(lat, 99.9))}, max ${us(lat[lat.length - 1]!)}`);
  }
  const median = [...trials].sort((a, b) => percentile(a.lat, 99) - percentile(b.lat, 99))[1]!;
  const perSecond = median.perSecond;

  // Baseline in the same process: the bare rule decision for the same calls.
  const compiled = compileRules(rows.filter((x) => x.name === 'customURL_Rule'));
  const contexts = calls.map((c) => ({ 'fromParty.Key': 'contact', lookupCount: 1, direction: c.direction, dnis: c.dnis, dnisName: c.dnisName, subject: c.subject, customText: '' }));
  let sink = 0;
  const b0 = performance.now();
  for (let r = 0; r < 200; r++) for (const c of contexts) if (compiled.evaluate(c).rule) sink++;
  const evalPerSecond = ((200 * contexts.length) / (performance.now() - b0)) * 1000;

  console.log(`  bare compiled.evaluate: ${Math.round(evalPerSecond).toLocaleString('en-US')} decisions/s; a whole pop costs ${(evalPerSecond / perSecond).toFixed(1)}× a bare decision${sink < 0 ? '!' : ''}`);
  const p99 = percentile(median.lat, 99) * 1000;
  console.log(`  ${p99 <= 50 ? 'PASS' : 'MISS'} p99 ${p99.toFixed(1)} µs, median of the three trials (target ≤ 50 µs)`);

  // The machine's own tail, in this process: fixed work calibrated to the
  // pop's median, timed the same way. A tail this work also has (timer
  // interrupts, a shared VM's steal) is the machine's, not the pop's.
  /** Sorted latencies (ms) of `work(n)`, with `n` grown until a call takes the pop's median. */
  const timedLikeThePop = (work: (n: number) => number): Float64Array => {
    // Compiled first: timed while still interpreted, a small n would already reach the median.
    for (let i = 0; i < 20_000; i++) sink += work(4);
    let n = 1;
    for (;;) {
      const s = performance.now();
      for (let i = 0; i < 200; i++) sink += work(n);
      if ((performance.now() - s) / 200 >= percentile(median.lat, 50) || n > 1e7) break;
      n = Math.ceil(n * 1.15);
    }
    const lat = new Float64Array(calls.length * rounds);
    for (let i = 0; i < lat.length; i++) {
      const s = performance.now();
      sink += work(n);
      lat[i] = performance.now() - s;
    }
    return lat.sort();
  };
  const tail = (lat: Float64Array): number => percentile(lat, 99) / percentile(lat, 50);

  // Register-only arithmetic.
  const data = new Float64Array(512).map((_, i) => i);
  const fixedLat = timedLikeThePop((reps) => {
    let x = 0;
    for (let r = 0; r < reps; r++) for (let i = 0; i < data.length; i++) x += data[i]! * 1.000001;
    return x;
  });
  console.log(
    `  the machine: fixed work with p50 ${us(percentile(fixedLat, 50))} has p99 ${us(percentile(fixedLat, 99))} (p99/p50 ${tail(fixedLat).toFixed(2)}); the pop's p99/p50 ${tail(median.lat).toFixed(2)}`,
  );

  // Memory reads as a lookup makes them: random reads in a 300,000-entry Map
  // (no allocation). Register-only work understates a shared VM's tail for
  // memory-bound work (cache and TLB misses, a neighbour's traffic).
  const big = new Map<string, { i: number }>();
  for (let i = 0; i < 300_000; i++) big.set(`k${(i * 7919) % 1_000_003}`, { i });
  const keys = Array.from({ length: 8192 }, (_, i) => `k${(((i * 104_729) % 300_000) * 7919) % 1_000_003}`);
  let at = 0;
  const memLat = timedLikeThePop((n) => {
    let x = 0;
    for (let r = 0; r < n; r++) x += big.get(keys[(at = (at + 4099) & 8191)]!)?.i ?? 1;
    return x;
  });
  console.log(
    `  the machine, memory-bound: random Map reads with p50 ${us(percentile(memLat, 50))} have p99 ${us(percentile(memLat, 99))} (p99/p50 ${tail(memLat).toFixed(2)})${sink < 0 ? '!' : ''}`,
  );

  // CLI start-up as a whole process.
  const cli = join(root, 'dist', 'cli.js');
  const time = (args: string[]) => {
    const times: number[] = [];
    for (let i = 0; i < 12; i++) {
      const s = performance.now();
      spawnSync(process.execPath, args, { cwd: root });
      times.push(performance.now() - s);
    }
    return times.sort((a, b) => a - b)[6]!;
  };
  const nodeOnly = time(['-e', '0']);
  const lint = time([cli, 'lint', join(root, 'examples', 'kv.csv')]);
  console.log(`\nCLI start-up (median of 12 runs): node -e 0 ${nodeOnly.toFixed(0)} ms; screenpop lint (20 rows) ${lint.toFixed(0)} ms = ${(lint / nodeOnly).toFixed(2)}× bare node`);
  console.log(`  ${lint <= 150 ? 'PASS' : 'MISS'} screenpop lint ${lint.toFixed(0)} ms (target ≤ 150 ms)`);
}

await main();
