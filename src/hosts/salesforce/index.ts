/**
 * `screenpop/salesforce`: open the pop in Salesforce Lightning Experience
 * through Open CTI, and look the caller up through the softphone layout's
 * search.
 *
 * - `openInOpenCti`: `sforce.opencti.screenPop`.
 * - `createOpenCtiLookup`: `sforce.opencti.searchAndScreenPop` with `deferred: true`.
 * - `createPopGate`: one pop per call.
 *
 * Host objects are arguments, never read from globals. This entry imports no
 * rule parser and no phone library. Guide: docs/hosts.md.
 *
 * @packageDocumentation
 */
export { openInOpenCti, createOpenCtiLookup } from './opencti.js';
export type { OpenCti, OpenCtiResponse, OpenInOpenCtiOptions, OpenCtiLookupOptions } from './opencti.js';
export { createPopGate, ANSWER_STATES } from '../gate.js';
export type { PopGate, PopGateOptions, GateCall, GateVerdict } from '../gate.js';
export { HostError } from '../errors.js';
export type { HostErrorCode } from '../errors.js';
export type { Opened, OpenOptions, PopToOpen, PopCallParams, PopLookupLike, HostThenable } from '../shared/open.js';
