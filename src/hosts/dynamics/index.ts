/**
 * `screenpop/dynamics`: open the pop where the agent works in Dynamics 365,
 * and look the caller up from inside it with the agent's own session.
 *
 * - `openInXrm`, `createXrmLookup`: model-driven apps and web resources (`Xrm`).
 * - `openInCif`, `createCifLookup`: Channel Integration Framework panels
 *   (`Microsoft.CIFramework`, 1.0 and 2.0).
 * - `createPopGate`: one pop per call.
 *
 * Host objects are arguments, never read from globals. This entry imports no
 * rule parser and no phone library: a page that only opens pops stays small.
 * Guide: docs/hosts.md.
 *
 * @packageDocumentation
 */
export { openInXrm, createXrmLookup } from './xrm.js';
export type { XrmNavigation, XrmEntityFormOptions, XrmSearchPageInput, XrmLookupDialog, OpenInXrmOptions, XrmWebApi, XrmLookupOptions } from './xrm.js';
export { openInCif, createCifLookup, CIF_TIMEOUT_MS } from './cif.js';
export type { CifFramework, OpenInCifOptions, CifLookupOptions } from './cif.js';
export { createPopGate, ANSWER_STATES } from '../gate.js';
export type { PopGate, PopGateOptions, GateCall, GateVerdict } from '../gate.js';
export { HostError } from '../errors.js';
export type { HostErrorCode } from '../errors.js';
export type { Opened, OpenOptions, PopToOpen, PopCallParams, PopLookupLike, HostThenable } from '../shared/open.js';
