/**
 * `screenpop/testing`: test a pop configuration like code — calls with
 * defaults, an in-memory CRM, and pop-spec files (Node) — and test a lookup
 * adapter against the contract every adapter meets (`runAdapterContract`).
 * @module
 */
export { makeCall, memoryCrm, parsePopSpec, runPopSpec, PopSpecSchema, ExpectSchema, PopSpecError } from './spec.js';
export type { PopSpec, PopSpecInput, PopExpectation, CaseResult, SpecResult, RunSpecOptions } from './spec.js';
export { loadPopSpec } from './node.js';
export { runAdapterContract, contractRecords } from './contract.js';
export type { AdapterContract, ContractCase, ContractTestApi } from './contract.js';
