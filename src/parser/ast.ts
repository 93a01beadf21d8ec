/**
 * The AST of a `customURL_Rule` Value: plain, serialisable data with no
 * positions (so `parseRule(printRule(r))` deep-equals `r`) and no chevrotain
 * types. Field names are stored in their canonical spelling; literals are
 * already typed by the field they are compared with.
 *
 * @module
 */

/**
 * Comparison operators after normalisation: `==` is stored as `=`, `<>` as `!=`.
 *
 * @example
 * ```ts
 * import { parseCondition, type CompareOp } from 'screenpop';
 * const c = parseCondition('lookupCount>=2');
 * const op: CompareOp | undefined = c.kind === 'compare' ? c.op : undefined; // '>='
 * ```
 */
export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

/**
 * The type of a field, which decides how its literals are read and compared.
 *
 * @example
 * ```ts
 * import { BUILTIN_FIELDS, type FieldType } from 'screenpop';
 * const t: FieldType | undefined = BUILTIN_FIELDS['lookupCount']; // 'number'
 * ```
 */
export type FieldType = 'string' | 'number' | 'time' | 'day' | 'date';

/**
 * A literal after typing by its field:
 * - `string`: compared trimmed and case-insensitively (`value` is kept as written, unescaped);
 * - `number`: a finite number;
 * - `time`: minutes since midnight (`09:30` is `570`);
 * - `day`: `0` (Sunday) .. `6` (Saturday), written `sun`..`sat` or in full;
 * - `date`: `yyyy-MM-dd`.
 *
 * @example
 * ```ts
 * import type { Literal } from 'screenpop';
 * const saturday: Literal = { kind: 'day', value: 6 }; // written `sat` or `saturday`
 * ```
 */
export type Literal =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'time'; readonly value: number }
  | { readonly kind: 'day'; readonly value: number }
  | { readonly kind: 'date'; readonly value: string };

/**
 * `field op value, value, ...` — a list means "any of" (`!=`: "none of").
 *
 * @example
 * ```ts
 * import { parseCondition } from 'screenpop';
 * const c = parseCondition('dnis=1234, 5678');
 * if (c.kind === 'compare') c.values.length; // 2
 * ```
 */
export interface Comparison {
  readonly kind: 'compare';
  /** Canonical field name, e.g. `fromParty.Key`. */
  readonly field: string;
  readonly op: CompareOp;
  /** One or more literals, all of the field's type. */
  readonly values: readonly Literal[];
}

/**
 * A condition tree. `and`/`or` are n-ary and flattened (`a && (b && c)` is one `and` of three).
 *
 * @example
 * ```ts
 * import { parseCondition, printCondition } from 'screenpop';
 * const c = parseCondition('lookupCount=0 && (dnis=1234 || dnisName=Sales)');
 * c.kind; // 'and'
 * printCondition(c); // 'lookupCount=0 && (dnis=1234 || dnisName=Sales)'
 * ```
 */
export type Condition =
  | { readonly kind: 'always' }
  | { readonly kind: 'and'; readonly items: readonly Condition[] }
  | { readonly kind: 'or'; readonly items: readonly Condition[] }
  | { readonly kind: 'not'; readonly item: Condition }
  | Comparison;

/**
 * What a rule pops: the matched record's own form, or a URL (with `{name}` placeholders).
 *
 * @example
 * ```ts
 * import { parseRule } from 'screenpop';
 * parseRule('dnis=1234 => default').target; // { kind: 'default' }
 * parseRule('dnis=1234 => /WebResources/new_cp.html').target.kind; // 'url'
 * ```
 */
export type Target =
  | { readonly kind: 'default' }
  | {
      readonly kind: 'url';
      /** The URL exactly as written (trimmed), placeholders included. */
      readonly url: string;
      /** Canonical names of the `{name}` placeholders, in order of appearance, without repeats. */
      readonly placeholders: readonly string[];
    };

/**
 * One parsed `customURL_Rule` Value: `condition=>target`.
 *
 * @example
 * ```ts
 * import { parseRule, type RuleAst } from 'screenpop';
 * const rule: RuleAst = parseRule('fromParty.Key=contact => default');
 * rule.condition.kind; // 'compare'
 * ```
 */
export interface RuleAst {
  readonly condition: Condition;
  readonly target: Target;
}
