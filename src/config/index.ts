/**
 * Configuration from `dialerKVTable` rows: the row schema, CSV and JSON
 * loaders (shared with other exported tables), scope (global and per-user
 * rows), the lookup configuration, and typed, scoped settings.
 *
 * @module
 */
export { KvRowSchema } from './row.js';
export type { KvRow, KvField } from './row.js';
export { readKvJson, parseKvJson } from './json.js';
export type { KvLoadResult, KvLoadOptions } from './json.js';
export { readKvCsv, parseKvCsv } from './csv.js';
export { ConfigError } from './errors.js';
export type { ConfigErrorCode, ConfigErrorOptions, ConfigWarning, ConfigWarningCode } from './errors.js';
export { isGlobalScope, effectiveRows, resolveSetting, rulesFor, CUSTOM_URL_RULE } from './scope.js';
export type { SettingQuery, ResolvedSetting } from './scope.js';
export {
  lookupConfigFromKv,
  KV_NAMES,
  DEFAULT_LOOKUP_ENTITIES,
  DEFAULT_PHONE_FIELDS,
  DEFAULT_DISPLAY_FIELDS,
} from './lookup.js';
export type { LookupConfigOptions, LookupConfigResult } from './lookup.js';
export { KV_TABLE } from './row.js';
export { readTableCsv } from './csv.js';
export { readTableJson } from './json.js';
export { matchTableColumn } from './table.js';
export type { TableShape, TableLoadResult, TableColumnMatch } from './table.js';
export {
  settingsFor,
  makeGlobal,
  applySettingChange,
  SettingsError,
  SETTING_NAMES,
  SETTING_SCHEMAS,
  SpellcheckDictionariesSchema,
  LookupEntitiesSchema,
} from './settings.js';
export type {
  UserSettings,
  EffectiveSetting,
  SettingValue,
  KnownSettings,
  KnownSettingId,
  SettingChange,
  KvRowChange,
  MakeGlobalOptions,
  SettingsErrorCode,
} from './settings.js';
