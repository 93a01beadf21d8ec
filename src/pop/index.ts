/**
 * The screen-pop decision end to end.
 * @module
 */
export { resolveScreenPop, resolveRuleUrl, recordUrl, newRecordUrl, PopError, DEFAULT_DEADLINE_MS } from './resolve.js';
export type { CallEvent, ResolveOptions, ScreenPop, PopLookup, PopCommon } from './resolve.js';
