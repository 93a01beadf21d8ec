/**
 * Stored phone values read as the lookup core reads them, without a phone
 * library: the in-host lookups verify candidates with these, so the host
 * bundles never load libphonenumber-js. They mirror `canonicalPhone` and
 * `matchesLastDigits` of src/lookup/phone.ts character for character; a
 * property test (test/hosts/stored.test.ts) holds them equal.
 *
 * @module
 */

/** Digits, white space and the separators numbers are written with: + ( ) - . / */
function isPhoneChar(c: number): boolean {
  return (
    (c >= 48 && c <= 57) ||
    c === 32 || c === 9 || c === 0xa0 ||
    c === 43 || c === 40 || c === 41 || c === 45 || c === 46 || c === 47 ||
    (c >= 0x2010 && c <= 0x2015)
  );
}

/** Where the number part ends: the first letter, `#`, `;` or `,` after a digit. */
function bodyEnd(value: string): number {
  let seenDigit = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) seenDigit = true;
    else if (seenDigit && ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 35 || c === 59 || c === 44)) return i;
  }
  return value.length;
}

/**
 * The compared form of a stored value: extension dropped, `(0)` after a
 * country code dropped, `+` or a leading `00` kept as `+`, separators
 * dropped; `=` + the trimmed text when it is not a number.
 * @internal
 */
export function storedForm(value: string): string {
  const end = bodyEnd(value);
  const start = /^\s*tel:/i.test(value) ? value.indexOf(':') + 1 : 0;
  let out = '';
  let plus = false;
  let seenDigit = false;
  for (let i = start; i < end; i++) {
    const c = value.charCodeAt(i);
    if (!isPhoneChar(c)) return `=${value.trim()}`;
    if (c >= 48 && c <= 57) {
      if (c === 48 && i > 0 && value.charCodeAt(i - 1) === 40 && value.charCodeAt(i + 1) === 41 && seenDigit) continue;
      out += value[i];
      seenDigit = true;
    } else if (c === 43 && !seenDigit) {
      plus = true;
    }
  }
  if (plus) return `+${out}`;
  if (out.length > 2 && out.startsWith('00')) return `+${out.slice(2)}`;
  return out;
}

/**
 * `lastDigits` verification: the last `n` digits are the caller's, and a value
 * written internationally is the caller's number exactly.
 * @internal
 */
export function storedMatchesLastDigits(stored: string, e164: string, n: number): boolean {
  const c = storedForm(stored);
  if (c.startsWith('+')) return c === e164;
  const digits = e164.slice(1);
  return c.length >= n && digits.length >= n && c.slice(-n) === digits.slice(-n);
}
