/**
 * `lintConfig`: what a `dialerKVTable` will do wrong, found before a customer calls.
 *
 * @module
 */
import type { Comparison, Condition, FieldType, Literal } from '../parser/ast.js';
import type { SourceRange } from '../errors/index.js';
import { literalRange, placeFindings, rowOfRef } from './where.js';
import { DIRECTIONS } from '../parser/fields.js';
import { printCondition } from '../parser/print.js';
import { compileRules, type CompiledRule } from '../rules/compile.js';
import { compareKeys } from '../rules/order.js';
import type { KvRow } from '../config/row.js';
import { CUSTOM_URL_RULE, isGlobalScope, rulesFor } from '../config/scope.js';
import { lookupConfigFromKv } from '../config/lookup.js';
import { lintPopConfig } from './pop.js';
import { suggest } from '../util/suggest.js';
import { expectRows, expectFields } from '../errors/guard.js';
import { storedFormatFindings } from './formats.js';
import { firstCovering } from './subsume.js';

/**
 * Every lint code; each is a heading in `docs/lint.md`.
 *
 * @example
 * ```ts
 * import { lintConfig, type LintCode } from 'screenpop';
 * const codes: LintCode[] = lintConfig([{ scope: 'global', name: 'customURL_Rule', key: '01', value: 'dnis=1234 default' }]).map((f) => f.code); // ['invalid_rule']
 * ```
 */
export type LintCode =
  | 'invalid_rule'
  | 'unreadable_row'
  | 'unknown_field'
  | 'unsafe_url'
  | 'bad_url'
  | 'key_sort_trap'
  | 'duplicate_key'
  | 'unreachable_rule'
  | 'subsumed_rule'
  | 'unknown_entity'
  | 'unknown_value'
  | 'impossible_lookup_count'
  | 'name_case'
  | 'lookup_config'
  | 'last_digits_without_formats'
  | 'pop_config';

/**
 * How bad a finding is: `error` makes `screenpop lint` exit 1.
 *
 * @example
 * ```ts
 * import { lintConfig, type Severity } from 'screenpop';
 * const worst: Severity[] = lintConfig([]).map((f) => f.severity); // `error` findings make `screenpop lint` exit 1
 * ```
 */
export type Severity = 'error' | 'warning' | 'info';

/**
 * One lint finding.
 *
 * @example
 * ```ts
 * import { lintConfig } from 'screenpop';
 * const [f] = lintConfig([{ scope: 'global', name: 'customURL_Rule', key: '01', value: 'dnis=1234 default' }]);
 * f?.row; // { name: 'customURL_Rule', key: '01' }
 * ```
 */
export interface Finding {
  readonly code: LintCode;
  readonly severity: Severity;
  /** The row concerned: its Name and Key (and Scope when it is a user's row). */
  readonly row?: { readonly name: string; readonly key: string; readonly scope?: string };
  /** Position (0-based) of that row in the rows passed to {@link lintConfig}, when the finding is about one row. */
  readonly index?: number;
  /**
   * The offending part of the row's Value, for findings about a rule's
   * condition or URL: half-open UTF-16 offsets into `row`'s Value (as
   * loaded, trimmed). E.g. `contcat` in `fromParty.Key=contcat=>default` is
   * `{ start: 14, end: 21 }`.
   */
  readonly valueRange?: SourceRange;
  /**
   * Where the row (and the offending part of its Value) is in the export it
   * was read from: set by {@link lintKvText} and `screenpop lint`, never by
   * {@link lintConfig}, which sees rows, not text.
   */
  readonly position?: FindingPosition;
  readonly message: string;
  /** How to fix it. */
  readonly hint: string;
}

/**
 * Where a finding is in the linted file: the file (as named by the caller),
 * and the 1-based line and column. The line is the row's first line (CSV: the
 * record's; JSON: the row object's); the column is that of the offending
 * part of the Value when the finding has a {@link Finding.valueRange}, else of
 * the row's start. Both are absent for a finding about the whole file.
 *
 * @example
 * ```ts
 * import { lintKvText, type FindingPosition } from 'screenpop';
 * const { findings } = lintKvText('Scope,Name,Key,Value\nglobal,customURL_Rule,01,fromParty.Key=contcat=>default\n', { source: 'kv.csv' });
 * const at: FindingPosition | undefined = findings[0]?.position; // { source: 'kv.csv', line: 2, column: 40 }
 * ```
 */
export interface FindingPosition {
  /** The file or text name given to {@link lintKvText} (`source`). */
  readonly source: string;
  /** 1-based line. */
  readonly line?: number;
  /** 1-based column (UTF-16 code units, as the error family counts). */
  readonly column?: number;
}

/**
 * Options of {@link lintConfig}.
 *
 * @example
 * ```ts
 * import { lintConfig } from 'screenpop';
 * lintConfig([{ scope: 'global', name: 'customURL_Rule', key: '01', value: 'queue=VIP => default' }], { fields: { queue: 'string' } });
 * ```
 */
export interface LintOptions {
  /** Host-declared rule fields (as for `compileRules`). Default: none. */
  readonly fields?: Readonly<Record<string, FieldType>>;
}

const LOOKUP_COUNT = 'lookupCount';

function rowRef(row: KvRow): { name: string; key: string; scope?: string } {
  const ref = isGlobalScope(row) ? { name: row.name, key: row.key } : { name: row.name, key: row.key, scope: row.scope };
  rowOfRef.set(ref, row); // so placeFindings can give the finding its row's index
  return ref;
}

// --- implication between conditions (sufficient, never wrong) --------------

function values(c: Comparison): (string | number)[] {
  return c.values.map((v: Literal) => (v.kind === 'string' ? v.value.trim().toLowerCase() : v.value));
}

/** Does comparison `b` imply comparison `a` (same field)? */
function compareImplies(b: Comparison, a: Comparison): boolean {
  if (a.field !== b.field) return false;
  const av = values(a);
  const bv = values(b);
  const num = (x: string | number) => x as number;
  switch (a.op) {
    case '=':
      return b.op === '=' && bv.every((x) => av.includes(x));
    case '!=':
      if (b.op === '=') return bv.every((x) => !av.includes(x));
      if (b.op === '!=') return av.every((x) => bv.includes(x));
      return false;
    default: {
      if (typeof av[0] !== 'number') return false;
      const t = num(av[0]);
      const holds = (x: number) => (a.op === '<' ? x < t : a.op === '<=' ? x <= t : a.op === '>' ? x > t : x >= t);
      if (b.op === '=') return bv.every((x) => typeof x === 'number' && holds(x));
      const s = num(bv[0]!);
      if ((a.op === '<' || a.op === '<=') && (b.op === '<' || b.op === '<=')) return s < t || (s === t && (a.op === '<=' || b.op === '<'));
      if ((a.op === '>' || a.op === '>=') && (b.op === '>' || b.op === '>=')) return s > t || (s === t && (a.op === '>=' || b.op === '>'));
      return false;
    }
  }
}

/** True when every context satisfying `b` satisfies `a` (a sufficient test). */
export function implies(b: Condition, a: Condition): boolean {
  if (a.kind === 'always') return true;
  if (b.kind === 'always') return false;
  if (printCondition(a) === printCondition(b)) return true;
  if (b.kind === 'or') return b.items.every((x) => implies(x, a));
  if (a.kind === 'and') return a.items.every((x) => implies(b, x));
  if (a.kind === 'or' && a.items.some((x) => implies(b, x))) return true;
  if (b.kind === 'and') return b.items.some((x) => implies(x, a));
  if (a.kind === 'compare' && b.kind === 'compare') return compareImplies(b, a);
  return false;
}

function comparisons(c: Condition, out: Comparison[] = []): Comparison[] {
  if (c.kind === 'compare') out.push(c);
  else if (c.kind === 'not') comparisons(c.item, out);
  else if (c.kind === 'and' || c.kind === 'or') for (const x of c.items) comparisons(x, out);
  return out;
}

// --- the checks -------------------------------------------------------------

function lintRuleSet(rows: readonly KvRow[], user: string, options: LintOptions, out: Finding[]): void {
  const ruleRows = rulesFor(rows, user);
  const byKey = new Map<string, KvRow>();
  for (const r of ruleRows) if (!byKey.has(r.key)) byKey.set(r.key, r);
  const compiled = compileRules(ruleRows, options.fields ? { fields: options.fields } : {});
  const rowOf = (r: CompiledRule): KvRow => ruleRows[r.index]!;
  const { config } = lookupConfigFromKv(rows, { user });
  const entities = new Set(config.entities.map((e) => e.entity.toLowerCase()));
  if (config.internalExtensionLength !== undefined) entities.add('systemuser');

  // Errors of each row.
  for (const r of compiled.rules) {
    for (const e of r.errors) {
      const code: LintCode = e.code === 'unknown_field' ? 'unknown_field' : e.code === 'unsafe_url' || e.code === 'unknown_placeholder' ? 'unsafe_url' : 'invalid_rule';
      const valueRange: { valueRange?: SourceRange } = e.input === rowOf(r).value ? { valueRange: e.range } : {};
      out.push({ code, severity: 'error', row: rowRef(rowOf(r)), ...valueRange, message: e.detail, hint: e.hint ?? `See docs/errors.md#${e.code}.` });
    }
  }

  // Key text-sort traps: numeric keys whose text order differs from their numeric order.
  const numeric = compiled.order.filter((k) => /^\d+$/.test(k));
  const byNumber = [...numeric].sort((a, b) => Number(a) - Number(b) || compareKeys(a, b));
  if (numeric.join('\u0000') !== byNumber.join('\u0000')) {
    const width = Math.max(...numeric.map((k) => k.length));
    const first = numeric.findIndex((k, i) => k !== byNumber[i]);
    const culprit = numeric[first]!;
    out.push({
      code: 'key_sort_trap',
      severity: 'warning',
      row: rowRef(byKey.get(culprit)!),
      message: `Keys sort as text, so the rules run in the order ${numeric.join(', ')}, not ${byNumber.join(', ')}`,
      hint: `Pad every Key to ${width} digits (${byNumber.map((k) => k.padStart(width, '0')).join(', ')}).`,
    });
  }

  // Duplicate keys.
  for (const w of compiled.warnings) {
    const key = w.keys[0]!;
    out.push({ code: 'duplicate_key', severity: 'warning', row: rowRef(byKey.get(key)!), message: w.message, hint: 'Give every rule its own Key so the order is explicit.' });
  }

  // Unreachable and subsumed rules: for each rule, the first earlier one that
  // always holds or holds whenever it does (indexed, not pair by pair: subsume.ts).
  const valid = compiled.rules.filter((r) => r.ast);
  const covering = firstCovering(valid.map((r) => r.ast!.condition), implies);
  for (let j = 0; j < valid.length; j++) {
    if (covering[j] === -1) continue;
    const later = valid[j]!;
    const earlier = valid[covering[j]!]!;
    const a = earlier.ast!.condition;
    if (a.kind === 'always') {
      out.push({
        code: 'unreachable_rule',
        severity: 'warning',
        row: rowRef(rowOf(later)),
        message: `Rule ${JSON.stringify(later.key)} can never be reached: rule ${JSON.stringify(earlier.key)} before it always holds`,
        hint: `Move the catch-all rule ${JSON.stringify(earlier.key)} to the end (give it the highest Key).`,
      });
    } else {
      out.push({
        code: 'subsumed_rule',
        severity: 'warning',
        row: rowRef(rowOf(later)),
        message: `Rule ${JSON.stringify(later.key)} can never decide: whenever it holds, rule ${JSON.stringify(earlier.key)} (${printCondition(a)}) holds first`,
        hint: `Give rule ${JSON.stringify(later.key)} a Key that sorts before ${JSON.stringify(earlier.key)}, or narrow rule ${JSON.stringify(earlier.key)}.`,
      });
    }
  }

  // Values that cannot occur.
  for (const r of valid) {
    for (const c of comparisons(r.ast!.condition)) {
      if (c.field === 'fromParty.Key') {
        for (const v of c.values) {
          const entity = v.kind === 'string' ? v.value.trim() : String(v.value);
          if (entity !== '' && !entities.has(entity.toLowerCase())) {
            const s = suggest(entity, [...entities]);
            out.push({
              code: 'unknown_entity',
              severity: 'warning',
              row: rowRef(rowOf(r)),
              ...literalRange(rowOf(r).value, c.field, entity),
              message: `fromParty.Key is never ${JSON.stringify(entity)}: the lookup searches ${[...entities].join(', ')}`,
              hint: s ? `Did you mean ${JSON.stringify(s)}?` : `Add ${entity} to the lookupEntities setting, or remove it from the rule.`,
            });
          }
        }
      } else if (c.field === 'direction') {
        for (const v of c.values) {
          const d = v.kind === 'string' ? v.value.trim().toLowerCase() : String(v.value);
          if (!(DIRECTIONS as readonly string[]).includes(d)) {
            const s = suggest(d, DIRECTIONS);
            out.push({
              code: 'unknown_value',
              severity: 'warning',
              row: rowRef(rowOf(r)),
              ...literalRange(rowOf(r).value, c.field, v.kind === 'string' ? v.value.trim() : String(v.value)),
              message: `direction is never ${JSON.stringify(d)}; it is one of ${DIRECTIONS.join(', ')}`,
              hint: s ? `Did you mean ${JSON.stringify(s)}?` : 'Use inbound, queue (dialler outbound), outbound, clicktocall or transfer.',
            });
          }
        }
      } else if (c.field === LOOKUP_COUNT) {
        for (const v of c.values) {
          const n = v.value as number;
          const bad = (c.op === '=' || c.op === '!=') && (n < 0 || !Number.isInteger(n));
          const never = (c.op === '<' && n <= 0) || (c.op === '<=' && n < 0);
          if (bad || never) {
            out.push({
              code: 'impossible_lookup_count',
              severity: 'error',
              row: rowRef(rowOf(r)),
              ...literalRange(rowOf(r).value, c.field, String(n)),
              message: `lookupCount counts records, so "${c.field}${c.op}${n}" ${bad ? 'can never be true' : 'never holds'}`,
              hint: 'Compare lookupCount with whole numbers from 0: lookupCount=0, lookupCount=1, lookupCount>=2.',
            });
          }
        }
      }
    }
    const t = r.ast!.target;
    if (t.kind === 'url') {
      const probe = t.url.replace(/\{[^{}]*\}/g, 'x');
      let ok = true;
      try {
        const u = new URL(probe, 'https://crm.invalid/WebResources/');
        if (/^https?:/i.test(probe) && u.hostname === '') ok = false;
      } catch {
        ok = false;
      }
      // WHATWG parsing forgives "https:/host" and "https:///host"; a rule should not rely on that.
      if (!ok || (/^https?:/i.test(probe) && !/^https?:\/\/[^/?#\\]/i.test(probe)) || /^\/\/(?:[/?#]|$)/.test(probe)) {
        out.push({ code: 'bad_url', severity: 'error', row: rowRef(rowOf(r)), message: `The URL ${JSON.stringify(t.url)} is malformed`, hint: 'Write https://host/path or a web resource path such as /WebResources/new_cp.html.' });
      }
    }
  }
}

/**
 * Lints a `dialerKVTable`: the global rule set and every user's effective rule
 * set, the rows' Names, and the lookup configuration. Findings are ordered as
 * found and never duplicated.
 *
 * Guide: [lint](../../docs/lint.md), one section per finding code.
 *
 * @example
 * ```ts
 * import { lintConfig } from 'screenpop';
 * const findings = lintConfig([
 *   { scope: 'global', name: 'customURL_Rule', key: '2', value: 'lookupCount=0=>/WebResources/a.html' },
 *   { scope: 'global', name: 'customURL_Rule', key: '10', value: '*=>default' },
 * ]);
 * findings.map((f) => f.code); // ['key_sort_trap', 'unreachable_rule']
 * ```
 */
export function lintConfig(rows: readonly KvRow[], options: LintOptions = {}): Finding[] {
  expectRows(rows, 'rows', ['scope', 'name', 'key', 'value']);
  expectFields(options, 'options', ['fields']);
  const out: Finding[] = [];
  for (const row of rows) {
    if (row.name !== CUSTOM_URL_RULE && row.name.toLowerCase() === CUSTOM_URL_RULE.toLowerCase()) {
      out.push({
        code: 'name_case',
        severity: 'warning',
        row: rowRef(row),
        message: `Name ${JSON.stringify(row.name)} is ignored by Dynamics Telephony: the Name is case-sensitive`,
        hint: `Write the Name exactly as ${CUSTOM_URL_RULE}.`,
      });
    }
  }
  const users = new Set<string>(['']);
  // Users with rows that change their rule set or lookup (one pass, not one per user).
  const ownRows = new Set<string>();
  for (const r of rows) {
    if (isGlobalScope(r)) continue;
    users.add(r.scope);
    if (r.name === CUSTOM_URL_RULE || r.name.startsWith('incomingLookup_') || r.name === 'lookupEntities') ownRows.add(r.scope);
  }
  for (const user of users) {
    // A user without rows of their own sees the global set, already linted as ''.
    if (user !== '' && !ownRows.has(user)) continue;
    lintRuleSet(rows, user, options, out);
  }
  const { config: lookup, warnings } = lookupConfigFromKv(rows, { user: '' });
  for (const w of warnings) {
    out.push({
      // A Name in the wrong case is name_case, once per row (placeFindings drops a second).
      code: w.code === 'name_case' ? 'name_case' : 'lookup_config',
      severity: 'warning',
      ...(w.row ? { row: rowRef(w.row) } : {}),
      message: w.message,
      hint: w.code === 'name_case' && w.suggestion ? `Write the Name exactly as ${w.suggestion}.` : w.suggestion ? `Did you mean ${JSON.stringify(w.suggestion)}?` : 'See docs/configuration.md.',
    });
  }
  // Placed at the global lookupLastDigits row that sets it (the config is the global one).
  const lastDigitsRow = rows.find((r) => isGlobalScope(r) && r.name.trim() === 'lookupLastDigits');
  out.push(...storedFormatFindings(lookup).map((f) => (lastDigitsRow === undefined ? f : { ...f, row: rowRef(lastDigitsRow) })));
  lintPopConfig(rows, users, out);
  const seen = new Set<string>();
  return placeFindings(rows, out).filter((f) => {
    // The row's index too: two rows that share a Key (duplicate_key) each get their own findings.
    const id = `${f.code}|${f.index}|${f.row?.name}|${f.row?.key}|${f.row?.scope}|${f.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
