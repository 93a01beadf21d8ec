/**
 * Settings: the effective `dialerKVTable` settings of a user, typed where
 * screenpop knows them, with where each came from; and the seed's "Make a
 * setting global" procedure as a row change.
 *
 * @module
 */
import * as z from 'zod/mini';
import { ScreenpopError, type ScreenpopErrorOptions } from '../errors/index.js';
import { suggest } from '../util/suggest.js';
import { KV_NAMES, NUMERIC_SETTINGS } from './lookup.js';
import type { KvRow } from './row.js';
import { CUSTOM_URL_RULE, effectiveRows, isGlobalScope } from './scope.js';
import { POP_KV_NAMES } from './pop.js';
import { expectRows, expectObject, expectText, readHost } from '../errors/guard.js';

// --- known settings ----------------------------------------------------------

/**
 * Row Names (and Keys) of the settings this module types, beyond those the
 * lookup configuration reads ({@link KV_NAMES}). The seed does not give the
 * telephony rows' names; these are ours.
 *
 * @example
 * ```ts
 * import { SETTING_NAMES } from 'screenpop';
 * const row = { scope: 'global', name: SETTING_NAMES.telephony, key: SETTING_NAMES.telephonyProviderKey, value: 'TAPI' };
 * ```
 */
export const SETTING_NAMES = {
  /** Name of the telephony rows: Key `provider` (e.g. `TAPI`) and Key `version` (e.g. `2.1`). */
  telephony: 'telephony',
  /** Key of the telephony provider row. */
  telephonyProviderKey: 'provider',
  /** Key of the telephony provider's version row. */
  telephonyVersionKey: 'version',
  /** Name of the spellcheck languages row; Value e.g. `["es-ES", "en-US"]`. */
  spellcheckDictionaries: 'spellcheck.dictionaries',
} as const;

/**
 * The settings {@link settingsFor} knows. `customURL_Rule` and
 * `incomingLookup` rows are known too but stay text: the rules and lookup
 * modules interpret them.
 *
 * @example
 * ```ts
 * import type { KnownSettingId } from 'screenpop';
 * const id: KnownSettingId = 'spellcheckDictionaries';
 * ```
 */
export type KnownSettingId =
  | 'telephonyProvider'
  | 'telephonyVersion'
  | 'lookupEntities'
  | 'entityPrimaryNames'
  | 'internalExtensionLength'
  | 'lookupLastDigits'
  | 'lookupLimit'
  | 'spellcheckDictionaries'
  | 'customURL_Rule'
  | 'incomingLookup'
  | 'storedPhoneFormats'
  | 'storedPhoneExtensions'
  | 'newRecordField'
  | 'hostCustomerFirst'
  | 'popTrigger';

/** Known settings whose Values stay text here: the rules, lookup and pop modules interpret (and lint checks) them. */
type TextSettingId = 'customURL_Rule' | 'incomingLookup' | 'storedPhoneFormats' | 'storedPhoneExtensions' | 'newRecordField' | 'hostCustomerFirst' | 'popTrigger';
const TEXT_SETTINGS: ReadonlySet<KnownSettingId> = new Set<KnownSettingId>(['customURL_Rule', 'incomingLookup', 'storedPhoneFormats', 'storedPhoneExtensions', 'newRecordField', 'hostCustomerFirst', 'popTrigger']);

/** Typographic and other quote marks read as `"` in list values. */
const QUOTES = /[\u201c\u201d\u201e\u201f\u2033\u2018\u2019\u201a\u201b\u2032'`\u00ab\u00bb]/g;

/** Splits a list value: `["a", "b"]` (any quotes; optional `name=` prefix and `;`) or `a, b`. */
function listItems(text: string, prefix: string): { items: string[] } | { problem: string } {
  let t = text.trim();
  if (t.toLowerCase().startsWith(`${prefix.toLowerCase()}=`)) t = t.slice(prefix.length + 1).trim();
  t = t.replace(/;\s*$/, '').trim().replace(QUOTES, '"');
  if (t.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(t);
    } catch {
      return { problem: `${JSON.stringify(text)} is not a list such as ["es-ES", "en-US"] (check the brackets, quotes and commas)` };
    }
    if (!Array.isArray(parsed) || parsed.some((v) => typeof v !== 'string')) {
      return { problem: `${JSON.stringify(text)} must list text items in quotes, such as ["es-ES", "en-US"]` };
    }
    return { items: (parsed as string[]).map((s) => s.trim()) };
  }
  if (t.includes('"') || t.includes(']')) return { problem: `${JSON.stringify(text)} is not a list such as ["es-ES", "en-US"] (check the brackets and quotes)` };
  return { items: t === '' ? [] : t.split(/[,;]/).map((s) => s.trim()) };
}

/** Records a custom issue from inside a `zod/mini` transform (mini has no `ctx.addIssue`). */
function addIssue(ctx: z.core.ParsePayload, input: string, message: string): void {
  ctx.issues.push({ code: 'custom', message, input });
}

/**
 * zod schema of the `spellcheck.dictionaries` Value: a list of language tags,
 * output canonical (`en-us` → `en-US`) without duplicates. Read forms:
 * `["es-ES", "en-US"]` with straight **or typographic** quotes (`[“es-ES”,
 * “en-US”]`, as the seed prints it), an optional trailing `;`, the whole seed
 * line (`spellcheck.dictionaries=[...]`), or a bare list `es-ES, en-US`. Each
 * tag must pass `Intl.getCanonicalLocales` and start with a 2- or 3-letter
 * language code; the list must not be empty.
 *
 * @example
 * ```ts
 * import { SpellcheckDictionariesSchema } from 'screenpop';
 * SpellcheckDictionariesSchema.parse('[“es-ES”, “en-US”];'); // ['es-ES', 'en-US']
 * SpellcheckDictionariesSchema.safeParse('["en_US"]').success; // false
 * ```
 */
export const SpellcheckDictionariesSchema = z.pipe(z.string(), z.transform((text: string, ctx): string[] => {
  const split = listItems(text, SETTING_NAMES.spellcheckDictionaries);
  if ('problem' in split) {
    addIssue(ctx, text, split.problem);
    return z.NEVER;
  }
  if (split.items.length === 0 || split.items.every((s) => s === '')) {
    addIssue(ctx, text, 'the list is empty; name at least one language, e.g. ["en-US"]');
    return z.NEVER;
  }
  const out: string[] = [];
  for (const item of split.items) {
    let canonical: string | undefined;
    try {
      canonical = item === '' ? undefined : Intl.getCanonicalLocales(item)[0];
    } catch {
      canonical = undefined;
    }
    if (canonical === undefined || !/^[a-z]{2,3}(-|$)/i.test(canonical)) {
      const fix = item.includes('_') ? ` (write ${JSON.stringify(item.replace(/_/g, '-'))}: tags use hyphens)` : '';
      addIssue(ctx, text, `${JSON.stringify(item)} is not a language tag such as "en-US"${fix}`);
      return z.NEVER;
    }
    if (!out.includes(canonical)) out.push(canonical);
  }
  return out;
}));

/**
 * zod schema of a `lookupEntities` Value: entity logical names separated by
 * commas (or semicolons), lower-cased, without duplicates, at least one.
 *
 * @example
 * ```ts
 * import { LookupEntitiesSchema } from 'screenpop';
 * LookupEntitiesSchema.parse('contact, SalesOrder'); // ['contact', 'salesorder']
 * ```
 */
export const LookupEntitiesSchema = z.pipe(z.string(), z.transform((text: string, ctx): string[] => {
  const out: string[] = [];
  for (const part of text.split(/[,;]/)) {
    const e = part.trim().toLowerCase();
    if (e === '') continue;
    if (!/^[a-z_][a-z0-9_]*$/.test(e)) {
      addIssue(ctx, text, `${JSON.stringify(part.trim())} is not an entity logical name such as salesorder`);
      return z.NEVER;
    }
    if (!out.includes(e)) out.push(e);
  }
  if (out.length === 0) {
    addIssue(ctx, text, 'the list names no entity, e.g. "contact, salesorder"');
    return z.NEVER;
  }
  return out;
}));

const wholeNumber = (min: number, max: number) => {
  const message = `must be a whole number from ${min} to ${max}`;
  return z.pipe(z.pipe(z.string().check(z.trim(), z.regex(/^\d+$/, message)), z.transform((s: string) => Number(s))), z.number().check(z.gte(min, message), z.lte(max, message)));
};

/**
 * zod schemas of the known settings' Values (text in, typed value out).
 *
 * @example
 * ```ts
 * import { SETTING_SCHEMAS } from 'screenpop';
 * SETTING_SCHEMAS.telephonyVersion.parse('2.1'); // '2.1'
 * SETTING_SCHEMAS.internalExtensionLength.parse('4'); // 4
 * ```
 */
export const SETTING_SCHEMAS = {
  /** Non-blank text, e.g. `TAPI`, `Skype for Business`. */
  telephonyProvider: z.string().check(z.trim(), z.minLength(1, 'must name the provider, e.g. TAPI')),
  /** A dotted version, e.g. `2.1`. */
  telephonyVersion: z.string().check(z.trim(), z.regex(/^\d+(\.\d+){0,3}$/, 'must be a version such as 2.1')),
  lookupEntities: LookupEntitiesSchema,
  /** A field's logical name, e.g. `name`. */
  entityPrimaryNames: z.string().check(z.trim(), z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a field's logical name such as name")),
  internalExtensionLength: wholeNumber(NUMERIC_SETTINGS.internalExtensionLength.min, NUMERIC_SETTINGS.internalExtensionLength.max),
  lookupLastDigits: wholeNumber(NUMERIC_SETTINGS.lookupLastDigits.min, NUMERIC_SETTINGS.lookupLastDigits.max),
  lookupLimit: wholeNumber(NUMERIC_SETTINGS.lookupLimit.min, NUMERIC_SETTINGS.lookupLimit.max),
  spellcheckDictionaries: SpellcheckDictionariesSchema,
} as const;

/**
 * The typed value of every known setting in force for a user (valid values
 * only; see {@link settingsFor}).
 *
 * @example
 * ```ts
 * import { settingsFor, type KnownSettings } from 'screenpop';
 * const known: KnownSettings = settingsFor(rows, 'ann').known;
 * if (known.telephonyProvider === 'TAPI') console.log('TAPI', known.telephonyVersion);
 * ```
 */
export interface KnownSettings {
  telephonyProvider?: string;
  telephonyVersion?: string;
  /** By direction (Key `inbound` / `outbound`). */
  lookupEntities?: { inbound?: string[]; outbound?: string[] };
  /** Display field by entity (Key). */
  entityPrimaryNames?: Record<string, string>;
  internalExtensionLength?: number;
  lookupLastDigits?: number;
  lookupLimit?: number;
  spellcheckDictionaries?: string[];
}

type Scalar = Exclude<KnownSettingId, 'lookupEntities' | 'entityPrimaryNames' | TextSettingId>;

interface Definition {
  readonly id: KnownSettingId;
  /** True when the Key is part of what the setting is (else the Key is ignored, as the lookup module does). */
  readonly keyed: boolean;
  /** True when the Parent does not tell settings apart for precedence (as the lookup module reads them). */
  readonly ignoresParent?: boolean;
}

/** Which known setting a row is, if any (Name case-sensitive, Key case-insensitive). */
function definitionOf(row: KvRow): Definition | undefined {
  const name = row.name.trim();
  const key = row.key.trim().toLowerCase();
  switch (name) {
    case SETTING_NAMES.telephony:
      if (key === SETTING_NAMES.telephonyProviderKey) return { id: 'telephonyProvider', keyed: true };
      if (key === SETTING_NAMES.telephonyVersionKey) return { id: 'telephonyVersion', keyed: true };
      return undefined;
    case SETTING_NAMES.spellcheckDictionaries:
      return { id: 'spellcheckDictionaries', keyed: false };
    case KV_NAMES.lookupEntities:
      return { id: 'lookupEntities', keyed: true };
    case KV_NAMES.entityPrimaryNames:
      return { id: 'entityPrimaryNames', keyed: true, ignoresParent: true };
    case KV_NAMES.internalExtensionLength:
    case KV_NAMES.lookupLastDigits:
    case KV_NAMES.lookupLimit:
      return { id: name, keyed: false };
    case CUSTOM_URL_RULE:
      return { id: 'customURL_Rule', keyed: true };
    case KV_NAMES.storedPhoneFormats:
      return { id: 'storedPhoneFormats', keyed: true };
    case KV_NAMES.storedPhoneExtensions:
      return { id: 'storedPhoneExtensions', keyed: false };
    case POP_KV_NAMES.newRecordField:
      return { id: 'newRecordField', keyed: true };
    case POP_KV_NAMES.hostCustomerFirst:
      return { id: 'hostCustomerFirst', keyed: false };
    case POP_KV_NAMES.popTrigger:
      return { id: 'popTrigger', keyed: false };
    default:
      return name.startsWith(KV_NAMES.incomingLookupPrefix) && name.length > KV_NAMES.incomingLookupPrefix.length
        ? { id: 'incomingLookup', keyed: true }
        : undefined;
  }
}

const KNOWN_NAMES: readonly string[] = [
  SETTING_NAMES.telephony,
  SETTING_NAMES.spellcheckDictionaries,
  KV_NAMES.lookupEntities,
  KV_NAMES.entityPrimaryNames,
  KV_NAMES.internalExtensionLength,
  KV_NAMES.lookupLastDigits,
  KV_NAMES.lookupLimit,
  CUSTOM_URL_RULE,
  KV_NAMES.storedPhoneFormats,
  KV_NAMES.storedPhoneExtensions,
  POP_KV_NAMES.newRecordField,
  POP_KV_NAMES.hostCustomerFirst,
  POP_KV_NAMES.popTrigger,
];

// --- settingsFor --------------------------------------------------------------

/**
 * A setting's value: typed for a valid known setting (text, number or list of
 * text), else the Value text as written.
 *
 * @example
 * ```ts
 * import type { SettingValue } from 'screenpop';
 * const v: SettingValue = ['es-ES', 'en-US'];
 * ```
 */
export type SettingValue = string | number | readonly string[];

/**
 * One row that applies to a user, read as a setting.
 *
 * @example
 * ```ts
 * import { settingsFor } from 'screenpop';
 * for (const s of settingsFor(rows, 'ann').settings) console.log(s.name, s.key, s.value, s.source);
 * ```
 */
export interface EffectiveSetting {
  /** Name, Parent and Key (trimmed; `''` for a blank Parent): the setting's identity. */
  readonly name: string;
  readonly parent: string;
  readonly key: string;
  /** The known setting this row is, or undefined for a setting screenpop does not know (kept as text). */
  readonly id: KnownSettingId | undefined;
  /** The typed value (valid known settings), else the Value text. */
  readonly value: SettingValue;
  /** The Value as written. */
  readonly text: string;
  /** `user` when a row scoped to the user supplied it, else `global`. */
  readonly source: 'user' | 'global';
  /**
   * False when another row of the same setting wins: an earlier row with the
   * same identity, or (for settings whose Key is ignored, such as
   * `internalExtensionLength`) a user row or an earlier row of the same scope.
   */
  readonly inForce: boolean;
  /** Why a known setting's Value is not valid (then {@link value} is the text and it is not in `known`). */
  readonly problem?: string;
  /** Remarks that do not invalidate the value: a tag made canonical, a duplicate dropped, a likely misspelt Name. */
  readonly notes: readonly string[];
  /** The row, and its position (0-based) in the rows passed in. */
  readonly row: KvRow;
  readonly index: number;
}

/**
 * What {@link settingsFor} returns.
 *
 * @example
 * ```ts
 * import { settingsFor, type UserSettings } from 'screenpop';
 * const { settings, known }: UserSettings = settingsFor(rows, 'ann');
 * ```
 */
export interface UserSettings {
  /** The user, as passed. */
  readonly user: string;
  /** Every row that applies to the user (scope applied), in table order: none is dropped. */
  readonly settings: EffectiveSetting[];
  /** The valid known settings in force, typed. */
  readonly known: KnownSettings;
}

function fold(s: string | undefined): string {
  return (s ?? '').trim().toLowerCase();
}

function identity(row: KvRow): string {
  return `${row.name.trim()}\u0000${fold(row.parent)}\u0000${fold(row.key)}`;
}

function zodProblem(error: z.core.$ZodError): string {
  return error.issues.map((i) => i.message).join('; ');
}

function isTextSetting(id: KnownSettingId): id is TextSettingId {
  return TEXT_SETTINGS.has(id);
}

/** Parses a known setting's text; notes for canonicalised or deduplicated lists. */
function readValue(def: Definition, row: KvRow): { value: SettingValue; problem?: string; notes: string[] } {
  const notes: string[] = [];
  if (isTextSetting(def.id)) return { value: row.value, notes };
  if (def.id === 'lookupEntities') {
    const k = fold(row.key);
    if (k !== 'inbound' && k !== 'outbound') return { value: row.value, problem: `Key must be "inbound" or "outbound", not ${JSON.stringify(row.key)}`, notes };
  }
  const schema = SETTING_SCHEMAS[def.id];
  const parsed = schema.safeParse(row.value);
  if (!parsed.success) return { value: row.value, problem: zodProblem(parsed.error), notes };
  const value = parsed.data as SettingValue;
  if (Array.isArray(value)) {
    const raw =
      def.id === 'spellcheckDictionaries'
        ? (() => {
            const s = listItems(row.value, SETTING_NAMES.spellcheckDictionaries);
            return 'items' in s ? s.items : [];
          })()
        : row.value.split(/[,;]/).map((s) => s.trim()).filter((s) => s !== '');
    if (raw.length > value.length) notes.push(`a duplicate was dropped; read as ${JSON.stringify(value)}`);
    const changed = raw.filter((r) => r !== '' && !value.includes(r));
    if (def.id === 'spellcheckDictionaries' && changed.length > 0) notes.push(`${changed.map((c) => JSON.stringify(c)).join(', ')} read in canonical form: ${JSON.stringify(value)}`);
  }
  return { value, notes };
}

/**
 * The effective settings of `user`: every row that applies to them (global
 * rows, except those a row scoped to the user replaces: same Name, Parent and
 * Key; see {@link effectiveRows}), each with its value and its source.
 *
 * - Known settings are typed with zod ({@link SETTING_SCHEMAS}): the
 *   telephony provider (`telephony` / Key `provider`) and version
 *   (`telephony` / Key `version`), `lookupEntities`, `entityPrimaryNames`,
 *   `internalExtensionLength`, `lookupLastDigits`, `lookupLimit` and
 *   `spellcheck.dictionaries`. An invalid Value stays as text with a `problem`.
 * - Unknown settings stay as text; nothing is dropped.
 * - When several rows give one setting, the one in force is the first with
 *   the same identity (for `entityPrimaryNames`, the same Key whatever the
 *   Parent); for settings whose Key is ignored (the numeric ones and
 *   `spellcheck.dictionaries`), the user's first row, else the first global
 *   row. This is how the lookup configuration reads them. The others are
 *   listed with `inForce: false`.
 *
 * @param rows - the whole table.
 * @param user - the user's name as written in Scope (compared trimmed, case-insensitively).
 * @example
 * ```ts
 * import { settingsFor } from 'screenpop';
 * const rows = [
 *   { scope: 'global', name: 'telephony', key: 'provider', value: 'TAPI' },
 *   { scope: 'global', name: 'telephony', key: 'version', value: '2.1' },
 *   { scope: 'ann', name: 'spellcheck.dictionaries', key: '', value: '[“es-ES”, “en-US”]' },
 * ];
 * const { known, settings } = settingsFor(rows, 'Ann');
 * known; // { telephonyProvider: 'TAPI', telephonyVersion: '2.1', spellcheckDictionaries: ['es-ES', 'en-US'] }
 * settings.map((s) => s.source); // ['global', 'global', 'user']
 * ```
 */
export function settingsFor(rows: readonly KvRow[], user: string): UserSettings {
  expectRows(rows, 'rows', ['scope', 'name', 'key', 'value']);
  const position = new Map<KvRow, number>();
  rows.forEach((r, i) => {
    if (!position.has(r)) position.set(r, i);
  });
  const eff = effectiveRows(rows, user);
  const winners = new Set<KvRow>();
  const seenIdentity = new Set<string>();
  const unkeyed = new Map<KnownSettingId, KvRow>();
  for (const row of eff) {
    const def = definitionOf(row);
    if (def && !def.keyed) {
      const held = unkeyed.get(def.id);
      if (!held || (isGlobalScope(held) && !isGlobalScope(row))) unkeyed.set(def.id, row);
      continue;
    }
    const id = def?.ignoresParent ? `${row.name.trim()}\u0000*\u0000${fold(row.key)}` : identity(row);
    if (seenIdentity.has(id) && def?.id !== 'incomingLookup') continue;
    seenIdentity.add(id);
    winners.add(row);
  }
  for (const row of unkeyed.values()) winners.add(row);

  const known: KnownSettings = {};
  const settings = eff.map((row): EffectiveSetting => {
    const def = definitionOf(row);
    const inForce = winners.has(row);
    const read = def ? readValue(def, row) : { value: row.value, notes: [] as string[] };
    const notes = [...read.notes];
    if (!def) {
      const near = KNOWN_NAMES.find((n) => n.toLowerCase() === row.name.trim().toLowerCase()) ?? suggest(row.name.trim(), KNOWN_NAMES);
      if (near !== undefined && near !== row.name.trim()) notes.push(`not a setting screenpop knows; did you mean ${near}? (Names are case-sensitive)`);
    }
    if (def && inForce && read.problem === undefined) record(known, def.id, row, read.value);
    return {
      name: row.name.trim(),
      parent: (row.parent ?? '').trim(),
      key: row.key.trim(),
      id: def?.id,
      value: read.value,
      text: row.value,
      source: isGlobalScope(row) ? 'global' : 'user',
      inForce,
      ...(read.problem === undefined ? {} : { problem: read.problem }),
      notes,
      row,
      index: position.get(row) ?? -1,
    };
  });
  return { user, settings, known };
}

function record(known: KnownSettings, id: KnownSettingId, row: KvRow, value: SettingValue): void {
  switch (id) {
    case 'customURL_Rule':
    case 'incomingLookup':
    case 'storedPhoneFormats':
    case 'storedPhoneExtensions':
    case 'newRecordField':
    case 'hostCustomerFirst':
    case 'popTrigger':
      return;
    case 'lookupEntities': {
      const dir = fold(row.key) as 'inbound' | 'outbound';
      known.lookupEntities = { ...known.lookupEntities, [dir]: value as string[] };
      return;
    }
    case 'entityPrimaryNames':
      known.entityPrimaryNames = { ...known.entityPrimaryNames, [fold(row.key)]: value as string };
      return;
    default:
      (known as Record<Scalar, SettingValue>)[id] = value;
  }
}

// --- makeGlobal ------------------------------------------------------------------

/**
 * One change to one row: update it (the whole new row is given) or delete it.
 *
 * @example
 * ```ts
 * import { makeGlobal } from 'screenpop';
 * for (const c of makeGlobal(rows, { user: 'ann', name: 'telephony', key: 'provider' }).changes) console.log(c.op, c.index);
 * ```
 */
export type KvRowChange =
  | { readonly op: 'update'; readonly index: number; readonly row: KvRow; readonly to: KvRow }
  | { readonly op: 'delete'; readonly index: number; readonly row: KvRow };

/**
 * A change to a `dialerKVTable`, as row operations a host applies to the CRM
 * (or to exported rows with {@link applySettingChange}).
 *
 * @example
 * ```ts
 * import { makeGlobal, type SettingChange } from 'screenpop';
 * const change: SettingChange = makeGlobal(rows, { user: 'ann', name: 'telephony', key: 'provider' });
 * console.log(change.summary);
 * ```
 */
export interface SettingChange {
  /** One sentence saying what the change does. */
  readonly summary: string;
  /** The row operations, in the order to apply them. */
  readonly changes: readonly KvRowChange[];
  /** Things to know: other users keeping their own row, a Value that is not valid. */
  readonly notes: readonly string[];
}

/**
 * Which user row {@link makeGlobal} turns global.
 *
 * @example
 * ```ts
 * import type { MakeGlobalOptions } from 'screenpop';
 * const o: MakeGlobalOptions = { user: 'Test Agent06', name: 'telephony', key: 'version' };
 * ```
 */
export interface MakeGlobalOptions {
  /** The user whose row it is (compared trimmed, case-insensitively). */
  readonly user: string;
  /** Row Name, case-sensitive. */
  readonly name: string;
  /** Row Key, case-insensitive. */
  readonly key: string;
  /** Row Parent, case-insensitive; `''` matches a blank Parent. Default: any Parent (refused if the user has rows with several). */
  readonly parent?: string;
  /**
   * When a global row with the same identity exists: `false` refuses with a
   * `global_exists` error (whose `replace` is the change below); `true`
   * returns that change: delete the global row(s), then rescope the user's
   * row. Default: `false`.
   */
  readonly replace?: boolean;
}

/**
 * Every code a setting change can be refused with; each is a heading in `docs/errors.md`.
 *
 * @example
 * ```ts
 * import type { SettingsErrorCode } from 'screenpop';
 * const code: SettingsErrorCode = 'global_exists';
 * ```
 */
export type SettingsErrorCode = 'global_exists' | 'no_user_row' | 'ambiguous_user_row' | 'stale_setting_change';

/**
 * A setting change that cannot be made as asked. For `global_exists`,
 * {@link existing} names the global row(s) in the way and {@link replace} is
 * the change that replaces them instead.
 *
 * @example
 * ```ts
 * import { makeGlobal, SettingsError, applySettingChange } from 'screenpop';
 * try {
 *   rows = applySettingChange(rows, makeGlobal(rows, { user: 'ann', name: 'telephony', key: 'provider' }));
 * } catch (e) {
 *   if (e instanceof SettingsError && e.replace) rows = applySettingChange(rows, e.replace); // after asking the admin
 * }
 * ```
 */
export class SettingsError extends ScreenpopError<SettingsErrorCode> {
  override name = 'SettingsError';
  /** `global_exists`: the global rows with the same identity, and their positions. */
  readonly existing: ReadonlyArray<{ readonly row: KvRow; readonly index: number }>;
  /** `global_exists`: the change that replaces the global row(s) with the user's row. */
  readonly replace: SettingChange | undefined;

  constructor(
    code: SettingsErrorCode,
    detail: string,
    options: ScreenpopErrorOptions & {
      readonly existing?: ReadonlyArray<{ readonly row: KvRow; readonly index: number }>;
      readonly replace?: SettingChange;
    } = {},
  ) {
    super(code, detail, options);
    this.existing = options.existing ?? [];
    this.replace = options.replace;
  }
}

function describeRow(row: KvRow, index: number): string {
  const parent = (row.parent ?? '').trim();
  return `row ${index + 1} (Scope ${JSON.stringify(row.scope)}, ${parent ? `Parent ${JSON.stringify(parent)}, ` : ''}Name ${JSON.stringify(row.name)}, Key ${JSON.stringify(row.key)}, Value ${JSON.stringify(row.value)})`;
}

/**
 * The change that makes a user's setting the global default, as the seed's
 * "Make a setting global" procedure does: the user's row gets Scope `global`
 * (its Value, Owner and Type are kept), so new users, and every user without
 * a row of their own, pick it up.
 *
 * Refused with a {@link SettingsError}:
 * - `no_user_row`: the user has no row with that Name, Key (and Parent);
 * - `ambiguous_user_row`: the user has several (different Parents, or duplicates);
 * - `global_exists`: a global row with the same Name, Parent and Key exists;
 *   the error names it and its `replace` holds the change that deletes it and
 *   rescopes the user's row (also returned directly with `replace: true`).
 *
 * @param rows - the whole table.
 * @param options - see {@link MakeGlobalOptions}.
 * @example
 * ```ts
 * import { makeGlobal, applySettingChange } from 'screenpop';
 * const rows = [
 *   { scope: 'Test Agent06', name: 'telephony', key: 'provider', value: 'TAPI' },
 *   { scope: 'Test Agent06', name: 'telephony', key: 'version', value: '2.1' },
 * ];
 * const change = makeGlobal(rows, { user: 'Test Agent06', name: 'telephony', key: 'provider' });
 * change.changes; // [{ op: 'update', index: 0, row: rows[0], to: { ...rows[0], scope: 'global' } }]
 * applySettingChange(rows, change)[0]?.scope; // 'global'
 * ```
 */
export function makeGlobal(rows: readonly KvRow[], options: MakeGlobalOptions): SettingChange {
  expectRows(rows, 'rows', ['scope', 'name', 'key', 'value']);
  expectObject(options, 'options', ['user', 'name', 'key', 'parent']);
  for (const f of ['user', 'name', 'key'] as const) expectText(options[f], `options.${f}`);
  if (options.parent !== undefined) expectText(options.parent, 'options.parent');
  const user = options.user.trim().toLowerCase();
  const name = options.name.trim();
  const key = fold(options.key);
  const parent = options.parent === undefined ? undefined : fold(options.parent);
  const source = `makeGlobal ${name} ${JSON.stringify(options.key)} for ${JSON.stringify(options.user)}`;
  const matches = (r: KvRow): boolean => r.name.trim() === name && fold(r.key) === key && (parent === undefined || fold(r.parent) === parent);
  const mine: Array<{ row: KvRow; index: number }> = [];
  rows.forEach((row, index) => {
    if (!isGlobalScope(row) && fold(row.scope) === user && user !== '' && matches(row)) mine.push({ row, index });
  });
  if (mine.length === 0) {
    const others = rows
      .map((row, index) => ({ row, index }))
      .filter(({ row }) => !isGlobalScope(row) && matches(row))
      .map(({ row }) => row.scope.trim());
    const userNames = rows.filter((r) => !isGlobalScope(r) && fold(r.scope) === user && user !== '').map((r) => r.name.trim());
    const near = suggest(name, userNames);
    const hint =
      user === '' || user === 'global'
        ? 'Pass the name of the user whose row should become global.'
        : near !== undefined && near !== name
          ? `Did you mean ${near}? (Names are case-sensitive.)`
          : others.length > 0
            ? `Users with such a row: ${[...new Set(others)].join(', ')}.`
            : 'Set the setting up for one user first (the seed: "Set up Dynamics Telephony for one user"), then make it global.';
    throw new SettingsError('no_user_row', `${JSON.stringify(options.user)} has no row with Name ${JSON.stringify(name)} and Key ${JSON.stringify(options.key)}${parent === undefined ? '' : ` and Parent ${JSON.stringify(options.parent)}`}.`, { source, hint });
  }
  if (mine.length > 1) {
    throw new SettingsError('ambiguous_user_row', `${JSON.stringify(options.user)} has ${mine.length} such rows: ${mine.map((m) => describeRow(m.row, m.index)).join('; ')}.`, {
      source,
      hint: parent === undefined && new Set(mine.map((m) => fold(m.row.parent))).size > 1 ? 'Pass the Parent too.' : 'Delete the duplicate user rows first; the first is the one in force.',
    });
  }
  const target = mine[0]!;
  const id = identity(target.row);
  const globals = rows.map((row, index) => ({ row, index })).filter(({ row }) => isGlobalScope(row) && identity(row) === id);
  const rescope: KvRowChange = { op: 'update', index: target.index, row: target.row, to: { ...target.row, scope: 'global' } };
  const notes: string[] = [];
  const othersKeeping = [
    ...new Set(rows.filter((r, i) => i !== target.index && !isGlobalScope(r) && identity(r) === id).map((r) => r.scope.trim())),
  ];
  if (othersKeeping.length === 1) notes.push(`${othersKeeping[0]} has a row of their own and keeps it.`);
  if (othersKeeping.length > 1) notes.push(`${othersKeeping.join(', ')} have rows of their own and keep them.`);
  const def = definitionOf(target.row);
  if (def) {
    const read = readValue(def, target.row);
    if (read.problem !== undefined) notes.push(`Its Value ${JSON.stringify(target.row.value)} is not valid: ${read.problem}.`);
  }
  const what = `${name} ${JSON.stringify(target.row.key)} = ${JSON.stringify(target.row.value)}`;
  if (globals.length === 0) {
    return { summary: `Make ${what} the global default: set Scope of ${describeRow(target.row, target.index)} to "global".`, changes: [rescope], notes };
  }
  const replace: SettingChange = {
    summary: `Replace the global ${name} ${JSON.stringify(target.row.key)} (${globals.map((g) => JSON.stringify(g.row.value)).join(', ')}) with ${JSON.stringify(target.row.value)}: delete ${globals.map((g) => describeRow(g.row, g.index)).join(' and ')}, then set Scope of ${describeRow(target.row, target.index)} to "global".`,
    changes: [...globals.map((g): KvRowChange => ({ op: 'delete', index: g.index, row: g.row })), rescope],
    notes,
  };
  if (options.replace) return replace;
  throw new SettingsError(
    'global_exists',
    `A global row with the same Name, Parent and Key already exists: ${globals.map((g) => describeRow(g.row, g.index)).join('; ')}. Making ${JSON.stringify(options.user)}'s row global too would leave two global rows for one setting.`,
    {
      source,
      hint: 'Use the replace change (error.replace, or makeGlobal with replace: true) to delete the global row and make the user\'s row global instead.',
      existing: globals,
      replace,
    },
  );
}

/**
 * Applies a {@link SettingChange} to the rows it was made from, returning new
 * rows (the input is not mutated). Rows are matched by position and checked
 * field by field.
 *
 * @param rows - the rows passed to {@link makeGlobal} (or an equal copy).
 * @param change - the change.
 * @throws {@link SettingsError} `stale_setting_change` when a row is not the one the change was made for.
 * @example
 * ```ts
 * import { makeGlobal, applySettingChange, settingsFor } from 'screenpop';
 * const after = applySettingChange(rows, makeGlobal(rows, { user: 'ann', name: 'telephony', key: 'provider' }));
 * settingsFor(after, 'new user').known.telephonyProvider; // 'TAPI'
 * ```
 */
export function applySettingChange(rows: readonly KvRow[], change: SettingChange): KvRow[] {
  // Host values whose getters or traps throw (a revoked proxy, say) become a typed error, never theirs.
  return readHost('applySettingChange input', () => applySettingChangeUnguarded(rows, change));
}

function applySettingChangeUnguarded(rows: readonly KvRow[], change: SettingChange): KvRow[] {
  expectRows(rows, 'rows', ['scope', 'name', 'key', 'value']);
  expectObject(change, 'change', ['changes']);
  expectRows(change.changes, 'change.changes');
  const out: Array<KvRow | undefined> = [...rows];
  for (const c of change.changes) {
    const now = rows[c.index];
    if (!now || !sameRow(now, c.row)) {
      throw new SettingsError('stale_setting_change', `Row ${c.index + 1} is not the row the change was made for: ${describeRow(c.row, c.index)}.`, {
        source: 'applySettingChange',
        hint: 'Make the change again from the current rows.',
      });
    }
    out[c.index] = c.op === 'delete' ? undefined : c.to;
  }
  return out.filter((r): r is KvRow => r !== undefined);
}

function sameRow(a: KvRow, b: KvRow): boolean {
  return (
    a.scope === b.scope &&
    a.name === b.name &&
    a.key === b.key &&
    a.value === b.value &&
    (a.parent ?? '') === (b.parent ?? '') &&
    (a.owner ?? '') === (b.owner ?? '') &&
    (a.type ?? '') === (b.type ?? '')
  );
}
