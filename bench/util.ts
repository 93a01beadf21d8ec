/**
 * Shared benchmark helpers: run variants with tinybench, each in its own
 * function (one task per variant), and print ops/s with ratios against a
 * baseline measured in the same process.
 */
import { Bench } from 'tinybench';

export interface Variant {
  readonly name: string;
  /** One call does `opsPerCall` operations (batch sub-microsecond work). */
  readonly opsPerCall: number;
  readonly fn: () => unknown;
}

export interface Measured {
  readonly name: string;
  readonly opsPerSecond: number;
  readonly meanMicros: number;
}

/**
 * Runs every variant and returns ops/s; sinks results so the JIT cannot drop
 * the work. The variants take turns over `rounds` rounds and each reports its
 * median round, so a burst of load on a shared machine skews one round of one
 * variant, not the ratios.
 */
export async function measure(variants: readonly Variant[], timeMs = 600, rounds = 5): Promise<Measured[]> {
  let sink: unknown;
  const perRound = Math.max(100, Math.round(timeMs / 2));
  const samples: number[][] = variants.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < variants.length; i++) {
      const v = variants[i]!;
      // A fresh Bench per variant and round: one variant's samples never share a loop with another's.
      // Start each variant from a collected heap (`npm run bench` passes --expose-gc): with
      // a large set-up heap (the lookup bench keeps ≈ 700 MB), a major collection's
      // incremental marking would otherwise land in whichever variant runs then.
      (globalThis as { gc?: () => void }).gc?.();
      const bench = new Bench({ time: perRound, warmupTime: round === 0 ? 150 : 50 });
      bench.add(v.name, async () => {
        sink = await v.fn();
      });
      await bench.run();
      const task = bench.tasks[0]!;
      const r = task.result as { state: string; latency?: { mean: number } };
      if (r.state !== 'completed' || !r.latency) throw new Error(`${v.name}: ${r.state}`);
      samples[i]!.push(r.latency.mean);
    }
  }
  if (sink === Symbol.for('never')) console.log(sink);
  return variants.map((v, i) => {
    const sorted = [...samples[i]!].sort((a, b) => a - b);
    const perCallMs = sorted[sorted.length >> 1]!;
    return { name: v.name, opsPerSecond: (v.opsPerCall * 1000) / perCallMs, meanMicros: (perCallMs * 1000) / v.opsPerCall };
  });
}

function fmt(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return n.toFixed(1);
}

/** Prints a table of ops/s and each variant's ratio to `baseline` (by name). */
export function report(title: string, results: readonly Measured[], baseline: string, unit = 'ops/s'): void {
  const base = results.find((r) => r.name === baseline);
  console.log(`\n${title}`);
  const w = Math.max(...results.map((r) => r.name.length));
  for (const r of results) {
    const ratio = base ? r.opsPerSecond / base.opsPerSecond : Number.NaN;
    console.log(`  ${r.name.padEnd(w)}  ${fmt(r.opsPerSecond).padStart(8)} ${unit}  ${ratio.toFixed(ratio < 0.01 ? 5 : 3).padStart(9)}× ${baseline}`);
  }
}

/** Ratio of two measured variants by name. */
export function ratio(results: readonly Measured[], a: string, b: string): number {
  const x = results.find((r) => r.name === a);
  const y = results.find((r) => r.name === b);
  return x && y ? x.opsPerSecond / y.opsPerSecond : Number.NaN;
}

/** Prints a target line: `PASS`/`MISS` with the measured ratio (at least `min`). */
export function target(label: string, value: number, min: number): void {
  console.log(`  ${value >= min ? 'PASS' : 'MISS'} ${label}: ${value.toFixed(3)} (target ≥ ${min})`);
}

/** Prints a target line for a ratio that must stay at most `max`. */
export function targetMax(label: string, value: number, max: number): void {
  console.log(`  ${value <= max ? 'PASS' : 'MISS'} ${label}: ${value.toFixed(2)} (target ≤ ${max})`);
}

/** The median of a list of numbers. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

/**
 * A deterministic pseudo-random sequence (mulberry32; no Math.random, so runs
 * compare): `rnd(n)` is a whole number from 0 to n - 1.
 */
export function seededRandom(seed: number): (n: number) => number {
  return (n: number): number => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}
