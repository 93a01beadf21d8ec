/**
 * Lint a `dialerKVTable` before a customer calls: here, Keys that sort as
 * text (`1`, `10`, `2`) and a rule that can never decide.
 *
 * In your project, import from `'screenpop'`. test/docs/examples.test.ts runs this file.
 */
import { lintConfig, type Finding, type KvRow } from '../../src/index.js';

const rule = (key: string, value: string): KvRow => ({ scope: 'global', name: 'customURL_Rule', key, value });

export const ROWS: readonly KvRow[] = [
  rule('1', 'lookupCount=0 => /WebResources/new_unknown.html'),
  rule('2', 'direction=inbound => default'),
  rule('10', 'lookupCount=0 && dnis=1234 => /WebResources/new_sales_unknown.html'),
];

/** The findings, as `screenpop lint` prints them. */
export function lint(): Finding[] {
  return lintConfig(ROWS);
}
