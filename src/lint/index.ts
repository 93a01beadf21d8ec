/**
 * Lint of a `dialerKVTable`: mistakes found before a call does.
 * @module
 */
export { lintConfig, implies } from './lint.js';
export type { Finding, FindingPosition, LintCode, LintOptions, Severity } from './lint.js';
export { lintKvText } from './text.js';
export { csvRowLocator, jsonRowLocator } from './positions.js';
export type { RowLocator, TextPoint } from './positions.js';
export type { LintTextOptions, LintTextResult } from './text.js';
