/**
 * Hostile-input scaling (issue #13 items 4 and 8): work that must stay linear.
 *
 * - `readKvCsv` on CR-only exports (old Excel for Mac) against the same rows
 *   with LF, and 40,000 rows against 10,000 (linear: about 4× the time; the
 *   quadratic loader took 21 s for 40,000 CR rows against 0.23 s with LF);
 * - `urlSafetyProblem` on a 40 KB target against a 4 KB one (linear: about
 *   10×; the lookbehind patterns took 2.7 s at 40 KB).
 *
 * Outputs are checked equal across variants before timing. Ratios are per
 * input row / character, so 1.0 means "linear"; the targets allow noise.
 */
import { readKvCsv } from '../src/config/index.js';
import { urlSafetyProblem } from '../src/params/index.js';
import { measure, report, target } from './util.js';

const HEADER = 'Scope,Name,Key,Value';
const csv = (rows: number, nl: string): string =>
  HEADER + nl + Array.from({ length: rows }, (_, i) => `global,customURL_Rule,${i},"dnis=${i}=>/WebResources/new_${i}.html"`).join(nl) + nl;

const cr10 = csv(10_000, '\r');
const lf10 = csv(10_000, '\n');
const cr40 = csv(40_000, '\r');

// Same rows whatever the line ends.
const a = readKvCsv(cr10);
const b = readKvCsv(lf10);
if (a.errors.length > 0 || JSON.stringify(a.rows) !== JSON.stringify(b.rows)) throw new Error('CR and LF exports read differently');
if (readKvCsv(cr40).rows.length !== 40_000) throw new Error('40,000 CR rows did not all load');

const csvResults = await measure(
  [
    { name: 'LF 10k rows (per row)', opsPerCall: 10_000, fn: () => readKvCsv(lf10).rows.length },
    { name: 'CR 10k rows (per row)', opsPerCall: 10_000, fn: () => readKvCsv(cr10).rows.length },
    { name: 'CR 40k rows (per row)', opsPerCall: 40_000, fn: () => readKvCsv(cr40).rows.length },
  ],
  1500,
);
report('readKvCsv, rows per second', csvResults, 'LF 10k rows (per row)', 'rows/s');
const perRow = (name: string): number => csvResults.find((r) => r.name === name)!.opsPerSecond;
target('CR rows/s ÷ LF rows/s (10k)', perRow('CR 10k rows (per row)') / perRow('LF 10k rows (per row)'), 0.5);
target('CR 40k rows/s ÷ CR 10k rows/s (1.0 = linear)', perRow('CR 40k rows (per row)') / perRow('CR 10k rows (per row)'), 0.5);

const url4 = `${'a'.repeat(4_000)}{`;
const url40 = `${'a'.repeat(40_000)}{`;
const host40 = `https://${'a'.repeat(40_000)}{`;
if (urlSafetyProblem(url4) !== undefined || urlSafetyProblem(url40) !== undefined) throw new Error('unexpected refusal');
if (urlSafetyProblem(host40)?.reason !== 'Placeholder in the host') throw new Error('host placeholder not found');

const urlResults = await measure([
  { name: '4 KB (per char)', opsPerCall: url4.length, fn: () => urlSafetyProblem(url4) },
  { name: '40 KB (per char)', opsPerCall: url40.length, fn: () => urlSafetyProblem(url40) },
  { name: '40 KB host (per char)', opsPerCall: host40.length, fn: () => urlSafetyProblem(host40) },
]);
report('urlSafetyProblem, characters per second', urlResults, '4 KB (per char)', 'chars/s');
const perChar = (name: string): number => urlResults.find((r) => r.name === name)!.opsPerSecond;
target('40 KB chars/s ÷ 4 KB chars/s (1.0 = linear)', perChar('40 KB (per char)') / perChar('4 KB (per char)'), 0.5);
