/**
 * Real-time-display (RTD) reports: `dialerReports` rows read as reports with
 * their columns in Order, findings, and column edits returned as row changes.
 *
 * @module
 */
export {
  ReportRowSchema,
  ReportColumnTypeSchema,
  ReportOrderSchema,
  ReportWidthSchema,
  REPORT_COLUMN_TYPES,
  REPORTS_TABLE,
  readReportsCsv,
  readReportsJson,
} from './row.js';
export type { ReportRow, ReportField, ReportColumnType } from './row.js';
export { readReports } from './read.js';
export type { Report, ReportColumn, ReportFinding, ReportFindingCode, ReportsResult } from './read.js';
export { insertColumn, moveColumn, removeColumn, applyReportChange } from './changes.js';
export type { ReportChange, OrderChange, NewReportColumn } from './changes.js';
export { ReportError } from './errors.js';
export type { ReportErrorCode } from './errors.js';
