/**
 * `npm run demo`: evaluates a small sample rule table against a handful of
 * calls, prints the decisions and one explanation.
 */
import { compileRules, type RuleContext } from '../src/index.js';

const rows = [
  { key: '01', value: 'lookupCount=0 && direction=inbound => /WebResources/new_unknown_caller.html?tel={telephoneNo}' },
  { key: '02', value: 'fromParty.Key=salesorder => default' },
  { key: '03', value: 'lookupCount>=2 => /WebResources/new_multimatch.html' },
  { key: '04', value: 'dnis=1234 && fromParty.Key=contact, lead => /WebResources/new_sales_cp.html' },
  { key: '05', value: 'day=sat, sun || time<09:00 || time>=17:30 => /WebResources/new_out_of_hours.html' },
  { key: '10', value: 'fromParty.Key=contact, lead, account => default' },
  { key: '9', value: 'direction=queue => /WebResources/new_campaign.html' },
];

const rules = compileRules(rows, { timeZone: 'Europe/Dublin' });
const now = new Date('2026-11-24T10:15:00Z'); // a Tuesday morning in Dublin

const calls: Array<[string, RuleContext]> = [
  ['unknown inbound caller', { lookupCount: 0, direction: 'inbound', telephoneNo: '00353868561713', now }],
  ['caller with one open order', { lookupCount: 1, 'fromParty.Key': 'salesorder', direction: 'inbound', now }],
  ['caller matching 3 records', { lookupCount: 3, direction: 'inbound', now }],
  ['contact calling the sales DNIS', { lookupCount: 1, 'fromParty.Key': 'contact', dnis: '1234', direction: 'inbound', now }],
  ['contact on Saturday', { lookupCount: 1, 'fromParty.Key': 'contact', direction: 'inbound', now: new Date('2026-11-28T12:00:00Z') }],
  ['dialler call to a lead', { lookupCount: 1, 'fromParty.Key': 'lead', direction: 'queue', now }],
];

console.log(`Rule order (Keys sort as text): ${rules.order.join(', ')}\n`);
for (const [label, ctx] of calls) {
  const d = rules.evaluate(ctx);
  const what = d.target.kind === 'url' ? d.target.url : 'default form of the matched record';
  console.log(`${label.padEnd(32)} → ${d.rule ? `rule ${d.rule.key}` : 'no rule    '}  ${what}`);
}

const [label, ctx] = calls[5]!;
console.log(`\nWhy "${label}" got its pop:`);
for (const r of rules.explain(ctx).rules) {
  const mark = r.chosen ? '→' : ' ';
  console.log(`${mark} ${r.key.padEnd(3)} ${r.status.padEnd(11)} ${r.value}`);
  for (const c of r.comparisons) {
    console.log(`        ${c.outcome ? '✓' : '✗'} ${c.field} ${c.op} ${c.expected.join(', ')}   (actual: ${JSON.stringify(c.actual)})`);
  }
}
