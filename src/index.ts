/**
 * screenpop: decide the screen pop for a phone call in a CRM.
 *
 * This is the one curated entry point; every public export is named here,
 * grouped by pipeline stage. `screenpop/params` is a separate tiny entry for
 * popped pages.
 *
 * @packageDocumentation
 */

// Errors: one family, stable codes (docs/errors.md).
export {
  ScreenpopError,
  isScreenpopError,
  caretExcerpt,
  lineColumn,
  DOCS_ERRORS_URL,
} from './errors/index.js';
export type { SourceRange, ScreenpopErrorOptions } from './errors/index.js';

// Rule language: parse and print `customURL_Rule` Values (docs/rule-language.md).
export {
  parseRule,
  safeParseRule,
  parseCondition,
  safeParseCondition,
  printRule,
  printCondition,
  printLiteral,
  RuleSyntaxError,
  BUILTIN_FIELDS,
  CALL_FIELD_NAMES,
  DIRECTIONS,
  MAX_RULE_LENGTH,
} from './parser/index.js';
export type {
  ParseOptions,
  ConditionParseOptions,
  SafeResult,
  RuleErrorCode,
  RuleSyntaxErrorOptions,
  RuleAst,
  Condition,
  Comparison,
  CompareOp,
  FieldType,
  Literal,
  Target,
} from './parser/index.js';

// Rules: order (Keys as text), compile, evaluate, explain.
export { compileRules, orderRows, compareKeys } from './rules/index.js';
export type {
  RuleRow,
  CompileOptions,
  RuleContext,
  Decision,
  DecisionTarget,
  CompiledRule,
  CompiledRules,
  RuleWarning,
  ComparisonTrace,
  RuleTrace,
  Explanation,
} from './rules/index.js';

// Lookup: shared shapes.
export type {
  MatchPolicy,
  EntityLookupConfig,
  LookupConfig,
  LookupQuery,
  LookupRecord,
  LookupAdapter,
} from './lookup/types.js';
