/**
 * One `dialerKVTable` row, its zod schema, and how export column names map to
 * its fields.
 *
 * @module
 */
import * as z from 'zod/mini';
import { matchTableColumn, type TableColumnMatch, type TableShape } from './table.js';

/**
 * zod schema (a `zod/mini` schema) of one `dialerKVTable` row. All fields are strings; `scope` and
 * `name` must be non-empty, `key` and `value` may be empty, `owner`, `parent`
 * and `type` are optional (absent when blank in the export).
 *
 * @example
 * ```ts
 * import { KvRowSchema } from 'screenpop';
 * const row = KvRowSchema.parse({ scope: 'global', name: 'customURL_Rule', key: '01', value: 'dnis=1234=>default' });
 * ```
 */
export const KvRowSchema = z.object({
  owner: z.optional(z.string()),
  scope: z.string().check(z.minLength(1)),
  parent: z.optional(z.string()),
  name: z.string().check(z.minLength(1)),
  key: z.string(),
  value: z.string(),
  type: z.optional(z.string()),
});

/**
 * One `dialerKVTable` row: Owner, Scope, Parent, Name, Key, Value, Type.
 *
 * @example
 * ```ts
 * import type { KvRow } from 'screenpop';
 * const row: KvRow = { scope: 'global', name: 'incomingLookup_salesorder', key: '1', value: 'new_phone1', type: 'phone' };
 * ```
 */
export type KvRow = z.infer<typeof KvRowSchema>;

/**
 * The fields of a {@link KvRow}.
 *
 * @example
 * ```ts
 * import type { KvField } from 'screenpop';
 * const field: KvField = 'scope';
 * ```
 */
export type KvField = keyof KvRow;

/** The fields in the seed's order, used for messages. */
export const KV_FIELDS: readonly KvField[] = ['owner', 'scope', 'parent', 'name', 'key', 'value', 'type'];

/** Fields an export must have a column for. */
export const REQUIRED_FIELDS: readonly KvField[] = ['scope', 'name', 'key', 'value'];

/** Fields whose blank value is an error (the others may be blank). */
export const NON_EMPTY_FIELDS: readonly KvField[] = ['scope', 'name'];

/** Display names of the fields, as Advanced Find shows them. */
export const FIELD_TITLES: Readonly<Record<KvField, string>> = {
  owner: 'Owner',
  scope: 'Scope',
  parent: 'Parent',
  name: 'Name',
  key: 'Key',
  value: 'Value',
  type: 'Type',
};

/** Extra spellings of the owner column in Web API payloads and exports. */
const OWNER_ALIASES: Readonly<Record<string, KvField>> = { ownerid: 'owner', _ownerid_value: 'owner', 'owner id': 'owner' };

/** How a column name matched a field: exactly (`Name`) or after a publisher prefix (`cts_name`). */
export type ColumnMatch = TableColumnMatch<KvField>;

/**
 * The {@link KvField} a column name stands for, or undefined for columns we do
 * not read. Matching is case-insensitive, ignores surrounding spaces, and
 * tolerates one publisher prefix (`cts_`, `new_`, any `xxx_`); OData
 * annotations (names containing `@`) never match.
 */
export function matchColumn(header: string): ColumnMatch | undefined {
  return matchTableColumn(KV_TABLE, header);
}

/**
 * Builds a row from trimmed field texts: blank optional fields are left out,
 * blank `key`/`value` become `''`.
 */
export function buildRow(fields: Partial<Record<KvField, string>>): KvRow {
  const row: { -readonly [K in KvField]?: string } = {};
  for (const f of KV_FIELDS) {
    const v = fields[f];
    if (v !== undefined && v !== '') row[f] = v;
    else if (f === 'key' || f === 'value') row[f] = '';
  }
  return row as KvRow;
}

/**
 * The shape of a `dialerKVTable` export, for the shared CSV/JSON loaders
 * (`readTableCsv(KV_TABLE, text)` is `readKvCsv(text)`).
 *
 * @example
 * ```ts
 * import { KV_TABLE, readTableJson } from 'screenpop';
 * const { rows } = readTableJson(KV_TABLE, '[{"Scope":"global","Name":"lookupLimit","Key":"","Value":"10"}]');
 * ```
 */
export const KV_TABLE: TableShape<KvField, KvRow> = {
  fields: KV_FIELDS,
  titles: FIELD_TITLES,
  required: REQUIRED_FIELDS,
  nonEmpty: NON_EMPTY_FIELDS,
  aliases: OWNER_ALIASES,
  preferFormatted: ['owner'],
  preferFormattedLabel: ['scope', 'type'],
  build: buildRow,
  schema: KvRowSchema,
  schemaName: 'KvRow',
  blankHint: (f) => (f === 'scope' ? 'Write "global", or the name of the user the row is for.' : 'Write the setting name, e.g. customURL_Rule.'),
  exampleRow: '{"Scope":"global","Name":"customURL_Rule","Key":"01","Value":"..."}',
};
