#!/usr/bin/env node
/**
 * Derives the peer-judged phone-matching fixture (test/fixtures/phone-verdicts.json):
 * pairs of a stored CRM value and a caller ID, with the region the CRM reads
 * national numbers in, and the verdict libphonenumber gives, re-derived here
 * with libphonenumber-js and its full ("max") metadata. screenpop's code is
 * not imported: the expected verdict is the peer's, and the test only
 * computes ours (test/lookup/verdicts.test.ts).
 *
 * Cases:
 * - the input strings of libphonenumber's own tests (PhoneNumberUtilTest:
 *   isNumberMatch, parse with national and international prefixes, phone
 *   context, extensions, non-ASCII; ShortNumberInfoTest's short codes;
 *   libphonenumber-js's parse and IDD tests), the caller being the first
 *   number of an isNumberMatch pair (the one that carries its country);
 * - caller IDs as switches and CTI hosts send them, and stored values as
 *   people type them, for 40 regions: each region's own international prefix,
 *   a trunk prefix typed after the country code, SIP and tel URIs, extensions
 *   and dial-string pauses, full-width forms, withheld and junk caller IDs,
 *   and numbers of other countries sharing trailing digits.
 *
 * The peer's verdict ("match" or "no_match"):
 * 1. Each side is read as libphonenumber reads it: full-width forms folded
 *    (NFKC, as PhoneNumberUtil.normalizeDigits and PLUS_CHARS do), a SIP
 *    name-addr reduced to its URI and a sip:/sips: URI to its user part
 *    (RFC 3261 §19.1.1: a telephone-subscriber), a tel: URI built into a
 *    number as PhoneNumberUtil.buildNationalNumberForParsing does (a global
 *    phone-context is prefixed, isub and other parameters dropped, ext= kept),
 *    then parsePhoneNumberFromString(text, { defaultCountry: region }).
 * 2. A caller ID that does not parse, or is not a possible number
 *    (isPossible), matches nothing: a withheld or junk caller ID identifies
 *    no one (issue #12: junk never matches junk).
 * 3. Without a region, a stored value that does not parse is read in the
 *    caller's country, as isNumberMatch(PhoneNumber, String) does (NSN_MATCH);
 *    when neither side carries a country, their national digits are
 *    compared as written (isNumberMatch's fallback, NSN_MATCH).
 * 4. The numbers match when their E.164 forms are equal (EXACT_MATCH or
 *    NSN_MATCH) and their extensions do not differ; an extension on one side
 *    only does not make another number (screenpop pops the contact on the
 *    main number). A national number that is only a suffix of the other
 *    (SHORT_NSN_MATCH) does not match: no partial number identifies anyone.
 *
 * Run: node scripts/derive-phone-verdicts.mjs   (rewrites the fixture)
 *      node scripts/derive-phone-verdicts.mjs --check   (fails if it is stale)
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Metadata, getCountryCallingCode, getExampleNumber, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/examples.mobile.json';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'test', 'fixtures', 'phone-verdicts.json');
const pkg = JSON.parse(readFileSync(join(root, 'node_modules', 'libphonenumber-js', 'package.json'), 'utf8'));

// ---------------------------------------------------------------------------
// The peer: libphonenumber-js with full metadata, and the published readings of URIs.

/** A SIP or tel URI (or a name-addr holding one) as the number libphonenumber parses. */
function peerText(raw) {
  let s = raw.normalize('NFKC').trim();
  const lt = s.indexOf('<');
  const gt = s.indexOf('>', lt);
  if (lt >= 0 && gt > lt) s = s.slice(lt + 1, gt).trim();
  if (/^sips?:/i.test(s)) {
    s = s.replace(/^sips?:/i, '');
    const at = s.lastIndexOf('@');
    if (at >= 0) s = s.slice(0, at);
    try {
      s = decodeURIComponent(s);
    } catch {
      /* kept as written */
    }
    s = `tel:${s}`;
  }
  if (/^tel:/i.test(s)) {
    const [number, ...params] = s.slice(4).split(';');
    let context;
    let ext;
    for (const p of params) {
      const [name, value = ''] = p.split('=');
      if (name.trim().toLowerCase() === 'phone-context') context = value.trim();
      if (name.trim().toLowerCase() === 'ext') ext = value.trim();
    }
    let n = context !== undefined && context.startsWith('+') ? `${context}${number}` : number;
    if (ext) n += ` ext. ${ext}`;
    return n;
  }
  return s;
}

function read(text, region) {
  try {
    return parsePhoneNumberFromString(peerText(text), region ? { defaultCountry: region } : undefined);
  } catch {
    return undefined;
  }
}

const metadata = new Metadata();
function regionOf(callingCode) {
  metadata.selectNumberingPlan(callingCode);
  const list = metadata.getCountryCodesForCallingCode?.(callingCode);
  return list?.[0];
}

/** The peer's verdict on one pair, and why. */
export function peerVerdict(stored, caller, region) {
  const c = read(caller, region);
  if (c === undefined && region === undefined && !peerText(caller).includes('+') && read(stored, undefined) === undefined) {
    // Neither side carries a country and there is no region: isNumberMatch compares the
    // national numbers as written (NSN_MATCH when equal; leading zeros count).
    const digits = (t) => peerText(t).replace(/(?:ext|x|#|;|,).*$/i, '').replace(/\D/g, '');
    const a = digits(caller);
    return a.length >= 2 && a === digits(stored) ? ['match', 'equal national numbers, no country (NSN_MATCH)'] : ['no_match', 'different national numbers, no country'];
  }
  if (c === undefined) return ['no_match', 'the caller ID does not parse'];
  if (!c.isPossible()) return ['no_match', 'the caller ID is not a possible number'];
  let s = read(stored, region);
  if (s === undefined && region === undefined) s = read(stored, c.country ?? regionOf(c.countryCallingCode));
  if (s === undefined) return ['no_match', 'the stored value does not parse'];
  if (c.ext && s.ext && c.ext !== s.ext) return ['no_match', 'the extensions differ'];
  return s.number === c.number ? ['match', `both read as ${c.number}`] : ['no_match', `${s.number} is not ${c.number}`];
}

// ---------------------------------------------------------------------------
// Cases from libphonenumber's and libphonenumber-js's own tests: [stored, caller, region, source, Java MatchType?].

const LIBPHONENUMBER = [
  ["033316005", "+6433316005", "NZ", "testParseNationalNumber"],
  ["33316005", "+6433316005", "NZ", "testParseNationalNumber"],
  ["03-331 6005", "+6433316005", "NZ", "testParseNationalNumber"],
  ["03 331 6005", "+6433316005", "NZ", "testParseNationalNumber"],
  ["tel:03-331-6005;phone-context=+64", "+6433316005", "NZ", "testParseNationalNumber"],
  ["tel:331-6005;phone-context=+64-3", "+6433316005", "NZ", "testParseNationalNumber"],
  ["tel:331-6005;phone-context=+64-3", "+6433316005", "US", "testParseNationalNumber"],
  ["tel:03-331-6005;phone-context=+64;a=%A1", "+6433316005", "NZ", "testParseNationalNumber"],
  ["tel:03-331-6005;isub=12345;phone-context=+64", "+6433316005", "NZ", "testParseNationalNumber"],
  ["tel:+64-3-331-6005;isub=12345", "+6433316005", "NZ", "testParseNationalNumber"],
  ["03-331-6005;phone-context=+64", "+6433316005", "NZ", "testParseNationalNumber"],
  ["0064 3 331 6005", "+6433316005", "NZ", "testParseNationalNumber"],
  ["01164 3 331 6005", "+6433316005", "US", "testParseNationalNumber"],
  ["+64 3 331 6005", "+6433316005", "US", "testParseNationalNumber"],
  ["+01164 3 331 6005", "+6433316005", "US", "testParseNationalNumber"],
  ["+0064 3 331 6005", "+6433316005", "NZ", "testParseNationalNumber"],
  ["+ 00 64 3 331 6005", "+6433316005", "NZ", "testParseNationalNumber"],
  ["tel:253-0000;phone-context=www.google.com", "+12530000", "US", "testParseNationalNumber"],
  ["tel:253-0000;isub=12345;phone-context=www.google.com", "+12530000", "US", "testParseNationalNumber"],
  ["tel:2530000;isub=12345;phone-context=1234.com", "+12530000", "US", "testParseNationalNumber"],
  ["301/23456", "+4930123456", "DE", "testParseNationalNumber"],
  ["+1 (650) 253-0000", "+16502530000", "NZ", "testParseWithInternationalPrefixes"],
  ["011 800 1234 5678", "+80012345678", "US", "testParseWithInternationalPrefixes"],
  ["1-650-253-0000", "+16502530000", "US", "testParseWithInternationalPrefixes"],
  ["0011-650-253-0000", "+16502530000", "SG", "testParseWithInternationalPrefixes"],
  ["0081-650-253-0000", "+16502530000", "SG", "testParseWithInternationalPrefixes"],
  ["0191-650-253-0000", "+16502530000", "SG", "testParseWithInternationalPrefixes"],
  ["0~01-650-253-0000", "+16502530000", "PL", "testParseWithInternationalPrefixes"],
  ["++1 (650) 253-0000", "+16502530000", "PL", "testParseWithInternationalPrefixes"],
  ["＋1 (650) 253-0000", "+16502530000", "SG", "testParseNonAscii"],
  ["1 (650) 253­-0000", "+16502530000", "US", "testParseNonAscii"],
  ["+39 02-36618 300", "+390236618300", "NZ", "testParseWithLeadingZero"],
  ["02-36618 300", "+390236618300", "IT", "testParseWithLeadingZero"],
  ["345 678 901", "+39345678901", "IT", "testParseWithLeadingZero"],
  ["911 876 54321", "+5491187654321", "AR", "testParseNationalNumberArgentina"],
  ["+64 3 331 6005", "+6433316005", "ZZ", "testParseNumbersWithPlusWithNoRegion"],
  ["＋64 3 331 6005", "+6433316005", "ZZ", "testParseNumbersWithPlusWithNoRegion"],
  ["Tel: +64 3 331 6005", "+6433316005", "ZZ", "testParseNumbersWithPlusWithNoRegion"],
  ["tel:03-331-6005;phone-context=+64", "+6433316005", "ZZ", "testParseNumbersWithPlusWithNoRegion"],
  [" tel:03-331-6005;phone-context=+64", "+6433316005", "ZZ", "testParseNumbersWithPlusWithNoRegion"],
  ["tel:03-331-6005;isub=12345;phone-context=+64", "+6433316005", "ZZ", "testParseNumbersWithPlusWithNoRegion"],
  ["1800 six-flags", "+180074935247", "US", "testParseExtensions"],
  ["1800 SIX FLAGS", "+180074935247", "US", "testParseExtensions"],
  ["0~0 1800 7493 5247", "+180074935247", "PL", "testParseExtensions"],
  ["(1800) 7493.5247", "+180074935247", "US", "testParseExtensions"],
  ["tel:033316005;phone-context=+64", "+6433316005", "ZZ", "testParseWithPhoneContext"],
  ["tel:033316005;phone-context=abc.nz", "+6433316005", "NZ", "testParseWithPhoneContext"],
  ["tel:033316005;phone-context=a", "+6433316005", "NZ", "testParseWithPhoneContext"],
  ["tel:033316005;phone-context=a--z", "+6433316005", "NZ", "testParseWithPhoneContext"],
  ["+64 03 331 6005", "+64 3 331 6005", null, "testIsNumberMatchMatches", "EXACT_MATCH"],
  ["+80012345678", "+800 1234 5678", null, "testIsNumberMatchMatches", "EXACT_MATCH"],
  ["+64 03331 6005", "+64 03 331-6005", null, "testIsNumberMatchMatches", "EXACT_MATCH"],
  ["+64033316005", "+643 331-6005", null, "testIsNumberMatchMatches", "EXACT_MATCH"],
  ["+6433316005", "+643 331-6005", null, "testIsNumberMatchMatches", "EXACT_MATCH"],
  ["+6433316005", "+64 3 331-6005", null, "testIsNumberMatchMatches", "EXACT_MATCH"],
  ["tel:+64-3-331-6005;isub=123", "+64 3 331-6005", null, "testIsNumberMatchMatches", "EXACT_MATCH"],
  ["+1 800 7493 5247", "+1800 siX-Flags", null, "testIsNumberMatchMatches", "EXACT_MATCH"],
  ["+6433316005#1234", "+64 3 331-6005 extn 1234", null, "testIsNumberMatchMatches", "EXACT_MATCH"],
  ["+6433316005;1234", "+64 3 331-6005 ext. 1234", null, "testIsNumberMatchMatches", "EXACT_MATCH"],
  ["+7 4232022511 доб. 100", "+7 423 202-25-11 ext 100", null, "testIsNumberMatchMatches", "EXACT_MATCH"],
  ["03 331 6006", "03 331 6005", null, "testIsNumberMatchNonMatches", "NO_MATCH"],
  ["+1 800 1234 5678", "+800 1234 5678", null, "testIsNumberMatchNonMatches", "NO_MATCH"],
  ["+16433316005", "+64 3 331-6005", null, "testIsNumberMatchNonMatches", "NO_MATCH"],
  ["+6133316005", "+64 3 331-6005", null, "testIsNumberMatchNonMatches", "NO_MATCH"],
  ["0116433316005#1235", "+64 3 331-6005 extn 1234", null, "testIsNumberMatchNonMatches", "NO_MATCH"],
  ["tel:+64-3-331-6005;ext=1235", "+64 3 331-6005 extn 1234", null, "testIsNumberMatchNonMatches", "NO_MATCH"],
  ["3 331 6005#1234", "+64 3 331-6005 ext.1235", null, "testIsNumberMatchNonMatches", "NO_MATCH"],
  ["3 331 6043", "4", null, "testIsNumberMatchNonMatches", "NOT_A_NUMBER"],
  ["+64 3 331 6005", "+43", null, "testIsNumberMatchNonMatches", "NOT_A_NUMBER"],
  ["64 3 331 6005", "+43", null, "testIsNumberMatchNonMatches", "NOT_A_NUMBER"],
  ["64 3 331 6005", "Dog", null, "testIsNumberMatchNonMatches", "NOT_A_NUMBER"],
  ["03 331 6005", "+64 3 331-6005", null, "testIsNumberMatchNsnMatches", "NSN_MATCH"],
  ["tel:03-331-6005;isub=1234;phone-context=abc.nz", "+64 3 331-6005", null, "testIsNumberMatchNsnMatches", "NSN_MATCH"],
  ["1 650 253 0000", "+1 650-253 0000", null, "testIsNumberMatchNsnMatches", "NSN_MATCH"],
  ["1 650 253 0000", "1 650-253 0000", null, "testIsNumberMatchNsnMatches", "NSN_MATCH"],
  ["+1 650 253 0000", "1 650-253 0000", null, "testIsNumberMatchNsnMatches", "NSN_MATCH"],
  ["331 6005", "+64 3 331-6005", null, "testIsNumberMatchShortNsnMatches", "SHORT_NSN_MATCH"],
  ["tel:331-6005;phone-context=abc.nz", "+64 3 331-6005", null, "testIsNumberMatchShortNsnMatches", "SHORT_NSN_MATCH"],
  ["tel:331-6005;isub=1234;phone-context=abc.nz", "+64 3 331-6005", null, "testIsNumberMatchShortNsnMatches", "SHORT_NSN_MATCH"],
  ["tel:331-6005;isub=1234;phone-context=abc.nz;a=%A1", "+64 3 331-6005", null, "testIsNumberMatchShortNsnMatches", "SHORT_NSN_MATCH"],
  ["03 331 6005", "3 331-6005", null, "testIsNumberMatchShortNsnMatches", "SHORT_NSN_MATCH"],
  ["331 6005", "3 331-6005", null, "testIsNumberMatchShortNsnMatches", "SHORT_NSN_MATCH"],
  ["tel:331-6005;phone-context=abc.nz", "3 331-6005", null, "testIsNumberMatchShortNsnMatches", "SHORT_NSN_MATCH"],
  ["+64 331 6005", "3 331-6005", null, "testIsNumberMatchShortNsnMatches", "SHORT_NSN_MATCH"],
  ["331 6005", "03 331-6005", null, "testIsNumberMatchShortNsnMatches", "SHORT_NSN_MATCH"],
  ["345 6789", "1 234 345 6789", null, "testIsNumberMatchShortNsnMatches", "SHORT_NSN_MATCH"],
  ["345 6789", "+1 (234) 345 6789", null, "testIsNumberMatchShortNsnMatches", "SHORT_NSN_MATCH"],
  ["3 331 6005#1234", "+64 3 331-6005", null, "testIsNumberMatchShortNsnMatches", "SHORT_NSN_MATCH"],
  ["+6433316005", "+6403 331 6005", null, "testIsNumberMatchMatches", "EXACT_MATCH"],
  ["+6433316005", "03 331 6005", null, "testIsNumberMatchNsnMatches", "NSN_MATCH"],
  ["+16502530000", "1-650-253-0000", null, "testIsNumberMatchNsnMatches", "NSN_MATCH"],
  ["+16502530000", "6502530000", null, "testIsNumberMatchNsnMatches", "NSN_MATCH"],
];

const OTHER_TESTS = [
  // ShortNumberInfoTest: short codes are not numbers a caller is identified by.
  ['112', '112', 'GB', 'ShortNumberInfoTest'],
  ['999', '999', 'GB', 'ShortNumberInfoTest'],
  ['911', '911', 'US', 'ShortNumberInfoTest'],
  ['000', '000', 'AU', 'ShortNumberInfoTest'],
  ['110', '110', 'DE', 'ShortNumberInfoTest'],
  ['18', '18', 'FR', 'ShortNumberInfoTest'],
  ['123456', '123456', 'FR', 'ShortNumberInfoTest'],
  ['1010', '1010', 'BR', 'ShortNumberInfoTest'],
  // libphonenumber-js: parsePhoneNumber.test.js, stripIddPrefix.test.js, RFC3966.test.js
  ['8 (800) 555 35 35', '+78005553535', 'RU', 'libphonenumber-js parsePhoneNumber.test'],
  ['+7 (800) 555 35 35', '8 (800) 555-35-35', 'RU', 'libphonenumber-js parsePhoneNumber.test'],
  ['01178005553535', '+78005553535', 'US', 'libphonenumber-js stripIddPrefix.test'],
  ['+78005553535', '01178005553535', 'US', 'libphonenumber-js stripIddPrefix.test'],
  ['011', '011', 'US', 'libphonenumber-js stripIddPrefix.test'],
  ['0117', '0117', 'US', 'libphonenumber-js stripIddPrefix.test'],
  ['3100000', '+13100000', 'CA', 'libphonenumber-js parsePhoneNumber.test'],
  ['+870773111632', '+870773111632', undefined, 'libphonenumber-js parsePhoneNumber.test'],
  ['tel:+78005553535;ext=123', '+7 800 555 35 35 ext. 123', 'RU', 'libphonenumber-js RFC3966.test'],
];

// The examples of issue #12, each kind, and their neighbours.
const ISSUE_EXAMPLES = [
  ['+442079460958', '0011 44 20 7946 0958', 'AU'],
  ['+442079460958', '000 44 20 7946 0958', 'KE'],
  ['+442079460958', '009 44 20 7946 0958', 'NG'],
  ['+16502530000', '008 1 650 253 0000', 'SG'],
  ['+81 6 5025 3000 0', '008 1 650 253 0000', 'SG'],
  ['0011 31 6 12345678', '+31612345678', 'AU'],
  ['0031 6 12345678', '+31612345678', 'AU'],
  ['0031 6 12345678', '+31612345678', 'NL'],
  ['0044 20 7946 0958', '+442079460958', 'GB'],
  ['0044 20 7946 0958', '+442079460958', 'DE'],
  ['011 44 20 7946 0958', '+442079460958', 'GB'],
  ['+44 020 7946 0958', '+442079460958', 'GB'],
  ['+44 020 7946 0958', '+442079460958', 'US'],
  ['+353 086 856 1713', '+353868561713', 'IE'],
  ['+353 086 856 1713', '+353868561713', 'GB'],
  ['+49 030 123456', '+4930123456', 'DE'],
  ['+64 03 331 6005', '+6433316005', 'NZ'],
  ['+44 (0)20 7946 0958', '+442079460958', 'GB'],
  ['+39 (0)2 3661 8300', '+390236618300', 'IT'],
  ['+39 02 3661 8300', '+390236618300', 'GB'],
  ['+39 (0)2 3661 8300', '+39236618300', 'IT'],
  ['+39236618300', '+390236618300', 'IT'],
  ['086 856 1713', 'sip:+353868561713@pbx.example.com;user=phone', 'IE'],
  ['+353868561713', '<sip:0868561713@pbx>', 'IE'],
  ['+353868561713', '"Mary Byrne" <sip:0868561713@pbx>', 'IE'],
  ['+353868561713', 'tel:+353868561713;ext=12', 'IE'],
  ['+353868561713', 'tel:+353868561713;isub=12', 'IE'],
  ['+353868561713', 'tel:+353868561713;npdi;rn=+353861000000', 'IE'],
  ['+4930123456', 'tel:030123456;phone-context=+49', 'GB'],
  ['sip:anonymous@anonymous.invalid', 'sip:anonymous@anonymous.invalid', 'GB'],
  ['Anonymous', '"Anonymous" <sip:anonymous@anonymous.invalid>', 'GB'],
  ['Restricted', 'Restricted', 'US'],
  ['Unavailable', 'Unavailable', 'US'],
  ['Private', 'Private', 'GB'],
  ['UNKNOWN', 'UNKNOWN', 'GB'],
  ['sip:reception@pbx.example.com', 'sip:reception@pbx.example.com', 'GB'],
  ['+353868561713', '+353 86 856 1713 ext: 12', 'IE'],
  ['+353868561713', '+353 86 856 1713, ext 12', 'IE'],
  ['+353868561713', '+353 86 856 1713 extn 12', 'IE'],
  ['+353868561713', '+353 86 856 1713 x12', 'IE'],
  ['+353868561713', '+353 86 856 1713 #12', 'IE'],
  ['+353868561713', '+353868561713;ext=12', 'IE'],
  ['+353868561713', '+353868561713,,123#', 'IE'],
  ['+74232022511', '+7 423 202-25-11 доб. 100', 'RU'],
  ['086 856 1713', '＋３５３ ８６ ８５６ １７１３', 'IE'],
  ['086 856 1713', '＋３５３ ８６ ８５６ １７１３ ｅｘｔ １２', 'IE'],
  ['0044', '0044', 'GB'],
  ['011', '011', 'US'],
  ['+49 0', '+49 0', 'DE'],
  ['12345678901234567890', '12345678901234567890', 'GB'],
  ['+4412345678901234567890', '+4412345678901234567890', 'GB'],
  // Cross-country: trailing digits shared.
  ['+1 207 946 0958', '+442079460958', 'GB'],
  ['+442079460958', '+12079460958', 'US'],
  ['207 946 0958', '+442079460958', 'US'],
  ['020 7946 0958', '+12079460958', 'GB'],
  ['7946 0958', '+442079460958', 'GB'],
  ['353868561713', '+353868561713', 'GB'],
  ['442079460958', '+442079460958', 'GB'],
];

// ---------------------------------------------------------------------------
// Switch and CRM shapes, for each region.

const REGIONS = ['GB', 'IE', 'DE', 'FR', 'IT', 'ES', 'NL', 'BE', 'CH', 'AT', 'SE', 'NO', 'DK', 'PL', 'GR', 'PT', 'AU', 'NZ', 'US', 'CA', 'SG', 'HK', 'JP', 'KE', 'NG', 'ZA', 'IN', 'BR', 'MX', 'AR', 'RU', 'AE', 'IL', 'TR', 'CN', 'KR', 'PH', 'EG', 'CO', 'CL'];

/** The international prefix a region's people dial: its only one, or its preferred one. */
function iddOf(region) {
  metadata.selectNumberingPlan(region);
  const plan = metadata.numberingPlan;
  const idd = plan.IDDPrefix();
  if (typeof idd === 'string' && /^\d+$/.test(idd)) return idd;
  const preferred = plan.defaultIDDPrefix();
  return typeof preferred === 'string' ? preferred.replace(/\D/g, '') : undefined;
}

const fullWidth = (s) => s.replace(/[0-9+]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

function shapes(region, i) {
  const ex = getExampleNumber(region, examples);
  const e164 = ex.number;
  const cc = getCountryCallingCode(region);
  const nsn = ex.nationalNumber;
  const national = ex.formatNational();
  const intl = ex.formatInternational();
  const natDigits = national.replace(/\D/g, '');
  // A number of another country, and one sharing this number's trailing digits.
  const foreignRegion = REGIONS[(i + 7) % REGIONS.length] === region ? 'US' : REGIONS[(i + 7) % REGIONS.length];
  const foreign = getExampleNumber(foreignRegion, examples);
  const fDigits = foreign.number.slice(1);
  const idd = iddOf(region);
  const lookalike = `+1${nsn.padStart(10, '2').slice(-10)}`;
  const cases = [
    // 1. International prefixes, caller and stored side.
    ...(idd ? [
      ['idd', foreign.number, `${idd} ${foreign.formatInternational().slice(1)}`],
      ['idd', `${idd} ${foreign.formatInternational().slice(1)}`, foreign.number],
      ['idd', `${idd}${fDigits}`, foreign.formatInternational()],
    ] : []),
    ['idd', foreign.number, `00 ${foreign.formatInternational().slice(1)}`],
    ['idd', `00${fDigits}`, foreign.number],
    ['idd', `011 ${foreign.formatInternational().slice(1)}`, foreign.number],
    // 2. A trunk prefix typed after the country code.
    ['trunk', `+${cc} ${national}`, e164],
    ['trunk', `+${cc} (0)${nsn}`, e164],
    ['trunk', `+${cc}0${nsn}`, intl],
    // 3. URIs.
    ['uri', national, `sip:${e164}@pbx.example.com;user=phone`],
    ['uri', e164, `<sip:${natDigits}@10.0.0.1:5060>`],
    ['uri', e164, `"Reception" <sip:${natDigits}@pbx.example.com>;tag=8a1f`],
    ['uri', national, `sips:${e164.replace('+', '%2B')}@pbx.example.com`],
    ['uri', e164, `tel:${intl.replace(/ /g, '-')};ext=21`],
    ['uri', national, `tel:${natDigits};phone-context=+${cc}`],
    ['uri', e164, `tel:${e164};npdi;rn=+${cc}99`],
    ['uri', e164, `tel:${e164};isub=7701`],
    ['uri', `sip:${e164}@pbx.example.com`, e164],
    ['uri', 'sip:reception@pbx.example.com', 'sip:reception@pbx.example.com'],
    // 4. Extensions, on the caller side as on the stored side.
    ['ext', e164, `${intl} ext: 12`],
    ['ext', national, `${intl}, ext 12`],
    ['ext', `${national} extn 12`, e164],
    ['ext', e164, `${intl} x12`],
    ['ext', e164, `${intl} #12`],
    ['ext', e164, `${e164},,123#`],
    ['ext', e164, `${intl} доб. 100`],
    ['ext', `${intl} x12`, `${intl} x13`],
    ['ext', e164, fullWidth(intl)],
    ['ext', national, `${fullWidth(intl)} ｅｘｔ． １２`],
    // Stored national, digits and country-code forms.
    ['stored', national, e164],
    ['stored', natDigits, e164],
    ['stored', nsn, e164],
    ['stored', `${cc}${nsn}`, e164],
    ['stored', `${national} (mobile)`, e164],
    ['stored', national, foreign.number],
    // 5. Junk never matches junk.
    ['junk', `${idd ?? '00'}`, `${idd ?? '00'}`],
    ['junk', `+${cc} 0`, `+${cc} 0`],
    ['junk', `${idd ?? '00'}${cc}`, `${idd ?? '00'}${cc}`],
    ['junk', `${nsn}${nsn}`, `${nsn}${nsn}`],
    ['junk', nsn.slice(-4), nsn.slice(-4)],
    // 6. Withheld callers.
    ['withheld', 'anonymous', 'anonymous'],
    ['withheld', '', '"Anonymous" <sip:anonymous@anonymous.invalid>'],
    ['withheld', 'Restricted', 'Restricted'],
    // Cross-country: trailing digits shared, different numbers.
    ['cross', lookalike, e164],
    ['cross', e164, lookalike],
    ['cross', nsn, `+${cc === '44' ? '353' : '44'}${nsn}`],
  ];
  return cases.map(([kind, stored, caller]) => [stored, caller, region, `switch shapes: ${kind}`, kind]);
}

// ---------------------------------------------------------------------------

const rows = [];
const seen = new Set();
function add(stored, caller, region, source, kind) {
  const key = `${region ?? ''}\u0000${stored}\u0000${caller}`;
  if (seen.has(key)) return;
  seen.add(key);
  const id = createHash('sha1').update(key).digest('hex').slice(0, 10);
  const [expected, why] = peerVerdict(stored, caller, region);
  rows.push({ id, kind, source, ...(region === undefined ? {} : { region }), stored, caller, expected, why });
}
// RegionCode.ZZ is libphonenumber's "unknown region": no region.
for (const [stored, caller, region, source] of LIBPHONENUMBER) add(stored, caller, region === null || region === 'ZZ' ? undefined : region, `libphonenumber PhoneNumberUtilTest.${source}`, 'libphonenumber');
for (const [stored, caller, region, source] of OTHER_TESTS) add(stored, caller, region, source, 'libphonenumber');
for (const [stored, caller, region] of ISSUE_EXAMPLES) add(stored, caller, region, 'issue #12 examples', 'issue');
REGIONS.forEach((region, i) => {
  for (const [stored, caller, r, source, kind] of shapes(region, i)) add(stored, caller, r, source, kind);
});

const fixture = {
  $comment: 'Generated by scripts/derive-phone-verdicts.mjs; do not edit. Expected verdicts are libphonenumber-js\'s (full metadata), not screenpop\'s.',
  peer: `libphonenumber-js ${pkg.version} (metadata "max")`,
  cases: rows,
};
// One case per line: reviewable diffs.
const text = `{\n "$comment": ${JSON.stringify(fixture.$comment)},\n "peer": ${JSON.stringify(fixture.peer)},\n "cases": [\n${rows.map((r) => `  ${JSON.stringify(r)}`).join(',\n')}\n ]\n}\n`;
if (process.argv.includes('--check')) {
  const current = readFileSync(out, 'utf8');
  if (current !== text) {
    console.error('test/fixtures/phone-verdicts.json is stale: run node scripts/derive-phone-verdicts.mjs');
    process.exit(1);
  }
  console.log(`phone-verdicts.json is up to date (${rows.length} cases).`);
} else {
  writeFileSync(out, text);
  const m = rows.filter((r) => r.expected === 'match').length;
  console.log(`wrote ${rows.length} cases (${m} match, ${rows.length - m} no_match) to test/fixtures/phone-verdicts.json`);
}
