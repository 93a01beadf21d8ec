/**
 * `parseRule` / `safeParseRule` / `parseCondition`: text → typed AST.
 *
 * @module
 */
import type { IRecognitionException, IToken } from 'chevrotain';
import type { Condition, FieldType, RuleAst, Target } from './ast.js';
import { RuleSyntaxError, type RuleErrorCode } from './errors.js';
import { fieldTable, type FieldTable } from './fields.js';
import { CALL_PARAM_NAMES } from '../params/names.js';
import { conditionParser, type RawCondition } from './grammar.js';
import { conditionLexer } from './tokens.js';
import { MAX_ERRORS, typeCondition } from './typing.js';
import { suggest } from '../util/suggest.js';
import { DATA_NAME, findPlaceholders, urlSafetyProblem } from '../params/url.js';
import { readHost } from '../errors/guard.js';

/**
 * Longest Value accepted, in UTF-16 code units.
 *
 * @example
 * ```ts
 * import { MAX_RULE_LENGTH, safeParseRule } from 'screenpop';
 * const r = safeParseRule(`dnis=${'1'.repeat(MAX_RULE_LENGTH)}=>default`);
 * r.ok; // false: too_long
 * ```
 */
export const MAX_RULE_LENGTH = 4096;

/**
 * Deepest nesting accepted in a condition: each `!`/`not` and each `(` is one
 * level (a `(` right after `!` shares its level, so `!(a=1)` is one). Real
 * rules nest two or three deep; the limit keeps the recursive-descent parser,
 * the printer and the compiler far from the JavaScript stack limit.
 *
 * @example
 * ```ts
 * import { MAX_NESTING, safeParseRule } from 'screenpop';
 * const r = safeParseRule(`${'('.repeat(MAX_NESTING + 1)}dnis=1${')'.repeat(MAX_NESTING + 1)}=>default`);
 * r.ok; // false: too_deep
 * ```
 */
export const MAX_NESTING = 64;

/**
 * Options of {@link parseRule} and {@link parseCondition}.
 *
 * @example
 * ```ts
 * import { parseRule } from 'screenpop';
 * parseRule('queue=VIP => /WebResources/new_vip.html', { fields: { queue: 'string' } });
 * ```
 */
export interface ParseOptions {
  /**
   * Host-declared fields beyond the built-ins, name → type, e.g.
   * `{ queue: 'string', 'ivr.digits': 'string' }`. Matched case-insensitively.
   * Default: none.
   */
  readonly fields?: Readonly<Record<string, FieldType>>;
}

/**
 * Options of {@link parseCondition}.
 *
 * @example
 * ```ts
 * import { parseCondition } from 'screenpop';
 * parseCondition('statecode=0', { anyField: true }); // a lookup filter on an entity attribute
 * ```
 */
export interface ConditionParseOptions extends ParseOptions {
  /**
   * Accept any field name, typing literals by their look (numbers as numbers,
   * everything else as text). Used for lookup filters such as `statecode=0`,
   * which test entity attributes rather than call fields. Default `false`.
   */
  readonly anyField?: boolean;
}

/**
 * Result of the non-throwing parsers: the value, or every error found.
 *
 * @example
 * ```ts
 * import { safeParseRule } from 'screenpop';
 * const r = safeParseRule('dnis=1234 => default');
 * if (r.ok) r.rule.target.kind; // 'default'
 * else r.errors.map((e) => e.code);
 * ```
 */
export type SafeResult<K extends string, V> =
  | ({ readonly ok: true } & { readonly [P in K]: V })
  | { readonly ok: false; readonly errors: RuleSyntaxError[] };

interface Job {
  readonly input: string;
  readonly fields: FieldTable;
  readonly extra: Readonly<Record<string, FieldType>> | undefined;
  readonly anyField: boolean;
  readonly key: string | undefined;
  readonly errors: RuleSyntaxError[];
}

function err(job: Job, code: RuleErrorCode, detail: string, start: number, end: number, hint?: string): void {
  job.errors.push(
    new RuleSyntaxError(code, detail, {
      input: job.input,
      range: { start, end },
      ...(hint === undefined ? {} : { hint }),
      ...(job.key === undefined ? {} : { key: job.key }),
    }),
  );
}

const isWs = (c: number): boolean => c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0xfeff;

/** Bounds of `text.slice(start, end)` without surrounding whitespace. */
function trimBounds(text: string, start: number, end: number): [number, number] {
  while (start < end && isWs(text.charCodeAt(start))) start++;
  while (end > start && isWs(text.charCodeAt(end - 1))) end--;
  return [start, end];
}

const CONNECTORS = new Set(['OrWord', 'OrOp', 'AndWord', 'AndOp']);

/**
 * A friendlier reading of a parse error: which token to blame and a hint.
 * The seed's own prose writes `lookupCount=0 or 1`; we say how to write that.
 */
function diagnose(e: IRecognitionException, tokens: IToken[]): { tok: IToken | undefined; hint: string | undefined } {
  const idx = e.token.tokenType.name === 'EOF' ? tokens.length : tokens.indexOf(e.token);
  const prev = idx > 0 ? tokens[idx - 1] : undefined;
  const prev2 = idx > 1 ? tokens[idx - 2] : undefined;
  // "... or 1" / "... && 1": a lone value where a comparison should start.
  const lone = e.token.tokenType.name === 'Bare' && prev && CONNECTORS.has(prev.tokenType.name)
    ? { value: e.token, connector: prev, at: idx }
    : prev?.tokenType.name === 'Bare' && prev2 && CONNECTORS.has(prev2.tokenType.name)
      ? { value: prev, connector: prev2, at: idx - 1 }
      : undefined;
  if (lone) {
    // The comparison before the connector: its field, operator and the values it already lists
    // (closing parentheses between them and the connector are not values).
    let field: string | undefined;
    let op = '=';
    let listed: string | undefined;
    for (let i = lone.at - 1; i > 0; i--) {
      if (tokens[i]!.tokenType.CATEGORIES?.some((c) => c.name === 'CompareOp') && tokens[i - 1]!.tokenType.name === 'Bare') {
        field = tokens[i - 1]!.image;
        op = tokens[i]!.image;
        const values = tokens.slice(i + 1, lone.at - 1).filter((t) => t.image !== ')').map((t) => (t.image === ',' ? ', ' : t.image)).join('');
        if (values !== '') listed = values;
        break;
      }
    }
    const side = `Each side of "${lone.connector.image}" must be a comparison.`;
    const isOr = lone.connector.tokenType.name === 'OrWord' || lone.connector.tokenType.name === 'OrOp';
    // A list means "any of" with = (and "none of" with != or <>): it can stand for OR only.
    if (field !== undefined && listed !== undefined && isOr && ['=', '!=', '<>'].includes(op)) {
      return { tok: lone.value, hint: `${side} To test one field against several values, list them: ${field}${op}${listed}, ${lone.value.image}.` };
    }
    return {
      tok: lone.value,
      hint: field === undefined ? `${side} Write the field and an operator before ${lone.value.image}.` : `${side} Write the field again: ${field}${op}${listed ?? 'a'} ${lone.connector.image} ${field}=${lone.value.image}.`,
    };
  }
  if (e.name === 'NotAllInputParsedException' && e.token.tokenType.name === 'Bare') {
    return { tok: e.token, hint: 'Separate values with commas, and quote a value that contains spaces ("Sales Team").' };
  }
  if (e.token.tokenType.name === 'EOF' && prev?.tokenType.name === 'Bare' && e.message.includes('comparison operator')) {
    return { tok: undefined, hint: `A comparison needs an operator and a value, e.g. ${prev.image}=value.` };
  }
  return { tok: e.token.tokenType.name === 'EOF' ? undefined : e.token, hint: undefined };
}

/**
 * The first token that opens a level beyond {@link MAX_NESTING}, or undefined.
 * Levels: each open `(` (unless it directly follows `!`/`not`, whose level it
 * shares) plus the `!`/`not` still pending in each open group; a connector
 * (`&&`, `||`, ...) ends the pending negations of its group. This bounds the
 * AST's depth, and the printer never nests deeper than the text it read.
 */
function tooDeep(tokens: readonly IToken[]): IToken | undefined {
  const nots: number[] = [0];
  const ownLevel: number[] = [0];
  let depth = 0;
  let prevNot = false;
  for (const t of tokens) {
    const name = t.tokenType.name;
    const top = nots.length - 1;
    if (name === 'Bang' || name === 'NotWord') {
      nots[top]!++;
      depth++;
      prevNot = true;
      if (depth > MAX_NESTING) return t;
      continue;
    }
    if (name === 'LParen') {
      const own = prevNot ? 0 : 1;
      nots.push(0);
      ownLevel.push(own);
      depth += own;
      if (depth > MAX_NESTING) return t;
    } else if (name === 'RParen') {
      if (nots.length > 1) {
        depth -= nots.pop()! + ownLevel.pop()!;
      }
    } else if (CONNECTORS.has(name)) {
      depth -= nots[top]!;
      nots[top] = 0;
    }
    prevNot = false;
  }
  return undefined;
}

function parseConditionText(job: Job, start: number, end: number): Condition | undefined {
  const [s, e] = trimBounds(job.input, start, end);
  const text = job.input.slice(s, e);
  if (text === '' || text === '*') return { kind: 'always' };
  // Lex the condition in place so token offsets are offsets into the whole Value.
  const source = job.input.slice(0, e); // leading whitespace is skipped by the lexer
  const lexed = conditionLexer().tokenize(source);
  for (const le of lexed.errors.slice(0, MAX_ERRORS)) {
    const ch = source.slice(le.offset, le.offset + le.length);
    err(job, 'unexpected_character', `Unexpected character ${JSON.stringify(ch)}`, le.offset, le.offset + Math.max(1, le.length),
      ch === '|' ? 'OR is written "||" or "or".' : 'Quote values that contain special characters.');
  }
  const tokens = lexed.tokens.filter((t) => {
    if (t.tokenType.name !== 'Unterminated') return true;
    const arrowCut = e < job.input.length;
    err(job, 'unterminated_string', 'This string has no closing quote', t.startOffset, t.startOffset + t.image.length,
      arrowCut
        ? `Add the closing ${t.image[0]}. Note: the Value is split at the first "=>", so a condition cannot contain "=>".`
        : `Add the closing ${t.image[0]}.`);
    return false;
  });
  if (job.errors.length > 0) return undefined;
  const deep = tooDeep(tokens);
  if (deep !== undefined) {
    err(job, 'too_deep', `This condition nests more than ${MAX_NESTING} levels of parentheses and negations`, deep.startOffset, deep.startOffset + deep.image.length,
      'Remove redundant parentheses and double negations, or split the rule into several rules.');
    return undefined;
  }
  const parser = conditionParser();
  parser.input = tokens;
  const rawTree: RawCondition = parser.condition();
  if (parser.errors.length > 0) {
    const pe = parser.errors[0]!;
    const { tok, hint } = diagnose(pe, tokens);
    if (tok === undefined) err(job, 'unexpected_end', pe.message, e, e, hint);
    else if (tok === pe.token) err(job, 'unexpected_token', pe.message, tok.startOffset, tok.startOffset + tok.image.length, hint);
    else err(job, 'unexpected_token', `Unexpected ${JSON.stringify(tok.image)}: expected a comparison such as field=value`, tok.startOffset, tok.startOffset + tok.image.length, hint);
    return undefined;
  }
  return typeCondition(
    { input: job.input, fields: job.fields, anyField: job.anyField, errors: job.errors, key: job.key },
    rawTree,
  );
}

function parseTarget(job: Job, start: number): Target | undefined {
  const [s, e] = trimBounds(job.input, start, job.input.length);
  const text = job.input.slice(s, e);
  if (text === '') {
    err(job, 'missing_target', 'Nothing follows "=>"', s, s, 'Write a URL to pop, or the keyword default.');
    return undefined;
  }
  const lower = text.toLowerCase();
  if (lower === 'default') return { kind: 'default' };
  if (/^default\s/.test(lower)) {
    err(job, 'unexpected_token', `Unexpected text after "default"`, s + 7, e, 'Write default on its own, or a URL.');
    return undefined;
  }
  const problem = urlSafetyProblem(text);
  if (problem) {
    err(job, 'unsafe_url', problem.reason, s + problem.offset, s + problem.offset + Math.max(1, problem.length),
      'Use an http(s) URL or a relative CRM web resource such as /WebResources/new_cp.html.');
    return undefined;
  }
  // screenpop appends Data=; a page's URLSearchParams would read the rule's own (D%61ta decodes to Data).
  const base = text.split('#')[0]!;
  const q = base.indexOf('?');
  const dup = DATA_NAME.exec(base.slice(q));
  if (dup) {
    err(job, 'duplicate_data', 'The URL already has a Data parameter', s + q + dup.index + 1, s + q + dup.index + dup[0].length,
      'Remove it: screenpop appends Data= itself (names are compared decoded, so D%61ta is Data too).');
    return undefined;
  }
  // A brace outside a {name} is a placeholder never closed or never opened; a literal brace is %7B / %7D
  // (RFC 3986 has no unencoded braces). Left in, `?t={dnis` would pop a URL with `{dnis` in it.
  const stray = text.replace(/\{[^{}]*\}/g, (m) => ' '.repeat(m.length)).search(/[{}]/);
  if (stray >= 0) {
    const open = text[stray] === '{';
    err(job, 'unknown_placeholder', open ? 'This "{" opens a placeholder that is never closed' : 'This "}" closes no placeholder', s + stray, s + stray + 1,
      open ? 'Close it, e.g. {dnis}; write a literal brace as %7B.' : 'Remove it; write a literal brace as %7D.');
    return undefined;
  }
  const extra = job.extra ? Object.keys(job.extra) : [];
  const placeholders: string[] = [];
  let ok = true;
  for (const p of findPlaceholders(text, extra)) {
    if (p.name === undefined) {
      if (job.errors.length >= MAX_ERRORS) {
        ok = false;
        break;
      }
      const sug = suggest(p.text.slice(1, -1).trim(), [...CALL_PARAM_NAMES, ...extra]);
      err(job, 'unknown_placeholder', `Unknown placeholder ${p.text}`, s + p.offset, s + p.offset + p.length,
        sug ? `Did you mean {${sug}}?` : 'Placeholders name a call parameter, e.g. {telephoneNo} or {dnis}.');
      ok = false;
    } else if (!placeholders.includes(p.name)) placeholders.push(p.name);
  }
  return ok ? { kind: 'url', url: text, placeholders } : undefined;
}

function newJob(input: string, options: ConditionParseOptions | undefined, key: string | undefined): Job {
  return {
    input,
    fields: fieldTable(options?.fields),
    extra: options?.fields,
    anyField: options?.anyField === true,
    key,
    errors: [],
  };
}

function tooLong(job: Job): boolean {
  if (job.input.length <= MAX_RULE_LENGTH) return false;
  err(job, 'too_long', `This is ${job.input.length} characters long; the limit is ${MAX_RULE_LENGTH}`, MAX_RULE_LENGTH, job.input.length,
    'Split it into several rules.');
  return true;
}

/** @internal Parses with a row key for error sources; used by compileRules. */
function notText(value: unknown, key: string | undefined): { readonly ok: false; readonly errors: RuleSyntaxError[] } {
  return {
    ok: false,
    errors: [new RuleSyntaxError('bad_row', `Expected the text of a rule, got ${value === null ? 'null' : typeof value}`, { ...(key === undefined ? {} : { key }), hint: 'Pass the Value column as a string.' })],
  };
}

export function parseRuleCollect(value: string, options: ParseOptions | undefined, key: string | undefined): SafeResult<'rule', RuleAst> {
  if (typeof value !== 'string') return notText(value, key);
  const job = readHost('options', () => newJob(value, options, key));
  if (tooLong(job)) return { ok: false, errors: job.errors };
  const arrow = job.input.indexOf('=>');
  if (arrow === -1) {
    const [s, e] = trimBounds(job.input, 0, job.input.length);
    err(job, 'missing_arrow', 'A rule is "condition=>url-to-pop", but there is no "=>"', s, e,
      'Add "=>" followed by a URL or the keyword default, e.g. dnis=1234=>default.');
    return { ok: false, errors: job.errors };
  }
  const condition = parseConditionText(job, 0, arrow);
  const target = parseTarget(job, arrow + 2);
  if (condition === undefined || target === undefined || job.errors.length > 0) return { ok: false, errors: job.errors };
  return { ok: true, rule: { condition, target } };
}

/**
 * Parses a `customURL_Rule` Value (`condition=>url-to-pop`) without throwing.
 * Every problem found is returned, each a {@link RuleSyntaxError} with its code and position.
 *
 * @example
 * ```ts
 * import { safeParseRule } from 'screenpop';
 * const r = safeParseRule('fromParty.Key=contact, lead && lookupCount=1 => default');
 * if (r.ok) console.log(r.rule.condition.kind); // "and"
 * ```
 */
export function safeParseRule(value: string, options?: ParseOptions): SafeResult<'rule', RuleAst> {
  return parseRuleCollect(value, options, undefined);
}

/**
 * Parses a `customURL_Rule` Value (`condition=>url-to-pop`) into a {@link RuleAst}.
 *
 * Guide: [the rule language](../../docs/rule-language.md); every error code is described in the errors reference.
 *
 * @throws {@link RuleSyntaxError} (the first problem) when the Value is malformed.
 * @example
 * ```ts
 * import { parseRule } from 'screenpop';
 * const rule = parseRule('dnis=1234 => /WebResources/new_cp.html');
 * // { condition: { kind: 'compare', field: 'dnis', op: '=', values: [{ kind: 'string', value: '1234' }] },
 * //   target: { kind: 'url', url: '/WebResources/new_cp.html', placeholders: [] } }
 * ```
 */
export function parseRule(value: string, options?: ParseOptions): RuleAst {
  const r = parseRuleCollect(value, options, undefined);
  if (!r.ok) throw r.errors[0]!;
  return r.rule;
}

/**
 * Parses a condition alone (no `=>`), e.g. a lookup filter, without throwing.
 *
 * @example
 * ```ts
 * import { safeParseCondition } from 'screenpop';
 * const r = safeParseCondition('statecode=0', { anyField: true });
 * // { ok: true, condition: { kind: 'compare', field: 'statecode', op: '=', values: [{ kind: 'number', value: 0 }] } }
 * ```
 */
export function safeParseCondition(text: string, options?: ConditionParseOptions): SafeResult<'condition', Condition> {
  if (typeof text !== 'string') return notText(text, undefined);
  const job = readHost('options', () => newJob(text, options, undefined));
  if (tooLong(job)) return { ok: false, errors: job.errors };
  const arrow = job.input.indexOf('=>');
  if (arrow !== -1) {
    err(job, 'unexpected_token', 'A condition cannot contain "=>"', arrow, arrow + 2, 'Remove the "=>" and what follows; only rules have targets.');
    return { ok: false, errors: job.errors };
  }
  const condition = parseConditionText(job, 0, job.input.length);
  if (condition === undefined || job.errors.length > 0) return { ok: false, errors: job.errors };
  return { ok: true, condition };
}

/**
 * Parses a condition alone (no `=>`), e.g. a lookup filter such as `statecode=0`.
 *
 * @throws {@link RuleSyntaxError} (the first problem) when the condition is malformed.
 * @example
 * ```ts
 * import { parseCondition } from 'screenpop';
 * parseCondition('statecode=0 && ordernumber != ""', { anyField: true }).kind; // "and"
 * ```
 */
export function parseCondition(text: string, options?: ConditionParseOptions): Condition {
  const r = safeParseCondition(text, options);
  if (!r.ok) throw r.errors[0]!;
  return r.condition;
}
