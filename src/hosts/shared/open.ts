/**
 * What every host opener shares: the pop shape it accepts, what it returns,
 * the gate, the search text of a `choose` pop.
 *
 * @module
 */
import type { ScreenPop } from '../../pop/resolve.js';
import { HostError } from '../errors.js';
import type { PopGate } from '../gate.js';

/**
 * What an opener opened (or why nothing):
 *
 * - `record`: that record's form (`chosenBy: 'agent'` when the agent picked
 *   it among the candidates of a `choose` pop);
 * - `new`: a new form of `entity`, prefilled with `prefill`;
 * - `url`: `url`, exactly as given to the host;
 * - `search`: the host's search for `searchText` (a `choose` pop);
 * - `nothing`: the gate said `duplicate` or `not_trigger`, or the agent
 *   closed the choice without picking (`cancelled`).
 *
 * @example
 * ```ts
 * import type { Opened } from 'screenpop/dynamics';
 * const log = (o: Opened) => console.log(o.opened === 'nothing' ? `no pop: ${o.reason}` : `opened ${o.opened} via ${o.via}`);
 * ```
 */
export type Opened =
  | { readonly opened: 'record'; readonly via: string; readonly entity: string; readonly id: string; readonly chosenBy?: 'agent' }
  | { readonly opened: 'new'; readonly via: string; readonly entity: string; readonly prefill: Readonly<Record<string, string>> }
  | { readonly opened: 'url'; readonly via: string; readonly url: string }
  | { readonly opened: 'search'; readonly via: string; readonly searchText: string; readonly entities: readonly string[] }
  | { readonly opened: 'nothing'; readonly reason: 'duplicate' | 'not_trigger' | 'cancelled' };

/**
 * The pop an opener accepts: a {@link ScreenPop} of `resolveScreenPop`, or
 * the same shape built by hand (only the members an opener reads).
 *
 * @example
 * ```ts
 * import type { PopToOpen } from 'screenpop/dynamics';
 * const pop: PopToOpen = { kind: 'record', entity: 'contact', id: 'c1', url: '', params: { phoneCallID: 'call-1' } };
 * ```
 */
export type PopToOpen =
  | { readonly kind: 'record'; readonly entity: string; readonly id: string; readonly url?: string; readonly params?: PopCallParams; readonly lookup?: PopLookupLike }
  | { readonly kind: 'new'; readonly entity: string; readonly url?: string; readonly prefill?: Readonly<Record<string, string>>; readonly params?: PopCallParams; readonly lookup?: PopLookupLike }
  | { readonly kind: 'url'; readonly url: string; readonly params?: PopCallParams; readonly lookup?: PopLookupLike }
  | { readonly kind: 'choose'; readonly candidates: ReadonlyArray<{ readonly entity: string; readonly id: string; readonly name?: string }>; readonly params?: PopCallParams; readonly lookup?: PopLookupLike };

/**
 * The call fields an opener reads from a pop's `params` (the gate's key and
 * state, the number a `choose` pop searches for when the lookup could not
 * read it).
 *
 * @example
 * ```ts
 * import type { PopCallParams } from 'screenpop/dynamics';
 * const params: PopCallParams = { phoneCallID: 'call-1', state: 'incoming', telephoneNo: '+353 86 856 1713' };
 * ```
 */
export interface PopCallParams {
  readonly phoneCallID?: string;
  readonly dtCallId?: string;
  readonly state?: string;
  readonly telephoneNo?: string;
}

/**
 * The lookup fields an opener reads from a pop's `lookup`: the caller's E.164
 * number, which a `choose` pop searches for.
 *
 * @example
 * ```ts
 * import type { PopLookupLike } from 'screenpop/dynamics';
 * const lookup: PopLookupLike = { normalized: '+353868561713' };
 * ```
 */
export interface PopLookupLike {
  readonly normalized?: string;
}

// A ScreenPop is a PopToOpen (checked here, at compile time).
const _isPopToOpen = (p: ScreenPop): PopToOpen => p;
void _isPopToOpen;

/**
 * Options every opener takes.
 *
 * @example
 * ```ts
 * import { createPopGate, type OpenOptions } from 'screenpop/dynamics';
 * const options: OpenOptions = { gate: createPopGate(), timeoutMs: 5000 };
 * ```
 */
export interface OpenOptions {
  /** One pop per call: the opener asks the gate first and opens nothing for a `duplicate` or `not_trigger` event. Default: none (every call opens). */
  readonly gate?: PopGate;
  /** Longest wait for the host API, in ms; 0 waits as long as the host takes. Default: per opener (CIF 10 000, others 0). */
  readonly timeoutMs?: number;
}

/**
 * What host APIs return: a promise, or a thenable of the host's own kind
 * (`Xrm.Async.PromiseLike`, jQuery-style deferreds).
 *
 * @example
 * ```ts
 * import type { HostThenable } from 'screenpop/dynamics';
 * const answer: HostThenable<string> = Promise.resolve('ok');
 * ```
 */
export interface HostThenable<T> {
  then(onfulfilled?: (value: T) => unknown, onrejected?: (reason: unknown) => unknown): unknown;
}

const KINDS = new Set(['record', 'new', 'url', 'choose']);

/** Throws `host_bad_option` unless `pop` is a pop. @internal */
export function checkPop(pop: unknown, opener: string): asserts pop is PopToOpen {
  const k = pop !== null && typeof pop === 'object' ? (pop as { kind?: unknown }).kind : undefined;
  if (typeof k !== 'string' || !KINDS.has(k)) {
    // A promise: resolveScreenPop's result passed without `await`.
    const pending = pop !== null && typeof pop === 'object' && typeof (pop as { then?: unknown }).then === 'function';
    throw new HostError('host_bad_option', `${opener} needs a pop (kind record, new, url or choose), got ${pending ? 'a promise' : pop === null ? 'null' : typeof pop === 'object' ? `kind ${JSON.stringify(k)}` : typeof pop}.`, {
      hint: pending ? `Await it first: ${opener}(await resolveScreenPop(call, options), ...).` : 'Pass what resolveScreenPop returned.',
    });
  }
}

/** Throws `host_bad_option` unless `host[methods]` are functions. @internal */
export function checkHost(host: unknown, what: string, methods: readonly string[]): void {
  const missing = host === null || typeof host !== 'object' ? methods : methods.filter((m) => typeof (host as Record<string, unknown>)[m] !== 'function');
  if (missing.length > 0) {
    throw new HostError('host_bad_option', `${what} has no ${missing.join(', ')}${host === null || typeof host !== 'object' ? ' (it is not an object)' : ''}.`, {
      hint: `Pass the host's own object, e.g. ${what}; it is an argument, never read from globals.`,
    });
  }
}

/** The timeout option, checked. @internal */
export function timeoutOf(options: OpenOptions | undefined, fallback: number): number {
  const t = options?.timeoutMs ?? fallback;
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) {
    throw new HostError('host_bad_option', `timeoutMs must be a finite number ≥ 0, not ${String(t)}.`, { hint: 'Leave it out, or pass e.g. 10000.' });
  }
  return t;
}

/**
 * Runs `open` unless the gate says no; a failed open is released from the
 * gate, so the call's next event may pop it. @internal
 */
export async function gated(pop: PopToOpen, options: OpenOptions | undefined, open: () => Promise<Opened>): Promise<Opened> {
  const gate = options?.gate;
  if (gate === undefined) return open();
  const verdict = gate.claim(pop.params ?? {});
  if (!verdict.pop) return { opened: 'nothing', reason: verdict.reason };
  try {
    return await open();
  } catch (e) {
    if (verdict.key !== undefined) gate.release(verdict.key);
    throw e;
  }
}

/** What a `choose` pop searches for: the caller's E.164 number, else the caller ID as sent. @internal */
export function searchTextOf(pop: PopToOpen): string {
  const n = pop.lookup?.normalized;
  if (typeof n === 'string' && n !== '') return n;
  const t = pop.params?.telephoneNo;
  return typeof t === 'string' ? t.trim() : '';
}

/** Distinct entities of candidates, in order. @internal */
export function entitiesOf(candidates: ReadonlyArray<{ readonly entity: string }>): string[] {
  return [...new Set(candidates.map((c) => c.entity))];
}
