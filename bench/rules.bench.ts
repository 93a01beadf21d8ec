/**
 * Rule decisions per second: screenpop's compiled rules against a hand-written
 * if-chain with the same decisions (the limit), json-logic-js and
 * json-rules-engine, all in this process, over the same 1,000 contexts.
 * Also: parsing speed in rule values per second.
 */
import { Engine } from 'json-rules-engine';
import jsonLogic from 'json-logic-js';
import type { Condition } from '../src/parser/ast.js';
import { parseRule } from '../src/parser/index.js';
import { compileRules } from '../src/rules/index.js';
import { measure, ratio, report, target } from './util.js';

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
 * contexts: the fair limit for a rule engine.
 */
function handChainSameSemantics(c: Ctx): string {
  return decide(
    c['fromParty.Key'].trim().toLowerCase(),
    c.lookupCount,
    c.direction.trim().toLowerCase(),
    c.dnis.trim(),
    c.dnisName.trim().toLowerCase(),
  );
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
  const keys = ['contact', 'lead', 'account', 'salesorder', 'new_site', ''];
  const dirs = ['inbound', 'queue', 'outbound', 'clicktocall', 'transfer'];
  const dnis = ['1000', '2000', '2001', '3000', '4000', '4001', '5000'];
  const names = ['vip', 'sales', 'billing', 'support'];
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

async function main(): Promise<void> {
  const contexts = makeContexts(1000);
  const compiled = compileRules(BENCH_RULES);
  if (compiled.errors.length > 0) throw compiled.errors[0];
  const asts = BENCH_RULES.map((r) => ({ key: r.key, ast: parseRule(r.value) }));

  const logicRules = asts.map((r) => ({ key: r.key, logic: toJsonLogic(r.ast.condition) }));
  const logicContexts = contexts.map((c) => ({ ...c, fromPartyKey: c['fromParty.Key'] }));
  const jsonLogicDecide = (c: object): string => {
    for (const r of logicRules) if (jsonLogic.apply(r.logic, c)) return r.key;
    return 'none';
  };

  const engine = new Engine([], { allowUndefinedFacts: true });
  asts.forEach((r, i) => engine.addRule({ name: r.key, priority: 100 - i, conditions: { all: [toJre(r.ast.condition)] } as never, event: { type: r.key } }));
  const jreContexts = logicContexts.map((c) => ({ ...c, always: true }));
  const jreDecide = async (c: object): Promise<string> => {
    const { events } = await engine.run(c as Record<string, unknown>);
    let best = 'none';
    for (const e of events) if (best === 'none' || e.type < best) best = e.type;
    return best;
  };

  // Same decisions everywhere, or the comparison is meaningless.
  for (const c of contexts.slice(0, 300)) {
    const ours = compiled.evaluate(c as never).rule?.key ?? 'none';
    const mine = [handChain(c), handChainSameSemantics(c), jsonLogicDecide(logicContexts[contexts.indexOf(c)]!), await jreDecide(jreContexts[contexts.indexOf(c)]!)];
    if (mine.some((m) => m !== ours)) throw new Error(`decision mismatch on ${JSON.stringify(c)}: ours ${ours}, peers ${mine.join(',')}`);
  }

  const jreBatch = jreContexts.slice(0, 100);
  const results = await measure([
    {
      name: 'hand-written if-chain',
      opsPerCall: contexts.length,
      fn: () => {
        let x = 0;
        for (let i = 0; i < contexts.length; i++) x += handChain(contexts[i]!).length;
        return x;
      },
    },
    {
      name: 'hand-written chain, same semantics',
      opsPerCall: contexts.length,
      fn: () => {
        let x = 0;
        for (let i = 0; i < contexts.length; i++) x += handChainSameSemantics(contexts[i]!).length;
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
  report('Decisions per second, 20 rules × 1,000 contexts', results, 'hand-written chain, same semantics', 'decisions/s');
  target('screenpop / hand-written chain (same semantics)', ratio(results, 'screenpop compiled', 'hand-written chain, same semantics'), 0.1);
  console.log(`  (screenpop / raw chain on pre-normalised input, an upper bound: ${ratio(results, 'screenpop compiled', 'hand-written if-chain').toFixed(3)}×)`);
  target('screenpop / json-rules-engine', ratio(results, 'screenpop compiled', 'json-rules-engine'), 300);
  console.log(`  (screenpop / json-logic-js: ${ratio(results, 'screenpop compiled', 'json-logic-js').toFixed(1)}×)`);

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
}

await main();
