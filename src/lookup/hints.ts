/**
 * Internal markers an adapter built by screenpop carries, so `lookupCaller`
 * can shape its queries for what the adapter reads.
 *
 * @module
 * @internal
 */

/**
 * Set (to `true`) on an adapter that reads `query.variants` on every query
 * (the Dataverse adapter builds its filter from them): `lookupCaller` formats
 * the variants up front, once per call, and gives its queries a plain data
 * property, instead of a lazy accessor defined on every query
 * (`Object.defineProperty`, ≈ 1.7 µs a pop) that the adapter would trigger
 * anyway. Host adapters are not marked and keep the lazy accessor.
 *
 * @internal
 */
export const READS_VARIANTS: unique symbol = Symbol('screenpop.readsVariants');
