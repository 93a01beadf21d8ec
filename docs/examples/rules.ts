/**
 * Rules on their own: parse with every error collected (each with a caret
 * under its position), compile once, evaluate per call, explain a decision.
 *
 * In your project, import from `'screenpop'`. test/docs/examples.test.ts runs this file.
 */
import { caretExcerpt, safeParseRule, compileRules, type Decision, type Explanation } from '../../src/index.js';

/** What is wrong with a rule Value, as a reader wants it: code, position, caret. */
export function describeRuleError(value: string): string[] {
  const result = safeParseRule(value);
  if (result.ok) return [];
  return result.errors.map((e) => `${e.code} at column ${e.column}\n${caretExcerpt(e.input, e.range)}`);
}

const rules = compileRules([
  { key: '10', value: 'fromParty.Key=contact, lead => default' },
  { key: '02', value: 'lookupCount=0 && direction=inbound => /WebResources/new_unknown.html' },
  { key: '1', value: 'dnis=1234 && fromParty.Key=contact => /WebResources/new_sales_cp.html' },
]);

/** Keys sort as text: '02' < '1' < '10'. */
export const order: readonly string[] = rules.order;

/** The decision for a known contact calling the sales line. */
export function decide(dnis: string): Decision {
  return rules.evaluate({ 'fromParty.Key': 'contact', lookupCount: 1, direction: 'inbound', dnis });
}

/** Why: every rule, every comparison. */
export function why(dnis: string): Explanation {
  return rules.explain({ 'fromParty.Key': 'contact', lookupCount: 1, direction: 'inbound', dnis });
}
