/**
 * The data shapes shared by the configuration model (`src/config/`), which
 * produces a {@link LookupConfig} from `dialerKVTable` rows, and the lookup
 * layer (`src/lookup/`), which searches with it through a {@link LookupAdapter}.
 *
 * @module
 */
import type { Condition } from '../parser/ast.js';

/** How several matching records are resolved. Default: `prompt`. */
export type MatchPolicy = 'prompt' | 'preferEntity' | 'mostRecent';

/** How one entity is searched. */
export interface EntityLookupConfig {
  /** Logical name, e.g. `contact`, `salesorder`, `new_site`. */
  readonly entity: string;
  /** Phone fields to search, in configured order (`incomingLookup_<entity>` rows of Type `phone`, by Key). */
  readonly phoneFields: readonly string[];
  /** Field shown for a match (`entityPrimaryNames`, or `incomingLookup_<entity>` Type `name`). */
  readonly displayField: string;
  /** Only records for which this holds may match (`incomingLookup_<entity>` Type `filter`), e.g. `statecode=0`. */
  readonly filter?: Condition;
  /** The filter as written, for messages. */
  readonly filterText?: string;
  /** Web API entity set name when it is not the default plural (e.g. a custom entity). */
  readonly entitySet?: string;
}

/** Everything a lookup needs to know, for one user and one direction. */
export interface LookupConfig {
  /** Entities in search order; the first is also the "new record" entity of a pop with no match. */
  readonly entities: readonly EntityLookupConfig[];
  /** Caller numbers with at most this many digits are internal extensions (matched on `systemuser`). */
  readonly internalExtensionLength?: number;
  /** When set, match on the last N digits (CRMs with unreliable formatting); candidates are still verified. */
  readonly lastDigits?: number;
  /** Most records asked of an adapter per entity. Default 10. */
  readonly limit?: number;
}

/** What an adapter is asked for: one entity, several fields, several stored formats of one number. */
export interface LookupQuery {
  readonly entity: string;
  readonly phoneFields: readonly string[];
  /** Stored formats to try (E.164, national, international with spaces, digits only, ...). */
  readonly variants: readonly string[];
  readonly filter?: Condition;
  readonly displayField: string;
  readonly limit: number;
  /** The caller's number in E.164, when it could be parsed; adapters may use it to verify candidates. */
  readonly e164?: string;
  /** When set, adapters may match on the last N digits and must verify candidates. */
  readonly lastDigits?: number;
  /** Web API entity set name override. */
  readonly entitySet?: string;
}

/** One matching record as an adapter returns it. */
export interface LookupRecord {
  readonly entity: string;
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

/** A pluggable search over a CRM (or a test fixture). */
export interface LookupAdapter {
  readonly name: string;
  find(query: LookupQuery, signal?: AbortSignal): Promise<LookupRecord[]>;
}
