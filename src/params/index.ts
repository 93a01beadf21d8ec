/**
 * `screenpop/params`: build and read the `Data=` parameter of a popped page.
 *
 * Small and dependency-free (no zod, no chevrotain, no phone library) so a CRM
 * web resource can load it; the zod `CallParamsSchema` lives in the main
 * `screenpop` entry. See docs/params.md.
 *
 * @module
 */

// The 19 parameters.
export { CALL_PARAM_NAMES } from './names.js';
export type { CallParams, CallParamName } from './names.js';

// Building: the Data= value and the whole pop URL.
export { buildDataParam } from './encode.js';
export type { BuildOptions, DataMode } from './encode.js';
export { buildPopUrl, urlSafetyProblem, findPlaceholders, PLACEHOLDER_NAMES } from './url.js';
export type { UrlProblem, PlaceholderMatch } from './url.js';

// Reading, in the popped page.
export { parseDataParam } from './decode.js';
export type { ParseDataOptions } from './decode.js';

// Errors.
export { ParamsError } from './errors.js';
export type { ParamsErrorCode, ParamsErrorOptions } from './errors.js';
