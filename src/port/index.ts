/**
 * Moving Dynamics Telephony configuration between CRMs, as a plan.
 * @module
 */
export { planPort, PORT_TABLES } from './plan.js';
export type { PortTables, PortTableName, PortPlan, PortOptions, TableStep, ManualStep, EmbeddedValue, ExportedRow } from './plan.js';
export { readPortTable } from './read.js';
export type { PortReadOptions, PortReadResult } from './read.js';
