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

// Rule language: AST types.
export type {
  RuleAst,
  Condition,
  Comparison,
  CompareOp,
  FieldType,
  Literal,
  Target,
} from './parser/ast.js';

// Lookup: shared shapes.
export type {
  MatchPolicy,
  EntityLookupConfig,
  LookupConfig,
  LookupQuery,
  LookupRecord,
  LookupAdapter,
} from './lookup/types.js';
