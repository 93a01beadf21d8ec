/**
 * The rule language: parse `customURL_Rule` Values and conditions, print them back.
 * @module
 */
export { parseRule, safeParseRule, parseCondition, safeParseCondition, MAX_RULE_LENGTH, MAX_NESTING } from './parse.js';
export type { ParseOptions, ConditionParseOptions, SafeResult } from './parse.js';
export type { PrintOptions } from './print.js';
export { printRule, printCondition, printLiteral } from './print.js';
export { RuleSyntaxError } from './errors.js';
export type { RuleErrorCode, RuleSyntaxErrorOptions } from './errors.js';
export { BUILTIN_FIELDS, DIRECTIONS } from './fields.js';
export type * from './ast.js';
