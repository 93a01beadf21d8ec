/**
 * The 19 call parameters a popped page receives, and the {@link CallParams} shape.
 *
 * @module
 */

/**
 * The 19 parameters Dynamics Telephony passes to a popped page, in the seed's
 * order (which is also the order inside `Data=`). Every name is always sent;
 * unknown values are empty.
 *
 * @example
 * ```ts
 * import { CALL_PARAM_NAMES } from 'screenpop/params';
 * CALL_PARAM_NAMES.length; // 19
 * CALL_PARAM_NAMES[0];     // 'state'
 * ```
 */
export const CALL_PARAM_NAMES = [
  'state',
  'type',
  'phoneCallID',
  'direction',
  'telephoneNo',
  'dnis',
  'dnisName',
  'agentType',
  'agentId',
  'customerType',
  'customerID',
  'ReType',
  'ReId',
  'dtCallId',
  'agent',
  'fullName',
  'description',
  'customText',
  'subject',
] as const;

/**
 * One of the 19 {@link CALL_PARAM_NAMES}, in its canonical spelling.
 *
 * @example
 * ```ts
 * import type { CallParamName } from 'screenpop/params';
 * const name: CallParamName = 'telephoneNo';
 * ```
 */
export type CallParamName = (typeof CALL_PARAM_NAMES)[number];

/**
 * What a popped page learns about the call: the 19 parameters (each a string,
 * `''` when unknown) and any host fields in `extra`. Examples are the seed's.
 *
 * @example
 * ```ts
 * import type { CallParams } from 'screenpop/params';
 * const p: Partial<CallParams> = { state: 'start', direction: 'queue', agent: 'Dyn Crm06' };
 * ```
 */
export interface CallParams {
  /** Call state, e.g. `incoming`, `start`. */
  state: string;
  /** Activity type; only `phonecall` is supported. */
  type: string;
  /** The phonecall activity's id, e.g. `7e2a5311-be86-e911-a84d-000d3ab0d976`. */
  phoneCallID: string;
  /** `inbound`, or `queue` (auto-dialler outbound). */
  direction: string;
  /** The other party's number, e.g. `00353868561713`. */
  telephoneNo: string;
  /** The number dialled (DNIS), e.g. `1234`. */
  dnis: string;
  /** The DNIS's name, e.g. `DEV`. */
  dnisName: string;
  /** Entity of the agent, e.g. `systemuser`. */
  agentType: string;
  /** The agent's record id. */
  agentId: string;
  /** Entity of the matched customer, e.g. `contact`. */
  customerType: string;
  /** The matched customer's record id. */
  customerID: string;
  /** Entity of the Regarding record, e.g. `contact`. */
  ReType: string;
  /** The Regarding record's id. */
  ReId: string;
  /** Dynamics Telephony's own call id. */
  dtCallId: string;
  /** The agent's name, e.g. `Test Agent06`. */
  agent: string;
  /** The customer's full name. */
  fullName: string;
  /** The phonecall's description. */
  description: string;
  /** Text from a phonecall custom field (e.g. `new_customtext`). */
  customText: string;
  /** The phonecall's subject, e.g. `inbound call with DNIS DEV`. */
  subject: string;
  /** Host fields sent after the 19 names, in insertion order; names must not collide with the 19. */
  extra: Record<string, string>;
}

/** Lower-case name → canonical name, for case-insensitive matching. */
export const CANONICAL: ReadonlyMap<string, CallParamName> = new Map(
  CALL_PARAM_NAMES.map((n) => [n.toLowerCase(), n]),
);

/** A fresh {@link CallParams} with every value empty. */
export function emptyParams(): CallParams {
  const p: Record<string, unknown> = {};
  for (const n of CALL_PARAM_NAMES) p[n] = '';
  p.extra = {};
  return p as unknown as CallParams;
}

