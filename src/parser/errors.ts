/**
 * Errors of the rule language.
 *
 * @module
 */
import { ScreenpopError, type ScreenpopErrorOptions } from '../errors/index.js';

/**
 * Every code a rule Value can fail with; each is a heading in `docs/errors.md`.
 *
 * @example
 * ```ts
 * import { safeParseRule, type RuleErrorCode } from 'screenpop';
 * const r = safeParseRule('dnis=1234 default');
 * const codes: RuleErrorCode[] = r.ok ? [] : r.errors.map((e) => e.code); // ['missing_arrow']
 * ```
 */
export type RuleErrorCode =
  | 'too_long'
  | 'too_deep'
  | 'missing_arrow'
  | 'missing_target'
  | 'unexpected_character'
  | 'unexpected_token'
  | 'unexpected_end'
  | 'unterminated_string'
  | 'unknown_field'
  | 'bad_operator'
  | 'bad_number'
  | 'bad_time'
  | 'bad_day'
  | 'bad_date'
  | 'unsafe_url'
  | 'duplicate_data'
  | 'unknown_placeholder'
  | 'bad_option'
  | 'bad_row';

/**
 * Options of {@link RuleSyntaxError}: those of every ScreenpopError, plus the rule's Key.
 *
 * @example
 * ```ts
 * import { RuleSyntaxError } from 'screenpop';
 * const e = new RuleSyntaxError('bad_row', 'Row 3 has no Value', { key: '03', hint: 'Give the row a Value.' });
 * e.source; // 'customURL_Rule key "03"'
 * ```
 */
export interface RuleSyntaxErrorOptions extends ScreenpopErrorOptions {
  /** The `customURL_Rule` Key of the row, when the Value came from a row. */
  readonly key?: string;
}

/**
 * A malformed rule Value (or condition), with the code, the position and what was expected.
 *
 * @example
 * ```ts
 * import { safeParseRule } from 'screenpop';
 * const r = safeParseRule('fromparty.kee=contact=>default');
 * if (!r.ok) console.log(r.errors[0]?.code, r.errors[0]?.hint); // unknown_field  Did you mean "fromParty.Key"?
 * ```
 */
export class RuleSyntaxError extends ScreenpopError<RuleErrorCode> {
  override name = 'RuleSyntaxError';
  /** The row's Key when the Value came from a `customURL_Rule` row (compileRules), else undefined. */
  readonly key: string | undefined;

  constructor(code: RuleErrorCode, detail: string, options: RuleSyntaxErrorOptions = {}) {
    super(code, detail, {
      ...options,
      ...(options.source === undefined && options.key !== undefined
        ? { source: `customURL_Rule key ${JSON.stringify(options.key)}` }
        : {}),
    });
    this.key = options.key;
  }
}
