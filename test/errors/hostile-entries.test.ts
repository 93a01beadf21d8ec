/**
 * Every public function of the library, called with hostile values (getters
 * and traps that throw, `toString` that is not a function, revoked proxies,
 * symbols, wrong types), returns or ends with an error of the library's own
 * family (ScreenpopError with a code): never a TypeError, RangeError or a
 * host object's own exception escaping unlabelled.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';
import { isScreenpopError } from '../../src/errors/index.js';

const thrower = (): never => {
  throw new Error('hostile getter');
};

/** A proxy whose every trap throws. */
const trapAll = (): object =>
  new Proxy(
    {},
    {
      get: thrower,
      has: thrower,
      ownKeys: thrower,
      getOwnPropertyDescriptor: thrower,
      getPrototypeOf: thrower,
      apply: thrower,
    },
  );

const revoked = (): object => {
  const r = Proxy.revocable({}, {});
  r.revoke();
  return r.proxy;
};

/** Hostile leaves: each one is a value a host could pass by mistake or malice. */
const leaf: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    undefined,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    -1,
    1e300,
    0,
    '',
    'dnis=1=>default',
    '+353868561713',
    true,
    10n,
    Symbol('s'),
  ),
  fc.string({ maxLength: 20 }),
  fc.constant(0).map(() => ({ toString: 1, valueOf: 1 })),
  fc.constant(0).map(() => ({ toString: thrower, valueOf: thrower, [Symbol.toPrimitive]: thrower })),
  fc.constant(0).map(() => Object.create(null) as object),
  fc.constant(0).map(() => Object.defineProperty({}, 'length', { get: thrower })),
  fc.constant(0).map(trapAll),
  fc.constant(0).map(revoked),
  fc.constant(0).map(() => () => undefined),
  fc.constant(0).map(() => new Date(Number.NaN)),
);

/** Leaves, and objects/arrays of them under the names public functions read. */
const NAMES = ['scope', 'name', 'key', 'value', 'type', 'parent', 'rows', 'user', 'adapter', 'crmUrl', 'telephoneNo', 'extra', 'fields', 'timeZone', 'config', 'entities', 'entity', 'phoneFields', 'displayField', 'variants', 'limit', 'mode', 'now', 'signal', 'direction', 'heading', 'url', 'find', 'getToken', 'baseUrl', 'defaultRegion', 'policy', 'tables', 'ast', 'target', 'condition', 'kind'];
const hostile: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('object'), tie('array')),
  object: fc.dictionary(fc.constantFrom(...NAMES), tie('value'), { maxKeys: 4 }),
  array: fc.array(tie('value'), { maxLength: 3 }),
})).value;

const entries = Object.entries(api).filter(
  ([name, v]) => typeof v === 'function' && !/^[A-Z]/.test(name) && !/^is[A-Z]/.test(name),
) as Array<[string, (...args: unknown[]) => unknown]>;

/** Undefined when fine; else what escaped. */
async function escaped(f: (...args: unknown[]) => unknown, args: unknown[]): Promise<unknown> {
  try {
    const r = f(...args);
    if (r instanceof Promise) await r;
    return undefined;
  } catch (e) {
    return isScreenpopError(e) ? undefined : e;
  }
}

describe('public entries under hostile input', () => {
  it('finds the public functions (sanity)', () => {
    expect(entries.map(([n]) => n)).toEqual(expect.arrayContaining(['resolveScreenPop', 'parseRule', 'readKvCsv', 'createDataverseLookup', 'lookupCaller', 'buildPopUrl']));
  });

  it.each(entries)('%s ends with a typed error or returns', async (name, f) => {
    await fc.assert(
      fc.asyncProperty(fc.array(hostile, { minLength: 0, maxLength: 3 }), async (args) => {
        const e = await escaped(f, args);
        if (e !== undefined) throw new Error(`${name} let ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)} escape`);
      }),
      { numRuns: 300 },
    );
  });
});
