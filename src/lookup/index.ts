/**
 * The lookup layer: phone numbers, the adapter interface, the memory and
 * Dataverse adapters, and `lookupCaller` with its match policies.
 *
 * @module
 */
export type {
  MatchPolicy,
  EntityLookupConfig,
  LookupConfig,
  LookupQuery,
  LookupRecord,
  LookupAdapter,
} from './types.js';
export { LookupError, isLookupError } from './errors.js';
export type { LookupErrorCode, LookupErrorOptions } from './errors.js';
export { normalizePhone, phoneVariants, MAX_PHONE_LENGTH, MAX_CALLER_ID_LENGTH, MIN_SIGNIFICANT_DIGITS } from './phone.js';
export type {
  NormalizePhoneOptions,
  NormalizedPhone,
  PhoneNumberOk,
  PhoneNumberFailure,
  PhoneReason,
  PhoneVariantsOptions,
} from './phone.js';
export { createMemoryLookup } from './memory.js';
export type { MemoryLookupOptions, MemoryLookupAdapter } from './memory.js';
export { createDataverseLookup, entitySetName } from './dataverse.js';
export type { DataverseLookupOptions } from './dataverse.js';
export { lookupCaller, chooseMatch, prefillNumber, INTERNAL_PHONE_FIELDS, DEFAULT_LOOKUP_LIMIT } from './lookup.js';
export type { LookupCallerOptions, LookupResult } from './lookup.js';
export { learnPhoneFormats } from './formats.js';
export type { LearnPhoneFormatsOptions, PhoneFormatReport, PhoneFormatUse, UnreadableReason } from './formats.js';
export { phoneFormatProblem, formatWithTemplate, readWithTemplate } from './template.js';
export type { FormatNumber } from './template.js';
