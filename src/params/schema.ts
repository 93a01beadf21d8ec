/**
 * The zod schema of `CallParams`. Kept apart from the `screenpop/params`
 * entry (which must not pull in zod); exported from the main `screenpop` entry.
 *
 * @module
 */
import * as z from 'zod/mini';
import { CALL_PARAM_NAMES, type CallParamName } from './names.js';

const shape = Object.fromEntries(CALL_PARAM_NAMES.map((n) => [n, z.string()])) as Record<CallParamName, z.ZodMiniString>;

/**
 * Zod schema of `CallParams`: the 19 names as strings and `extra` as a
 * string record. Unknown top-level keys are refused (a misspelled
 * `customerId` is an error, not a silently dropped value). A `zod/mini`
 * schema (functions, not methods, keep the bundle small): use
 * `z.partial(CallParamsSchema)` (`import * as z from 'zod/mini'`) for the
 * input of `buildDataParam`.
 *
 * @example
 * ```ts
 * import { CallParamsSchema, parseDataParam } from 'screenpop';
 * CallParamsSchema.parse(parseDataParam('?Data=state%3Dstart')).state; // 'start'
 * CallParamsSchema.safeParse({ state: 'start' }).success;              // false: 18 names missing
 * ```
 */
export const CallParamsSchema = z.strictObject({
  ...shape,
  extra: z.record(z.string(), z.string()),
});
