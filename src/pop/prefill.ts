/**
 * What a `new` pop's form is prefilled with: the caller's number when it is a
 * readable E.164 number, plus the `newRecordField` rows of the entity.
 *
 * @module
 */
import { fillPrefillTemplate, type PopConfig } from '../config/pop.js';
import type { CallParams } from '../params/names.js';
import { prefillNumber, type LookupResult } from '../lookup/lookup.js';
import { expectObject } from '../errors/guard.js';

/**
 * The caller's number as a new record may store it: the lookup's
 * `prefillNumber` (its E.164 number when the number reader read a possible
 * number of its country), unless the lookup failed; otherwise undefined — a
 * withheld caller (`anonymous`, `UNKNOWN`), a SIP URI whose user is not a
 * number, junk, an internal extension prefill nothing. The one place
 * `resolveScreenPop` asks (issue #12 item 6).
 *
 * @example
 * ```ts
 * import { readablePrefillNumber } from 'screenpop';
 * readablePrefillNumber({ normalized: '+353868561713', internal: false }); // '+353868561713'
 * readablePrefillNumber({ normalized: '+353868561713', internal: true }); // undefined
 * readablePrefillNumber({ reason: 'withheld', internal: false }); // undefined
 * ```
 */
export function readablePrefillNumber(lookup: Partial<Pick<LookupResult, 'normalized' | 'internal' | 'reason'>> & { readonly error?: unknown }): string | undefined {
  expectObject(lookup, 'lookup', ['error', 'reason', 'normalized', 'internal']);
  if (lookup.error !== undefined || lookup.reason !== undefined) return undefined;
  return prefillNumber(lookup);
}

/**
 * The prefill of a new `entity` form: `phoneField` set to the readable
 * number (when there is one), then each `newRecordField` row of the entity
 * (a row wins over the phone field when both set one attribute; an empty
 * result sets nothing). Keys are attributes as configured.
 * @internal
 */
export function prefillFor(
  entity: string,
  phoneField: string | undefined,
  number: string | undefined,
  params: Readonly<CallParams>,
  config: PopConfig,
): Readonly<Record<string, string>> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  if (phoneField !== undefined && number !== undefined) out[phoneField] = number;
  for (const f of config.newRecordFields) {
    if (f.entity !== entity) continue;
    const value = fillPrefillTemplate(f.parts, params);
    if (value !== '') out[f.attribute] = value;
  }
  // A plain object (JSON, spreads, host APIs), frozen.
  return Object.freeze({ ...out });
}
