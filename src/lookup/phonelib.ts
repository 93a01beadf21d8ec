/**
 * The phone library, bound once: libphonenumber-js's `core/es6` build with
 * its `min` metadata. These are the functions of the package's default entry
 * (`libphonenumber-js`, which is `min`), the same source and the same
 * metadata, called the way its docs give for custom metadata ("core" export,
 * the metadata passed last).
 *
 * Why not the default entry: its build spreads each call's options through
 * babel's `_objectSpread2` (a property definition per key) and wraps every
 * call to add the metadata argument; `min/es6` sets the result's prototype on
 * every parse. On the pop's caller numbers the default entry's parse takes
 * ≈ 4.9 µs and this one ≈ 2.5 µs (docs/performance.md, "The phone library").
 * The `es6` builds exist since libphonenumber-js 1.13.0 (its CHANGELOG).
 *
 * The tests keep judging our readings by the package's default entry.
 *
 * For bundlers (`dist/module/`), the build rewrites the import to
 * `libphonenumber-js/core`, the babel build the package's other entries are
 * made of: a page that also imports libphonenumber-js then bundles the
 * library's code once (with `core/es6` it would carry both builds, ≈ 7 KB
 * more min+gzip), and a page's pops are a few microseconds slower, which
 * one pop per call never notices (tsup.config.ts; docs/performance.md).
 *
 * @internal
 * @module
 */
import {
  Metadata as CoreMetadata,
  getCountryCallingCode as coreCallingCode,
  isSupportedCountry as coreIsSupported,
  parsePhoneNumberFromString as coreParse,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js/core/es6';
import metadataJson from 'libphonenumber-js/min/metadata';

export type { CountryCode, PhoneNumber };

/**
 * libphonenumber-js's `parsePhoneNumberFromString(text)`, or with
 * `defaultCountry` for a national number. Undefined when the text is not a
 * number (the library returns undefined; it throws only on a bad argument).
 */
export function parsePhone(text: string, defaultCountry?: CountryCode): PhoneNumber | undefined {
  return defaultCountry === undefined ? coreParse(text, metadataJson) : coreParse(text, { defaultCountry }, metadataJson);
}

/** Whether libphonenumber-js's metadata knows the region (ISO 3166-1 alpha-2, upper case). */
export function isSupportedCountry(region: string): region is CountryCode {
  return coreIsSupported(region as CountryCode, metadataJson);
}

/** The region's country calling code, without `+`; throws on an unknown region (libphonenumber-js). */
export function getCountryCallingCode(region: CountryCode): string {
  return coreCallingCode(region, metadataJson);
}

/** A new metadata reader over the `min` metadata (libphonenumber-js `Metadata`). */
export function newMetadata(): CoreMetadata {
  return new CoreMetadata(metadataJson);
}

export type Metadata = CoreMetadata;
