/**
 * `printRule`: AST → canonical text. `parseRule(printRule(r))` deep-equals `r`.
 *
 * Canonical form: `&&` and `||`, `!( … )` for NOT, parentheses only where an
 * OR sits inside an AND, `=`/`!=` (never `==`/`<>`), values bare when they
 * lex as one bareword and are not reserved words, else double-quoted.
 *
 * @module
 */
import type { Condition, Literal, RuleAst, Target } from './ast.js';
import { expectFields, expectObject } from '../errors/guard.js';

const BARE_SAFE = /^[^\s,;&|()!=<>"'\\{}]+$/;
const RESERVED = /^(?:and|or|not)$/i;
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

function quote(s: string): string {
  const body = s.replace(/[\\"\n\r\t]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\${c}`));
  // A Value is split at its first "=>", so "=>" inside a value is written "=\>".
  return `"${body.replace(/=>/g, '=\\>')}"`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * Prints one literal in canonical form.
 *
 * @example
 * ```ts
 * import { parseCondition, printLiteral } from 'screenpop';
 * const c = parseCondition('dnisName="Sales Team"');
 * if (c.kind === 'compare') printLiteral(c.values[0]!); // '"Sales Team"'
 * ```
 */
export function printLiteral(v: Literal): string {
  expectFields(v, 'The literal', ['kind', 'value']);
  switch (v.kind) {
    case 'string':
      return BARE_SAFE.test(v.value) && !RESERVED.test(v.value) ? v.value : quote(v.value);
    case 'number':
      return String(v.value);
    case 'time':
      return `${pad2(Math.floor(v.value / 60))}:${pad2(v.value % 60)}`;
    case 'day':
      return DAY_NAMES[v.value] ?? String(v.value);
    case 'date':
      return v.value;
  }
}

/**
 * Prints a condition in canonical form.
 *
 * @example
 * ```ts
 * import { parseCondition, printCondition } from 'screenpop';
 * printCondition(parseCondition('DNIS == 1234 and not (direction <> inbound)')); // 'dnis=1234 && !(direction!=inbound)'
 * ```
 */
export function printCondition(c: Condition): string {
  expectFields(c, 'The condition', ['kind', 'items', 'item', 'field', 'op', 'values']);
  switch (c.kind) {
    case 'always':
      return '*';
    case 'compare':
      return `${c.field}${c.op}${c.values.map(printLiteral).join(', ')}`;
    case 'not':
      return `!(${printCondition(c.item)})`;
    case 'and':
      return c.items.map((i) => (i.kind === 'or' ? `(${printCondition(i)})` : printCondition(i))).join(' && ');
    case 'or':
      return c.items.map(printCondition).join(' || ');
  }
}

function printTarget(t: Target): string {
  return t.kind === 'default' ? 'default' : t.url;
}

/**
 * Prints a rule in canonical form: `condition => target`.
 *
 * @example
 * ```ts
 * import { parseRule, printRule } from 'screenpop';
 * printRule(parseRule('fromparty.key=Contact,Lead&lookupcount=1=>DEFAULT'));
 * // 'fromParty.Key=Contact, Lead && lookupCount=1 => default'
 * ```
 */
export function printRule(rule: RuleAst): string {
  expectObject(rule, 'The rule', ['condition', 'target']);
  expectObject(rule.condition, 'rule.condition');
  expectObject(rule.target, 'rule.target');
  return `${printCondition(rule.condition)} => ${printTarget(rule.target)}`;
}
