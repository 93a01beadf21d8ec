/**
 * The fields a rule condition may test, with their canonical spelling and type.
 *
 * @module
 */
import type { FieldType } from './ast.js';
import { CALL_PARAM_NAMES } from '../params/names.js';

/**
 * Every built-in field: canonical spelling → type. Field names are matched
 * case-insensitively; the AST stores the canonical spelling.
 *
 * @example
 * ```ts
 * import { BUILTIN_FIELDS } from 'screenpop';
 * BUILTIN_FIELDS['time']; // 'time'
 * BUILTIN_FIELDS['fromParty.Key']; // 'string'
 * ```
 */
export const BUILTIN_FIELDS: Readonly<Record<string, FieldType>> = Object.freeze({
  'fromParty.Key': 'string',
  'fromParty.Id': 'string',
  'fromParty.Name': 'string',
  lookupCount: 'number',
  ...Object.fromEntries(CALL_PARAM_NAMES.map((n) => [n, 'string' as const])),
  time: 'time',
  day: 'day',
  date: 'date',
});

/**
 * The call directions Dynamics Telephony uses; `queue` is the auto-dialler's outbound direction.
 *
 * @example
 * ```ts
 * import { DIRECTIONS } from 'screenpop';
 * DIRECTIONS.join(', '); // 'inbound, queue, outbound, clicktocall, transfer'
 * ```
 */
export const DIRECTIONS = ['inbound', 'queue', 'outbound', 'clicktocall', 'transfer'] as const;

/** A resolved field: its canonical name and type. */
export interface FieldInfo {
  readonly name: string;
  readonly type: FieldType;
}

/** Case-insensitive field table: lower-case name → info. */
export type FieldTable = ReadonlyMap<string, FieldInfo>;

const builtinTable: FieldTable = new Map(
  Object.entries(BUILTIN_FIELDS).map(([name, type]) => [name.toLowerCase(), { name, type }]),
);

const tableCache = new WeakMap<Readonly<Record<string, FieldType>>, FieldTable>();

/** The field table for built-ins plus host-declared `extra` fields (cached per `extra` object). */
export function fieldTable(extra?: Readonly<Record<string, FieldType>>): FieldTable {
  if (extra === undefined) return builtinTable;
  const cached = tableCache.get(extra);
  if (cached) return cached;
  const table = new Map(builtinTable);
  for (const [name, type] of Object.entries(extra)) table.set(name.toLowerCase(), { name, type });
  tableCache.set(extra, table);
  return table;
}
