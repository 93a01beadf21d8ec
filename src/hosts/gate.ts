/**
 * `createPopGate`: one pop per call, whatever number of ring, transfer and
 * state events the host sends. No dependencies: the host openers accept a gate.
 *
 * @module
 */
import type { PopTrigger } from '../config/pop.js';
import { HostError } from './errors.js';

/**
 * The call fields a gate reads: the call's id (`phoneCallID`, else
 * `dtCallId`) and its `state`. A pop's `params`, or the `CallEvent`, will do.
 *
 * @example
 * ```ts
 * import type { GateCall } from 'screenpop';
 * const call: GateCall = { phoneCallID: '7e2a5311-be86-e911-a84d-000d3ab0d976', state: 'incoming' };
 * ```
 */
export interface GateCall {
  readonly phoneCallID?: string;
  readonly dtCallId?: string;
  readonly state?: string;
}

/**
 * A gate's answer: pop now, or why not.
 *
 * - `duplicate`: this call already popped (a second ring, a transfer event).
 * - `not_trigger`: the trigger is `answer` and this event is not an answer.
 *
 * A call with neither `phoneCallID` nor `dtCallId` cannot be told apart from
 * another: it always pops (`key` undefined).
 *
 * @example
 * ```ts
 * import { createPopGate, type GateVerdict } from 'screenpop';
 * const v: GateVerdict = createPopGate().claim({ phoneCallID: 'a' }); // { pop: true, key: 'a' }
 * ```
 */
export type GateVerdict =
  | { readonly pop: true; readonly key: string | undefined }
  | { readonly pop: false; readonly key: string; readonly reason: 'duplicate' | 'not_trigger' };

/**
 * One pop per call. {@link PopGate.claim} says whether an event pops;
 * `openInXrm`, `openInCif` and `openInOpenCti` call it when given the gate.
 *
 * @example
 * ```ts
 * import { createPopGate } from 'screenpop';
 * const gate = createPopGate({ trigger: 'ring' });
 * gate.claim({ phoneCallID: 'c1', state: 'incoming' }).pop; // true
 * gate.claim({ phoneCallID: 'c1', state: 'incoming' }).pop; // false (duplicate)
 * ```
 */
export interface PopGate {
  readonly trigger: PopTrigger;
  /** Whether this event of a call pops; a `true` answer marks the call popped. */
  claim(call: GateCall): GateVerdict;
  /** Forgets a call, given the call or a verdict's `key` (e.g. its pop failed and should be retried on the next event). */
  release(call: GateCall | string): void;
  /** Whether the call already popped. */
  popped(call: GateCall | string): boolean;
  /** Calls remembered (at most `capacity`). */
  readonly size: number;
}

/**
 * Options of {@link createPopGate}.
 *
 * @example
 * ```ts
 * import { createPopGate, popConfigFromKv } from 'screenpop';
 * const { config } = popConfigFromKv(rows, { user: 'ann' });
 * const gate = createPopGate({ trigger: config.trigger, capacity: 200 });
 * ```
 */
export interface PopGateOptions {
  /**
   * `ring` (default): the first event of a call pops, whatever its state.
   * `answer`: the first event whose `state` is an answer state pops. The
   * `popTrigger` row sets it (`popConfigFromKv(rows).config.trigger`).
   */
  readonly trigger?: PopTrigger;
  /**
   * Call states that mean "answered", compared trimmed and ignoring case.
   * Default: {@link ANSWER_STATES} (`start`, Dynamics Telephony's, and the
   * common `answered`, `connected`, `established`, `talking`).
   */
  readonly answerStates?: readonly string[];
  /** Most calls remembered; the oldest is forgotten first. A whole number ≥ 1. Default `1000`. */
  readonly capacity?: number;
}

/**
 * The default answer states of {@link PopGateOptions.answerStates}.
 *
 * @example
 * ```ts
 * import { ANSWER_STATES } from 'screenpop';
 * ANSWER_STATES.includes('start'); // true
 * ```
 */
export const ANSWER_STATES: readonly string[] = ['start', 'answered', 'connected', 'established', 'talking'];

function keyOf(call: GateCall | string): string | undefined {
  if (typeof call === 'string') return call.trim() === '' ? undefined : call.trim();
  if (call === null || typeof call !== 'object') return undefined;
  const id = typeof call.phoneCallID === 'string' ? call.phoneCallID.trim() : '';
  if (id !== '') return id.toLowerCase();
  const dt = typeof call.dtCallId === 'string' ? call.dtCallId.trim() : '';
  return dt === '' ? undefined : `dt:${dt.toLowerCase()}`;
}

/**
 * Creates a gate that lets each call pop once: keyed by `phoneCallID` (GUIDs
 * compared ignoring case), else `dtCallId`; events of a call already popped
 * answer `duplicate`. Memory stays bounded (`capacity` calls).
 *
 * @throws `host_bad_option` ({@link HostError}) for an unknown trigger or a bad capacity.
 * @example
 * ```ts
 * import { createPopGate } from 'screenpop/dynamics';
 * const gate = createPopGate({ trigger: 'answer' });
 * gate.claim({ phoneCallID: 'c1', state: 'incoming' }); // { pop: false, key: 'c1', reason: 'not_trigger' }
 * gate.claim({ phoneCallID: 'c1', state: 'start' }); // { pop: true, key: 'c1' }
 * gate.claim({ phoneCallID: 'c1', state: 'transfer' }); // { pop: false, key: 'c1', reason: 'duplicate' }
 * ```
 */
export function createPopGate(options: PopGateOptions = {}): PopGate {
  if (options === null || typeof options !== 'object') {
    throw new HostError('host_bad_option', 'createPopGate options must be an object.', { hint: "Pass e.g. { trigger: 'answer' }, or nothing." });
  }
  let read: GateSettings;
  try {
    read = { trigger: options.trigger, capacity: options.capacity, answerStates: options.answerStates };
  } catch (e) {
    throw new HostError('host_bad_option', `createPopGate options could not be read: ${e instanceof Error ? e.message : 'unreadable'}.`, { hint: 'Pass plain data.' });
  }
  return gate(read);
}

type GateSettings = { readonly [K in 'trigger' | 'capacity' | 'answerStates']: PopGateOptions[K] | undefined };

function gate(options: GateSettings): PopGate {
  const trigger = options.trigger ?? 'ring';
  if (trigger !== 'ring' && trigger !== 'answer') {
    throw new HostError('host_bad_option', `Unknown pop trigger ${JSON.stringify(trigger)}.`, { hint: 'Use ring or answer.' });
  }
  const capacity = options.capacity ?? 1000;
  if (!Number.isInteger(capacity) || capacity < 1) {
    throw new HostError('host_bad_option', `capacity must be a whole number ≥ 1, not ${String(capacity)}.`, { hint: 'Leave it out (1000) or pass e.g. 200.' });
  }
  const states: unknown = options.answerStates ?? ANSWER_STATES;
  if (!Array.isArray(states) || !states.every((s) => typeof s === 'string')) {
    throw new HostError('host_bad_option', 'answerStates must be an array of call states (text).', { hint: "Leave it out, or pass e.g. ['start', 'talk']." });
  }
  const answer = new Set((states as readonly string[]).map((s) => s.trim().toLowerCase()));
  // Insertion-ordered: the first key is the oldest.
  const seen = new Set<string>();
  return {
    trigger,
    claim(call) {
      const key = keyOf(call);
      if (key !== undefined && seen.has(key)) return { pop: false, key, reason: 'duplicate' };
      if (trigger === 'answer') {
        const state = typeof call?.state === 'string' ? call.state.trim().toLowerCase() : '';
        if (!answer.has(state)) return key === undefined ? { pop: false, key: '', reason: 'not_trigger' } : { pop: false, key, reason: 'not_trigger' };
      }
      if (key === undefined) return { pop: true, key: undefined };
      seen.add(key);
      if (seen.size > capacity) seen.delete(seen.values().next().value as string);
      return { pop: true, key };
    },
    release(call) {
      const key = keyOf(call);
      if (key !== undefined) seen.delete(key);
    },
    popped(call) {
      const key = keyOf(call);
      return key !== undefined && seen.has(key);
    },
    get size() {
      return seen.size;
    },
  };
}

