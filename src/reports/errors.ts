/**
 * Errors of the report-column edits (`insertColumn`, `moveColumn`,
 * `removeColumn`, `applyReportChange`).
 *
 * @module
 */
import { ScreenpopError, type ScreenpopErrorOptions } from '../errors/index.js';

/**
 * Every code a report edit can be refused with; each is a heading in `docs/errors.md`.
 *
 * @example
 * ```ts
 * import { ReportError, type ReportErrorCode } from 'screenpop';
 * const code: ReportErrorCode = 'unknown_column';
 * ```
 */
export type ReportErrorCode =
  | 'unknown_column'
  | 'ambiguous_column'
  | 'column_name_taken'
  | 'invalid_column'
  | 'bad_position'
  | 'stale_change';

/**
 * A report edit that cannot be made: the column named is not in the report
 * (or is there twice), the new column is not valid, the position is out of
 * range, or the change does not fit the rows it is applied to.
 *
 * @example
 * ```ts
 * import { moveColumn, ReportError } from 'screenpop';
 * try {
 *   moveColumn(report, 'totalCals', 0);
 * } catch (e) {
 *   if (e instanceof ReportError) console.log(e.code, e.hint); // unknown_column Did you mean "totalCalls"? ...
 * }
 * ```
 */
export class ReportError extends ScreenpopError<ReportErrorCode> {
  override name = 'ReportError';
  /** The report concerned. */
  readonly report: string;

  constructor(code: ReportErrorCode, detail: string, report: string, options: ScreenpopErrorOptions = {}) {
    super(code, detail, { source: `report ${JSON.stringify(report)}`, ...options });
    this.report = report;
  }
}
