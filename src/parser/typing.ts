/**
 * From the positioned syntax tree to the typed AST: resolve field names
 * (case-insensitive, canonical spelling, did-you-mean), read literals by the
 * field's type, and check operators. Every problem is collected.
 *
 * @module
 */
import type { CompareOp, Condition, FieldType, Literal } from './ast.js';
import { RuleSyntaxError, type RuleErrorCode } from './errors.js';
import type { FieldTable } from './fields.js';
import type { RawCondition, RawToken } from './grammar.js';
import { suggest } from '../util/suggest.js';
import { own } from '../util/own.js';

/** Where typing reports to, and how fields resolve. */
export interface TypingContext {
  readonly input: string;
  readonly fields: FieldTable;
  /** Accept any field name (lookup filters test entity attributes, not call fields). */
  readonly anyField: boolean;
  readonly errors: RuleSyntaxError[];
  readonly key: string | undefined;
}

const OPS: Record<string, CompareOp> = {
  '=': '=',
  '==': '=',
  '!=': '!=',
  '<>': '!=',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};

const NUMBER = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;
const TIME = /^(\d{1,2}):(\d{2})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const FIELD_NAME = /^[A-Za-z_][\w.\-]*$/;

/** Day names → `Date#getDay()` numbers. */
export const DAY_NUMBERS: Readonly<Record<string, number>> = {
  sun: 0, sunday: 0,
  mon: 1, monday: 1,
  tue: 2, tues: 2, tuesday: 2,
  wed: 3, wednesday: 3,
  thu: 4, thur: 4, thurs: 4, thursday: 4,
  fri: 5, friday: 5,
  sat: 6, saturday: 6,
};

/** The text of a value token: quoted strings unquoted and unescaped (`\n`, `\t`, `\\`, `\"`, `\'`; `\x` is `x`). */
export function unquote(tok: RawToken): string {
  if (tok.tokenType !== 'DoubleQuoted' && tok.tokenType !== 'SingleQuoted') return tok.image;
  const body = tok.image.slice(1, -1);
  if (!body.includes('\\')) return body;
  return body.replace(/\\([\s\S])/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c === 'r' ? '\r' : c));
}

/** Parses a number literal (no hex, no `Infinity`); `-0` becomes `0`. */
export function parseNumber(text: string): number | undefined {
  if (!NUMBER.test(text)) return undefined;
  const n = Number(text);
  if (!Number.isFinite(n)) return undefined;
  return n === 0 ? 0 : n;
}

/** `HH:mm` → minutes since midnight. */
export function parseTime(text: string): number | undefined {
  const m = TIME.exec(text);
  if (!m) return undefined;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h < 24 && min < 60 ? h * 60 + min : undefined;
}

/** `yyyy-MM-dd`, checked to be a real calendar date. */
export function parseDate(text: string): string | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d ? text : undefined;
}

function fail(ctx: TypingContext, code: RuleErrorCode, detail: string, tok: RawToken, hint?: string): void {
  ctx.errors.push(
    new RuleSyntaxError(code, detail, {
      input: ctx.input,
      range: { start: tok.start, end: tok.end },
      ...(hint === undefined ? {} : { hint }),
      ...(ctx.key === undefined ? {} : { key: ctx.key }),
    }),
  );
}

function literal(ctx: TypingContext, field: string, type: FieldType, tok: RawToken): Literal | undefined {
  const text = unquote(tok);
  const trimmed = text.trim();
  switch (type) {
    case 'string':
      return { kind: 'string', value: text };
    case 'number': {
      const n = parseNumber(trimmed);
      if (n === undefined) {
        fail(ctx, 'bad_number', `${field} is a number, but ${JSON.stringify(text)} is not`, tok, 'Write a number such as 0, 1 or 2.');
        return undefined;
      }
      return { kind: 'number', value: n };
    }
    case 'time': {
      const t = parseTime(trimmed);
      if (t === undefined) {
        fail(ctx, 'bad_time', `${JSON.stringify(text)} is not a time of day`, tok, 'Write 24-hour HH:mm, e.g. 09:00 or 17:30.');
        return undefined;
      }
      return { kind: 'time', value: t };
    }
    case 'day': {
      const d = own(DAY_NUMBERS, trimmed.toLowerCase());
      if (d === undefined) {
        const s = suggest(trimmed, Object.keys(DAY_NUMBERS));
        fail(ctx, 'bad_day', `${JSON.stringify(text)} is not a day of the week`, tok, `Write mon, tue, wed, thu, fri, sat or sun${s ? ` (did you mean "${s}"?)` : ''}.`);
        return undefined;
      }
      return { kind: 'day', value: d };
    }
    case 'date': {
      const d = parseDate(trimmed);
      if (d === undefined) {
        fail(ctx, 'bad_date', `${JSON.stringify(text)} is not a date`, tok, 'Write yyyy-MM-dd, e.g. 2026-12-24.');
        return undefined;
      }
      return { kind: 'date', value: d };
    }
  }
}

function anyFieldLiteral(tok: RawToken): Literal {
  const text = unquote(tok);
  const quoted = tok.tokenType !== 'Bare';
  const n = quoted ? undefined : parseNumber(text);
  return n === undefined ? { kind: 'string', value: text } : { kind: 'number', value: n };
}

/**
 * Most problems reported for one Value: beyond it the Value is already
 * refused, and a hostile one (800 unknown fields) would cost a suggestion each.
 */
export const MAX_ERRORS = 20;

function compare(ctx: TypingContext, node: Extract<RawCondition, { kind: 'cmp' }>): Condition | undefined {
  if (ctx.errors.length >= MAX_ERRORS) return undefined;
  const op = OPS[node.op.image]!;
  let name: string;
  let type: FieldType | undefined;
  if (ctx.anyField) {
    if (!FIELD_NAME.test(node.field.image)) {
      fail(ctx, 'unknown_field', `${JSON.stringify(node.field.image)} is not a field name`, node.field, 'Field names start with a letter or "_" and contain letters, digits, "_", "." or "-".');
      return undefined;
    }
    name = node.field.image;
  } else {
    const info = ctx.fields.get(node.field.image.toLowerCase());
    if (!info) {
      const names = [...ctx.fields.values()].map((f) => f.name);
      const s = suggest(node.field.image, names);
      fail(
        ctx,
        'unknown_field',
        `Unknown field ${JSON.stringify(node.field.image)}`,
        node.field,
        s ? `Did you mean "${s}"?` : 'Use a built-in field (docs/rule-language.md#fields) or declare it in the compile options `fields`.',
      );
      return undefined;
    }
    name = info.name;
    type = info.type;
  }
  const ordering = op !== '=' && op !== '!=';
  if (ordering && (type === 'string' || type === 'day')) {
    fail(ctx, 'bad_operator', `${name} is a ${type === 'day' ? 'day' : 'text'} field: "${node.op.image}" cannot order it`, node.op, 'Use = or != (with a list for several values).');
    return undefined;
  }
  if (ordering && node.values.length > 1) {
    fail(ctx, 'bad_operator', `"${node.op.image}" takes exactly one value, not a list`, node.op, 'Combine two comparisons with && or ||.');
    return undefined;
  }
  const values: Literal[] = [];
  let ok = true;
  for (const tok of node.values) {
    const v = type === undefined ? anyFieldLiteral(tok) : literal(ctx, name, type, tok);
    if (v === undefined) ok = false;
    else values.push(v);
  }
  return ok ? { kind: 'compare', field: name, op, values } : undefined;
}

/** Types a syntax tree; returns undefined when any problem was found (all of them are in `ctx.errors`). */
export function typeCondition(ctx: TypingContext, node: RawCondition): Condition | undefined {
  switch (node.kind) {
    case 'cmp':
      return compare(ctx, node);
    case 'not': {
      const item = typeCondition(ctx, node.item);
      return item && { kind: 'not', item };
    }
    case 'and':
    case 'or': {
      const items: Condition[] = [];
      let ok = true;
      for (const child of node.items) {
        const c = typeCondition(ctx, child);
        if (c === undefined) ok = false;
        // Flatten `a && (b && c)` into one n-ary node: the AST is canonical.
        else if (c.kind === node.kind) items.push(...c.items);
        else items.push(c);
      }
      return ok ? { kind: node.kind, items } : undefined;
    }
  }
}
