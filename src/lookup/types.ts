/**
 * The data shapes shared by the configuration model (`src/config/`), which
 * produces a {@link LookupConfig} from `dialerKVTable` rows, and the lookup
 * layer (`src/lookup/`), which searches with it through a {@link LookupAdapter}.
 *
 * @module
 */
import type { Condition } from '../parser/ast.js';

/**
 * How several matching records are resolved: `prompt` leaves the choice to
 * the agent; `preferEntity` pops the single match of the first entity (in
 * configured order) that has exactly one; `mostRecent` pops the match with
 * the latest `modifiedOn` (a tie, or no dates, leaves the choice to the
 * agent). A single match is always popped. Default (in
 * {@link LookupCallerOptions.policy}): `prompt`.
 *
 * @example
 * ```ts
 * import { createMemoryLookup, lookupCaller, type MatchPolicy } from 'screenpop';
 * const adapter = createMemoryLookup({
 *   contact: [
 *     { id: 'c1', fullname: 'Ann Lee', telephone1: '+44 20 7946 0958', modifiedon: '2024-03-01T09:00:00Z' },
 *     { id: 'c2', fullname: 'Bob Roe', mobilephone: '020-7946-0958 x12', modifiedon: '2024-05-01T09:00:00Z' },
 *   ],
 *   account: [{ id: 'a1', name: 'Contoso', telephone1: '00442079460958' }],
 * });
 * const config = {
 *   entities: [
 *     { entity: 'contact', phoneFields: ['telephone1', 'mobilephone'], displayField: 'fullname' },
 *     { entity: 'account', phoneFields: ['telephone1'], displayField: 'name' },
 *   ],
 * };
 * for (const policy of ['prompt', 'preferEntity', 'mostRecent'] satisfies MatchPolicy[]) {
 *   const r = await lookupCaller('020 7946 0958', { config, adapter, defaultRegion: 'GB', policy });
 *   console.log(policy, r.count, r.chosen?.id);
 * }
 * // prompt 3 undefined
 * // preferEntity 3 a1
 * // mostRecent 3 c2
 * ```
 */
export type MatchPolicy = 'prompt' | 'preferEntity' | 'mostRecent';

/**
 * How one entity is searched. `lookupConfigFromKv` builds these from the
 * `lookupEntities` and `incomingLookup_<entity>` rows; they can also be
 * written by hand.
 *
 * @example
 * ```ts
 * import { parseCondition, type EntityLookupConfig } from 'screenpop';
 * const order: EntityLookupConfig = {
 *   entity: 'salesorder',
 *   phoneFields: ['billto_telephone', 'shipto_telephone'],
 *   displayField: 'name',
 *   filter: parseCondition('statecode=0', { anyField: true }),
 *   filterText: 'statecode=0',
 * };
 * ```
 */
export interface EntityLookupConfig {
  /** Logical name, e.g. `contact`, `salesorder`, `new_site`. */
  readonly entity: string;
  /** Phone fields to search, in configured order (`incomingLookup_<entity>` rows of Type `phone`, by Key). */
  readonly phoneFields: readonly string[];
  /** Field shown for a match (`entityPrimaryNames`, or `incomingLookup_<entity>` Type `name`). */
  readonly displayField: string;
  /**
   * Only records for which this holds may match (`incomingLookup_<entity>`
   * Type `filter`), e.g. `statecode=0`. Default: undefined (every record may
   * match).
   */
  readonly filter?: Condition;
  /** The filter as written, for messages. Default: undefined. */
  readonly filterText?: string;
  /**
   * Web API entity set name when it is not the default plural (e.g. a custom
   * entity). Default: undefined (the Dataverse adapter's `entitySets`, else
   * `entitySetName(entity)`).
   */
  readonly entitySet?: string;
}

/**
 * Everything a lookup needs to know, for one user and one direction: usually
 * the `config` of `lookupConfigFromKv`, or a literal.
 *
 * @example
 * ```ts
 * import type { LookupConfig } from 'screenpop';
 * const config: LookupConfig = {
 *   entities: [
 *     { entity: 'contact', phoneFields: ['telephone1', 'mobilephone'], displayField: 'fullname' },
 *     { entity: 'account', phoneFields: ['telephone1'], displayField: 'name' },
 *   ],
 *   internalExtensionLength: 4,
 *   limit: 20,
 * };
 * ```
 */
export interface LookupConfig {
  /** Entities in search order; the first is also the "new record" entity of a pop with no match. */
  readonly entities: readonly EntityLookupConfig[];
  /**
   * Caller numbers with at most this many digits are internal extensions
   * (matched on `systemuser`); 0 to 15. Default: undefined (`0`, no internal
   * calls, unless {@link LookupCallerOptions.internalExtensionLength} says).
   */
  readonly internalExtensionLength?: number;
  /**
   * When set, match on the last N digits (CRMs with unreliable formatting);
   * candidates are still verified; 4 to 15. Default: undefined (stored
   * numbers must equal one of the caller's {@link LookupQuery.variants},
   * ignoring punctuation).
   */
  readonly lastDigits?: number;
  /** Most records asked of an adapter per entity; a whole number ≥ 1. Default: `10` ({@link DEFAULT_LOOKUP_LIMIT}). */
  readonly limit?: number;
  /**
   * The formats the CRM stores numbers in, as templates (`+CC NN NNNN NNNN`,
   * `0NN NNNN NNNN`; notation in `docs/lookup.md#stored-formats`), usually
   * the `formats` of `learnPhoneFormats` or the `storedPhoneFormats` rows.
   * `lookupCaller` adds the caller's number written in each template that
   * fits it (same count of country-code and national digits; national
   * templates only for callers of the default region) to
   * {@link LookupQuery.variants}, so an adapter that compares stored text
   * exactly (Dataverse) finds values written that way. An invalid template
   * makes `lookupCaller` throw `lookup_bad_option`. Default: undefined (only
   * the built-in variants).
   *
   * @example
   * ```ts
   * import { learnPhoneFormats, type LookupConfig } from 'screenpop';
   * const { formats } = learnPhoneFormats(['+44 (0)20 7946 0958', '+44 (0)20 7946 0000'], { defaultRegion: 'GB' });
   * const config: LookupConfig = { entities: [{ entity: 'contact', phoneFields: ['telephone1'], displayField: 'fullname' }], storedFormats: formats };
   * // a caller +442079461111 is also searched as '+44 (0)20 7946 1111'
   * ```
   */
  readonly storedFormats?: readonly string[];
  /**
   * Stored phone values may carry an extension after the number
   * (`020 7946 0958 x12`, `+44 20 7946 0958 ext. 12`), as `learnPhoneFormats`
   * reports (`extensions`). Exact-match adapters (Dataverse, the in-host
   * lookups) then ask `startswith(field, variant)` instead of
   * `field eq variant`, and verify what comes back: a longer number, or a
   * stored extension other than the caller's, never matches. The memory
   * adapter reads digits and finds such values either way. Set by the
   * `storedPhoneExtensions` row. Default: `false` (`eq`; Dataverse compares
   * whole values).
   */
  readonly storedExtensions?: boolean;
}

/**
 * What an adapter is asked for: one entity, several fields, several stored
 * formats of one number. `lookupCaller` sends one per configured entity; an
 * adapter returns the records whose phone fields hold one of the variants.
 *
 * @example
 * ```ts
 * import { createMemoryLookup, phoneVariants, type LookupQuery } from 'screenpop';
 * const query: LookupQuery = {
 *   entity: 'contact',
 *   phoneFields: ['telephone1', 'mobilephone'],
 *   variants: phoneVariants('+442079460958'), // ['+442079460958', '+44 20 7946 0958', '020 7946 0958', ...]
 *   displayField: 'fullname',
 *   limit: 10,
 *   e164: '+442079460958',
 * };
 * const adapter = createMemoryLookup({ contact: [{ id: 'c1', fullname: 'Ann Lee', mobilephone: '020-7946-0958 x12' }] });
 * (await adapter.find(query)).map((r) => r.id); // ['c1']
 * ```
 */
export interface LookupQuery {
  /** Logical name of the entity to search, e.g. `contact`. */
  readonly entity: string;
  /** Fields to compare with the variants, in configured order. */
  readonly phoneFields: readonly string[];
  /**
   * Stored formats to try (E.164, national, international with spaces, digits
   * only, ...), for adapters that match stored text exactly (Dataverse).
   * `lookupCaller` formats them only when an adapter reads this property.
   */
  readonly variants: readonly string[];
  /**
   * The variants as numbers, for adapters that compare numbers ignoring
   * punctuation: each variant's digits, `+` first when it is international
   * (`+442079460958`, `442079460958`, `02079460958`, `2079460958`), without
   * repeats. When present it is the same set as the variants reduced that way,
   * and the memory adapter reads it instead of `variants`. Default: undefined
   * (derive it from `variants`).
   */
  readonly numbers?: readonly string[];
  /** Only records for which this holds may match. Absent: every record may match. */
  readonly filter?: Condition;
  /** Field whose value becomes {@link LookupRecord.name}. */
  readonly displayField: string;
  /** Most records to return. */
  readonly limit: number;
  /** The caller's number in E.164, when it could be parsed; adapters may use it to verify candidates. Absent: it could not. */
  readonly e164?: string;
  /** When set, adapters may match on the last N digits and must verify candidates. Absent: exact variants only. */
  readonly lastDigits?: number;
  /** Web API entity set name override. Absent: the adapter's default for `entity`. */
  readonly entitySet?: string;
  /**
   * ISO 3166-1 alpha-2 region (upper case) stored values are read in: their
   * national numbers, and the region's own international prefix (`0011` in
   * AU, `011` in the US). Adapters that read stored values (the memory
   * adapter) read them in it; `lookupCaller` sets it from `defaultRegion`.
   * Absent: no region (`+` and `00` are international, nothing else).
   */
  readonly region?: string;
  /**
   * The extension written after the caller's number (`x13`, `;ext=13`). An
   * adapter must not match a stored value that carries a different extension
   * (libphonenumber's isNumberMatch: another number); one without an
   * extension still matches. Absent: the caller ID had none.
   */
  readonly extension?: string;
  /**
   * `true` when stored values may carry an extension after the number
   * ({@link LookupConfig.storedExtensions}): an adapter that compares stored
   * text exactly should match values that *start with* a variant, then
   * verify (another number, or a different extension, is not a match).
   * Absent: values are whole numbers.
   */
  readonly storedExtensions?: true;
}

/**
 * One matching record as an adapter returns it.
 *
 * @example
 * ```ts
 * import type { LookupRecord } from 'screenpop';
 * const record: LookupRecord = {
 *   entity: 'contact',
 *   id: 'c2',
 *   name: 'Bob Roe',
 *   phone: '020-7946-0958 x12',
 *   field: 'mobilephone',
 *   modifiedOn: '2024-05-01T09:00:00Z',
 * };
 * ```
 */
export interface LookupRecord {
  /** Logical name of the record's entity, e.g. `contact`. */
  readonly entity: string;
  /** The record's id (in Dataverse, its GUID). */
  readonly id: string;
  /** The display field's value. */
  readonly name: string;
  /** The stored phone value that matched. */
  readonly phone: string;
  /** The field it matched in. */
  readonly field: string;
  /** ISO 8601 timestamp of the last change, for the `mostRecent` policy. */
  readonly modifiedOn?: string;
}

/**
 * A pluggable search over a CRM (or a test fixture). `createMemoryLookup` and
 * `createDataverseLookup` make one; any object of this shape will do.
 * `lookupCaller` wraps whatever else `find` throws as a `lookup_failed`
 * {@link LookupError}.
 *
 * @example
 * ```ts
 * import { lookupCaller, type LookupAdapter, type LookupQuery } from 'screenpop';
 * const asked: LookupQuery[] = [];
 * const adapter: LookupAdapter = {
 *   name: 'spy',
 *   async find(query) {
 *     asked.push(query);
 *     return [];
 *   },
 * };
 * const config = { entities: [{ entity: 'contact', phoneFields: ['telephone1'], displayField: 'fullname' }] };
 * await lookupCaller('+1 212 555 0100', { config, adapter, defaultRegion: 'GB' });
 * console.log(asked[0]?.variants); // ['+12125550100', '+1 212 555 0100', '0012125550100']
 * ```
 */
export interface LookupAdapter {
  /** Shown in messages, e.g. `memory`, `dataverse`. */
  readonly name: string;
  /**
   * The records matching `query`, at most `query.limit` of them; rejects
   * (preferably with a {@link LookupError}) when the search fails, and with
   * `lookup_aborted` once `signal` is aborted.
   */
  find(query: LookupQuery, signal?: AbortSignal): Promise<LookupRecord[]>;
}
