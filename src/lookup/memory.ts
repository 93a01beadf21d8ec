/**
 * An in-memory {@link LookupAdapter} over plain rows: for tests, demos, and
 * CRMs exported to a file. Each (entity, phone field) gets an index built
 * once, on first use: a hash table (one typed array, see `intindex.ts`) from
 * the number formed by a stored value's trailing digits to the rows holding
 * it, beside each row's stored text and its canonical form as one number.
 * Stored values are never parsed; a lookup probes the table with the keys of
 * the query's variants and keeps a candidate only when its canonical form is
 * one of the variants' (or, in
 * `lastDigits` mode, when {@link matchesLastDigits} holds), so numbers of
 * different countries that share trailing digits never match each other.
 *
 * @module
 */
import type { Condition } from '../parser/ast.js';
import { LookupError } from './errors.js';
import { checkFilter, compileFilter, type RecordPredicate } from './filter.js';
import { byNameThenId } from './order.js';
import { canonicalPhoneIn, matchesLastDigits, regionReading, scanCanonical, scanPlain, otherExtension, trailingKey, type CanonicalScan } from './phone.js';
import type { LookupAdapter, LookupQuery, LookupRecord } from './types.js';
import { IntIndex, NONE } from './intindex.js';
import { expectFields, readHost } from '../errors/guard.js';

/**
 * Marks an adapter whose `find`/`findSync` read a query's `numbers` and
 * never its `variants` (this one): `lookupCaller` then builds its queries
 * without defining a property per call.
 * @internal
 */
export const READS_NUMBERS_ONLY: unique symbol = Symbol('screenpop.readsNumbersOnly');

/** Trailing digits per index key: 9 digits fit a V8 small integer, so keys cost no allocation. */
const KEY_DIGITS = 9;

/**
 * Options of {@link createMemoryLookup}.
 *
 * @example
 * ```ts
 * import { createMemoryLookup, type MemoryLookupOptions } from 'screenpop';
 * const options: MemoryLookupOptions = { index: { contact: ['telephone1', 'mobilephone'] }, name: 'fixture' };
 * const adapter = createMemoryLookup({ contact: [{ id: 'c1', fullname: 'Ann Lee', telephone1: '020 7946 0958' }] }, options);
 * console.log(adapter.name, adapter.indexCount); // fixture 2
 * ```
 */
export interface MemoryLookupOptions {
  /**
   * Phone fields to index up front, per entity, e.g. `{ contact: ['telephone1', 'mobilephone'] }`.
   * Default: `{}` (each field is indexed on the first query that searches it).
   */
  readonly index?: Readonly<Record<string, readonly string[]>>;
  /** Adapter name, shown in messages. Default: `'memory'`. */
  readonly name?: string;
  /**
   * The region the `index` fields (and `buildIndex` without one) are read in:
   * pass `lookupCaller`'s `defaultRegion` so the indexes built up front are the
   * ones its queries use ({@link LookupQuery.region}). Default: undefined (no region).
   */
  readonly region?: string;
}


interface EntityTable {
  readonly rows: ReadonlyArray<Readonly<Record<string, unknown>>>;
  readonly ids: readonly string[];
  /** field (+ `@region` when read in one) → index on its last {@link KEY_DIGITS} digits. */
  readonly indexes: Map<string, FieldIndex>;
  /** `${k}:${field}` (+ `@region`) → index on the last k digits (k < KEY_DIGITS, for `lastDigits` below the key length). */
  readonly shortIndexes: Map<string, FieldIndex>;
  /** The indexes of the last query's fields (see `indexesOf`). */
  shape: { readonly k: number; readonly region: string | undefined; readonly fields: readonly string[]; readonly indexes: readonly FieldIndex[] } | undefined;
}

/**
 * One (entity, field, key length) index, and what verifying a candidate
 * needs without touching its row: the stored text (as `storedText` reads it)
 * and the canonical code (see {@link canonicalCode}) of every indexed row.
 */
interface FieldIndex {
  readonly field: string;
  readonly keys: IntIndex;
  /** Row → stored text; only rows with a key are set (an array read, not a keyed property read of the row). */
  readonly texts: string[];
  /** Row → canonical code, or NaN when the text needs the string form (`canonicalPhone`). */
  readonly codes: Float64Array;
}

/**
 * What a query's variants reduce to: their canonical forms as codes and the
 * keys to probe. One per adapter, refilled in place (a find is synchronous),
 * and kept while the next query has the same `numbers` (else `variants`)
 * array, key length, `lastDigits` and `e164`: `lookupCaller` shares one
 * `numbers` array between the entities of a call.
 */
interface Prep {
  /** The array it was computed from (`numbers`, else `variants`), and with what. */
  source: readonly string[] | undefined;
  k: number;
  region: string | undefined;
  lastDigits: number | undefined;
  e164: string | undefined;
  /** Canonical forms of the variants, for stored values read as strings. */
  wanted: readonly string[];
  /** The same forms as canonical codes (see {@link canonicalCode}), for those `scanCanonical` reads; the first `nCodes`. */
  readonly codes: number[];
  nCodes: number;
  /** Keys to probe; the first `nProbes`. */
  readonly probes: number[];
  nProbes: number;
}

/** Adds a probe key once (a negative key means "no digits": nothing to probe). */
function addProbe(prep: Prep, key: number): void {
  if (key < 0) return;
  for (let p = 0; p < prep.nProbes; p++) if (prep.probes[p] === key) return;
  prep.probes[prep.nProbes++] = key;
}

/** Scratch for `scanCanonical`, reused so verification allocates nothing. */
const scan: CanonicalScan = { plus: false, len: 0 };

/** 10^n for n in 0..15. */
const POW10 = Array.from({ length: 16 }, (_, n) => 10 ** n);

/**
 * A canonical form read by `scanCanonical` (digits `num`, `len` of them,
 * international or not) as one exact number: (10^len + num) × 2 + plus. It is
 * below 2^53 for len ≤ 15, and equal codes mean equal canonical forms.
 */
function canonicalCode(num: number, len: number, plus: boolean): number {
  return ((POW10[len] as number) + num) * 2 + (plus ? 1 : 0);
}

/** Whether a stored value (its `text` and `code` in a {@link FieldIndex}) has the canonical form of one of the prepared variants. */
function isWanted(text: string, code: number, prep: Prep): boolean {
  if (code !== code) return prep.wanted.includes(canonicalPhoneIn(text, prep.region)); // NaN: the string form decides
  const codes = prep.codes;
  for (let w = 0; w < prep.nCodes; w++) if (codes[w] === code) return true;
  return false;
}

/**
 * What a memory adapter can say about itself, for tests and benchmarks: a
 * {@link LookupAdapter} with index control and a synchronous `find`.
 *
 * @example
 * ```ts
 * import { createMemoryLookup, phoneVariants } from 'screenpop';
 * const adapter = createMemoryLookup({
 *   contact: [{ id: 'c1', fullname: 'Ann Lee', telephone1: '+44 20 7946 0958', mobilephone: '020-7946-0958 x12' }],
 * });
 * adapter.buildIndex('contact', 'telephone1'); // 1 (keys)
 * console.log(adapter.indexCount); // 1
 * const records = adapter.findSync({
 *   entity: 'contact',
 *   phoneFields: ['mobilephone'],
 *   variants: phoneVariants('+442079460958'),
 *   displayField: 'fullname',
 *   limit: 10,
 * });
 * console.log(records.map((r) => [r.id, r.field, r.phone]), adapter.indexCount); // [['c1', 'mobilephone', '020-7946-0958 x12']] 2
 * ```
 */
export interface MemoryLookupAdapter extends LookupAdapter {
  /**
   * Builds the index of `entity`.`field`, read in `region` (default: the
   * adapter's `region` option), now (it is otherwise built on first use);
   * returns its key count.
   */
  buildIndex(entity: string, field: string, region?: string): number;
  /** How many (entity, field, key length) indexes have been built so far. */
  readonly indexCount: number;
  /** `find` without the promise: the same records, or a thrown {@link LookupError} (for benchmarks and batch jobs). */
  findSync(query: LookupQuery): LookupRecord[];
}

function storedText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

function buildFieldIndex(rows: EntityTable['rows'], field: string, k: number, region: string | undefined): FieldIndex {
  const keys = new IntIndex(rows.length);
  const texts: string[] = new Array<string>(rows.length);
  const codes = new Float64Array(rows.length);
  const mod = POW10[k] as number;
  const reading = regionReading(region);
  for (let i = 0; i < rows.length; i++) {
    const text = storedText((rows[i] as Record<string, unknown>)[field]);
    if (text === undefined) continue;
    // One pass reads both: the trailing key is the last k digits of the canonical number.
    let num = scanCanonical(text, scan, reading);
    let key: number;
    if (num >= 0) key = num % mod;
    else {
      // A URI, an international prefix, a trunk prefix after the code, …: the string form reads it.
      const c = canonicalPhoneIn(text, region);
      num = scanPlain(c, scan);
      key = num >= 0 ? (scan.len === 0 ? -1 : num % mod) : trailingKey(c, k);
    }
    if (key < 0) continue;
    keys.add(key, i);
    texts[i] = text;
    codes[i] = num < 0 ? Number.NaN : canonicalCode(num, scan.len, scan.plus);
  }
  return { field, keys, texts, codes };
}

/** A row's id: `id`, else `<entity>id` (`idKey`), as text; undefined when neither is usable. */
function recordId(row: Readonly<Record<string, unknown>>, idKey: string): string | undefined {
  const v = row['id'];
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  const w = Object.hasOwn(row, idKey) ? row[idKey] : undefined;
  if (typeof w === 'string' && w !== '') return w;
  if (typeof w === 'number' && Number.isFinite(w)) return String(w);
  return undefined;
}

function toRecord(query: LookupQuery, row: Readonly<Record<string, unknown>>, id: string, phone: string, field: string): LookupRecord {
  const raw = Object.hasOwn(row, query.displayField) ? row[query.displayField] : undefined;
  const name = typeof raw === 'string' ? raw : raw === undefined || raw === null ? '' : String(raw);
  const mod = 'modifiedon' in row || 'modifiedOn' in row ? modifiedOn(row) : undefined;
  return mod === undefined
    ? { entity: query.entity, id, name, phone, field }
    : { entity: query.entity, id, name, phone, field, modifiedOn: mod };
}

function modifiedOn(row: Readonly<Record<string, unknown>>): string | undefined {
  const v = row['modifiedon'] ?? row['modifiedOn'];
  if (typeof v === 'string') return v;
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString();
  return undefined;
}

/** Row `i` as a record when its field in `index` holds one of the wanted numbers and it passes the filter; else undefined. */
function candidate(
  query: LookupQuery,
  table: EntityTable,
  index: FieldIndex,
  i: number,
  prep: Prep,
  lastDigits: number | undefined,
  predicate: RecordPredicate | undefined,
): LookupRecord | undefined {
  const stored = index.texts[i] as string;
  const ok =
    isWanted(stored, index.codes[i] as number, prep) ||
    (lastDigits !== undefined && matchesLastDigits(stored, query.e164 as string, lastDigits, prep.region));
  if (!ok) return undefined;
  // Another extension (or digits that may be one): another number.
  if (query.extension !== undefined && otherExtension(stored, query.extension)) return undefined;
  const row = table.rows[i] as Readonly<Record<string, unknown>>;
  if (predicate !== undefined && !predicate(row)) return undefined;
  return toRecord(query, row, table.ids[i] as string, stored, index.field);
}

/**
 * Creates an in-memory lookup adapter over `records` (entity logical name →
 * rows). Each row needs an `id` (or `<entity>id`, e.g. `contactid`); the
 * display field and phone fields are read by the names a query gives;
 * `modifiedon` (ISO 8601 string or `Date`) feeds the `mostRecent` policy.
 *
 * Stored numbers may be written in any format (`+44 (0)20 7946 0958`,
 * `020-7946-0958 x12`, `00442079460958`): they match when, ignoring
 * punctuation and extension, they equal one of the query's variants. The rows
 * are not copied; do not change them after creating the adapter.
 *
 * Throws `lookup_bad_record` when a row has no id.
 *
 * @example
 * ```ts
 * import { createMemoryLookup, lookupCaller } from 'screenpop';
 * const adapter = createMemoryLookup({
 *   contact: [{ id: 'c1', fullname: 'Ann Lee', telephone1: '020 7946 0958' }],
 * });
 * const config = { entities: [{ entity: 'contact', phoneFields: ['telephone1'], displayField: 'fullname' }] };
 * const r = await lookupCaller('+442079460958', { config, adapter, defaultRegion: 'GB' });
 * console.log(r.count, r.chosen?.id); // 1 c1
 * ```
 */
export function createMemoryLookup(
  records: Readonly<Record<string, ReadonlyArray<Readonly<Record<string, unknown>>>>>,
  options: MemoryLookupOptions = {},
): MemoryLookupAdapter {
  if (records === null || typeof records !== 'object' || readHost('records', () => Array.isArray(records))) {
    throw new LookupError('lookup_bad_record', 'The records must be an object: entity logical name → rows.', {
      hint: 'Pass { contact: [ { id, fullname, telephone1 }, ... ] }.',
    });
  }
  expectFields(options, 'options', ['index']);
  const tables = new Map<string, EntityTable>();
  for (const [entity, rows] of readHost('records', () => Object.entries(records))) {
    if (!readHost('records', () => Array.isArray(rows))) {
      throw new LookupError('lookup_bad_record', `The records of "${entity}" are not an array of rows.`, {
        entity,
        hint: 'Pass { entity: [ { id, ...fields }, ... ] }.',
      });
    }
    const idKey = `${entity}id`;
    const ids: string[] = new Array<string>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as Readonly<Record<string, unknown>> | null | undefined;
      const id = row !== null && typeof row === 'object' ? readHost('records', () => recordId(row, idKey)) : undefined;
      if (id === undefined) {
        throw new LookupError('lookup_bad_record', `Row ${i} of "${entity}" has no id.`, {
          entity,
          hint: `Give every row a non-empty string "id" (or "${entity}id").`,
        });
      }
      ids[i] = id;
    }
    tables.set(entity, { rows, ids, indexes: new Map(), shortIndexes: new Map(), shape: undefined });
  }
  const filters = new WeakMap<Condition, RecordPredicate>();
  const upfrontRegion = options.region?.toUpperCase();
  let indexCount = 0;

  function indexOf(table: EntityTable, field: string, k: number, region: string | undefined): FieldIndex {
    const map = k === KEY_DIGITS ? table.indexes : table.shortIndexes;
    const name = `${k === KEY_DIGITS ? field : `${k}:${field}`}${region === undefined ? '' : `@${region}`}`;
    let index = map.get(name);
    if (!index) {
      index = buildFieldIndex(table.rows, field, k, region);
      map.set(name, index);
      indexCount++;
    }
    return index;
  }

  /**
   * The indexes of a query's phone fields, in order. The last answer is kept
   * per table and reused while the fields (compared by name) and key length
   * are the same, which spares a name lookup per field and call.
   */
  function indexesOf(table: EntityTable, fields: readonly string[], k: number, region: string | undefined): readonly FieldIndex[] {
    const last = table.shape;
    if (last !== undefined && last.k === k && last.region === region && last.fields.length === fields.length) {
      let same = true;
      for (let f = 0; f < fields.length && same; f++) same = last.fields[f] === fields[f];
      if (same) return last.indexes;
    }
    const indexes = fields.map((field) => indexOf(table, field, k, region));
    table.shape = { k, region, fields: fields.slice(), indexes };
    return indexes;
  }

  const prep: Prep = { source: undefined, k: 0, region: undefined, lastDigits: undefined, e164: undefined, wanted: [], codes: [], nCodes: 0, probes: [], nProbes: 0 };
  function prepOf(query: LookupQuery, k: number, lastDigits: number | undefined): Prep {
    // `numbers` (when given) are the variants' canonical forms: same keys, same forms, nothing to format.
    const numbers = query.numbers;
    const source = numbers ?? query.variants;
    const region = query.region;
    if (prep.source === source && prep.k === k && prep.region === region && prep.lastDigits === lastDigits && prep.e164 === query.e164) return prep;
    prep.source = source;
    prep.k = k;
    prep.region = region;
    prep.lastDigits = lastDigits;
    prep.e164 = query.e164;
    prep.nCodes = 0;
    prep.nProbes = 0;
    if (numbers !== undefined) {
      // Canonical already: each scans to its exact digits, so its code and its key come from one pass.
      prep.wanted = numbers;
      const mod = POW10[k] as number;
      for (let i = 0; i < numbers.length; i++) {
        const c = numbers[i] as string;
        const num = scanPlain(c, scan);
        if (num >= 0) prep.codes[prep.nCodes++] = canonicalCode(num, scan.len, scan.plus);
        addProbe(prep, num < 0 ? trailingKey(c, k) : scan.len === 0 ? -1 : num % mod);
      }
    } else {
      const forms: string[] = [];
      for (let i = 0; i < source.length; i++) {
        const v = source[i] as string;
        const c = canonicalPhoneIn(v, region);
        if (forms.includes(c)) continue; // values of one canonical form share their code and trailing key
        forms.push(c);
        const num = scanPlain(c, scan);
        if (num >= 0) prep.codes[prep.nCodes++] = canonicalCode(num, scan.len, scan.plus);
        addProbe(prep, trailingKey(c, k));
      }
      prep.wanted = forms;
    }
    if (lastDigits !== undefined) addProbe(prep, trailingKey(query.e164 as string, k));
    return prep;
  }



  for (const [entity, fields] of Object.entries(options.index ?? {})) {
    const table = tables.get(entity);
    if (table) for (const field of fields) indexOf(table, field, KEY_DIGITS, upfrontRegion);
  }

  function predicateOf(query: LookupQuery): RecordPredicate | undefined {
    const filter = query.filter;
    if (!filter) return undefined;
    let p = filters.get(filter);
    if (!p) {
      checkFilter(filter, query.entity);
      p = compileFilter(filter);
      filters.set(filter, p);
    }
    return p;
  }

  /** Row indexes kept so far by the running {@link find} (it is synchronous, so one scratch serves every call). */
  const seen: number[] = [];

  function find(query: LookupQuery): LookupRecord[] {
    const table = tables.get(query.entity);
    if (!table || query.limit <= 0) {
      if (query.filter) predicateOf(query); // an unusable filter fails the same with or without rows
      return [];
    }
    const predicate = predicateOf(query);
    const lastDigits = query.lastDigits !== undefined && query.e164 !== undefined ? query.lastDigits : undefined;
    const k = lastDigits === undefined ? KEY_DIGITS : Math.min(KEY_DIGITS, lastDigits);
    const prep = prepOf(query, k, lastDigits);
    const probes = prep.probes;
    const nProbes = prep.nProbes;
    const fields = query.phoneFields;
    const indexes = indexesOf(table, fields, k, query.region);

    let out: LookupRecord[] | undefined;
    let nSeen = 0;
    for (let f = 0; f < indexes.length; f++) {
      const index = indexes[f] as FieldIndex;
      const keys = index.keys;
      if (keys.size === 0) continue; // a field no row fills: nothing to probe
      for (let p = 0; p < nProbes; p++) {
        const v = keys.find(probes[p] as number);
        if (v === NONE) continue;
        const many = v >= 0 ? undefined : keys.list(v);
        const count = many === undefined ? 1 : many.length;
        for (let c = 0; c < count; c++) {
          const i = many === undefined ? v : (many[c] as number);
          let dup = false;
          for (let s = 0; s < nSeen; s++) {
            if (seen[s] === i) {
              dup = true;
              break;
            }
          }
          if (dup) continue;
          const record = candidate(query, table, index, i, prep, lastDigits, predicate);
          if (record === undefined) continue;
          seen[nSeen++] = i;
          if (out === undefined) out = [record];
          else out.push(record);
        }
      }
    }

    if (out === undefined) return [];
    if (out.length > 1) out.sort(byNameThenId);
    return out.length > query.limit ? out.slice(0, query.limit) : out;
  }

  const adapter: MemoryLookupAdapter = {
    name: options.name ?? 'memory',
    find(query: LookupQuery, signal?: AbortSignal): Promise<LookupRecord[]> {
      try {
        if (
          query === null ||
          typeof query !== 'object' ||
          typeof query.entity !== 'string' ||
          !Array.isArray(query.phoneFields) ||
          !(query.numbers === undefined ? Array.isArray(query.variants) : Array.isArray(query.numbers))
        ) {
          throw new LookupError('lookup_bad_option', 'find() needs a LookupQuery: { entity, phoneFields, variants, displayField, limit }.', {
            hint: 'Build queries with lookupCaller, or pass every field of LookupQuery.',
          });
        }
        if (signal?.aborted) {
          throw new LookupError('lookup_aborted', `The search of ${query.entity} was cancelled.`, { entity: query.entity });
        }
        return Promise.resolve(find(query));
      } catch (e) {
        return Promise.reject(e);
      }
    },
    findSync: find,
    buildIndex(entity: string, field: string, region?: string): number {
      const table = tables.get(entity);
      return table ? indexOf(table, field, KEY_DIGITS, region?.toUpperCase() ?? upfrontRegion).keys.size : 0;
    },
    get indexCount() {
      return indexCount;
    },
  };
  (adapter as unknown as Record<symbol, unknown>)[READS_NUMBERS_ONLY] = true;
  return adapter;
}
