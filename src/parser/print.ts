/**
 * `printRule`: AST → canonical text. `parseRule(printRule(r))` deep-equals `r`
 * for every `r` that `parseRule` returned (and the same for conditions).
 *
 * Canonical form: `&&` and `||`, `!( … )` for NOT, parentheses only where an
 * OR sits inside an AND, `=`/`!=` (never `==`/`<>`), values bare when they
 * lex as one bareword and are not reserved words, else double-quoted.
 *
 * When the canonical form would be longer than {@link MAX_RULE_LENGTH} (and so
 * could not be parsed again), the **compact form** is printed instead: no
 * spaces, `&` for AND, `!x` without parentheses when `x` is a comparison or a
 * NOT, `9:30` for times, the shortest spelling of numbers (`1e5`, `.5`),
 * quotes chosen to need the fewest escapes. It is never longer than the text
 * the AST was parsed from, so it always parses again.
 *
 * @module
 */
import type { Condition, Literal, RuleAst, Target } from './ast.js';
import { expectFields, expectObject, readHost } from '../errors/guard.js';
import { BUILTIN_FIELDS } from './fields.js';
import { MAX_RULE_LENGTH } from './parse.js';
import { parseNumber } from './typing.js';
import { own } from '../util/own.js';

/**
 * Options of {@link printCondition}.
 *
 * @example
 * ```ts
 * import { parseCondition, printCondition } from 'screenpop';
 * const filter = parseCondition("subject='0'", { anyField: true });
 * printCondition(filter, { anyField: true }); // 'subject="0"'
 * ```
 */
export interface PrintOptions {
  /**
   * How the condition was parsed, which decides how a text value that looks
   * like a number (`'0'`) is printed:
   * - `true` (a lookup filter, where a bare `0` reads as a number): quoted, `"0"`;
   * - `false` (rules, whose fields are typed): bare, `0`;
   * - absent: quoted unless the field is a built-in text field, so
   *   `dnis=1234` stays bare and `statecode="0"` stays text. Default: absent.
   */
  readonly anyField?: boolean;
}

/** How a condition is written: canonical (spaced, readable) or compact (shortest). */
interface Style {
  readonly compact: boolean;
  readonly anyField: boolean | undefined;
}

const BARE_SAFE = /^[^\s,;&|()!=<>"'\\{}]+$/;
/** What the lexer reads as one bareword (backslashes and braces too): the compact form's test. */
const BARE_LEX = /^[^\s,;&|()!=<>"']+$/;
const RESERVED = /^(?:and|or|not)$/i;
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

function quote(s: string): string {
  const body = s.replace(/[\\"\n\r\t]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\${c}`));
  // A Value is split at its first "=>", so "=>" inside a value is written "=\>".
  return `"${body.replace(/=>/g, '=\\>')}"`;
}

/** The shortest quoting: the quote mark the value holds fewer of, other characters raw. */
function quoteCompact(s: string): string {
  const q = (s.match(/"/g)?.length ?? 0) <= (s.match(/'/g)?.length ?? 0) ? '"' : "'";
  const body = s.replace(q === '"' ? /[\\"]/g : /[\\']/g, (c) => `\\${c}`);
  return `${q}${body.replace(/=>/g, '=\\>')}${q}`;
}

/** The shortest text that reads back as `n`: `1e5` for 100000, `.5` for 0.5. */
function shortNumber(n: number): string {
  const plain = String(n);
  const exp = n.toExponential().replace('e+', 'e');
  return (exp.length < plain.length ? exp : plain).replace(/^(-?)0\./, '$1.');
}

/** Whether a bare `text` would be read back as a number where any field is accepted. */
function looksNumeric(text: string): boolean {
  return parseNumber(text) !== undefined;
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

function literal(v: Literal, field: string, style: Style): string {
  if (v.kind === 'string') {
    const bare =
      (style.compact ? BARE_LEX : BARE_SAFE).test(v.value) &&
      !RESERVED.test(v.value) &&
      !(style.anyField !== false && looksNumeric(v.value) && (style.anyField === true || own(BUILTIN_FIELDS, field) !== 'string'));
    return bare ? v.value : style.compact ? quoteCompact(v.value) : quote(v.value);
  }
  if (!style.compact) return printLiteral(v);
  if (v.kind === 'number') return shortNumber(v.value);
  if (v.kind === 'time') return `${Math.floor(v.value / 60)}:${pad2(v.value % 60)}`;
  return printLiteral(v);
}

function cond(c: Condition, style: Style): string {
  const [and, or, sep] = style.compact ? ['&', '||', ','] : [' && ', ' || ', ', '];
  switch (c.kind) {
    case 'always':
      return '*';
    case 'compare':
      return `${c.field}${c.op}${c.values.map((v) => literal(v, c.field, style)).join(sep)}`;
    case 'not':
      return style.compact && (c.item.kind === 'compare' || c.item.kind === 'not') ? `!${cond(c.item, style)}` : `!(${cond(c.item, style)})`;
    case 'and':
      return c.items.map((i) => (i.kind === 'or' ? `(${cond(i, style)})` : cond(i, style))).join(and);
    case 'or':
      return c.items.map((i) => cond(i, style)).join(or);
  }
}

/**
 * Prints a condition in canonical form (the compact form when the canonical
 * one would pass {@link MAX_RULE_LENGTH}). Print with the options you parsed
 * with: `parseCondition(printCondition(c, o), o)` deep-equals `c`.
 *
 * @param options - {@link PrintOptions}; pass `{ anyField: true }` for lookup filters.
 * @example
 * ```ts
 * import { parseCondition, printCondition } from 'screenpop';
 * printCondition(parseCondition('DNIS == 1234 and not (direction <> inbound)')); // 'dnis=1234 && !(direction!=inbound)'
 * ```
 */
export function printCondition(c: Condition, options?: PrintOptions): string {
  expectFields(c, 'The condition', ['kind', 'items', 'item', 'field', 'op', 'values']);
  expectFields(options ?? {}, 'options', ['anyField']);
  const anyField = options?.anyField;
  // A malformed tree (items that are not an array, a node that is not one) is bad input, not a TypeError.
  return readHost('The condition', () => {
    const canonical = cond(c, { compact: false, anyField });
    return canonical.length <= MAX_RULE_LENGTH ? canonical : cond(c, { compact: true, anyField });
  });
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
  return readHost('The rule', () => {
    const target = printTarget(rule.target);
    const canonical = `${cond(rule.condition, { compact: false, anyField: false })} => ${target}`;
    if (canonical.length <= MAX_RULE_LENGTH) return canonical;
    const condition = rule.condition.kind === 'always' ? '' : cond(rule.condition, { compact: true, anyField: false });
    return `${condition}=>${target}`;
  });
}
