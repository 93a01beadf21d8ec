/**
 * `compileRules`: `customURL_Rule` rows → an ordered, compiled rule set whose
 * `evaluate` does no parsing, no regex and no allocation, and whose `explain`
 * shows every comparison.
 *
 * @module
 */
import { TZDate } from '@date-fns/tz';
import type { CompareOp, Condition, FieldType, Literal, RuleAst } from '../parser/ast.js';
import { RuleSyntaxError } from '../parser/errors.js';
import { BUILTIN_FIELDS, fieldTable } from '../parser/fields.js';
import { parseRuleCollect, type ParseOptions } from '../parser/parse.js';
import { printLiteral } from '../parser/print.js';
import { DAY_NUMBERS, parseNumber, parseTime, parseDate } from '../parser/typing.js';
import { orderRows } from './order.js';
import { readHost } from '../errors/guard.js';

/**
 * One `customURL_Rule` row as the compiler needs it.
 *
 * @example
 * ```ts
 * import { compileRules, type RuleRow } from 'screenpop';
 * const rows: RuleRow[] = [{ key: '01', value: 'lookupCount=0 => /WebResources/new_unknown.html' }];
 * compileRules(rows);
 * ```
 */
export interface RuleRow {
  readonly key: string;
  readonly value: string;
}

/**
 * Options of {@link compileRules}.
 *
 * @example
 * ```ts
 * import { compileRules } from 'screenpop';
 * const rules = compileRules([{ key: '01', value: 'time>=18:00 => /WebResources/new_closed.html' }], { timeZone: 'Europe/Dublin' });
 * rules.evaluate({ now: new Date('2026-11-24T19:00:00Z') }).target.kind; // 'url'
 * ```
 */
export interface CompileOptions extends ParseOptions {
  /** IANA time zone in which `time`, `day` and `date` are read from `now`. Default `'UTC'`. */
  readonly timeZone?: string;
}

/**
 * The facts a rule set is evaluated against. Keys are field names as written
 * in rules, matched case-insensitively (canonical spellings are fastest), e.g.
 * `{ 'fromParty.Key': 'contact', lookupCount: 1, direction: 'inbound', dnis: '1234', now }`.
 *
 * - a missing (`undefined`) field makes `=` false and `!=` true;
 * - `null` means *unknown* (e.g. the lookup failed): a rule that reads an unknown field does not hold;
 * - `now` (a `Date` or epoch milliseconds) feeds `time`, `day` and `date`, unless those are given directly
 *   (`time: '09:30'`, `day: 'mon'`, `date: '2026-11-24'`).
 *
 * @example
 * ```ts
 * import { compileRules, type RuleContext } from 'screenpop';
 * const ctx: RuleContext = { 'fromParty.Key': 'contact', lookupCount: 1, direction: 'inbound', dnis: '1234', now: new Date() };
 * compileRules([{ key: '01', value: 'dnis=1234 => default' }]).evaluate(ctx);
 * ```
 */
export type RuleContext = Readonly<Record<string, string | number | boolean | Date | null | undefined>>;

/**
 * What a decision pops.
 *
 * @example
 * ```ts
 * import { compileRules } from 'screenpop';
 * const { target } = compileRules([{ key: '01', value: 'dnis=1234 => /a.html' }]).evaluate({ dnis: '1234' });
 * if (target.kind === 'url') target.url; // '/a.html'
 * ```
 */
export type DecisionTarget = { readonly kind: 'default' } | { readonly kind: 'url'; readonly url: string };

/**
 * The outcome of {@link CompiledRules.evaluate}: the deciding rule (if any) and its target.
 *
 * @example
 * ```ts
 * import { compileRules } from 'screenpop';
 * const d = compileRules([{ key: '01', value: 'dnis=1234 => /a.html' }]).evaluate({ dnis: '5555' });
 * d.rule; // undefined: no rule held
 * d.target; // { kind: 'default' }
 * ```
 */
export interface Decision {
  /** The first rule whose condition held; undefined when none did. */
  readonly rule?: RuleRow;
  /** `{ kind: 'default' }` when no rule held or the rule says `default`. */
  readonly target: DecisionTarget;
}

/**
 * One rule of a compiled set, in evaluation order.
 *
 * @example
 * ```ts
 * import { compileRules } from 'screenpop';
 * const [first] = compileRules([{ key: '01', value: 'dnis=1234 default' }]).rules;
 * first?.errors[0]?.code; // 'missing_arrow': the row is kept, and skipped by evaluate
 * ```
 */
export interface CompiledRule {
  readonly key: string;
  readonly value: string;
  /** Position of the row in the input array. */
  readonly index: number;
  /** The parsed rule; undefined when the row has errors. */
  readonly ast: RuleAst | undefined;
  /** This row's errors (empty when valid). Invalid rows are left out of evaluation. */
  readonly errors: readonly RuleSyntaxError[];
}

/**
 * Something worth knowing about a rule set that does not stop it working.
 *
 * @example
 * ```ts
 * import { compileRules } from 'screenpop';
 * compileRules([{ key: '01', value: 'dnis=1 => default' }, { key: '01', value: 'dnis=2 => default' }]).warnings[0]?.code; // 'duplicate_key'
 * ```
 */
export interface RuleWarning {
  readonly code: 'duplicate_key';
  readonly keys: readonly string[];
  readonly message: string;
}

/**
 * One comparison in an explanation.
 *
 * @example
 * ```ts
 * import { compileRules } from 'screenpop';
 * const e = compileRules([{ key: '01', value: 'dnis=1234 => default' }]).explain({ dnis: '5555' });
 * e.rules[0]?.comparisons[0]; // { field: 'dnis', op: '=', actual: '5555', expected: ['1234'], outcome: false }
 * ```
 */
export interface ComparisonTrace {
  readonly field: string;
  readonly op: CompareOp;
  /** The value the field had (as the context gave it, or as derived from `now`); `null` when unknown. */
  readonly actual: string | number | boolean | null | undefined;
  /** The literals, printed. */
  readonly expected: readonly string[];
  readonly outcome: boolean;
}

/**
 * One rule in an explanation.
 *
 * @example
 * ```ts
 * import { compileRules } from 'screenpop';
 * const e = compileRules([{ key: '01', value: 'lookupCount=0 => /a.html' }]).explain({ lookupCount: null });
 * e.rules[0]?.status; // 'unknown': the lookup failed, so the rule does not hold
 * ```
 */
export interface RuleTrace {
  readonly key: string;
  readonly value: string;
  /**
   * - `matched`: the condition holds;
   * - `not_matched`: it does not;
   * - `unknown`: it reads a field whose value is unknown (`null`), so it does not hold;
   * - `invalid`: the row has errors and is skipped.
   */
  readonly status: 'matched' | 'not_matched' | 'unknown' | 'invalid';
  /** True for the rule that decided (the first `matched`). */
  readonly chosen: boolean;
  /** Every comparison of the condition, in source order, each evaluated (no short-circuit). */
  readonly comparisons: readonly ComparisonTrace[];
  readonly errors: readonly RuleSyntaxError[];
}

/**
 * The outcome of {@link CompiledRules.explain}.
 *
 * @example
 * ```ts
 * import { compileRules } from 'screenpop';
 * const e = compileRules([{ key: '01', value: 'dnis=1234 => /a.html' }]).explain({ dnis: '1234' });
 * e.decision.rule?.key; // '01'
 * e.rules.map((r) => r.chosen); // [true]
 * ```
 */
export interface Explanation {
  readonly decision: Decision;
  /** Every rule in evaluation order. */
  readonly rules: readonly RuleTrace[];
}

/**
 * A compiled, ordered rule set.
 *
 * @example
 * ```ts
 * import { compileRules } from 'screenpop';
 * const rules = compileRules([{ key: '10', value: 'dnis=1 => default' }, { key: '9', value: 'dnis=2 => default' }]);
 * rules.order; // ['10', '9']
 * rules.fields; // ['dnis']
 * ```
 */
export interface CompiledRules {
  /** The keys in evaluation order (textual, by UTF-16 code units; ties keep input order). */
  readonly order: readonly string[];
  /** Every row in evaluation order, valid or not. */
  readonly rules: readonly CompiledRule[];
  /** Every error of every row, each carrying its row `key`. */
  readonly errors: readonly RuleSyntaxError[];
  /** Duplicate keys and other non-fatal findings. */
  readonly warnings: readonly RuleWarning[];
  /** The field names (canonical) the valid rules read. */
  readonly fields: readonly string[];
  /** The decision for a call: the first rule whose condition holds, else the default pop. */
  evaluate(context: RuleContext): Decision;
  /** Every rule's outcome with each comparison's actual and expected values. */
  explain(context: RuleContext): Explanation;
}

// ---------------------------------------------------------------------------
// Evaluation state: each field is read from the context at most once per
// evaluation, normalised, and kept in a slot.

const MISSING = 0;
const PRESENT = 1;
const UNKNOWN = 2;

interface Slot {
  readonly name: string;
  readonly lower: string;
  readonly type: FieldType;
}

class State {
  ctx: RuleContext = {};
  gen = 0;
  /** Set when a comparison read an unknown (null) field during the current rule. */
  unknown = false;
  readonly stamp: number[];
  readonly status: number[];
  readonly str: (string | undefined)[];
  readonly num: number[];
  readonly raw: (string | number | boolean | null | undefined)[];
  clockGen = -1;
  clockTime = Number.NaN;
  clockDay = Number.NaN;
  clockDate: string | undefined = undefined;

  constructor(
    readonly slots: readonly Slot[],
    readonly timeZone: string,
  ) {
    const n = slots.length;
    this.stamp = new Array<number>(n).fill(-1);
    this.status = new Array<number>(n).fill(MISSING);
    this.str = new Array<string | undefined>(n).fill(undefined);
    this.num = new Array<number>(n).fill(Number.NaN);
    this.raw = new Array<string | number | boolean | null | undefined>(n).fill(undefined);
  }

  begin(ctx: RuleContext): void {
    this.ctx = ctx;
    if (++this.gen > 0x3fffffff) {
      this.gen = 1;
      this.stamp.fill(-1);
      this.clockGen = -1;
    }
  }
}

/** Reads `name` from the context: canonical spelling, then lower case, then a case-insensitive scan. */
function readField(ctx: RuleContext, name: string, lower: string): unknown {
  let v: unknown = ctx[name];
  if (v !== undefined) return v;
  v = ctx[lower];
  if (v !== undefined) return v;
  for (const k in ctx) {
    if (k.length === lower.length && k.toLowerCase() === lower) return ctx[k];
  }
  return undefined;
}

/** A Date in a text field, as ISO text; an invalid Date is `Invalid Date` (its `toISOString` throws). */
function dateText(d: Date): string {
  return Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toISOString();
}

function toEpoch(v: unknown): number {
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return Date.parse(v);
  return Number.NaN;
}

function loadClock(st: State): void {
  st.clockGen = st.gen;
  const t = toEpoch(readField(st.ctx, 'now', 'now'));
  if (!Number.isFinite(t)) {
    st.clockTime = Number.NaN;
    st.clockDay = Number.NaN;
    st.clockDate = undefined;
    return;
  }
  const d = new TZDate(t, st.timeZone);
  st.clockTime = d.getHours() * 60 + d.getMinutes();
  st.clockDay = d.getDay();
  const y = d.getFullYear();
  const m = d.getMonth() + 1;
  const day = d.getDate();
  st.clockDate = `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${day < 10 ? '0' : ''}${day}`;
}

function load(st: State, i: number): void {
  const slot = st.slots[i]!;
  loadValue(st, i, readField(st.ctx, slot.name, slot.lower));
}

/** {@link load} of a value already read from the context (each field is read once a decision). */
function loadValue(st: State, i: number, v: unknown): void {
  st.stamp[i] = st.gen;
  const slot = st.slots[i]!;
  st.raw[i] = v as string | number | boolean | null | undefined;
  st.str[i] = undefined;
  st.num[i] = Number.NaN;
  if (v === null) {
    st.status[i] = UNKNOWN;
    return;
  }
  switch (slot.type) {
    case 'string':
      if (v === undefined) st.status[i] = MISSING;
      else {
        st.status[i] = PRESENT;
        st.str[i] = (typeof v === 'string' ? v : v instanceof Date ? dateText(v) : String(v)).trim().toLowerCase();
      }
      return;
    case 'number':
      st.status[i] = v === undefined ? MISSING : PRESENT;
      st.num[i] = typeof v === 'number' ? v : typeof v === 'string' ? (parseNumber(v.trim()) ?? Number.NaN) : Number.NaN;
      return;
    case 'time':
    case 'day':
    case 'date': {
      if (v !== undefined) {
        st.status[i] = PRESENT;
        const text = String(v).trim();
        if (slot.type === 'time') st.num[i] = typeof v === 'number' ? v : (parseTime(text) ?? Number.NaN);
        else if (slot.type === 'day') st.num[i] = typeof v === 'number' ? v : (DAY_NUMBERS[text.toLowerCase()] ?? Number.NaN);
        else st.str[i] = parseDate(text);
        return;
      }
      if (st.clockGen !== st.gen) loadClock(st);
      st.status[i] = Number.isNaN(st.clockTime) ? MISSING : PRESENT;
      if (slot.type === 'time') {
        st.num[i] = st.clockTime;
        st.raw[i] = Number.isNaN(st.clockTime) ? undefined : printLiteral({ kind: 'time', value: st.clockTime });
      } else if (slot.type === 'day') {
        st.num[i] = st.clockDay;
        st.raw[i] = Number.isNaN(st.clockDay) ? undefined : printLiteral({ kind: 'day', value: st.clockDay });
      } else {
        st.str[i] = st.clockDate;
        st.raw[i] = st.clockDate;
      }
      return;
    }
  }
}


// ---------------------------------------------------------------------------
// Compilation to closures.

type Pred = (st: State) => boolean;

function literalKey(v: Literal): string | number {
  return v.kind === 'string' ? v.value.trim().toLowerCase() : v.value;
}

function compileCompare(c: Extract<Condition, { kind: 'compare' }>, slotOf: (name: string) => number, type: FieldType): Pred {
  const i = slotOf(c.field);
  const useStr = type === 'string' || type === 'date';
  const keys = c.values.map(literalKey);
  const gate = (st: State): boolean => {
    if (st.stamp[i] !== st.gen) load(st, i);
    if (st.status[i] === UNKNOWN) {
      st.unknown = true;
      return false;
    }
    return true;
  };
  if (useStr) {
    const k0 = keys[0] as string;
    switch (c.op) {
      case '=':
        if (keys.length === 1) return (st) => gate(st) && st.str[i] === k0;
        return (st) => gate(st) && st.str[i] !== undefined && (keys as string[]).includes(st.str[i]!);
      case '!=':
        if (keys.length === 1) return (st) => gate(st) && st.str[i] !== k0;
        return (st) => gate(st) && (st.str[i] === undefined || !(keys as string[]).includes(st.str[i]!));
      // Ordering on dates (yyyy-MM-dd sorts as text).
      case '<':
        return (st) => gate(st) && st.str[i] !== undefined && st.str[i]! < k0;
      case '<=':
        return (st) => gate(st) && st.str[i] !== undefined && st.str[i]! <= k0;
      case '>':
        return (st) => gate(st) && st.str[i] !== undefined && st.str[i]! > k0;
      case '>=':
        return (st) => gate(st) && st.str[i] !== undefined && st.str[i]! >= k0;
    }
  }
  const n0 = keys[0] as number;
  switch (c.op) {
    case '=':
      if (keys.length === 1) return (st) => gate(st) && st.num[i] === n0;
      return (st) => gate(st) && (keys as number[]).includes(st.num[i]!);
    case '!=':
      if (keys.length === 1) return (st) => gate(st) && st.num[i] !== n0;
      return (st) => gate(st) && !(keys as number[]).includes(st.num[i]!);
    case '<':
      return (st) => gate(st) && st.num[i]! < n0;
    case '<=':
      return (st) => gate(st) && st.num[i]! <= n0;
    case '>':
      return (st) => gate(st) && st.num[i]! > n0;
    case '>=':
      return (st) => gate(st) && st.num[i]! >= n0;
  }
}

/** A comparison compiled for tracing: its predicate, its field's slot and its expected values as printed. */
interface TracedCompare {
  readonly pred: Pred;
  readonly slot: number;
  readonly expected: readonly string[];
}

/**
 * Evaluates with a trace: every comparison, no short-circuit (explain only).
 * `traced` compiles a comparison once per rule set (see `compileRules`).
 */
function traceCondition(c: Condition, st: State, traced: (c: Extract<Condition, { kind: 'compare' }>) => TracedCompare, out: ComparisonTrace[]): boolean {
  switch (c.kind) {
    case 'always':
      return true;
    case 'compare': {
      const before = st.unknown;
      st.unknown = false;
      const t = traced(c);
      const outcome = t.pred(st);
      out.push({ field: c.field, op: c.op, actual: st.status[t.slot] === UNKNOWN ? null : st.raw[t.slot], expected: t.expected.slice(), outcome });
      st.unknown = before || st.unknown;
      return outcome;
    }
    case 'not':
      return !traceCondition(c.item, st, traced, out);
    case 'and': {
      let r = true;
      for (const x of c.items) r = traceCondition(x, st, traced, out) && r;
      return r;
    }
    case 'or': {
      let r = false;
      for (const x of c.items) r = traceCondition(x, st, traced, out) || r;
      return r;
    }
  }
}

function collectFields(c: Condition, into: Set<string>): void {
  if (c.kind === 'compare') into.add(c.field);
  else if (c.kind === 'not') collectFields(c.item, into);
  else if (c.kind === 'and' || c.kind === 'or') for (const x of c.items) collectFields(x, into);
}


// ---------------------------------------------------------------------------
// The fast path: per-field value classes and rule bitsets.
//
// Every field a rule set reads has finitely many *classes* of values that the
// rules can tell apart: for text, each literal the rules mention plus "any
// other (or missing)"; for numbers, times, days and dates, each literal and
// each open interval between them plus "missing". For each class we
// precompute, once, the set of rules that can still hold (a bitset). A
// decision is then one read and one classification per field, an AND of
// bitsets, and the lowest set bit. Rules whose condition mixes fields under
// OR/NOT ("complex" rules) stay set in every bitset and are confirmed with
// their closure when they come first.

/** A single-field view of a value: normalised text, or a number (NaN when missing). */
interface Rep {
  readonly str: string | undefined;
  readonly num: number;
}

function dateNumber(s: string | undefined): number {
  return s === undefined ? Number.NaN : Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10))) / 86_400_000;
}

function literalNumber(v: Literal): number {
  return v.kind === 'date' ? dateNumber(v.value) : (v.value as number);
}

/** Evaluates a condition on one field's value (the same semantics as the closures). */
function holdsOn(c: Condition, isText: boolean, rep: Rep): boolean {
  switch (c.kind) {
    case 'always':
      return true;
    case 'not':
      return !holdsOn(c.item, isText, rep);
    case 'and':
      return c.items.every((x) => holdsOn(x, isText, rep));
    case 'or':
      return c.items.some((x) => holdsOn(x, isText, rep));
    case 'compare': {
      if (isText) {
        const keys = c.values.map((v) => literalKey(v) as string);
        const hit = rep.str !== undefined && keys.includes(rep.str);
        return c.op === '=' ? hit : c.op === '!=' ? !hit : false;
      }
      const keys = c.values.map(literalNumber);
      const x = rep.num;
      const k = keys[0]!;
      switch (c.op) {
        case '=':
          return keys.includes(x);
        case '!=':
          return !keys.includes(x);
        case '<':
          return x < k;
        case '<=':
          return x <= k;
        case '>':
          return x > k;
        case '>=':
          return x >= k;
      }
    }
  }
}

/**
 * A rule's condition split for the fast path: single-field parts AND-ed
 * together (folded into the per-class bitsets), and the rest, which mixes
 * fields under OR/NOT and is confirmed from the fields' classes.
 */
interface Split {
  /** Field → the single-field conditions on it, all of which must hold. */
  readonly parts: Map<string, Condition[]>;
  /** Conditions over several fields, AND-ed with the parts. */
  readonly residual: Condition[];
}

function split(c: Condition, into: Split): Split {
  if (c.kind === 'always') return into;
  if (c.kind === 'and') {
    for (const item of c.items) split(item, into);
    return into;
  }
  const fields = new Set<string>();
  collectFields(c, fields);
  if (fields.size === 1) {
    const f = fields.values().next().value as string;
    const list = into.parts.get(f);
    if (list) list.push(c);
    else into.parts.set(f, [c]);
  } else into.residual.push(c);
  return into;
}

/** Calls `fn` on every comparison of `c`. */
/** Calls `fn` on every comparison of `c`, in reading order. @internal */
export function eachCompare(c: Condition, fn: (c: Extract<Condition, { kind: 'compare' }>) => void): void {
  if (c.kind === 'compare') fn(c);
  else if (c.kind === 'not') eachCompare(c.item, fn);
  else if (c.kind === 'and' || c.kind === 'or') for (const x of c.items) eachCompare(x, fn);
}

interface SlotPlan {
  readonly slot: number;
  readonly isText: boolean;
  readonly isDate: boolean;
  /** Text: normalised literal → class. Other text (and missing) is class `ids.size`. */
  readonly ids: Map<string, number>;
  /** Numbers: sorted distinct literals; classes 0..2k (even: intervals, odd: literals), 2k+1 missing. */
  readonly bp: Float64Array;
  /** One representative value per class (the last class: missing, or any other text). */
  readonly reps: readonly Rep[];
  /**
   * Rules that can still hold when the value is in the last class (missing,
   * or text no rule names); a class's rules are `base` with its exceptions
   * flipped.
   */
  readonly base: Int32Array;
  /** Exceptions by class, sparse: class c's are entries `excStart[c]` to `excStart[c + 1]` of `excWord` / `excBits`. */
  readonly excStart: Int32Array;
  readonly excWord: Int32Array;
  readonly excBits: Int32Array;
  /**
   * Per class, `words` 32-bit words of rules that can still hold (`base` with
   * the exceptions applied), when classes × words is small enough to keep
   * dense; else undefined and `evaluate` applies the exceptions itself.
   */
  readonly masks: Int32Array | undefined;
  /** Rules that read this field (cleared when its value is unknown). */
  readonly uses: Int32Array;
  /** Text: raw context string → class, so a repeated value costs one hash probe. */
  readonly cache: Map<string, number>;
  /** Text: the normalised literals by class, when few enough to scan before hashing. */
  readonly lits: readonly string[];
  readonly name: string;
  readonly lower: string;
  /** A plain `number` field: a numeric context value is classified without loading the slot. */
  readonly isNumber: boolean;
}

/**
 * Dense masks (classes × words 32-bit words) are kept up to this many words
 * per field (4 MB); beyond, each class keeps only its exceptions to `base`,
 * so memory stays linear in the size of the rules (100,000 rows with 30,000
 * distinct literals would need 390 MB per field dense).
 */
const DENSE_LIMIT = 1 << 20;

const CLASS_CACHE_LIMIT = 4096;

/** The class of a text value as the context gives it (`null` is handled by the caller). */
function textClass(plan: SlotPlan, v: unknown): number {
  if (typeof v === 'string') {
    // A value already in canonical form (the common case) is one of a few
    // literals: compare directly before hashing.
    const lits = plan.lits;
    for (let i = 0; i < lits.length; i++) if (lits[i] === v) return i;
    return cachedTextClass(plan, v);
  }
  if (v === undefined) return plan.ids.size;
  const text = (v instanceof Date ? dateText(v) : String(v)).trim().toLowerCase();
  return plan.ids.get(text) ?? plan.ids.size;
}

/** The class of a text value that is not one of the plan's literals as written: through the per-field cache. */
function cachedTextClass(plan: SlotPlan, v: string): number {
  let c = plan.cache.get(v);
  if (c === undefined) {
    c = plan.ids.get(v.trim().toLowerCase()) ?? plan.ids.size;
    if (plan.cache.size >= CLASS_CACHE_LIMIT) plan.cache.clear();
    plan.cache.set(v, c);
  }
  return c;
}

/**
 * The same text as an internalised string (property keys are), so comparing
 * it with another internalised string, as string literals and JSON keys are,
 * is one pointer comparison.
 */
function internalize(text: string): string {
  return Object.keys({ [text]: 0 })[0] ?? text;
}

/** The class of a loaded non-text slot. */
function classOf(plan: SlotPlan, st: State): number {
  const i = plan.slot;
  return numberClass(plan, plan.isDate ? dateNumber(st.str[i]) : st.num[i]!);
}

/** The class of a number among the plan's breakpoints (NaN: missing). */
function numberClass(plan: SlotPlan, x: number): number {
  const bp = plan.bp;
  const k = bp.length;
  if (x !== x) return 2 * k + 1;
  if (k <= 8) {
    let j = 0;
    while (j < k && bp[j]! < x) j++;
    return j < k && bp[j] === x ? 2 * j + 1 : 2 * j;
  }
  let lo = 0;
  let hi = k;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bp[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo < k && bp[lo] === x ? 2 * lo + 1 : 2 * lo;
}

/** A predicate on the classes of the fields, for the parts of a rule that mix fields. */
type ClassPred = () => boolean;

interface FastPlan {
  readonly words: number;
  readonly plans: readonly SlotPlan[];
  /** Bits of every live rule. */
  readonly all: Int32Array;
  /** Per live rule, a check of its fields-mixing parts from the fields' classes, else undefined. */
  readonly confirm: readonly (ClassPred | undefined)[];
  /**
   * Per rule, a bit per field it reads (fields in evaluation order), so a rule
   * can decide as soon as its own fields are classified; undefined with more
   * than 31 fields.
   */
  readonly needs: Int32Array | undefined;
  /** The most exceptions any class of any sparse field has (scratch size for `evaluate`). */
  readonly maxExceptions: number;
  /** Per rule, its fields-mixing parts (AND-ed; empty when it has none). */
  readonly residuals: readonly (readonly Condition[])[];
  /** Per rule, the fields it reads, as plan indexes, in the order its condition reads them. */
  readonly rulesFields: number[][];
}

/**
 * The classes on which a rule's single-field conditions may differ from their
 * outcome on the last class, as runs `[from, to]` of classes that share one
 * outcome: for text, each literal the rule names; for numbers, each of its
 * literals and the intervals between them.
 */
function runs(plan: { isText: boolean; ids: Map<string, number>; bp: Float64Array }, conds: readonly Condition[]): number[] {
  const out: number[] = [];
  if (plan.isText) {
    const seen = new Set<number>();
    for (const c of conds)
      eachCompare(c, (x) => {
        for (const v of x.values) {
          const id = plan.ids.get(literalKey(v) as string)!;
          if (!seen.has(id)) {
            seen.add(id);
            out.push(id, id);
          }
        }
      });
    return out;
  }
  const own: number[] = [];
  for (const c of conds) eachCompare(c, (x) => x.values.forEach((v) => own.push(lowerBound(plan.bp, literalNumber(v)))));
  own.sort((a, b) => a - b);
  // Breakpoint j is class 2j + 1; between own breakpoints the outcome is constant.
  let from = 0;
  let prev = -1;
  for (const j of own) {
    if (j === prev) continue;
    prev = j;
    out.push(from, 2 * j);
    out.push(2 * j + 1, 2 * j + 1);
    from = 2 * j + 2;
  }
  out.push(from, 2 * plan.bp.length);
  return out;
}

function lowerBound(bp: Float64Array, x: number): number {
  let lo = 0;
  let hi = bp.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bp[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Compiles a fields-mixing condition to a check on the fields' classes as
 * `classes` holds them (each leaf: its outcome on the last class, flipped on a
 * few classes). Only called once every field the rule reads is classified
 * and known (a rule reading an unknown field is dropped before).
 */
function compileResidual(c: Condition, plans: readonly SlotPlan[], slotOf: (name: string) => number, classes: Int32Array): ClassPred {
  const rec = (x: Condition): ClassPred => compileResidual(x, plans, slotOf, classes);
  switch (c.kind) {
    case 'always':
      return () => true;
    case 'not': {
      const p = rec(c.item);
      return () => !p();
    }
    case 'and': {
      const ps = c.items.map(rec);
      if (ps.length === 2) {
        const [a, b] = ps as [ClassPred, ClassPred];
        return () => a() && b();
      }
      return () => {
        for (let k = 0; k < ps.length; k++) if (!ps[k]!()) return false;
        return true;
      };
    }
    case 'or': {
      const ps = c.items.map(rec);
      if (ps.length === 2) {
        const [a, b] = ps as [ClassPred, ClassPred];
        return () => a() || b();
      }
      return () => {
        for (let k = 0; k < ps.length; k++) if (ps[k]!()) return true;
        return false;
      };
    }
    case 'compare': {
      const i = slotOf(c.field);
      const plan = plans[i]!;
      const last = plan.reps.length - 1;
      const d = holdsOn(c, plan.isText, plan.reps[last]!);
      const flip: number[] = [];
      const r = runs(plan, [c]);
      for (let k = 0; k < r.length; k += 2) {
        if (holdsOn(c, plan.isText, plan.reps[r[k]!]!) !== d) for (let x = r[k]!; x <= r[k + 1]!; x++) flip.push(x);
      }
      if (flip.length === 0) return () => d;
      if (flip.length === 1) {
        const f0 = flip[0]!;
        return d ? () => classes[i] !== f0 : () => classes[i] === f0;
      }
      if (flip.length === 2) {
        const [f0, f1] = flip as [number, number];
        return d ? () => classes[i] !== f0 && classes[i] !== f1 : () => classes[i] === f0 || classes[i] === f1;
      }
      if (flip.length <= 8) return d ? () => !flip.includes(classes[i]!) : () => flip.includes(classes[i]!);
      const set = new Set(flip);
      return d ? () => !set.has(classes[i]!) : () => set.has(classes[i]!);
    }
  }
}

function buildFastPlan(conditions: readonly Condition[], slots: readonly Slot[], denseLimit: number, classes: Int32Array): FastPlan {
  const n = conditions.length;
  const words = Math.max(1, Math.ceil(n / 32));
  const splits = conditions.map((c) => split(c, { parts: new Map(), residual: [] }));
  const all = new Int32Array(words);
  for (let r = 0; r < n; r++) all[r >> 5]! |= 1 << (r & 31);
  const slotIndex = new Map(slots.map((s, i) => [s.name, i]));
  const slotOf = (name: string): number => slotIndex.get(name)!;

  // One pass over the rules: each field's literals, and the rules reading it
  // (with their single-field parts; undefined when only their residual reads it).
  const literals: Literal[][] = slots.map(() => []);
  const readers: { r: number; conds: Condition[] | undefined }[][] = slots.map(() => []);
  conditions.forEach((c, r) => {
    eachCompare(c, (x) => literals[slotOf(x.field)]!.push(...x.values));
    const sp = splits[r]!;
    const seen = new Set<number>();
    for (const [f, cs] of sp.parts) {
      seen.add(slotOf(f));
      readers[slotOf(f)]!.push({ r, conds: cs });
    }
    for (const x of sp.residual) {
      const fs = new Set<string>();
      collectFields(x, fs);
      for (const f of fs) {
        const i = slotOf(f);
        if (!seen.has(i)) {
          seen.add(i);
          readers[i]!.push({ r, conds: undefined });
        }
      }
    }
  });

  let maxExceptions = 0;
  const plans: SlotPlan[] = slots.map((slot, i) => {
    const isText = slot.type === 'string';
    const isDate = slot.type === 'date';
    const ids = new Map<string, number>();
    let bp = new Float64Array(0);
    let reps: Rep[];
    if (isText) {
      for (const l of literals[i]!) {
        const k = literalKey(l) as string;
        if (!ids.has(k)) ids.set(k, ids.size);
      }
      reps = [...ids.keys()].map((str) => ({ str, num: Number.NaN }));
      reps.push({ str: undefined, num: Number.NaN });
    } else {
      bp = Float64Array.from(new Set(literals[i]!.map(literalNumber))).sort();
      const k = bp.length;
      reps = [];
      for (let c = 0; c <= 2 * k; c++) {
        const j = c >> 1;
        const num = c % 2 === 1 ? bp[j]! : j === 0 ? Number.NEGATIVE_INFINITY : j === k ? Number.POSITIVE_INFINITY : (bp[j - 1]! + bp[j]!) / 2;
        reps.push({ str: undefined, num });
      }
      reps.push({ str: undefined, num: Number.NaN });
    }
    const nClasses = reps.length;
    const last = nClasses - 1;
    const base = all.slice();
    const uses = new Int32Array(words);
    // Exceptions to `base` as (class, rule) pairs, rules ascending.
    const excClass: number[] = [];
    const excRule: number[] = [];
    const shape = { isText, ids, bp };
    for (const { r, conds } of readers[i]!) {
      uses[r >> 5]! |= 1 << (r & 31);
      if (conds === undefined) continue;
      const holds = (c: number): boolean => conds.every((x) => holdsOn(x, isText, reps[c]!));
      const d = holds(last);
      if (!d) base[r >> 5]! &= ~(1 << (r & 31));
      const rs = runs(shape, conds);
      for (let k = 0; k < rs.length; k += 2) {
        if (holds(rs[k]!) === d) continue;
        for (let c = rs[k]!; c <= rs[k + 1]!; c++) {
          excClass.push(c);
          excRule.push(r);
        }
      }
    }
    // Bucket by class (stable: rules stay ascending), one entry per (class, word).
    const start = new Int32Array(nClasses + 1);
    for (const c of excClass) start[c + 1]!++;
    for (let c = 0; c < nClasses; c++) start[c + 1]! += start[c]!;
    const fill = start.slice(0, nClasses);
    const byClass = new Int32Array(excClass.length);
    for (let k = 0; k < excClass.length; k++) byClass[fill[excClass[k]!]!++] = excRule[k]!;
    const excStart = new Int32Array(nClasses + 1);
    const wordList: number[] = [];
    const bitList: number[] = [];
    for (let c = 0; c < nClasses; c++) {
      excStart[c] = wordList.length;
      let lastWord = -1;
      for (let k = start[c]!; k < start[c + 1]!; k++) {
        const r = byClass[k]!;
        if (r >> 5 !== lastWord) {
          lastWord = r >> 5;
          wordList.push(lastWord);
          bitList.push(0);
        }
        bitList[bitList.length - 1]! |= 1 << (r & 31);
      }
      maxExceptions = Math.max(maxExceptions, wordList.length - excStart[c]!);
    }
    excStart[nClasses] = wordList.length;
    const excWord = Int32Array.from(wordList);
    const excBits = Int32Array.from(bitList);
    let masks: Int32Array | undefined;
    if (nClasses * words <= denseLimit) {
      masks = new Int32Array(nClasses * words);
      for (let c = 0; c < nClasses; c++) {
        masks.set(base, c * words);
        for (let k = excStart[c]!; k < excStart[c + 1]!; k++) masks[c * words + excWord[k]!]! ^= excBits[k]!;
      }
    }
    return {
      slot: i,
      isText,
      isDate,
      ids,
      bp,
      reps,
      base,
      excStart,
      excWord,
      excBits,
      masks,
      uses,
      cache: new Map(),
      lits: isText && ids.size <= 8 ? [...ids.keys()].map(internalize) : [],
      name: slot.name,
      lower: slot.lower,
      isNumber: slot.type === 'number',
    };
  });
  let needs: Int32Array | undefined;
  if (slots.length <= 31) {
    needs = new Int32Array(n);
    readers.forEach((list, i) => {
      for (const { r } of list) needs![r]! |= 1 << i;
    });
  }
  // Confirmed once every field the rule reads is classified (and known).
  const confirm = splits.map((sp): ClassPred | undefined => {
    if (sp.residual.length === 0) return undefined;
    const ps = sp.residual.map((x) => compileResidual(x, plans, slotOf, classes));
    if (ps.length === 1) return ps[0]!;
    return () => ps.every((p) => p());
  });
  const rulesFields = conditions.map((c) => {
    const fs = new Set<string>();
    collectFields(c, fs);
    return [...fs].map(slotOf);
  });
  return { words, plans, all, confirm, needs, maxExceptions, residuals: splits.map((sp) => sp.residual), rulesFields };
}

/**
 * The class of field `sp` in the state's context; -1 when its value is
 * unknown (null). Reads the field once (see {@link classifyValue}).
 */
function classifyField(st: State, sp: SlotPlan): number {
  return classifyValue(st, sp, readField(st.ctx, sp.name, sp.lower));
}

/**
 * {@link classifyField} of a value already read from the context. Text and
 * number fields are classified from the value alone, converted as
 * {@link loadValue} converts them, without touching `st`: the decision tree
 * over such fields keeps no state in `st`, so a nested decision cannot spoil
 * an outer one there. Time, day and date fields go through their slot.
 */
function classifyValue(st: State, sp: SlotPlan, v: unknown): number {
  if (v === null) return -1;
  if (sp.isText) return textClass(sp, v);
  if (sp.isNumber) return numberClass(sp, typeof v === 'number' ? v : typeof v === 'string' ? (parseNumber(v.trim()) ?? Number.NaN) : Number.NaN);
  loadValue(st, sp.slot, v);
  return st.status[sp.slot] === UNKNOWN ? -1 : classOf(sp, st);
}

/**
 * The decision tree's edges are capped (256 KB of Int32), so a stream of
 * contexts with ever new class combinations cannot grow it without bound;
 * past the cap, a decision the tree does not cover takes the tree-less path.
 */
const TREE_EDGE_BUDGET = 1 << 16;

/** What a tree node stands for: the live rules, the fields classified so far and their classes. */
interface TreeState {
  a: number;
  readonly done: number;
  readonly classes: Int32Array;
  /** Edges of its node built so far (the state is dropped once all are). */
  built?: number;
}

/**
 * A decision tree over the fields' classes, grown as contexts arrive (up to
 * 32 rules and 31 fields). A node is a field to classify; its edges, one per
 * class (and one for "unknown"), lead to the next node or to a decision.
 * Walking it does what `evaluateLazy` does (the fields the first live rule
 * reads, in the order its condition reads them, each at most once) without
 * the bitset bookkeeping or the closure calls of the fields-mixing checks:
 * those run once, when an edge is first taken. A fields-mixing check that the
 * fields classified so far already make fail drops its rule without reading
 * the rule's other fields; to hold, a rule still has every field it reads
 * classified (a rule reading an unknown, `null`, field never holds).
 *
 * A class, walked by the module-level {@link walkTree}, so every rule set
 * shares one shape and one copy of the code: per-rule-set closures would make
 * V8's call sites polymorphic once a process compiles several rule sets
 * (measured ≈ 2× slower per decision).
 */
class DecisionTree {
  /** Node `id`'s field is `field[id]`; its edges start at `base[id]` (edge 0: unknown, then one per class). */
  field = new Int32Array(64);
  base = new Int32Array(64);
  /** Edge: 0 not built yet; > 0 a node; < 0 decision `-e - 1` of `leaves`. */
  edges = new Int32Array(1024);
  nodes = 1; // node 0 is unused
  edgeCount = 0;
  /** The root node, or a leaf (< 0), or 0 when even the root does not fit the budget. */
  readonly root: number;
  readonly states: (TreeState | undefined)[] = [];
  /** Names of the first 4 fields: a host field among them has its own load site in {@link readTreeField}. */
  readonly n0: string;
  readonly n1: string;
  readonly n2: string;
  readonly n3: string;
  /** Per field, its index in {@link BUILTIN_READ_ORDER}, or -1 for a host field. */
  readonly builtin: Int8Array;
  /** Per field: 0 text, 1 number, 2 other (time, day, date: loaded through the slot). */
  readonly kind: Int8Array;
  readonly lits: readonly (readonly string[])[];
  /** No time, day or date field: nothing reads the clock, so a decision need not start a new generation. */
  readonly plain: boolean;
  readonly defaultLeaf: number;
  /** `plan.plans`, one load closer. */
  readonly plans: readonly SlotPlan[];

  constructor(
    readonly plan: FastPlan,
    readonly st: State,
    /** The live rules' decisions, then the default decision. */
    readonly leaves: readonly Decision[],
    readonly budget: number,
    readonly slotOf: (name: string) => number,
    /** The tree-less path, when even the root does not fit the budget. */
    readonly fallback: (context: RuleContext) => Decision,
  ) {
    const plans = plan.plans;
    this.plans = plans;
    const name = (i: number): string => plans[i]?.name ?? '';
    this.n0 = name(0);
    this.n1 = name(1);
    this.n2 = name(2);
    this.n3 = name(3);
    this.builtin = Int8Array.from(plans, (sp) => BUILTIN_READ_ORDER.indexOf(sp.name));
    this.kind = Int8Array.from(plans, (sp) => (sp.isText ? 0 : sp.isNumber ? 1 : 2));
    this.lits = plans.map((sp) => sp.lits);
    this.plain = plans.every((sp) => sp.isText || sp.isNumber);
    this.defaultLeaf = -leaves.length;
    this.root = this.addNode({ a: plan.all[0]!, done: 0, classes: new Int32Array(plans.length) });
  }

  /** Three-valued check of a condition from the classes known so far: 1 holds, 0 fails, -1 not decided yet. */
  holds3(c: Condition, done: number, cls: Int32Array): number {
    switch (c.kind) {
      case 'always':
        return 1;
      case 'not': {
        const v = this.holds3(c.item, done, cls);
        return v === -1 ? -1 : 1 - v;
      }
      case 'and':
      case 'or': {
        // and: a 0 decides; or: a 1 decides.
        const decisive = c.kind === 'and' ? 0 : 1;
        let out = 1 - decisive;
        for (const x of c.items) {
          const v = this.holds3(x, done, cls);
          if (v === decisive) return v;
          if (v === -1) out = -1;
        }
        return out;
      }
      case 'compare': {
        const p = this.slotOf(c.field);
        if ((done & (1 << p)) === 0) return -1;
        const sp = this.plan.plans[p]!;
        return holdsOn(c, sp.isText, sp.reps[cls[p]!]!) ? 1 : 0;
      }
    }
  }

  /**
   * From a state, the decision (a leaf, < 0) or the field to classify next
   * (>= 0); drops from `state.a` the rules found not to hold.
   */
  nextStep(state: TreeState): number {
    const { done, classes } = state;
    const needs = this.plan.needs!;
    let a = state.a;
    while (a !== 0) {
      const r = 31 - Math.clz32(a & -a);
      const residual = this.plan.residuals[r]!;
      let fails = false;
      for (const c of residual) if (this.holds3(c, done, classes) === 0) fails = true;
      if (fails) {
        a &= a - 1;
        continue;
      }
      state.a = a;
      const missing = needs[r]! & ~done;
      if (missing === 0) return -r - 1;
      // The rule's next field in the order its condition reads them, as a
      // chain of ifs would read it.
      for (const p of this.plan.rulesFields[r]!) if ((missing & (1 << p)) !== 0) return p;
      return 31 - Math.clz32(missing & -missing);
    }
    state.a = 0;
    return this.defaultLeaf;
  }

  /** A node for `state`, or its leaf; 0 when the tree is full. */
  addNode(state: TreeState): number {
    const step = this.nextStep(state);
    if (step < 0) return step;
    const width = this.plan.plans[step]!.reps.length + 1;
    if (this.edgeCount + width > this.budget) return 0;
    const id = this.nodes++;
    if (id >= this.field.length) {
      const f = new Int32Array(this.field.length * 2);
      f.set(this.field);
      this.field = f;
      const b = new Int32Array(this.base.length * 2);
      b.set(this.base);
      this.base = b;
    }
    if (this.edgeCount + width > this.edges.length) {
      const e = new Int32Array(Math.max(this.edges.length * 2, this.edgeCount + width));
      e.set(this.edges);
      this.edges = e;
    }
    this.field[id] = step;
    this.base[id] = this.edgeCount;
    this.edgeCount += width;
    this.states[id] = state;
    return id;
  }

  /** Builds edge `cls` of node `id` (cls -1: unknown); 0 when the tree is full. */
  addEdge(id: number, cls: number): number {
    const from = this.states[id]!;
    const p = this.field[id]!;
    const sp = this.plan.plans[p]!;
    const classes = from.classes.slice();
    classes[p] = cls;
    const next = this.addNode({ a: from.a & (cls === -1 ? ~sp.uses[0]! : sp.masks![cls]!), done: from.done | (1 << p), classes });
    if (next !== 0) {
      this.edges[this.base[id]! + cls + 1] = next;
      // Every edge built: the node's state is no longer needed.
      if ((from.built = (from.built ?? 0) + 1) === sp.reps.length + 1) this.states[id] = undefined;
    }
    return next;
  }
}

/**
 * The built-in fields, in the order of {@link readBuiltin}'s case numbers
 * (`BUILTIN_FIELDS`'s own order; a test reads each field through its case).
 * @internal
 */
export const BUILTIN_READ_ORDER: readonly string[] = Object.keys(BUILTIN_FIELDS);

/**
 * Built-in field `id` (its index in {@link BUILTIN_READ_ORDER}) of `ctx`,
 * read by its canonical name. Each field has its own load site with a
 * constant name, which V8 caches per context shape (≈ 1–2 ns); a keyed load
 * by a name in a variable goes megamorphic once the site sees a second name,
 * which every process compiling two rule sets does (≈ 15–20 ns a read). @internal
 */
export function readBuiltin(ctx: RuleContext, id: number): unknown {
  switch (id) {
    case 0:
      return ctx['fromParty.Key'];
    case 1:
      return ctx['fromParty.Id'];
    case 2:
      return ctx['fromParty.Name'];
    case 3:
      return ctx.lookupCount;
    case 4:
      return ctx.state;
    case 5:
      return ctx.type;
    case 6:
      return ctx.phoneCallID;
    case 7:
      return ctx.direction;
    case 8:
      return ctx.telephoneNo;
    case 9:
      return ctx.dnis;
    case 10:
      return ctx.dnisName;
    case 11:
      return ctx.agentType;
    case 12:
      return ctx.agentId;
    case 13:
      return ctx.customerType;
    case 14:
      return ctx.customerID;
    case 15:
      return ctx.ReType;
    case 16:
      return ctx.ReId;
    case 17:
      return ctx.dtCallId;
    case 18:
      return ctx.agent;
    case 19:
      return ctx.fullName;
    case 20:
      return ctx.description;
    case 21:
      return ctx.customText;
    case 22:
      return ctx.subject;
    case 23:
      return ctx.time;
    case 24:
      return ctx.day;
    case 25:
      return ctx.date;
    default:
      return undefined;
  }
}

/**
 * Field `p` of `ctx`, as {@link readField} reads it: a built-in field through
 * {@link readBuiltin}; a host field among the first 4 through a keyed load
 * site of its own (fast while the process's rule sets agree on that field).
 */
function readTreeField(t: DecisionTree, ctx: RuleContext, p: number): unknown {
  const id = t.builtin[p]!;
  let v: unknown;
  if (id >= 0) v = readBuiltin(ctx, id);
  else {
    switch (p) {
      case 0:
        v = ctx[t.n0];
        break;
      case 1:
        v = ctx[t.n1];
        break;
      case 2:
        v = ctx[t.n2];
        break;
      case 3:
        v = ctx[t.n3];
        break;
      default: {
        const sp = t.plan.plans[p]!;
        return readField(ctx, sp.name, sp.lower);
      }
    }
  }
  if (v !== undefined) return v;
  const sp = t.plan.plans[p]!;
  return readField(ctx, sp.lower, sp.lower);
}

/** One decision: walks the tree from its root, growing it where a context takes a new edge. */
function walkTree(t: DecisionTree, context: RuleContext): Decision {
  const root = t.root;
  if (root < 0) return t.leaves[-root - 1]!;
  if (root === 0) return t.fallback(context);
  const ctx = context ?? {};
  // Only time, day and date fields read the clock, cached per decision.
  if (!t.plain) t.st.begin(ctx);
  let node = root;
  for (;;) {
    const p = t.field[node]!;
    const v = readTreeField(t, ctx, p);
    const kind = t.kind[p]!;
    let cls: number;
    if (v === null) cls = -1;
    else if (kind === 0 && typeof v === 'string') {
      // textClass's first step, inlined: a value in canonical form is one of a few literals.
      const lits = t.lits[p]!;
      let i = 0;
      while (i < lits.length && lits[i] !== v) i++;
      cls = i < lits.length ? i : cachedTextClass(t.plans[p]!, v);
    } else if (kind === 1 && typeof v === 'number') cls = numberClass(t.plans[p]!, v);
    else {
      // The value read above, not a second read (a getter runs once a decision).
      // Only time, day and date fields use `st`: begun above, and guarded.
      cls = classifyValue(t.st, t.plan.plans[p]!, v);
    }
    let next = t.edges[t.base[node]! + cls + 1]!;
    if (next === 0) {
      next = t.addEdge(node, cls);
      // The tree is full: finish this decision off the tree, from the fields read so far.
      if (next === 0) return finishOffTree(t, ctx, node, cls);
    }
    if (next < 0) return t.leaves[-next - 1]!;
    node = next;
  }
}

/**
 * The rest of a decision past the tree's budget: from node `id`'s state and
 * its field's class `cls`, the states the tree would have built, computed and
 * dropped. Each remaining field is read once, as on the tree (starting again
 * on the tree-less path would read the fields already read a second time).
 */
function finishOffTree(t: DecisionTree, ctx: RuleContext, id: number, cls: number): Decision {
  let from = t.states[id]!; // kept while an edge of the node is unbuilt
  let p = t.field[id]!;
  for (;;) {
    const sp = t.plan.plans[p]!;
    const classes = from.classes.slice();
    classes[p] = cls;
    const state: TreeState = { a: from.a & (cls === -1 ? ~sp.uses[0]! : sp.masks![cls]!), done: from.done | (1 << p), classes };
    const step = t.nextStep(state);
    if (step < 0) return t.leaves[-step - 1]!;
    from = state;
    p = step;
    cls = classifyValue(t.st, t.plan.plans[p]!, readTreeField(t, ctx, p));
  }
}

const DEFAULT_DECISION: Decision = Object.freeze({ target: Object.freeze({ kind: 'default' as const }) });

function checkOptions(options: CompileOptions | undefined): { timeZone: string; errors: RuleSyntaxError[] } {
  const errors: RuleSyntaxError[] = [];
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    return { timeZone: 'UTC', errors: [new RuleSyntaxError('bad_option', 'compileRules options must be an object', { hint: 'Pass e.g. { timeZone: "Europe/Dublin", fields: { queue: "string" } } or nothing.' })] };
  }
  const fields: unknown = options?.fields;
  if (fields !== undefined && (fields === null || typeof fields !== 'object' || Array.isArray(fields))) {
    errors.push(new RuleSyntaxError('bad_option', 'options.fields must be an object mapping field names to types', { hint: 'Pass e.g. { queue: "string" }, or leave fields out.' }));
    return { timeZone: 'UTC', errors };
  }
  const timeZone = options?.timeZone ?? 'UTC';
  if (typeof timeZone !== 'string') {
    errors.push(new RuleSyntaxError('bad_option', 'options.timeZone must be an IANA zone name', { hint: 'Use an IANA name such as Europe/Dublin.' }));
    return { timeZone: 'UTC', errors };
  }
  try {
    // Creating the first Intl.DateTimeFormat loads ICU's zone data (~10 ms); UTC needs no check.
    if (timeZone !== 'UTC') new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    errors.push(new RuleSyntaxError('bad_option', `Unknown time zone ${JSON.stringify(timeZone)}`, { input: String(timeZone), hint: 'Use an IANA name such as Europe/Dublin or America/New_York.' }));
  }
  const builtinLower = new Set(Object.keys(BUILTIN_FIELDS).map((n) => n.toLowerCase()));
  for (const [name, type] of Object.entries(options?.fields ?? {})) {
    if (builtinLower.has(name.toLowerCase()) || name.toLowerCase() === 'now') {
      errors.push(new RuleSyntaxError('bad_option', `Field ${JSON.stringify(name)} is built in and cannot be redeclared`, { input: name, hint: 'Pick another name for the host field.' }));
    } else if (!/^[A-Za-z_][\w.\-]*$/.test(name)) {
      errors.push(new RuleSyntaxError('bad_option', `${JSON.stringify(name)} is not a valid field name`, { input: name, hint: 'Field names start with a letter or "_" and contain letters, digits, "_", "." or "-".' }));
    } else if (!['string', 'number', 'time', 'day', 'date'].includes(type)) {
      errors.push(new RuleSyntaxError('bad_option', `Field ${JSON.stringify(name)} has unknown type ${JSON.stringify(type)}`, { input: String(type), hint: 'Use string, number, time, day or date.' }));
    }
  }
  return { timeZone, errors };
}

/**
 * Compiles `customURL_Rule` rows into an ordered rule set. Every row's errors
 * are collected (`compiled.errors`, each with its row `key`); rows with errors
 * are left out of evaluation and the rest still work.
 *
 * Guide: [the rule language](../../docs/rule-language.md) (syntax, Keys sorted as text, evaluation).
 *
 * @throws {@link RuleSyntaxError} with code `bad_option` only when `options`
 * are invalid (unknown time zone, a declared field that redeclares a built-in).
 * @example
 * ```ts
 * import { compileRules } from 'screenpop';
 * const rules = compileRules([
 *   { key: '01', value: 'lookupCount=0 => /WebResources/new_unknown.html' },
 *   { key: '02', value: 'fromParty.Key=contact, lead => default' },
 * ]);
 * rules.evaluate({ lookupCount: 0 }); // { rule: { key: '01', ... }, target: { kind: 'url', url: '/WebResources/new_unknown.html' } }
 * rules.order; // ['01', '02']
 * ```
 */
export function compileRules(rows: readonly RuleRow[], options?: CompileOptions): CompiledRules {
  return compileRulesTuned(rows, options);
}

/** Internal knobs of {@link compileRules}, for tests that must reach the sparse path with few rules. @internal */
export interface CompileTuning {
  /** Largest dense mask table per field, in 32-bit words (default 2^20). */
  readonly denseLimit?: number;
  /** Classify every field in order (the bitset loop) even where fields could be classified as rules need them. */
  readonly eager?: boolean;
  /** false: classify fields as rules need them without the decision tree (default true). */
  readonly tree?: boolean;
  /** Most edges the decision tree may grow (default 65,536); past it, a decision goes on off the tree (`finishOffTree`), and a root that does not fit takes the tree-less path. */
  readonly treeEdges?: number;
}


/** A compiled rule set's decision procedures, over state of their own. */
interface Engine {
  readonly evaluate: (context: RuleContext) => Decision;
  readonly explain: (context: RuleContext) => Explanation;
}

/**
 * The decision procedures of parsed, ordered rules: the decision tree, the
 * bitset paths and `explain`, sharing one evaluation state.
 */
function buildEngine(
  ordered: readonly CompiledRule[],
  decisions: readonly Decision[],
  slots: readonly Slot[],
  slotOf: (name: string) => number,
  typeOf: (name: string) => FieldType,
  timeZone: string,
  tuning: CompileTuning | undefined,
): Engine {
  // Re-entrance: evaluate and explain keep per-decision state in `st`,
  // `classes`, `alive` and `scratch`. A decision asked for while one runs (a
  // context getter, proxy or toString evaluating these rules again) is taken
  // by a twin engine with state of its own, built on first need (and, nested
  // deeper, by the twin's twin): each decision reads its context once, and
  // the outer one never sees the inner one's state.
  let busy = false;
  let twin: Engine | undefined;
  function guarded<R>(run: (context: RuleContext) => R, name: 'evaluate' | 'explain'): (context: RuleContext) => R {
    return (context) => {
      if (busy) return ((twin ??= buildEngine(ordered, decisions, slots, slotOf, typeOf, timeZone, tuning))[name] as (context: RuleContext) => R)(context);
      busy = true;
      try {
        return run(context);
      } finally {
        busy = false;
      }
    };
  }

  const st = new State(slots, timeZone);

  /** The class of each field in the current decision (read by `confirm`). */
  const classes = new Int32Array(slots.length);
  const plan = buildFastPlan(
    ordered.filter((r) => r.ast).map((r) => r.ast!.condition),
    slots, tuning?.denseLimit ?? DENSE_LIMIT, classes);
  const { words, plans, all, confirm, needs } = plan;
  const alive = new Int32Array(words);
  const scratch = new Int32Array(plan.maxExceptions);

  function confirmFrom(w: number, bits: number): Decision | undefined {
    while (bits !== 0) {
      const low = bits & -bits;
      const r = (w << 5) + 31 - Math.clz32(low);
      const check = confirm[r];
      if (check === undefined || check()) return decisions[r]!;
      bits ^= low;
    }
    return undefined;
  }

  const all0 = all[0]!;
  const nPlans = plans.length;

  /** Up to 32 rules: the bitset is one local integer (masks are always dense here). */
  function evaluate1(context: RuleContext): Decision {
    st.begin(context ?? {});
    let a = all0;
    for (let p = 0; p < nPlans; p++) {
      const sp = plans[p]!;
      const cls = classifyField(st, sp);
      classes[p] = cls;
      a &= cls === -1 ? ~sp.uses[0]! : sp.masks![cls]!;
      if (a === 0) return DEFAULT_DECISION;
      // Early exit: while the first live rule has all its fields classified,
      // it decides, or (its fields-mixing part failing) drops out.
      if (needs !== undefined) {
        for (;;) {
          const r = 31 - Math.clz32(a & -a);
          if (needs[r]! >> (p + 1) !== 0) break;
          const check = confirm[r];
          if (check === undefined || check()) return decisions[r]!;
          a &= a - 1;
          if (a === 0) return DEFAULT_DECISION;
        }
      }
    }
    return confirmFrom(0, a) ?? DEFAULT_DECISION;
  }

  function evaluateN(context: RuleContext): Decision {
    st.begin(context ?? {});
    for (let w = 0; w < words; w++) alive[w] = all[w]!;
    for (let p = 0; p < nPlans; p++) {
      const sp = plans[p]!;
      const cls = classifyField(st, sp);
      classes[p] = cls;
      if (cls === -1) {
        for (let w = 0; w < words; w++) alive[w]! &= ~sp.uses[w]!;
      } else if (sp.masks !== undefined) {
        const base = cls * words;
        for (let w = 0; w < words; w++) alive[w]! &= sp.masks[base + w]!;
      } else {
        // Sparse: the class's rules are `base` with its exceptions flipped.
        const from = sp.excStart[cls]!;
        const to = sp.excStart[cls + 1]!;
        for (let k = from; k < to; k++) {
          const w = sp.excWord[k]!;
          scratch[k - from] = alive[w]! & (sp.base[w]! ^ sp.excBits[k]!);
        }
        for (let w = 0; w < words; w++) alive[w]! &= sp.base[w]!;
        for (let k = from; k < to; k++) alive[sp.excWord[k]!] = scratch[k - from]!;
      }
      // Early exit, as in evaluate1: while the first live rule has all its
      // fields classified, it decides or drops out.
      if (needs !== undefined) {
        let w = 0;
        for (;;) {
          while (w < words && alive[w] === 0) w++;
          if (w === words) return DEFAULT_DECISION;
          const bits = alive[w]!;
          const r = (w << 5) + 31 - Math.clz32(bits & -bits);
          if (needs[r]! >> (p + 1) !== 0) break;
          const check = confirm[r];
          if (check === undefined || check()) return decisions[r]!;
          alive[w] = bits & (bits - 1);
        }
      }
    }
    for (let w = 0; w < words; w++) {
      const d = confirmFrom(w, alive[w]!);
      if (d) return d;
    }
    return DEFAULT_DECISION;
  }

  /**
   * Up to 32 rules and 31 fields: fields are classified in the order the
   * rules need them, like a hand-written chain. While the first live rule
   * still needs a field, that field is classified (at most once per
   * decision) and its bitset applied, which may drop that rule and others;
   * once the first live rule has all its fields, it decides or drops out.
   */
  function evaluateLazy(context: RuleContext): Decision {
    st.begin(context ?? {});
    const need = needs!;
    let a = all0;
    let done = 0;
    while (a !== 0) {
      const r = 31 - Math.clz32(a & -a);
      const missing = need[r]! & ~done;
      if (missing === 0) {
        const check = confirm[r];
        if (check === undefined || check()) return decisions[r]!;
        a &= a - 1;
        continue;
      }
      const p = 31 - Math.clz32(missing & -missing);
      const sp = plans[p]!;
      const cls = classifyField(st, sp);
      classes[p] = cls;
      done |= 1 << p;
      a &= cls === -1 ? ~sp.uses[0]! : sp.masks![cls]!;
    }
    return DEFAULT_DECISION;
  }

  // A tree over text and number fields only keeps its walk in locals and
  // classifies values without `st` (classifyValue): it needs no guard. Its
  // fallback (a root past the budget) uses `st` and has one.
  const plainTree = plans.every((sp) => sp.isText || sp.isNumber);
  const tree = needs !== undefined && words === 1 && plans.every((sp) => sp.masks !== undefined)
    ? new DecisionTree(plan, st, [...decisions, DEFAULT_DECISION], tuning?.treeEdges ?? TREE_EDGE_BUDGET, slotOf, plainTree ? guarded(evaluateLazy, 'evaluate') : evaluateLazy)
    : undefined;
  const evaluateTree = (context: RuleContext): Decision => walkTree(tree!, context);

  const chosen =
    words === 1 && plans.every((sp) => sp.masks !== undefined)
      ? needs !== undefined && !tuning?.eager
        ? tuning?.tree === false
          ? evaluateLazy
          : evaluateTree
        : evaluate1
      : evaluateN;
  // A walk of a tree without time, day or date fields: nothing a nested
  // decision can spoil (see plainTree).
  const evaluate = chosen === evaluateTree && plainTree ? evaluateTree : guarded(chosen, 'evaluate');

  // Comparisons compiled for `explain` on first use, then kept with the rules
  // (explaining is for tools and logs, but a host may read every pop's explanation).
  const tracedCompares = new Map<Condition, TracedCompare>();
  const traced = (c: Extract<Condition, { kind: 'compare' }>): TracedCompare => {
    let t = tracedCompares.get(c);
    if (t === undefined) {
      t = { pred: compileCompare(c, slotOf, typeOf(c.field)), slot: slotOf(c.field), expected: c.values.map(printLiteral) };
      tracedCompares.set(c, t);
    }
    return t;
  };

  function explainOnce(context: RuleContext): Explanation {
    st.begin(context ?? {});
    let decision: Decision = DEFAULT_DECISION;
    let liveIndex = 0;
    const traces: RuleTrace[] = ordered.map((r) => {
      if (!r.ast) return { key: r.key, value: r.value, status: 'invalid', chosen: false, comparisons: [], errors: r.errors };
      const comparisons: ComparisonTrace[] = [];
      st.unknown = false;
      const holds = traceCondition(r.ast.condition, st, traced, comparisons);
      const status = st.unknown ? 'unknown' : holds ? 'matched' : 'not_matched';
      const chosen = status === 'matched' && decision === DEFAULT_DECISION;
      if (chosen) decision = decisions[liveIndex]!;
      liveIndex++;
      return { key: r.key, value: r.value, status, chosen, comparisons, errors: [] };
    });
    return { decision, rules: traces };
  }

  return { evaluate, explain: guarded(explainOnce, 'explain') };
}

/** {@link compileRules} with internal knobs (not exported from the package). @internal */
export function compileRulesTuned(rows: readonly RuleRow[], options?: CompileOptions, tuning?: CompileTuning): CompiledRules {
  const checked = readHost('options', () => checkOptions(options));
  // Rows whose getters or traps throw are a typed error here, not an exception from deep inside.
  readHost('rows', () => Array.isArray(rows) && rows.forEach((r) => r !== null && typeof r === 'object' && [r.key, r.value]));
  if (checked.errors.length > 0) throw checked.errors[0]!;
  if (!Array.isArray(rows)) {
    throw new RuleSyntaxError('bad_option', 'compileRules expects an array of { key, value } rows', { hint: 'Pass e.g. rulesFor(rows, user).' });
  }
  const table = fieldTable(options?.fields);
  const parseOptions: ParseOptions = options?.fields ? { fields: options.fields } : {};

  const parsed: CompiledRule[] = rows.map((row, index) => {
    const r = row as Partial<RuleRow> | null | undefined;
    const key = typeof r?.key === 'string' ? r.key : typeof r?.key === 'number' ? String(r.key) : '';
    if (typeof r?.value !== 'string' || (typeof r.key !== 'string' && typeof r.key !== 'number')) {
      const e = new RuleSyntaxError('bad_row', `Row ${index} is not a { key: string, value: string } row`, { key, hint: 'Every row needs a text Key and a text Value.' });
      return { key, value: typeof r?.value === 'string' ? r.value : '', index, ast: undefined, errors: [e] };
    }
    const res = parseRuleCollect(r.value, parseOptions, key);
    return { key, value: r.value, index, ast: res.ok ? res.rule : undefined, errors: res.ok ? [] : res.errors };
  });
  const ordered = orderRows(parsed);

  const warnings: RuleWarning[] = [];
  for (let i = 1; i < ordered.length; i++) {
    if (ordered[i]!.key === ordered[i - 1]!.key && (i === 1 || ordered[i - 2]!.key !== ordered[i]!.key)) {
      const key = ordered[i]!.key;
      // Sorted by Key, so the rows sharing it are this run.
      let end = i + 1;
      while (end < ordered.length && ordered[end]!.key === key) end++;
      const count = end - (i - 1);
      warnings.push({
        code: 'duplicate_key',
        keys: [key],
        message: `${count} rules share the Key ${JSON.stringify(key)}; they are evaluated in the order they were given`,
      });
    }
  }

  const fieldSet = new Set<string>();
  for (const r of ordered) if (r.ast) collectFields(r.ast.condition, fieldSet);
  const fields = [...fieldSet];
  const slots: Slot[] = fields.map((name) => ({ name, lower: name.toLowerCase(), type: table.get(name.toLowerCase())!.type }));
  const slotIndex = new Map(fields.map((f, i) => [f, i]));
  const slotOf = (name: string): number => slotIndex.get(name)!;
  const typeOf = (name: string): FieldType => table.get(name.toLowerCase())!.type;

  const decisions: Decision[] = [];
  for (const r of ordered) {
    if (!r.ast) continue;
    const target: DecisionTarget = r.ast.target.kind === 'default' ? { kind: 'default' } : { kind: 'url', url: r.ast.target.url };
    decisions.push(Object.freeze({ rule: Object.freeze({ key: r.key, value: r.value }), target: Object.freeze(target) }));
  }
  // One engine answers; a context getter that evaluates these rules again
  // (re-entrance) is answered right by a twin engine (see buildEngine).
  const { evaluate, explain } = buildEngine(ordered, decisions, slots, slotOf, typeOf, checked.timeZone, tuning);

  return {
    order: ordered.map((r) => r.key),
    rules: ordered,
    errors: ordered.flatMap((r) => r.errors),
    warnings,
    fields,
    evaluate,
    explain,
  };
}
