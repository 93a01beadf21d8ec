/**
 * screenpop: decide the screen pop for a phone call in a CRM.
 *
 * This is the one curated entry point; every public export is named here,
 * grouped by pipeline stage. `screenpop/params` is a separate tiny entry for
 * popped pages.
 *
 * @packageDocumentation
 */

// Errors: one family, stable codes (docs/errors.md).
export {
  ScreenpopError,
  isScreenpopError,
  caretExcerpt,
  lineColumn,
  DOCS_ERRORS_URL,
} from './errors/index.js';
export type { SourceRange, ScreenpopErrorOptions } from './errors/index.js';
export { InputError } from './errors/guard.js';

// Rule language: parse and print `customURL_Rule` Values (docs/rule-language.md).
export {
  parseRule,
  safeParseRule,
  parseCondition,
  safeParseCondition,
  printRule,
  printCondition,
  printLiteral,
  RuleSyntaxError,
  BUILTIN_FIELDS,
  DIRECTIONS,
  MAX_RULE_LENGTH,
  MAX_NESTING,
} from './parser/index.js';
export type {
  ParseOptions,
  ConditionParseOptions,
  PrintOptions,
  SafeResult,
  RuleErrorCode,
  RuleSyntaxErrorOptions,
  RuleAst,
  Condition,
  Comparison,
  CompareOp,
  FieldType,
  Literal,
  Target,
} from './parser/index.js';

// Rules: order (Keys as text), compile, evaluate, explain.
export { compileRules, orderRows, compareKeys } from './rules/index.js';
export type {
  RuleRow,
  CompileOptions,
  RuleContext,
  Decision,
  DecisionTarget,
  CompiledRule,
  CompiledRules,
  RuleWarning,
  ComparisonTrace,
  RuleTrace,
  Explanation,
} from './rules/index.js';

// Configuration: dialerKVTable rows, loaders, scope, lookup configuration (docs/configuration.md).
export {
  KvRowSchema,
  readKvJson,
  parseKvJson,
  readKvCsv,
  parseKvCsv,
  ConfigError,
  isGlobalScope,
  effectiveRows,
  resolveSetting,
  rulesFor,
  CUSTOM_URL_RULE,
  lookupConfigFromKv,
  KV_NAMES,
  DEFAULT_LOOKUP_ENTITIES,
  DEFAULT_PHONE_FIELDS,
  DEFAULT_DISPLAY_FIELDS,
  KV_TABLE,
  readTableCsv,
  readTableJson,
  matchTableColumn,
} from './config/index.js';
export type {
  KvRow,
  KvField,
  KvLoadResult,
  KvLoadOptions,
  ConfigErrorCode,
  ConfigErrorOptions,
  ConfigWarning,
  ConfigWarningCode,
  SettingQuery,
  ResolvedSetting,
  LookupConfigOptions,
  LookupConfigResult,
  TableShape,
  TableLoadResult,
  TableColumnMatch,
} from './config/index.js';

// Settings: effective values per user, typed; making a setting global (docs/settings.md).
export {
  settingsFor,
  makeGlobal,
  applySettingChange,
  SettingsError,
  SETTING_NAMES,
  SETTING_SCHEMAS,
  SpellcheckDictionariesSchema,
  LookupEntitiesSchema,
} from './config/index.js';
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
} from './config/index.js';

// Real-time-display report columns: dialerReports rows (docs/reports.md).
export {
  ReportRowSchema,
  ReportColumnTypeSchema,
  ReportOrderSchema,
  ReportWidthSchema,
  REPORT_COLUMN_TYPES,
  REPORTS_TABLE,
  readReportsCsv,
  readReportsJson,
  readReports,
  insertColumn,
  moveColumn,
  removeColumn,
  applyReportChange,
  ReportError,
} from './reports/index.js';
export type {
  ReportRow,
  ReportField,
  ReportColumnType,
  Report,
  ReportColumn,
  ReportFinding,
  ReportFindingCode,
  ReportsResult,
  ReportChange,
  OrderChange,
  NewReportColumn,
  ReportErrorCode,
} from './reports/index.js';

// Lookup: phone numbers, adapters, lookupCaller (docs/lookup.md).
export {
  LookupError,
  isLookupError,
  normalizePhone,
  phoneVariants,
  MAX_PHONE_LENGTH,
  MAX_CALLER_ID_LENGTH,
  MIN_SIGNIFICANT_DIGITS,
  createMemoryLookup,
  createDataverseLookup,
  entitySetName,
  lookupCaller,
  chooseMatch,
  prefillNumber,
  INTERNAL_PHONE_FIELDS,
  DEFAULT_LOOKUP_LIMIT,
} from './lookup/index.js';
// Stored formats: learnPhoneFormats and the template notation (docs/lookup.md#stored-formats).
export { learnPhoneFormats, phoneFormatProblem, formatWithTemplate, readWithTemplate } from './lookup/index.js';
export type { LearnPhoneFormatsOptions, PhoneFormatReport, PhoneFormatUse, UnreadableReason, FormatNumber } from './lookup/index.js';
export type {
  MatchPolicy,
  EntityLookupConfig,
  LookupConfig,
  LookupQuery,
  LookupRecord,
  LookupAdapter,
  LookupErrorCode,
  LookupErrorOptions,
  NormalizePhoneOptions,
  NormalizedPhone,
  PhoneNumberOk,
  PhoneNumberFailure,
  PhoneReason,
  PhoneVariantsOptions,
  MemoryLookupOptions,
  MemoryLookupAdapter,
  DataverseLookupOptions,
  LookupCallerOptions,
  LookupResult,
} from './lookup/index.js';

// Parameters: the Data= value of a popped page (docs/params.md); also `screenpop/params`.
export {
  CALL_PARAM_NAMES,
  buildDataParam,
  buildPopUrl,
  parseDataParam,
  urlSafetyProblem,
  findPlaceholders,
  PLACEHOLDER_NAMES,
  ParamsError,
} from './params/index.js';
export type {
  CallParams,
  CallParamName,
  BuildOptions,
  DataMode,
  UrlProblem,
  PlaceholderMatch,
  ParseDataOptions,
  ParamsErrorCode,
  ParamsErrorOptions,
} from './params/index.js';
export { CallParamsSchema } from './params/schema.js';

// The pop: configuration → lookup → rules → URL (docs/getting-started.md).
export { resolveScreenPop, resolveRuleUrl, recordUrl, newRecordUrl, PopError, DEFAULT_DEADLINE_MS } from './pop/index.js';
export type { CallEvent, ResolveOptions, ScreenPop, PopLookup, PopCommon } from './pop/index.js';

// Opening the pop in the host: prefilled new records, host-first identification, one pop per call (docs/hosts.md).
// The host openers themselves are `screenpop/dynamics` and `screenpop/salesforce`.
export { popConfigFromKv, parsePrefillTemplate, fillPrefillTemplate, TemplateProblem, POP_KV_NAMES } from './config/pop.js';
export type { PopConfig, PopConfigResult, PopTrigger, NewRecordField, TemplatePart } from './config/pop.js';
export { readablePrefillNumber } from './pop/prefill.js';
export { createPopGate, ANSWER_STATES } from './hosts/gate.js';
export type { PopGate, PopGateOptions, GateCall, GateVerdict } from './hosts/gate.js';
export { HostError } from './hosts/errors.js';
export type { HostErrorCode } from './hosts/errors.js';

// Lint (docs/lint.md).
export { csvRowLocator, jsonRowLocator, lintConfig, lintKvText } from './lint/index.js';
export type { Finding, FindingPosition, LintCode, LintOptions, LintTextOptions, LintTextResult, RowLocator, Severity, TextPoint } from './lint/index.js';

// Port-data plan (docs/porting.md).
export { planPort, PORT_TABLES, readPortTable } from './port/index.js';
export type { PortTables, PortTableName, PortPlan, PortOptions, TableStep, ManualStep, EmbeddedValue, ExportedRow, PortReadOptions, PortReadResult } from './port/index.js';
