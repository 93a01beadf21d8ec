/**
 * Lint of the stored-format settings: `lookupLastDigits` without
 * `storedPhoneFormats` (see `docs/lookup.md#stored-formats`).
 *
 * @module
 */
import type { LookupConfig } from '../lookup/types.js';
import type { Finding } from './lint.js';

/**
 * A `last_digits_without_formats` warning when the configuration matches on
 * the last N digits but names no stored formats: an exact-match adapter
 * (Dataverse) asks `endswith(field, '<last N digits>')`, which misses every
 * stored value written with a separator inside those digits
 * (`020 7946 0958` does not end with `79460958`).
 * @internal
 */
export function storedFormatFindings(config: LookupConfig): Finding[] {
  if (config.lastDigits === undefined || (config.storedFormats !== undefined && config.storedFormats.length > 0)) return [];
  return [
    {
      code: 'last_digits_without_formats',
      severity: 'warning',
      message: `lookupLastDigits is ${config.lastDigits} but no storedPhoneFormats rows say how numbers are stored: the Dataverse adapter's endswith(field, '<last ${config.lastDigits} digits>') misses every value with a space, dash or bracket among those digits`,
      hint: 'Run "screenpop formats <export>" on a CRM export and import the storedPhoneFormats rows it prints (docs/lookup.md#stored-formats).',
    },
  ];
}
