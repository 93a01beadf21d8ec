/**
 * The lookup configuration (what to search for a caller, and how to show a
 * match) built from `dialerKVTable` rows, with a warning for every row that
 * cannot be used.
 *
 * @module
 */
import type { Condition } from '../parser/ast.js';
import { parseCondition } from '../parser/index.js';
import type { EntityLookupConfig, LookupConfig } from '../lookup/types.js';
import type { ConfigWarning, ConfigWarningCode } from './errors.js';
import type { KvRow } from './row.js';
import { CUSTOM_URL_RULE, effectiveRows, isGlobalScope } from './scope.js';
import { KNOWN_ENTITIES, isEntityAlias, suggestEntity } from './suggest.js';
import { expectRows, expectObject } from '../errors/guard.js';
import { storedFormatsFromRows } from './stored-formats.js';
import { own } from '../util/own.js';

/**
 * Row Names the lookup configuration reads (case-sensitive).
 *
 * @example
 * ```ts
 * import { KV_NAMES } from 'screenpop';
 * const row = { scope: 'global', name: `${KV_NAMES.incomingLookupPrefix}salesorder`, key: '1', value: 'new_phone1', type: 'phone' };
 * ```
 */
export const KV_NAMES = {
  /** `incomingLookup_<entity>`: Type `phone` / `name` / `filter` / `entityset` rows for one entity. */
  incomingLookupPrefix: 'incomingLookup_',
  /** Parent `AppSettings`, Key = entity, Value = display field. */
  entityPrimaryNames: 'entityPrimaryNames',
  /** Key `inbound` / `outbound`, Value = comma-separated entities in search order. */
  lookupEntities: 'lookupEntities',
  /** Value = the longest caller number (in digits) treated as an internal extension. */
  internalExtensionLength: 'internalExtensionLength',
  /** Value = N: match on the last N digits (CRMs with unreliable formatting). */
  lookupLastDigits: 'lookupLastDigits',
  /** Value = most records asked of an adapter per entity. */
  lookupLimit: 'lookupLimit',
  /** Key = rank, Value = a stored-format template (`+CC NN NNNN NNNN`): `LookupConfig.storedFormats`. */
  storedPhoneFormats: 'storedPhoneFormats',
  /** Value `true` / `false`: stored phone values may end with an extension (`LookupConfig.storedExtensions`). */
  storedPhoneExtensions: 'storedPhoneExtensions',
} as const;

/**
 * Entities searched when no `lookupEntities` row applies.
 *
 * @example
 * ```ts
 * import { DEFAULT_LOOKUP_ENTITIES } from 'screenpop';
 * DEFAULT_LOOKUP_ENTITIES.join(', '); // 'contact, lead, account'
 * ```
 */
export const DEFAULT_LOOKUP_ENTITIES: readonly string[] = ['contact', 'lead', 'account'];

/**
 * Phone fields searched for an entity that has no `incomingLookup_<entity>`
 * Type `phone` rows. Configured rows replace these entirely.
 *
 * @example
 * ```ts
 * import { DEFAULT_PHONE_FIELDS } from 'screenpop';
 * DEFAULT_PHONE_FIELDS['account']; // ['telephone1', 'telephone2', 'telephone3']
 * ```
 */
export const DEFAULT_PHONE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  contact: ['telephone1', 'telephone2', 'telephone3', 'mobilephone', 'address1_telephone1'],
  lead: ['telephone1', 'telephone2', 'telephone3', 'mobilephone'],
  account: ['telephone1', 'telephone2', 'telephone3'],
  // The seed: "Orders have two phone numbers (Bill To Phone Number and Ship To Phone Number)".
  salesorder: ['billto_telephone', 'shipto_telephone'],
  systemuser: ['address1_telephone1', 'address1_telephone2', 'address1_telephone3', 'mobilephone'],
};

/**
 * Display field of an entity with no `entityPrimaryNames` or Type `name` row.
 *
 * @example
 * ```ts
 * import { DEFAULT_DISPLAY_FIELDS } from 'screenpop';
 * DEFAULT_DISPLAY_FIELDS['contact']; // 'fullname'
 * ```
 */
export const DEFAULT_DISPLAY_FIELDS: Readonly<Record<string, string>> = {
  contact: 'fullname',
  lead: 'fullname',
  account: 'name',
  salesorder: 'name',
  systemuser: 'fullname',
  incident: 'title',
  opportunity: 'name',
  quote: 'name',
  invoice: 'name',
};

/** Bounds of the numeric settings, inclusive (shared with the settings module). @internal */
export const NUMERIC_SETTINGS = {
  internalExtensionLength: { min: 1, max: 10, field: 'internalExtensionLength' },
  lookupLastDigits: { min: 4, max: 15, field: 'lastDigits' },
  lookupLimit: { min: 1, max: 5000, field: 'limit' },
} as const;

/** The Types an `incomingLookup_<entity>` row may have (case-insensitive). */
const LOOKUP_TYPES = ['phone', 'name', 'filter', 'entityset'] as const;

/**
 * Options of {@link lookupConfigFromKv}.
 *
 * @example
 * ```ts
 * import { lookupConfigFromKv } from 'screenpop';
 * lookupConfigFromKv(rows, { user: 'Test Agent06', direction: 'outbound' });
 * ```
 */
export interface LookupConfigOptions {
  /** The user whose rows apply (Scope compared trimmed, case-insensitively); global rows apply to all. */
  readonly user: string;
  /**
   * Which `lookupEntities` row to use: Key `inbound` or `outbound`. An
   * outbound lookup with no `outbound` row uses the `inbound` row. Default: `'inbound'`.
   */
  readonly direction?: 'inbound' | 'outbound';
}

/**
 * What {@link lookupConfigFromKv} returns.
 *
 * @example
 * ```ts
 * import { lookupConfigFromKv } from 'screenpop';
 * const { config, warnings } = lookupConfigFromKv(rows, { user: 'ann' });
 * for (const w of warnings) console.warn(w.code, w.message);
 * ```
 */
export interface LookupConfigResult {
  /** The configuration to pass to `lookupCaller`. */
  readonly config: LookupConfig;
  /** One warning per row (or entity) that could not be used as written. */
  readonly warnings: ConfigWarning[];
}

interface Indexed {
  readonly row: KvRow;
  readonly index: number;
}

/**
 * Builds the {@link LookupConfig} for a user (and a call direction) from
 * `dialerKVTable` rows, scope applied (see {@link effectiveRows}).
 *
 * - Entities, in search order: the `lookupEntities` row with Key `inbound`
 *   (or `outbound`), Value a comma-separated list; default `contact, lead, account`.
 * - Per entity, `incomingLookup_<entity>` rows: Type `phone` (Value = a phone
 *   field, Key = its position: integer Keys sort numerically and come first,
 *   others follow in text order), Type `name` (Value = display field), Type
 *   `filter` (Value = a condition in the rule language, any field allowed,
 *   e.g. `statecode=0`; several are and-ed), Type `entityset` (Value = Web API
 *   entity set name of a custom entity).
 * - Display field: Type `name` row, else `entityPrimaryNames` (Key = entity),
 *   else a default (contact/lead `fullname`, account/salesorder `name`).
 * - Phone fields default for contact, lead, account, salesorder and systemuser
 *   when no Type `phone` row exists; configured rows replace the defaults.
 * - `internalExtensionLength`, `lookupLastDigits`, `lookupLimit`: one integer
 *   Value each (Key ignored; the user's row wins over the global one).
 * - `storedPhoneFormats`: Key = rank, Value = a stored-format template
 *   (`+CC NN NNNN NNNN`), into `storedFormats` in rank order; a user's rows
 *   replace the global ones.
 * - `storedPhoneExtensions`: Value `true` or `false` (default `false`), into
 *   `storedExtensions`: stored values may end with an extension
 *   (`020 7946 0958 x12`), so exact-match adapters search with `startswith`.
 *
 * Field and entity names are lower-cased (Dataverse logical names are). A
 * Value written like the seed's `name – *` (a name, a dash, a comment) is read
 * as `name`, with an `annotated_value` warning. An entity with no phone
 * fields, or whose filter does not parse, is not searched (with a warning):
 * searching it unfiltered could pop a closed order.
 *
 * @param rows - the whole `dialerKVTable` (already loaded and valid).
 * @param options - see {@link LookupConfigOptions}.
 * @example
 * ```ts
 * import { lookupConfigFromKv } from 'screenpop';
 * const rows = [
 *   { scope: 'global', name: 'lookupEntities', key: 'inbound', value: 'contact, salesorder' },
 *   { scope: 'global', name: 'incomingLookup_salesorder', key: '1', value: 'new_phone1', type: 'phone' },
 *   { scope: 'global', name: 'incomingLookup_salesorder', key: '1', value: 'statecode=0', type: 'filter' },
 * ];
 * const { config, warnings } = lookupConfigFromKv(rows, { user: 'ann' });
 * config.entities.map((e) => [e.entity, e.phoneFields.join('|'), e.displayField]);
 * // [['contact', 'telephone1|telephone2|telephone3|mobilephone|address1_telephone1', 'fullname'],
 * //  ['salesorder', 'new_phone1', 'name']]
 * ```
 */
export function lookupConfigFromKv(rows: readonly KvRow[], options: LookupConfigOptions): LookupConfigResult {
  expectRows(rows, 'rows', ['scope', 'name', 'key', 'value']);
  expectObject(options, 'options', ['user', 'direction']);
  const direction = options.direction ?? 'inbound';
  const warnings: ConfigWarning[] = [];
  const warn = (code: ConfigWarningCode, message: string, at?: Indexed, suggestion?: string): void => {
    warnings.push({
      code,
      message,
      ...(at ? { row: at.row, index: at.index } : {}),
      ...(suggestion === undefined ? {} : { suggestion }),
    });
  };

  const position = new Map<KvRow, number>();
  rows.forEach((r, i) => {
    if (!position.has(r)) position.set(r, i);
  });
  const eff: Indexed[] = effectiveRows(rows, options.user).map((row) => ({ row, index: position.get(row) ?? -1 }));

  checkNameCase(eff, warn);

  // 1. Entities to search, in order.
  const { entities, listedAt } = entityList(eff, direction, warn);

  // 2. Rows per entity.
  const perEntity = new Map<string, Indexed[]>();
  for (const it of eff) {
    const n = it.row.name.trim();
    if (!n.startsWith(KV_NAMES.incomingLookupPrefix)) continue;
    const entity = n.slice(KV_NAMES.incomingLookupPrefix.length).trim().toLowerCase();
    const list = perEntity.get(entity) ?? [];
    list.push(it);
    perEntity.set(entity, list);
  }
  for (const [entity, its] of perEntity) {
    if (entities.includes(entity)) continue;
    const first = its[0]!;
    const s = suggestEntity(entity, entities);
    const mean =
      s === undefined ? '' : entities.includes(s) ? `; did you mean ${s}?` : `; did you mean ${s}? (add it to lookupEntities too)`;
    warn(
      'unsearched_entity',
      `${first.row.name.trim()} (${its.length} row${its.length === 1 ? '' : 's'}) configures entity "${entity}", which is not searched (lookup entities: ${entities.join(', ')})${mean}`,
      first,
      s,
    );
  }

  // 3. Display names from entityPrimaryNames (first row per entity wins).
  const primaryNames = new Map<string, Indexed>();
  for (const it of eff) {
    if (it.row.name.trim() !== KV_NAMES.entityPrimaryNames) continue;
    const key = cleanIdentifier(it.row.key, it, 'Key', warn).toLowerCase();
    if (key === '') {
      warn('empty_value', `${KV_NAMES.entityPrimaryNames} row has no Key; the Key must be the entity, e.g. salesorder.`, it);
      continue;
    }
    if (primaryNames.has(key)) {
      warn('duplicate_setting', `Several ${KV_NAMES.entityPrimaryNames} rows for "${key}"; the first is used.`, it);
      continue;
    }
    primaryNames.set(key, it);
  }

  // 4. One EntityLookupConfig per searched entity.
  const out: EntityLookupConfig[] = [];
  for (const entity of entities) {
    const built = entityConfig(entity, perEntity.get(entity) ?? [], primaryNames.get(entity), warn, listedAt);
    if (built) out.push(built);
  }

  // 5. Numeric settings.
  const config: { -readonly [K in keyof LookupConfig]: LookupConfig[K] } = { entities: out };
  for (const [name, spec] of Object.entries(NUMERIC_SETTINGS) as Array<
    [keyof typeof NUMERIC_SETTINGS, (typeof NUMERIC_SETTINGS)[keyof typeof NUMERIC_SETTINGS]]
  >) {
    const it = singleSetting(eff, name, warn);
    if (!it) continue;
    const text = it.row.value.trim();
    const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!(n >= spec.min && n <= spec.max)) {
      warn(
        'bad_setting',
        `${name} must be a whole number from ${spec.min} to ${spec.max}, not ${JSON.stringify(it.row.value)}; the setting is ignored.`,
        it,
      );
      continue;
    }
    config[spec.field] = n;
  }
  const storedFormats = storedFormatsFromRows(eff, warn);
  if (storedFormats !== undefined) config.storedFormats = storedFormats;
  const extensions = singleSetting(eff, KV_NAMES.storedPhoneExtensions, warn);
  if (extensions) {
    const v = extensions.row.value.trim().toLowerCase();
    if (v === 'true') config.storedExtensions = true;
    else if (v !== 'false') {
      warn('bad_setting', `${KV_NAMES.storedPhoneExtensions} must be true or false, not ${JSON.stringify(extensions.row.value)}; the default (false) is used.`, extensions);
    }
  }
  return { config, warnings: byRow(warnings) };
}

/** Warnings about rows in table order (stable), then those about no single row. */
function byRow(warnings: readonly ConfigWarning[]): ConfigWarning[] {
  return warnings
    .map((w, i) => ({ w, i }))
    .sort((a, b) => (a.w.index ?? Infinity) - (b.w.index ?? Infinity) || a.i - b.i)
    .map(({ w }) => w);
}

type Warn = (code: ConfigWarningCode, message: string, at?: Indexed, suggestion?: string) => void;

/** Names we read, for near-miss (wrong case) warnings. */
const EXACT_NAMES: readonly string[] = [
  CUSTOM_URL_RULE,
  KV_NAMES.entityPrimaryNames,
  KV_NAMES.lookupEntities,
  KV_NAMES.internalExtensionLength,
  KV_NAMES.lookupLastDigits,
  KV_NAMES.lookupLimit,
  KV_NAMES.storedPhoneFormats,
  KV_NAMES.storedPhoneExtensions,
];

function checkNameCase(eff: readonly Indexed[], warn: Warn): void {
  for (const it of eff) {
    const n = it.row.name.trim();
    const lower = n.toLowerCase();
    for (const exact of EXACT_NAMES) {
      if (lower === exact.toLowerCase() && n !== exact) {
        warn('name_case', `Row Name "${n}" is not "${exact}" (Names are case-sensitive); the row is ignored.`, it, exact);
      }
    }
    const prefix = KV_NAMES.incomingLookupPrefix;
    if (lower.startsWith(prefix.toLowerCase()) && !n.startsWith(prefix)) {
      const fixed = prefix + n.slice(prefix.length);
      warn('name_case', `Row Name "${n}" is not "${fixed}" (Names are case-sensitive); the row is ignored.`, it, fixed);
    }
  }
}

/** The searched entities, and the lookupEntities row that lists them (none when the default applies). */
function entityList(eff: readonly Indexed[], direction: 'inbound' | 'outbound', warn: Warn): { entities: string[]; listedAt?: Indexed } {
  const rows = eff.filter((it) => it.row.name.trim() === KV_NAMES.lookupEntities);
  const pick = (dir: string): Indexed | undefined => {
    const matching = rows.filter((it) => it.row.key.trim().toLowerCase() === dir);
    for (const extra of matching.slice(1)) {
      warn('duplicate_setting', `Several ${KV_NAMES.lookupEntities} rows with Key "${dir}"; the first is used.`, extra);
    }
    return matching[0];
  };
  for (const it of rows) {
    const k = it.row.key.trim().toLowerCase();
    if (k !== 'inbound' && k !== 'outbound') {
      warn('bad_setting', `${KV_NAMES.lookupEntities} Key must be "inbound" or "outbound", not ${JSON.stringify(it.row.key)}; the row is ignored.`, it);
    }
  }
  const chosen = pick(direction) ?? (direction === 'outbound' ? pick('inbound') : undefined);
  if (!chosen) return { entities: [...DEFAULT_LOOKUP_ENTITIES] };
  const list: string[] = [];
  for (const part of chosen.row.value.split(/[,;]/)) {
    const e = part.trim().toLowerCase();
    if (e === '') continue;
    if (list.includes(e)) {
      warn('duplicate_setting', `${KV_NAMES.lookupEntities} lists "${e}" twice; it is searched once, in its first place.`, chosen);
      continue;
    }
    if (isEntityAlias(e) && !KNOWN_ENTITIES.includes(e)) {
      const s = suggestEntity(e, KNOWN_ENTITIES);
      warn(
        'unknown_entity',
        `${KV_NAMES.lookupEntities} lists "${e}", which is not a Dataverse entity name${s === undefined ? '' : `; did you mean ${s}?`}`,
        chosen,
        s,
      );
    }
    list.push(e);
  }
  if (list.length === 0) {
    warn(
      'empty_value',
      `${KV_NAMES.lookupEntities} (${chosen.row.key}) lists no entity; the default (${DEFAULT_LOOKUP_ENTITIES.join(', ')}) is used.`,
      chosen,
    );
    return { entities: [...DEFAULT_LOOKUP_ENTITIES] };
  }
  return { entities: list, listedAt: chosen };
}

/** Orders Keys: integers numerically first, then the rest in text order; ties keep table order. */
export function compareLookupKeys(a: string, b: string): number {
  const na = /^\d+$/.test(a) ? Number(a) : undefined;
  const nb = /^\d+$/.test(b) ? Number(b) : undefined;
  if (na !== undefined && nb !== undefined) return na - nb;
  if (na !== undefined) return -1;
  if (nb !== undefined) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function entityConfig(
  entity: string,
  its: readonly Indexed[],
  primary: Indexed | undefined,
  warn: Warn,
  listedAt: Indexed | undefined,
): EntityLookupConfig | undefined {
  const rowName = `${KV_NAMES.incomingLookupPrefix}${entity}`;
  const byType = new Map<string, Array<Indexed & { key: string }>>();
  for (const it of its) {
    const type = (it.row.type ?? '').trim().toLowerCase();
    if (!(LOOKUP_TYPES as readonly string[]).includes(type)) {
      warn(
        'unknown_type',
        `${it.row.name.trim()} row has Type ${JSON.stringify(it.row.type ?? '')}; expected one of ${LOOKUP_TYPES.join(', ')}. The row is ignored.`,
        it,
      );
      continue;
    }
    // The Key of name/filter/entityset rows carries nothing; only phone rows need it clean.
    const key = type === 'phone' ? cleanIdentifier(it.row.key, it, 'Key', warn) : it.row.key.trim();
    const list = byType.get(type) ?? [];
    list.push({ ...it, key });
    byType.set(type, list);
  }
  const sorted = (type: string) => [...(byType.get(type) ?? [])].sort((a, b) => compareLookupKeys(a.key, b.key));

  // Phone fields.
  const phoneFields: string[] = [];
  for (const it of sorted('phone')) {
    const field = cleanIdentifier(it.row.value, it, 'Value', warn).toLowerCase();
    if (field === '') {
      warn('empty_value', `${rowName} phone row (Key ${JSON.stringify(it.row.key)}) has no Value; write the phone field's logical name, e.g. telephone1.`, it);
      continue;
    }
    if (!isLogicalName(field)) {
      warn('bad_setting', `${rowName} phone row Value ${JSON.stringify(it.row.value)} is not a field's logical name (e.g. telephone1); the row is ignored.`, it);
      continue;
    }
    if (phoneFields.includes(field)) {
      warn('duplicate_field', `${rowName} lists phone field ${field} twice; it is searched once.`, it);
      continue;
    }
    phoneFields.push(field);
  }
  const fields = (byType.get('phone')?.length ?? 0) > 0 ? phoneFields : [...(own(DEFAULT_PHONE_FIELDS, entity) ?? [])];
  if (fields.length === 0) {
    // No rows of its own and not a standard entity: most likely a typo in lookupEntities ("acount").
    const near = its.length === 0 && !KNOWN_ENTITIES.includes(entity) ? suggestEntity(entity, KNOWN_ENTITIES) : undefined;
    warn(
      'no_phone_fields',
      near === undefined
        ? `Entity "${entity}" is searched but has no phone fields; add ${rowName} rows with Type phone (Value = field, Key = order). It is not searched.`
        : `Entity "${entity}" is searched but has no phone fields; did you mean ${near} (fix ${KV_NAMES.lookupEntities}), or add ${rowName} rows with Type phone? It is not searched.`,
      // Its own first row; with none, the lookupEntities row that lists it (so lint can point at a line).
      its[0] ?? listedAt,
      near,
    );
    return undefined;
  }

  // Display field.
  let displayField: string | undefined;
  const names = sorted('name');
  for (const it of names.slice(1)) warn('duplicate_setting', `Several ${rowName} rows of Type name; the first by Key is used.`, it);
  const nameRow = names[0];
  if (nameRow) {
    const f = cleanIdentifier(nameRow.row.value, nameRow, 'Value', warn).toLowerCase();
    if (f === '') warn('empty_value', `${rowName} name row has no Value; write the display field, e.g. name.`, nameRow);
    else if (!isLogicalName(f)) warn('bad_setting', `${rowName} name row Value ${JSON.stringify(nameRow.row.value)} is not a field's logical name; it is ignored.`, nameRow);
    else displayField = f;
  }
  if (displayField === undefined && primary) {
    const f = cleanIdentifier(primary.row.value, primary, 'Value', warn).toLowerCase();
    if (f === '') warn('empty_value', `${KV_NAMES.entityPrimaryNames} row for ${entity} has no Value; write the display field, e.g. name.`, primary);
    else if (!isLogicalName(f)) warn('bad_setting', `${KV_NAMES.entityPrimaryNames} Value ${JSON.stringify(primary.row.value)} for ${entity} is not a field's logical name; it is ignored.`, primary);
    else displayField = f;
  }
  if (displayField === undefined) {
    displayField = own(DEFAULT_DISPLAY_FIELDS, entity);
    if (displayField === undefined) {
      const prefix = /^([a-z][a-z0-9]*)_/.exec(entity);
      displayField = prefix ? `${prefix[1]}_name` : 'name';
      warn(
        'no_display_field',
        `No display field for "${entity}"; using ${displayField}. Add an ${KV_NAMES.entityPrimaryNames} row (Parent AppSettings, Key ${entity}, Value = field).`,
        its[0],
      );
    }
  }

  // Filters (and-ed).
  const filters: Condition[] = [];
  const texts: string[] = [];
  for (const it of sorted('filter')) {
    const text = it.row.value.trim();
    if (text === '') {
      warn('empty_value', `${rowName} filter row has no Value; it is ignored.`, it);
      continue;
    }
    try {
      filters.push(parseCondition(text, { anyField: true }));
      texts.push(text);
    } catch (e) {
      const detail = e instanceof Error ? ((e as { detail?: unknown }).detail ?? e.message) : String(e);
      warn(
        'bad_filter',
        `${rowName} filter ${JSON.stringify(text)} does not parse (${String(detail)}); "${entity}" is not searched until it is fixed.`,
        it,
      );
      return undefined;
    }
  }

  // Entity set.
  let entitySet: string | undefined;
  const sets = sorted('entityset');
  for (const it of sets.slice(1)) warn('duplicate_setting', `Several ${rowName} rows of Type entityset; the first by Key is used.`, it);
  if (sets[0]) {
    const v = sets[0].row.value.trim();
    if (isLogicalName(v)) entitySet = v;
    else warn('bad_setting', `${rowName} entityset Value ${JSON.stringify(sets[0].row.value)} is not an entity set name; it is ignored.`, sets[0]);
  }

  const filter: Condition | undefined =
    filters.length === 0 ? undefined : filters.length === 1 ? filters[0] : { kind: 'and', items: filters.flatMap((f) => (f.kind === 'and' ? f.items : [f])) };
  return {
    entity,
    phoneFields: fields,
    displayField,
    ...(filter === undefined ? {} : { filter, filterText: texts.length === 1 ? texts[0]! : texts.map((t) => `(${t})`).join(' && ') }),
    ...(entitySet === undefined ? {} : { entitySet }),
  };
}

/** The row for a single-valued setting: the user's row if any, else the global one; Key ignored. */
function singleSetting(eff: readonly Indexed[], name: string, warn: Warn): Indexed | undefined {
  const rows = eff.filter((it) => it.row.name.trim() === name);
  const user = rows.filter((it) => !isGlobalScope(it.row));
  const global = rows.filter((it) => isGlobalScope(it.row));
  const pool = user.length > 0 ? user : global;
  for (const extra of pool.slice(1)) warn('duplicate_setting', `Several ${name} rows; the first is used.`, extra);
  return pool[0];
}

function isLogicalName(s: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(s);
}

/**
 * Reads a Key or Value that must be a name, tolerating the seed's annotated
 * form `name – *` (a name, a dash, then a comment): the comment is dropped and
 * an `annotated_value` warning says so.
 */
function cleanIdentifier(text: string, at: Indexed, column: 'Key' | 'Value', warn: Warn): string {
  const t = text.trim();
  const m = /^([^\s–—]+)\s*[–—]\s*(.*)$/.exec(t) ?? /^(\S+)\s+-\s+(.*)$/.exec(t);
  if (!m) return t;
  const name = m[1]!;
  warn(
    'annotated_value',
    `${at.row.name.trim()} ${column} ${JSON.stringify(t)} is read as "${name}" (the text after the dash is taken as a comment); write just "${name}".`,
    at,
    name,
  );
  return name;
}
