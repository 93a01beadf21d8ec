/**
 * `lintConfig` on growing tables: 400 → 4,000 rows (target: 4,000 rows take
 * at most 25× the time of 400, i.e. near-linear; the pairwise subsumption
 * check it replaced took 86×). Median of 3 runs per size.
 *
 * The table: the seed's lookup rows, rules with distinct literals of the
 * shapes real tables have (a DNIS each, queue names, OR-ed alternatives), and
 * 3 users with rules of their own (each user's effective rule set is linted
 * too, so the time also grows with users × global rules: see
 * docs/performance.md).
 */
import type { KvRow } from '../src/config/row.js';
import { lintConfig } from '../src/lint/index.js';
import { median, targetMax } from './util.js';

function table(n: number): KvRow[] {
  const rows: KvRow[] = [
    { scope: 'global', name: 'lookupEntities', key: 'inbound', value: 'contact, lead, account' },
    { scope: 'global', name: 'incomingLookup_contact', key: '1', value: 'telephone1', type: 'phone' },
    { scope: 'global', name: 'incomingLookup_lead', key: '1', value: 'telephone1', type: 'phone' },
  ];
  for (let i = 0; rows.length < n; i++) {
    const key = String(i).padStart(5, '0');
    const scope = i % 50 === 7 ? `user${i % 3}` : 'global';
    const value =
      i % 4 === 0
        ? `dnis=${1000 + i} && direction=inbound => /WebResources/new_d${i}.html`
        : i % 4 === 1
          ? `fromParty.Key=contact && dnisName=Q${i} => default`
          : i % 4 === 2
            ? `lookupCount=0 && dnis=${1000 + i}, ${20_000 + i} => /WebResources/new_u${i}.html`
            : `(dnis=${30_000 + i} || dnisName=N${i}) && direction=queue => default`;
    rows.push({ scope, name: 'customURL_Rule', key, value });
  }
  // Findings must still be found: a rule subsumed by an earlier one, and a catch-all too early.
  rows.push({ scope: 'global', name: 'customURL_Rule', key: '99998', value: 'dnis=1000 && direction=inbound && lookupCount=1 => default' });
  rows.push({ scope: 'global', name: 'customURL_Rule', key: '99999', value: 'dnis=1000 && direction=inbound => default' });
  return rows;
}

console.log('\nlintConfig scaling (median of 3 runs)');
console.log('   rows        ms   × 400 rows   findings');
lintConfig(table(400)); // warm-up
let base = Number.NaN;
let last = Number.NaN;
for (const n of [400, 1000, 2000, 4000]) {
  const rows = table(n);
  const ms: number[] = [];
  let findings = 0;
  for (let k = 0; k < 3; k++) {
    const t = performance.now();
    const f = lintConfig(rows);
    ms.push(performance.now() - t);
    findings = f.length;
    if (!f.some((x) => x.code === 'subsumed_rule' && x.row?.key === '99998') || !f.some((x) => x.code === 'subsumed_rule' && x.row?.key === '99999')) {
      throw new Error(`lintConfig missed the planted subsumed rules at ${n} rows`);
    }
  }
  const m = median(ms);
  if (n === 400) base = m;
  last = m / base;
  console.log(`  ${String(n).padStart(5)}  ${m.toFixed(0).padStart(8)}  ${(m / base).toFixed(1).padStart(10)}×  ${String(findings).padStart(9)}`);
}
targetMax('lintConfig 4,000 rows / 400 rows', last, 25);
