/**
 * Pop URLs read once per rule: {@link compilePopUrl} gives what
 * `assemblePopUrl` gives, without finding and resolving the placeholders on
 * every pop. Internal to the pop (not in the `screenpop/params` entry, which
 * has a size budget); a property test checks it against `assemblePopUrl`.
 *
 * @module
 */
import { CANONICAL, type CallParams } from './names.js';
import { buildDataParam, encodeValue, Enc, type BuildOptions } from './encode.js';
import { assemblePopUrl, placeData } from './url.js';

/** A rule's URL with the call's values put in: `(params, options) → URL`. @internal */
export type PopUrlAssembler = (params: Partial<CallParams>, options?: BuildOptions) => string;

/**
 * The assembler of a URL `checkPopUrl` accepted: the same URL, the same
 * errors as `assemblePopUrl(url, params, options)`. A URL whose placeholders
 * all name call parameters and stand after the path is split once into
 * literal text and names; any other (a host field, an unknown name, a
 * placeholder in the path, whose values are checked for dot segments) is
 * left to `assemblePopUrl` on each call.
 * @internal
 */
export function compilePopUrl(url: string): PopUrlAssembler {
  const generic: PopUrlAssembler = (params, options) => assemblePopUrl(url, params, options);
  // As `substitute`: a placeholder before any ? or # is checked value by value.
  if (/^[^?#]*\{/.test(url)) return generic;
  const literals: string[] = [];
  const names: Array<keyof CallParams> = [];
  let last = 0;
  for (const m of url.matchAll(/\{([^{}]*)\}/g)) {
    // A call parameter's name wins over a host field's, as in `substitute`.
    const name = CANONICAL.get(m[1]!.trim().toLowerCase());
    if (name === undefined) return generic;
    literals.push(url.slice(last, m.index));
    names.push(name as keyof CallParams);
    last = m.index + m[0].length;
  }
  const tail = url.slice(last);
  return (params, options) => {
    const data = buildDataParam(params, options);
    let target = '';
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      target += literals[i]! + encodeValue(params[name], name, Enc.Place);
    }
    return placeData(target + tail, data);
  };
}
