/**
 * `screenpop/testing`: test a pop configuration like code — calls with
 * defaults, an in-memory CRM, and pop-spec files (Node).
 * @module
 */
export { makeCall, memoryCrm, parsePopSpec, runPopSpec, PopSpecSchema, ExpectSchema, PopSpecError } from './spec.js';
export type { PopSpec, PopSpecInput, PopExpectation, CaseResult, SpecResult, RunSpecOptions } from './spec.js';
export { loadPopSpec } from './node.js';
