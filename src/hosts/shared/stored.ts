/**
 * Stored phone values compared with the caller's variants without a phone
 * library, so the host bundles never load libphonenumber-js. The core
 * (`lookupCaller`, which has the numbering plans) already wrote the caller's
 * number in every stored format it knows (`query.variants`); a host lookup
 * only checks that a stored value is one of them, **ignoring punctuation**:
 * the digits, with a leading `+` kept (so `+20 7946 0958` is never
 * `020 7946 0958`), the extension dropped. No `00` → `+`, no `(0)`, no trunk
 * prefix reading: those need the plan, and the variants already carry the
 * forms they produce.
 *
 * @module
 */

/** Digits, white space and the separators numbers are written with: + ( ) - . / and soft hyphen, dashes. @internal */
export function isPhoneChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) ||
    c === 32 || c === 9 || c === 0xa0 || c === 0xad ||
    c === 43 || c === 40 || c === 41 || c === 45 || c === 46 || c === 47 ||
    (c >= 0x2010 && c <= 0x2015)
  );
}

/**
 * A value's number ignoring punctuation: `+` (when it leads) and the digits,
 * up to an extension (a letter, `#`, `;` or `,` after a digit). A value with
 * other characters before that is not a number: `=` + the text, lower case,
 * so only the same text matches it.
 * @internal
 */
export function plainNumber(value: string): string {
  let out = '';
  let plus = false;
  let seenDigit = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      out += value[i];
      seenDigit = true;
    } else if (seenDigit && ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 35 || c === 59 || c === 44)) {
      break; // an extension or a dial-string pause
    } else if (c === 43 && !seenDigit && !plus && out === '') {
      plus = true;
    } else if (!isPhoneChar(c)) {
      return `=${value.trim().toLowerCase()}`;
    }
  }
  if (out === '') return `=${value.trim().toLowerCase()}`;
  return plus ? `+${out}` : out;
}

/**
 * The extension after a value's number: the digits after the point where
 * {@link plainNumber} stops (`x12`, `ext. 12`, `;ext=1-2`, `#12`, `,,123`),
 * read across separators up to the first letter or other text after them
 * (`x12 (home)` is `12`); undefined when no digit follows (`(home)`) or the
 * value is not a number. Any digits after the number count (`mobile 2` is
 * `2`), so a value that may hold another extension is never taken for the
 * caller's. Agrees with `storedExtension` on the usual forms, without the
 * phone library.
 * @internal
 */
export function plainExtension(value: string): string | undefined {
  let i = 0;
  let seenDigit = false;
  for (; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) seenDigit = true;
    else if (seenDigit && ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 35 || c === 59 || c === 44)) break;
    else if (!isPhoneChar(c)) return undefined;
  }
  let ext = '';
  for (; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) ext += value[i];
    else if (ext !== '' && !isPhoneChar(c)) break;
  }
  return ext === '' ? undefined : ext;
}

/**
 * `lastDigits` verification: the last `n` digits are the caller's; a value
 * written internationally (`+`, `00`) must be the caller's number exactly, so
 * a number of another country with the same trailing digits never matches.
 * @internal
 */
export function lastDigitsMatch(stored: string, e164: string, n: number): boolean {
  const p = plainNumber(stored);
  if (p.startsWith('=')) return false;
  if (p.startsWith('+')) return p === e164;
  if (p.startsWith('00')) return `+${p.slice(2)}` === e164;
  const digits = e164.slice(1);
  return p.length >= n && digits.length >= n && p.slice(-n) === digits.slice(-n);
}
