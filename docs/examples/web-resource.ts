/**
 * `screenpop/params`, both ends: the host builds the pop URL with `Data=`,
 * the popped web resource reads it back (Greek text, `+`, `&` and `=` included).
 *
 * In your project, import from `'screenpop/params'` (a few kilobytes, no
 * dependencies). test/docs/examples.test.ts runs this file.
 */
import { buildPopUrl, parseDataParam, type CallParams } from '../../src/params/index.js';

export const CALL: Partial<CallParams> = {
  direction: 'queue',
  telephoneNo: '+30 694 618 6715',
  fullName: 'ΝΕΚΤΑΡΙΑ ΚΕΦΑΛΟΝΙΚΑ',
  subject: 'ΕΚΣ-06441 - MRKT-0010324 a+b=c & d',
};

/** The host side, in `legacy` (Dynamics Telephony's byte-compatible) or `strict` mode. */
export function popUrl(mode: 'legacy' | 'strict'): string {
  return buildPopUrl('/WebResources/new_campaign.html', CALL, { mode });
}

/** The web resource side: `parseDataParam(location.search)`. */
export function readBack(url: string): CallParams {
  return parseDataParam(url.slice(url.indexOf('?')));
}
