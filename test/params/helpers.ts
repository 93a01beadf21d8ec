/**
 * How the two kinds of popped page read their URL, written exactly as they do.
 */

/** One name=value pair as a page sees it; `value` is undefined when the pair has no `=`. */
export type Pair = readonly [name: string, value: string | undefined];

/**
 * A type-1 page: Microsoft's classic web-resource sample. It splits
 * `location.search` on `&` and `=` (turning `+` into spaces), finds `data`
 * case-insensitively, then `decodeURIComponent`s that value once, splits it on
 * `&` and `=` and turns `+` into spaces, with no second decoding.
 * Returns the pairs the page sees (name, and the text between the first and second `=`).
 */
export function type1Pairs(search: string): Pair[] {
  return type1Pieces(search).map((v) => [v[0]!, v[1]] as const);
}

/** What a type-1 page splits: each pair's pieces around `=` (two when nothing was forged). */
export function type1Pieces(search: string): string[][] {
  const outer = search.slice(1).split('&').map((v) => v.replace(/\+/g, ' ').split('='));
  const data = outer.find((v) => v[0]!.toLowerCase() === 'data');
  if (!data || !data[1]) return [];
  return decodeURIComponent(data[1])
    .split('&')
    .map((v) => v.replace(/\+/g, ' ').split('='));
}

/** A type-2 page: `new URLSearchParams(new URLSearchParams(location.search).get('Data'))`. */
export function type2Params(search: string): URLSearchParams {
  return new URLSearchParams(new URLSearchParams(search).get('Data') ?? '');
}

/** The value of a single-character `subject` in a built Data value (everything after `subject%3D`). */
export function subjectOf(data: string): string {
  return data.slice(data.indexOf('%26subject%3D') + '%26subject%3D'.length);
}

/**
 * .NET `WebUtility.UrlEncode` for one ASCII character: `A-Z a-z 0-9 - _ . ! * ( )`
 * unchanged, space as `+`, everything else `%XX` with uppercase hex.
 */
export function dotnetUrlEncode(c: number): string {
  const ch = String.fromCharCode(c);
  if (/^[A-Za-z0-9\-_.!*()]$/.test(ch)) return ch;
  if (c === 32) return '+';
  return `%${c.toString(16).toUpperCase().padStart(2, '0')}`;
}
