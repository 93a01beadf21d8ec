/**
 * `parseDataParam`: what a popped page calls to read its `Data=` parameter.
 *
 * @module
 */
import { CANONICAL, emptyParams, type CallParams } from './names.js';
import { fail, guard } from './errors.js';
import { badValue, modeOf } from './encode.js';

/**
 * Options of {@link parseDataParam}.
 *
 * @example
 * ```ts
 * import { parseDataParam, type ParseDataOptions } from 'screenpop/params';
 * const options: ParseDataOptions = { mode: 'strict' };
 * parseDataParam('?Data=dnis%3D1234', options).dnis; // '1234'
 * ```
 */
export interface ParseDataOptions {
  /**
   * How the values inside `Data=` were encoded.
   * `'auto'` (default) reads both of screenpop's modes exactly and Dynamics
   * Telephony's own URLs as sent; `'legacy'` treats a `%` or `+` left after the
   * first decoding as literal text (except the `%25 %26 %3D %2B` that legacy
   * mode writes for `% & = +`); `'strict'` decodes twice, as `URLSearchParams` would,
   * and refuses malformed escapes.
   */
  readonly mode?: 'legacy' | 'strict' | 'auto';
}

/** A `%` that does not start an escape. */
const MALFORMED = /%(?![\da-f]{2})/i;

/**
 * Form decoding (`+` is a space, `%XX` is UTF-8), refusing malformed escapes:
 * `bad_escape` with the position in `input`, where `s` starts at `base`.
 */
function formDecode(s: string, input: string, base: number): string {
  const bad = MALFORMED.exec(s);
  if (bad) fail('bad_escape', 'Malformed escape', input, base + bad.index, base + bad.index + 1);
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    fail('bad_escape', 'Escapes that are not UTF-8', input, base, base + s.length);
  }
}

/** Legacy inner decoding: only the four escapes legacy mode writes (`%25 %26 %3D %2B`); the rest is literal. */
const legacyDecode = (s: string): string => s.replace(/%(25|26|3d|2b)/gi, decodeURIComponent);

function decodeInner(inner: string, strict: boolean): CallParams {
  const result = emptyParams();
  const seen = new Set<string>();
  const extra: Array<[string, string]> = [];
  let at = 0;
  const decode = (s: string, base: number): string => (strict ? formDecode(s, inner, base) : legacyDecode(s));
  for (const piece of inner.split('&')) {
    const start = at;
    at += piece.length + 1;
    if (!piece) continue;
    // No '=': -1 >>> 0 is 2^32 - 1, so the name is the whole piece and the value ''.
    const eq = piece.indexOf('=') >>> 0;
    const name = decode(piece.slice(0, eq), start);
    const value = decode(piece.slice(eq + 1), start + eq + 1);
    const canon = CANONICAL.get(name.toLowerCase());
    const key = canon ?? name;
    if (seen.has(key)) fail('duplicate_param', `${key} appears twice`, inner, start, at - 1, key);
    seen.add(key);
    if (canon) result[canon] = value;
    else extra.push([name, value]);
  }
  // fromEntries defines own properties, so a name like __proto__ is data, not a prototype.
  result.extra = Object.fromEntries(extra);
  return result;
}

/**
 * Reads the call parameters from a popped page's URL: a full or relative URL,
 * a `?search` string (`location.search`) or a bare query. Finds `Data`
 * case-insensitively; returns all 19 names (`''` when absent, and every
 * value `''` when there is no `Data` at all), with names not among the 19 in
 * `extra`. Known names are matched case-insensitively.
 *
 * @param urlOrSearch - e.g. `location.href` or `location.search`.
 * @param options - {@link ParseDataOptions}; default mode `'auto'`.
 * @throws ParamsError `bad_escape` (malformed or non-UTF-8 escape, never a
 * bare `URIError`), `duplicate_data` (two `Data` parameters), `duplicate_param`
 * (a name twice inside `Data`), `bad_option`, `bad_value` (input not a string,
 * or options whose getters or proxy traps throw).
 * @example
 * ```ts
 * import { parseDataParam } from 'screenpop/params';
 * const p = parseDataParam('CP.html?Data=state%3Dstart%26agent%3DDyn+Crm06%26new_queue%3DVIP');
 * p.state;   // 'start'
 * p.agent;   // 'Dyn Crm06'
 * p.dnis;    // ''
 * p.extra;   // { new_queue: 'VIP' }
 * ```
 */
export function parseDataParam(urlOrSearch: string, options?: ParseDataOptions): CallParams {
  return guard('parseDataParam', () => {
    // 0 auto, 1 legacy, 2 strict.
    const mode = modeOf(options, ['auto', 'legacy', 'strict']);
    if (typeof urlOrSearch !== 'string') badValue('urlOrSearch');
    const head = urlOrSearch.split('#')[0]!;
    const q = head.indexOf('?') + 1;
    // Data in any spelling URLSearchParams decodes to it (D%61ta), as buildPopUrl checks.
    const [first, second] = head.slice(q).matchAll(/(^|&)(d|%[46]4)(a|%[46]1)(t|%[57]4)(a|%[46]1)(=([^&]*))?(?=&|$)/gi);
    if (!first) return emptyParams();
    if (second) fail('duplicate_data', 'Two Data parameters', urlOrSearch, q + second.index, q + second.index + second[0].length);
    const raw = first[7] ?? '';
    const inner = formDecode(raw, urlOrSearch, q + first.index + first[0].length - raw.length);
    // Auto: strict when the value has a + or an escape only strict mode writes, and no malformed escape
    // (Dynamics Telephony itself sends a literal % or + encoded once).
    return decodeInner(inner, mode > 1 || (!mode && /\+|%(?!25|26|3d|2b)[\da-f]{2}/i.test(inner) && !MALFORMED.test(inner)));
  });
}
