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

/**
 * Hostile leaves, as recipes (plain data fast-check can print and shrink;
 * the hostile objects themselves are made only inside the property, since a
 * proxy whose every trap throws would throw inside fast-check too).
 */
const MAKERS: Readonly<Record<string, () => unknown>> = {
  null: () => null,
  undefined: () => undefined,
  nan: () => Number.NaN,
  infinity: () => Number.POSITIVE_INFINITY,
  minusOne: () => -1,
  huge: () => 1e300,
  zero: () => 0,
  empty: () => '',
  rule: () => 'dnis=1=>default',
  phone: () => '+353868561713',
  true: () => true,
  bigint: () => 10n,
  symbol: () => Symbol('s'),
  toStringNotAFunction: () => ({ toString: 1, valueOf: 1 }),
  toStringThrows: () => ({ toString: thrower, valueOf: thrower, [Symbol.toPrimitive]: thrower }),
  nullPrototype: () => Object.create(null) as object,
  lengthGetterThrows: () => Object.defineProperty({}, 'length', { get: thrower }),
  trapAll,
  revoked,
  function: () => () => undefined,
  invalidDate: () => new Date(Number.NaN),
};
type Recipe = { leaf: string } | { text: string } | { object: Array<[string, Recipe]> } | { array: Recipe[] };

const leaf: fc.Arbitrary<Recipe> = fc.oneof(
  fc.constantFrom(...Object.keys(MAKERS)).map((name): Recipe => ({ leaf: name })),
  fc.string({ maxLength: 20 }).map((text): Recipe => ({ text })),
);

function make(r: Recipe): unknown {
  if ('leaf' in r) return MAKERS[r.leaf]!();
  if ('text' in r) return r.text;
  if ('array' in r) return r.array.map(make);
  // Object.fromEntries: a "__proto__" name stays an own property.
  return Object.fromEntries(r.object.map(([k, v]) => [k, make(v)]));
}

/** Leaves, and objects/arrays of them under the names public functions read. */
const NAMES = ['scope', 'name', 'key', 'value', 'type', 'parent', 'rows', 'user', 'adapter', 'crmUrl', 'telephoneNo', 'extra', 'fields', 'timeZone', 'config', 'entities', 'entity', 'phoneFields', 'displayField', 'variants', 'limit', 'mode', 'now', 'signal', 'direction', 'heading', 'url', 'find', 'getToken', 'baseUrl', 'defaultRegion', 'policy', 'tables', 'condition', 'target', 'kind', 'items', 'item', 'values', 'columns', 'changes', 'orders', '__proto__'];
const hostile = fc.letrec<{ value: Recipe; object: Recipe; array: Recipe }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('object'), tie('array')),
  object: fc.array(fc.tuple(fc.constantFrom(...NAMES), tie('value')), { maxLength: 4 }).map((object): Recipe => ({ object })),
  array: fc.array(tie('value'), { maxLength: 3 }).map((array): Recipe => ({ array })),
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
  it('the screenpop/params functions refuse wrong types and unreadable host values as bad_value', () => {
    const typed = (f: () => unknown): void => expect(f).toThrowError(expect.objectContaining({ name: 'ParamsError', code: 'bad_value' }));
    const getterThrows = Object.defineProperty({}, 'dnis', { get: thrower, enumerable: true });
    typed(() => api.buildDataParam(null as never));
    typed(() => api.buildDataParam({ dnis: 5 } as never));
    typed(() => api.buildDataParam({ extra: { queue: { toString: 1 } } } as never));
    typed(() => api.buildDataParam(getterThrows));
    typed(() => api.buildDataParam(revoked()));
    typed(() => api.buildDataParam({ extra: trapAll() } as never));
    typed(() => api.buildDataParam({}, trapAll()));
    typed(() => api.parseDataParam(5 as never));
    typed(() => api.parseDataParam('?Data=', revoked()));
    typed(() => api.buildPopUrl(5 as never, {}));
    typed(() => api.buildPopUrl('/x/{dnis}.html', getterThrows));
    typed(() => api.buildPopUrl('/x/{q}.html', { extra: revoked() } as never));
    typed(() => api.urlSafetyProblem({ toString: 1 } as never));
    typed(() => api.urlSafetyProblem(Symbol('s') as never));
    typed(() => api.findPlaceholders(null as never));
    typed(() => api.findPlaceholders('/{q}', trapAll() as never));
    typed(() => api.findPlaceholders('/{q}', [5] as never));
  });

  it('finds the public functions (sanity)', () => {
    expect(entries.map(([n]) => n)).toEqual(expect.arrayContaining(['resolveScreenPop', 'buildDataParam', 'buildPopUrl', 'parseDataParam', 'urlSafetyProblem', 'findPlaceholders', 'parseRule', 'readKvCsv', 'createDataverseLookup', 'lookupCaller', 'lintConfig']));
    expect(entries.length).toBeGreaterThan(40);
  });

  it.each(entries)('%s ends with a typed error or returns', async (name, f) => {
    await fc.assert(
      fc.asyncProperty(fc.array(hostile, { minLength: 0, maxLength: 3 }), async (recipes) => {
        const e = await escaped(f, recipes.map(make));
        if (e !== undefined) throw new Error(`${name} let ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)} escape`);
      }),
      { numRuns: Number(process.env.HOSTILE_RUNS ?? 300) },
    );
  });
});
