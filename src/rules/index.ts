/**
 * Ordering, compiling, evaluating and explaining `customURL_Rule` rows.
 * @module
 */
export { compileRules } from './compile.js';
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
} from './compile.js';
export { compareKeys, orderRows } from './order.js';
