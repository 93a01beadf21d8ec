/**
 * Rule decisions per second: screenpop's compiled rules against a hand-written
 * if-chain with the same decisions (the limit), json-logic-js and
 * json-rules-engine, all in this process, over the same 1,000 contexts.
 * Also: parsing speed in rule values per second. Times the built package.
 */
import { Engine } from 'json-rules-engine';
import jsonLogic from 'json-logic-js';
import type { Condition } from '../src/parser/ast.js';
import { importBuilt } from './built.js';
import { measure, median, ratio, report, target } from './util.js';

// The built package, as hosts run it (bench/built.ts says why not the sources).
const { parseRule, compileRules } = await importBuilt<typeof import('../src/index.js')>('index');

export const BENCH_RULES: ReadonlyArray<{ key: string; value: string }> = [
  { key: '01', value: 'lookupCount=0 && direction=inbound && dnis=1000 => /WebResources/new_vip_unknown.html' },
  { key: '02', value: 'lookupCount=0 && direction=inbound => /WebResources/new_unknown.html' },
  { key: '03', value: 'lookupCount=0 && direction=queue => /WebResources/new_campaign_unknown.html' },
  { key: '04', value: 'fromParty.Key=salesorder && dnis=2000, 2001 => /WebResources/new_order_support.html' },
  { key: '05', value: 'fromParty.Key=salesorder => default' },
  { key: '06', value: 'fromParty.Key=contact && dnisName=VIP => /WebResources/new_vip.html' },
  { key: '07', value: 'fromParty.Key=contact, lead && direction=queue => /WebResources/new_campaign.html' },
  { key: '08', value: 'lookupCount>=3 => /WebResources/new_many.html' },
  { key: '09', value: 'lookupCount=2 && dnis=3000 => /WebResources/new_two_sales.html' },
  { key: '10', value: 'fromParty.Key=account && dnis!=1000, 2000 => /WebResources/new_account.html' },
  { key: '11', value: 'fromParty.Key=lead && dnisName=Sales => /WebResources/new_lead_sales.html' },
  { key: '12', value: 'direction=transfer => /WebResources/new_transfer.html' },
  { key: '13', value: 'direction=clicktocall && fromParty.Key=contact => default' },
  { key: '14', value: 'dnis=4000 || dnis=4001 => /WebResources/new_support.html' },
  { key: '15', value: 'fromParty.Key=new_site => /WebResources/new_site.html' },
  { key: '16', value: 'lookupCount=1 && fromParty.Key=lead => default' },
  { key: '17', value: '!(direction=inbound, queue) && lookupCount=0 => /WebResources/new_out_unknown.html' },
  { key: '18', value: 'dnisName=Billing && lookupCount<=1 => /WebResources/new_billing.html' },
  { key: '19', value: 'lookupCount=1 => default' },
  { key: '20', value: '* => /WebResources/new_fallback.html' },
];

/** The same decisions, written by hand: the speed limit (inputs already normalised). */
function handChain(c: Ctx): string {
  return decide(c['fromParty.Key'], c.lookupCount, c.direction, c.dnis, c.dnisName);
}

function decide(k: string, n: number, d: string, dn: string, name: string): string {
  if (n === 0 && d === 'inbound' && dn === '1000') return '01';
  if (n === 0 && d === 'inbound') return '02';
  if (n === 0 && d === 'queue') return '03';
  if (k === 'salesorder' && (dn === '2000' || dn === '2001')) return '04';
  if (k === 'salesorder') return '05';
  if (k === 'contact' && name === 'vip') return '06';
  if ((k === 'contact' || k === 'lead') && d === 'queue') return '07';
  if (n >= 3) return '08';
  if (n === 2 && dn === '3000') return '09';
  if (k === 'account' && dn !== '1000' && dn !== '2000') return '10';
  if (k === 'lead' && name === 'sales') return '11';
  if (d === 'transfer') return '12';
  if (d === 'clicktocall' && k === 'contact') return '13';
  if (dn === '4000' || dn === '4001') return '14';
  if (k === 'new_site') return '15';
  if (n === 1 && k === 'lead') return '16';
  if (!(d === 'inbound' || d === 'queue') && n === 0) return '17';
  if (name === 'billing' && n <= 1) return '18';
  if (n === 1) return '19';
  return '20';
}

/**
 * The same chain with screenpop's semantics for text (trimmed, case-insensitive),
 * so it gives the same decisions on *any* input, not only on pre-normalised
 * contexts: the fair limit for a rule engine. The fastest correct chain: each
 * field is normalised lazily, at most once per decision, when a rule first
 * reads it.
 */
function handChainSameSemantics(c: Ctx): string {
  const n = c.lookupCount;
  let k: string | undefined;
  let d: string | undefined;
  let dn: string | undefined;
  let name: string | undefined;
  if (n === 0 && (d ??= norm(c.direction)) === 'inbound' && (dn ??= c.dnis.trim()) === '1000') return '01';
  if (n === 0 && (d ??= norm(c.direction)) === 'inbound') return '02';
  if (n === 0 && (d ??= norm(c.direction)) === 'queue') return '03';
  if ((k ??= norm(c['fromParty.Key'])) === 'salesorder' && ((dn ??= c.dnis.trim()) === '2000' || dn === '2001')) return '04';
  if (k === 'salesorder') return '05';
  if (k === 'contact' && (name ??= norm(c.dnisName)) === 'vip') return '06';
  if ((k === 'contact' || k === 'lead') && (d ??= norm(c.direction)) === 'queue') return '07';
  if (n >= 3) return '08';
  if (n === 2 && (dn ??= c.dnis.trim()) === '3000') return '09';
  if (k === 'account' && (dn ??= c.dnis.trim()) !== '1000' && dn !== '2000') return '10';
  if (k === 'lead' && (name ??= norm(c.dnisName)) === 'sales') return '11';
  if ((d ??= norm(c.direction)) === 'transfer') return '12';
  if (d === 'clicktocall' && k === 'contact') return '13';
  if ((dn ??= c.dnis.trim()) === '4000' || dn === '4001') return '14';
  if (k === 'new_site') return '15';
  if (n === 1 && k === 'lead') return '16';
  if (!(d === 'inbound' || d === 'queue') && n === 0) return '17';
  if ((name ??= norm(c.dnisName)) === 'billing' && n <= 1) return '18';
  if (n === 1) return '19';
  return '20';
}

function norm(s: string): string {
  return s.trim().toLowerCase();
}

/**
 * Rules that mix fields under OR and NOT: the bitsets can only narrow them by
 * their single-field parts, the rest is confirmed per decision.
 */
export const MIXED_RULES: ReadonlyArray<{ key: string; value: string }> = [
  { key: '01', value: 'fromParty.Key=contact & direction=inbound & (dnis=1234,4321 or lookupCount=1) => /WebResources/new_a.html' },
  { key: '02', value: 'fromParty.Key=lead && (direction=queue || dnisName=Sales) => /WebResources/new_b.html' },
  { key: '03', value: '(lookupCount=0 || fromParty.Key=account) && dnis=2000 => /WebResources/new_c.html' },
  { key: '04', value: 'direction=inbound && (dnisName=VIP || dnis=1234) => /WebResources/new_d.html' },
  { key: '05', value: '!(direction=outbound || lookupCount>=2) && dnisName=Billing => /WebResources/new_e.html' },
  { key: '06', value: 'fromParty.Key=contact && (lookupCount>=2 || dnis=3000) => default' },
  { key: '07', value: '(direction=transfer && dnis=4000) || (direction=queue && dnisName=Support) => /WebResources/new_f.html' },
  { key: '08', value: 'lookupCount=1 => default' },
  { key: '09', value: '* => /WebResources/new_z.html' },
];

/** MIXED_RULES by hand, with screenpop's text semantics, each field normalised lazily and once. */
function mixedChain(c: Ctx): string {
  const n = c.lookupCount;
  let k: string | undefined;
  let d: string | undefined;
  let dn: string | undefined;
  let name: string | undefined;
  if ((k ??= norm(c['fromParty.Key'])) === 'contact' && (d ??= norm(c.direction)) === 'inbound' && ((dn ??= c.dnis.trim()) === '1234' || dn === '4321' || n === 1)) return '01';
  if (k === 'lead' && ((d ??= norm(c.direction)) === 'queue' || (name ??= norm(c.dnisName)) === 'sales')) return '02';
  if ((n === 0 || k === 'account') && (dn ??= c.dnis.trim()) === '2000') return '03';
  if ((d ??= norm(c.direction)) === 'inbound' && ((name ??= norm(c.dnisName)) === 'vip' || (dn ??= c.dnis.trim()) === '1234')) return '04';
  if (!(d === 'outbound' || n >= 2) && (name ??= norm(c.dnisName)) === 'billing') return '05';
  if (k === 'contact' && (n >= 2 || (dn ??= c.dnis.trim()) === '3000')) return '06';
  if ((d === 'transfer' && (dn ??= c.dnis.trim()) === '4000') || (d === 'queue' && (name ??= norm(c.dnisName)) === 'support')) return '07';
  if (n === 1) return '08';
  return '09';
}

interface Ctx {
  'fromParty.Key': string;
  lookupCount: number;
  direction: string;
  dnis: string;
  dnisName: string;
}

function makeContexts(count: number): Ctx[] {
  let seed = 42;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  // Mostly canonical, as hosts send them, with some messy spellings.
  const keys = ['contact', 'lead', 'account', 'salesorder', 'new_site', '', 'Contact', ' lead'];
  const dirs = ['inbound', 'queue', 'outbound', 'clicktocall', 'transfer', 'Inbound '];
  const dnis = ['1000', '2000', '2001', '3000', '4000', '4001', '5000', '1234', '4321', ' 1234'];
  const names = ['vip', 'sales', 'billing', 'support', 'VIP', 'Sales '];
  const out: Ctx[] = [];
  for (let i = 0; i < count; i++) {
    out.push({
      'fromParty.Key': keys[rnd(keys.length)]!,
      lookupCount: rnd(5),
      direction: dirs[rnd(dirs.length)]!,
      dnis: dnis[rnd(dnis.length)]!,
      dnisName: names[rnd(names.length)]!,
    });
  }
  return out;
}

// --- peers: the same rules translated from our AST -------------------------

const varName = (f: string) => (f === 'fromParty.Key' ? 'fromPartyKey' : f);
const lit = (v: { kind: string; value: string | number }) => (typeof v.value === 'string' ? v.value.toLowerCase() : v.value);

function toJsonLogic(c: Condition): jsonLogic.RulesLogic {
  switch (c.kind) {
    case 'always':
      return true;
    case 'and':
      return { and: c.items.map(toJsonLogic) };
    case 'or':
      return { or: c.items.map(toJsonLogic) };
    case 'not':
      return { '!': toJsonLogic(c.item) };
    case 'compare': {
      const v = { var: varName(c.field) };
      const vals = c.values.map(lit);
      if (c.op === '=' || c.op === '!=') {
        const test: jsonLogic.RulesLogic = vals.length === 1 ? { '===': [v, vals[0]!] } : { in: [v, vals as string[]] };
        return c.op === '=' ? test : { '!': test };
      }
      return { [c.op]: [v, vals[0]!] } as jsonLogic.RulesLogic;
    }
  }
}

type JreCondition = Record<string, unknown>;
function toJre(c: Condition): JreCondition {
  switch (c.kind) {
    case 'always':
      return { fact: 'always', operator: 'equal', value: true };
    case 'and':
      return { all: c.items.map(toJre) };
    case 'or':
      return { any: c.items.map(toJre) };
    case 'not':
      return { not: toJre(c.item) };
    case 'compare': {
      const vals = c.values.map(lit);
      const fact = varName(c.field);
      if (c.op === '=') return vals.length === 1 ? { fact, operator: 'equal', value: vals[0] } : { fact, operator: 'in', value: vals };
      if (c.op === '!=') return vals.length === 1 ? { fact, operator: 'notEqual', value: vals[0] } : { fact, operator: 'notIn', value: vals };
      const op = { '<': 'lessThan', '<=': 'lessThanInclusive', '>': 'greaterThan', '>=': 'greaterThanInclusive' }[c.op];
      return { fact, operator: op, value: vals[0] };
    }
  }
}

/** The context with every text field trimmed and lower-cased: what peers without text semantics are given. */
function normalised(c: Ctx): Ctx {
  return { 'fromParty.Key': norm(c['fromParty.Key']), lookupCount: c.lookupCount, direction: norm(c.direction), dnis: c.dnis.trim(), dnisName: norm(c.dnisName) };
}

/** One engine per rule set: json-rules-engine with a priority per rule and `stop()` on the first success (first match wins, as ours). */
function jreFor(asts: ReadonlyArray<{ key: string; ast: ReturnType<typeof parseRule> }>): (c: object) => Promise<string> {
  const engine = new Engine([], { allowUndefinedFacts: true });
  asts.forEach((r, i) =>
    engine.addRule({
      name: r.key,
      priority: 1000 - i,
      conditions: { all: [toJre(r.ast.condition)] } as never,
      event: { type: r.key },
      onSuccess: () => {
        engine.stop();
      },
    }),
  );
  return async (c: object): Promise<string> => {
    const { events } = await engine.run(c as Record<string, unknown>);
    return events[0]?.type ?? 'none';
  };
}

function jsonLogicFor(asts: ReadonlyArray<{ key: string; ast: ReturnType<typeof parseRule> }>): (c: object) => string {
  const logicRules = asts.map((r) => ({ key: r.key, logic: toJsonLogic(r.ast.condition) }));
  return (c: object): string => {
    for (const r of logicRules) if (jsonLogic.apply(r.logic, c)) return r.key;
    return 'none';
  };
}

/** Decisions per second for one rule set: ours, the hand-written chains and the peers, every decision checked equal first. */
async function decisions(title: string, rules: ReadonlyArray<{ key: string; value: string }>, sameSemantics: (c: Ctx) => string, raw: ((c: Ctx) => string) | undefined, contexts: readonly Ctx[], min: number): Promise<void> {
  const compiled = compileRules(rules);
  if (compiled.errors.length > 0) throw compiled.errors[0];
  const asts = rules.map((r) => ({ key: r.key, ast: parseRule(r.value) }));
  // Peers and the raw chain read pre-normalised contexts (normalising is free for them).
  const clean = contexts.map(normalised);
  const logicContexts = clean.map((c) => ({ ...c, fromPartyKey: c['fromParty.Key'], always: true }));
  const jsonLogicDecide = jsonLogicFor(asts);
  const jreDecide = jreFor(asts);

  // Same decisions everywhere, or the comparison is meaningless.
  for (let i = 0; i < contexts.length; i++) {
    const c = contexts[i]!;
    const ours = compiled.evaluate(c as never).rule?.key ?? 'none';
    const peers = [sameSemantics(c), ...(raw ? [raw(clean[i]!)] : []), jsonLogicDecide(logicContexts[i]!), ...(i < 300 ? [await jreDecide(logicContexts[i]!)] : [])];
    if (peers.some((m) => m !== ours)) throw new Error(`${title}: decision mismatch on ${JSON.stringify(c)}: ours ${ours}, others ${peers.join(',')}`);
  }

  const jreBatch = logicContexts.slice(0, 100);
  const results = await measure([
    ...(raw
      ? [
          {
            name: 'hand-written if-chain',
            opsPerCall: clean.length,
            fn: () => {
              let x = 0;
              for (let i = 0; i < clean.length; i++) x += raw(clean[i]!).length;
              return x;
            },
          },
        ]
      : []),
    {
      name: 'hand-written chain, same semantics',
      opsPerCall: contexts.length,
      fn: () => {
        let x = 0;
        for (let i = 0; i < contexts.length; i++) x += sameSemantics(contexts[i]!).length;
        return x;
      },
    },
    {
      name: 'screenpop compiled',
      opsPerCall: contexts.length,
      fn: () => {
        let x = 0;
        for (let i = 0; i < contexts.length; i++) if (compiled.evaluate(contexts[i] as never).rule) x++;
        return x;
      },
    },
    {
      name: 'json-logic-js',
      opsPerCall: logicContexts.length,
      fn: () => {
        let x = 0;
        for (let i = 0; i < logicContexts.length; i++) x += jsonLogicDecide(logicContexts[i]!).length;
        return x;
      },
    },
    {
      name: 'json-rules-engine',
      opsPerCall: jreBatch.length,
      fn: async () => {
        let x = 0;
        for (let i = 0; i < jreBatch.length; i++) x += (await jreDecide(jreBatch[i]!)).length;
        return x;
      },
    },
  ]);
  report(title, results, 'hand-written chain, same semantics', 'decisions/s');
  target(`${title}: screenpop / hand-written chain (same semantics, lazy)`, ratio(results, 'screenpop compiled', 'hand-written chain, same semantics'), min);
  if (raw) console.log(`  (screenpop / raw chain on pre-normalised input, an upper bound: ${ratio(results, 'screenpop compiled', 'hand-written if-chain').toFixed(3)}×)`);
  target(`${title}: screenpop / json-rules-engine (priorities, stop)`, ratio(results, 'screenpop compiled', 'json-rules-engine'), 300);
  console.log(`  (screenpop / json-logic-js: ${ratio(results, 'screenpop compiled', 'json-logic-js').toFixed(1)}×)`);
}

/** Rows with one distinct literal each, of the shapes real tables have. */
function distinctRows(n: number): { key: string; value: string }[] {
  return Array.from({ length: n }, (_, i) => ({
    key: String(i).padStart(6, '0'),
    value:
      i % 3 === 0
        ? `dnis=${100_000 + i} => /WebResources/new_d${i}.html`
        : i % 3 === 1
          ? `fromParty.Key=contact && dnisName=Q${i} && lookupCount>=1 => default`
          : `(dnis=${100_000 + i} || dnisName=N${i}) && direction=inbound => /WebResources/new_n${i}.html`,
  }));
}

/** compileRules time over parse time, median of `runs`, from 10 to 10,000 rules; then 100,000 rows once. */
function compileScaling(): void {
  console.log('\ncompileRules scaling (rules with distinct literals; compile includes parsing)');
  console.log('  rules     parse ms   compile ms   compile / parse');
  let at10k = Number.NaN;
  for (const n of [10, 100, 1_000, 10_000]) {
    const rows = distinctRows(n);
    const runs = n >= 10_000 ? 5 : 9;
    const reps = Math.max(1, Math.floor(2_000 / n));
    const parseMs: number[] = [];
    const compileMs: number[] = [];
    for (let k = 0; k < runs; k++) {
      let t = performance.now();
      for (let r = 0; r < reps; r++) for (const row of rows) parseRule(row.value);
      parseMs.push((performance.now() - t) / reps);
      t = performance.now();
      for (let r = 0; r < reps; r++) compileRules(rows);
      compileMs.push((performance.now() - t) / reps);
    }
    const p = median(parseMs);
    const c = median(compileMs);
    if (n === 10_000) at10k = c / p;
    console.log(`  ${String(n).padStart(6)}  ${p.toFixed(2).padStart(10)}  ${c.toFixed(2).padStart(11)}  ${(c / p).toFixed(2).padStart(16)}×`);
  }
  console.log(`  ${at10k <= 3 ? 'PASS' : 'MISS'} compileRules on 10,000 rules: ${at10k.toFixed(2)}× their parse time (target ≤ 3)`);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const rows = distinctRows(100_000);
  const t = performance.now();
  const compiled = compileRules(rows);
  const ms = performance.now() - t;
  gc?.();
  const heap = (process.memoryUsage().heapUsed - before) / 1e6;
  const ok = compiled.errors.length === 0 && compiled.evaluate({ dnis: String(100_000 + 99_999) }).rule?.key === '099999';
  console.log(`  ${ok ? 'PASS' : 'MISS'} 100,000 rows compile: ${(ms / 1000).toFixed(1)} s, ${heap.toFixed(0)} MB kept (rows, ASTs and tables); decides correctly`);
}

async function main(): Promise<void> {
  const contexts = makeContexts(1000);
  await decisions('Decisions per second, 20 rules × 1,000 contexts', BENCH_RULES, handChainSameSemantics, (c) => handChain(c), contexts, 0.1);
  await decisions('Rules mixing fields under OR/NOT, 9 rules × 1,000 contexts', MIXED_RULES, mixedChain, undefined, contexts, 0.5);

  const values = BENCH_RULES.map((r) => r.value);
  const parse = await measure([
    {
      name: 'parseRule',
      opsPerCall: values.length,
      fn: () => {
        let x = 0;
        for (let i = 0; i < values.length; i++) x += parseRule(values[i]!).target.kind.length;
        return x;
      },
    },
    {
      name: 'compileRules (20 rows)',
      opsPerCall: values.length,
      fn: () => compileRules(BENCH_RULES).order.length,
    },
  ]);
  report('Parsing', parse, 'parseRule', 'values/s');
  const perSecond = parse[0]!.opsPerSecond;
  console.log(`  ${perSecond >= 100_000 ? 'PASS' : 'MISS'} parseRule: ${Math.round(perSecond).toLocaleString('en-US')} values/s (target ≥ 100,000)`);

  if (!process.env.SKIP_SCALING) compileScaling();
}

await main();
