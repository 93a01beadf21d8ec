/**
 * Lint of a `dialerKVTable`: mistakes found before a call does.
 * @module
 */
export { lintConfig, implies } from './lint.js';
export type { Finding, LintCode, LintOptions, Severity } from './lint.js';
