/**
 * Pop URLs: the safety policy shared with the rule parser, `{name}`
 * placeholders, and {@link buildPopUrl}.
 *
 * @module
 */
import { CALL_PARAM_NAMES, CANONICAL, type CallParams } from './names.js';
import { fail, guard } from './errors.js';
import { Enc, badValue, buildDataParam, encodeValue, type BuildOptions } from './encode.js';

/**
 * Where and why a URL is refused; offsets are UTF-16 code units into the URL.
 *
 * @example
 * ```ts
 * import { urlSafetyProblem, type UrlProblem } from 'screenpop/params';
 * const problem: UrlProblem | undefined = urlSafetyProblem('javascript:alert(1)');
 * problem?.offset; // 0
 * ```
 */
export interface UrlProblem {
  /** The problem in one sentence. */
  readonly reason: string;
  /** Where it starts. */
  readonly offset: number;
  /** How many code units it covers (0 for an empty URL). */
  readonly length: number;
}

/**
 * The refusals of {@link urlSafetyProblem}, in order: a pattern (its match is
 * the problem, or with `1` its match's last character) and why. Every pattern
 * is anchored or a one-character search, so each check is linear in the URL's
 * length (lookbehinds rescanned the URL at every position: 40 KB took seconds).
 * @internal exported for the structural ReDoS test.
 */
export const RULES: ReadonlyArray<readonly [RegExp, string, 1?]> = [
  [/^$/, 'Empty URL'],
  [/[\s\0-\x1f\x7f-\x9f]/, 'Control character or white space (write %20)'],
  [/\\/, 'Backslash (browsers read it as /)'],
  // A `{` before the first of / ? #, when a `:` (the scheme's) comes first.
  [/^[^/?#:{]*{(?=[^/?#]*:)/, 'Placeholder in the scheme', 1],
  [/^(?!https?:)[^/?#:]*:/i, 'Scheme other than http: or https:'],
  // By now a scheme, if any, is http(s): these two read the origin as ORIGIN does.
  [/^([^/?#:]*:|\/\/)\/*(?=[?#]|$)/, 'No host'],
  [/^([^/?#:]*:|\/\/)\/*[^/?#{]*{/, 'Placeholder in the host', 1],
  [/^{/, 'Placeholder at the start of a relative URL'],
];

/** The dot segments browsers resolve: `.` and `..`, with `.` also written `%2e`. */
const DOTS = /^(\.|%2e){1,2}$/i;

/** The scheme and authority of an absolute or `//` URL (leading slashes skipped as browsers do). */
const ORIGIN = /^([^/?#:]*:|\/\/)\/*[^/?#]*/;

/**
 * Why `url` may not be popped, or `undefined` when it may. The rule parser
 * (`unsafe_url`) and {@link buildPopUrl} share this policy:
 *
 * - absolute URLs must be `http:` or `https:`; `//host/path` (protocol-relative)
 *   and relative URLs (`/WebResources/new_cp.html`, `CP.html`, `?x=1`) are fine;
 *   any other scheme (`javascript:`, `data:`, `vbscript:`, `file:`, in any case) is refused;
 * - no control characters or white space anywhere (browsers strip `java\tscript:`),
 *   no backslashes (`/\evil.com` is protocol-relative in browsers);
 * - `{placeholder}`s only in the path, query and fragment: never in the scheme
 *   or host, and a relative URL must not start with one;
 * - an absolute or `//` URL must have a host.
 *
 * The URL is checked as written, placeholders unsubstituted.
 *
 * @throws {@link ParamsError} `bad_value` when `url` is not a string.
 * @example
 * ```ts
 * import { urlSafetyProblem } from 'screenpop/params';
 * urlSafetyProblem('/WebResources/new_cp.html?id={customerID}'); // undefined
 * urlSafetyProblem('JaVaScRiPt:alert(1)');
 * // { reason: 'Scheme other than http: or https:', offset: 0, length: 11 }
 * ```
 */
export function urlSafetyProblem(url: string): UrlProblem | undefined {
  if (typeof url !== 'string') badValue('url');
  for (const [pattern, reason, last] of RULES) {
    const m = pattern.exec(url);
    if (m) return { reason, offset: last ? m[0].length - 1 : m.index, length: last ?? m[0].length };
  }
  return undefined;
}

/**
 * The names `{name}` placeholders may use: the 19 call parameters (matched
 * case-insensitively), plus the keys of `extra` when building a URL.
 *
 * @example
 * ```ts
 * import { PLACEHOLDER_NAMES } from 'screenpop/params';
 * PLACEHOLDER_NAMES.includes('telephoneNo'); // true
 * ```
 */
export const PLACEHOLDER_NAMES: readonly string[] = CALL_PARAM_NAMES;

/**
 * One `{name}` in a URL.
 *
 * @example
 * ```ts
 * import { findPlaceholders, type PlaceholderMatch } from 'screenpop/params';
 * const [first]: PlaceholderMatch[] = findPlaceholders('/cp.html?n={DNIS}');
 * first?.name; // 'dnis'
 * ```
 */
export interface PlaceholderMatch {
  /** The placeholder as written, braces included, e.g. `{DNIS}`. */
  readonly text: string;
  /** Canonical name (`dnis`), or `undefined` when it names no parameter. */
  readonly name: string | undefined;
  /** Offset of `{` in the URL. */
  readonly offset: number;
  /** Length of {@link PlaceholderMatch.text}. */
  readonly length: number;
}

/**
 * Every `{name}` placeholder in `url`, in order, with its canonical name
 * (`{DNIS}` → `dnis`; spaces inside the braces are ignored) or `undefined`
 * for an unknown name (which {@link buildPopUrl} refuses as `unknown_placeholder`).
 *
 * @param extraNames - host field names that may also be used. Default: none.
 * @throws {@link ParamsError} `bad_value` when `url` is not a string, or
 * `extraNames` is not an array of strings that can be read.
 * @example
 * ```ts
 * import { findPlaceholders } from 'screenpop/params';
 * findPlaceholders('/x.html?n={TelephoneNo}&q={queue}').map((p) => p.name); // ['telephoneNo', undefined]
 * ```
 */
export function findPlaceholders(url: string, extraNames: readonly string[] = []): PlaceholderMatch[] {
  if (typeof url !== 'string') badValue('url');
  return guard('findPlaceholders', () =>
    [...url.matchAll(/\{([^{}]*)\}/g)].map((m) => ({
      text: m[0],
      name: canonical(m[1]!, extraNames),
      offset: m.index,
      length: m[0].length,
    })),
  );
}

/** The canonical spelling of a placeholder name among the 19 and `extraNames`, case-insensitively. */
function canonical(raw: string, extraNames: readonly string[]): string | undefined {
  const wanted = raw.trim().toLowerCase();
  return CANONICAL.get(wanted) ?? extraNames.find((n) => n.toLowerCase() === wanted);
}

/**
 * Substitutes placeholders. Values are percent-encoded, so they cannot add a
 * separator; this also refuses a value that makes a `.`/`..` path segment or
 * an empty value that turns `/{x}/y` into `//y` (another host).
 */
function substitute(url: string, params: Partial<CallParams>): string {
  const extra: Record<string, unknown> = params.extra ?? {};
  const names = Object.keys(extra);
  const out = url.replace(/\{([^{}]*)\}/g, (text, raw: string, at: number) => {
    const name = canonical(raw, names) ?? fail('unknown_placeholder', `Unknown placeholder ${text}`, url, at, at + text.length);
    return encodeValue(CANONICAL.has(name.toLowerCase()) ? params[name as keyof CallParams] : extra[name], name, Enc.Place);
  });
  // Values are encoded (no / ? #), so path segments before and after line up one to one.
  // Only a placeholder in the path (before any ? or #; never in the origin) can change them.
  if (/^[^?#]*\{/.test(url)) {
    const segments = (u: string) => u.replace(ORIGIN, '').split(/[?#]/)[0]!.split('/');
    const before = segments(url);
    if (segments(out).some((s, i) => DOTS.test(s) && !DOTS.test(before[i]!)) || (!url.startsWith('//') && out.startsWith('//'))) {
      fail('unsafe_url', 'A placeholder value makes a dot segment or a leading //', url);
    }
  }
  return out;
}

/**
 * The URL to pop: `url` with its `{name}` placeholders substituted (values
 * percent-encoded as UTF-8, space as `%20`) and `Data=` appended to the query,
 * before any `#fragment`: `CP.html` → `CP.html?Data=…`, `?x=1` → `?x=1&Data=…`,
 * `p.html#top` → `p.html?Data=…#top`.
 *
 * @param url - an http(s), protocol-relative or relative URL (see {@link urlSafetyProblem}).
 * @param params - the call's values; absent names are sent empty.
 * @param options - {@link BuildOptions}; default mode `'legacy'`.
 * @throws {@link ParamsError} `unsafe_url`, `unknown_placeholder`,
 * `duplicate_data` (the URL already has a `Data` parameter), `bad_value` (a URL
 * that is not a string, arguments whose getters or proxy traps throw), and every
 * error of {@link buildDataParam}.
 * @example
 * ```ts
 * import { buildPopUrl } from 'screenpop/params';
 * buildPopUrl('/WebResources/new_cp.html?src=dt#top', { dnis: '1234' });
 * // '/WebResources/new_cp.html?src=dt&Data=state%3D%26type%3D…%26dnis%3D1234%26…%26subject%3D#top'
 * buildPopUrl('https://crm.example.com/x/{dnis}.html', { dnis: 'A B' });
 * // 'https://crm.example.com/x/A%20B.html?Data=state%3D…%26dnis%3DA+B%26…'
 * ```
 */
export function buildPopUrl(url: string, params: Partial<CallParams>, options?: BuildOptions): string {
  return guard('buildPopUrl', () => assemblePopUrl(checkPopUrl(url), params, options));
}

/** A `Data` parameter name, letters written plain or percent-encoded, in any case. @internal used by the rule parser too. */
export const DATA_NAME = /[?&](d|%[46]4)(a|%[46]1)(t|%[57]4)(a|%[46]1)(?=[=&]|$)/i;

/** `url` when {@link buildPopUrl} may pop it; else throws its `bad_value` or `unsafe_url`. @internal */
export function checkPopUrl(url: string): string {
  const p = urlSafetyProblem(url);
  if (p) fail('unsafe_url', p.reason, url, p.offset, p.offset + Math.max(1, p.length));
  return url;
}

/** {@link buildPopUrl} of a URL {@link checkPopUrl} accepted. @internal */
export function assemblePopUrl(url: string, params: Partial<CallParams>, options?: BuildOptions): string {
  const data = buildDataParam(params, options);
  return placeData(substitute(url, params), data);
}

/** A substituted URL with `Data=` placed before its fragment; `duplicate_data` when its query already has one. @internal */
export function placeData(target: string, data: string): string {
  const hash = target.indexOf('#');
  const base = hash < 0 ? target : target.slice(0, hash);
  const q = base.indexOf('?');
  // Any spelling a page's URLSearchParams decodes to Data: `DATA`, `D%61ta`, `%44%41%54%41`.
  // (Without a query, q is -1 and the slice is one character: no match.)
  const dup = DATA_NAME.exec(base.slice(q));
  if (dup) fail('duplicate_data', 'The URL already has a Data parameter', target, q + dup.index + 1, q + dup.index + dup[0].length);
  const sep = q < 0 ? '?' : /[?&]$/.test(base) ? '' : '&';
  return `${base}${sep}Data=${data}${hash < 0 ? '' : target.slice(hash)}`;
}
