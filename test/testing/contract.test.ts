/**
 * `runAdapterContract` from `screenpop/testing`: the example in
 * docs/lookup.md runs here as written (its imports checked, then its body run
 * with those bindings), and the suite fails an adapter that breaks the
 * contract, through any framework's describe/it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMemoryLookup } from '../../src/index.js';
import { contractRecords, runAdapterContract, type ContractTestApi } from '../../src/testing/index.js';
import type { LookupAdapter } from '../../src/lookup/types.js';

const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'lookup.md'), 'utf8');
const marker = doc.indexOf('<!-- runAdapterContract example');
const block = /```ts\n([\s\S]*?)```/.exec(doc.slice(marker))![1]!;
const imports = block.split('\n').filter((l) => l.startsWith('import '));

describe('the runAdapterContract example in docs/lookup.md', () => {
  it('imports describe/it from vitest, createMemoryLookup from screenpop, runAdapterContract from screenpop/testing', () => {
    expect(marker).toBeGreaterThan(0);
    expect(imports).toEqual([
      "import { describe, it } from 'vitest';",
      "import { createMemoryLookup } from 'screenpop';",
      "import { runAdapterContract } from 'screenpop/testing';",
    ]);
  });
});

// The example itself, run with the bindings its imports name (the package's
// entries are src/index.ts and src/testing/index.ts): it registers the
// "memory adapter contract" suite in this file.
const body = block
  .split('\n')
  .filter((l) => !l.startsWith('import '))
  .join('\n');
// eslint-disable-next-line @typescript-eslint/no-implied-eval
new Function('describe', 'it', 'createMemoryLookup', 'runAdapterContract', body)(describe, it, createMemoryLookup, runAdapterContract);

/** A framework stand-in that collects the cases, to run them by hand. */
function collect(): { api: ContractTestApi; suites: string[]; cases: Array<{ name: string; body: () => Promise<void> }> } {
  const suites: string[] = [];
  const cases: Array<{ name: string; body: () => Promise<void> }> = [];
  return {
    suites,
    cases,
    api: {
      describe: (name, fn) => {
        suites.push(name);
        fn();
      },
      it: (name, fn) => cases.push({ name, body: fn }),
    },
  };
}

describe('runAdapterContract with another framework', () => {
  it('passes the memory adapter, every case run once the adapter is made', async () => {
    const { api, suites, cases } = collect();
    let made = 0;
    runAdapterContract({ name: 'memory', make: (r) => (made++, createMemoryLookup(r)) }, api);
    expect(suites).toEqual(['memory adapter contract']);
    expect(cases.length).toBe(15);
    for (const c of cases) await c.body();
    expect(made).toBe(1);
  });

  it('fails an adapter that ignores the phone formats, saying what it expected', async () => {
    const { api, cases } = collect();
    const memory = createMemoryLookup(contractRecords);
    const e164Only: LookupAdapter = { name: 'e164-only', find: (q) => memory.find({ ...q, variants: q.variants.filter((v) => v.startsWith('+')) }) };
    runAdapterContract({ name: 'e164-only', make: () => e164Only }, api);
    const formats = cases.find((c) => c.name.startsWith('formats:'))!;
    await expect(formats.body()).rejects.toThrow(/expected \["c1","c2","c4","c5"\], got \[/);
  });

  it('lists a declared gap as a passing "gap:" case, and refuses a gap without a reason', async () => {
    const { api, cases } = collect();
    runAdapterContract({ name: 'x', make: () => createMemoryLookup({}), skip: { lastDigits: 'no endswith in this API', internal: ' ' } }, api);
    const gap = cases.find((c) => c.name === 'gap: lastDigits — no endswith in this API')!;
    await expect(gap.body()).resolves.toBeUndefined();
    await expect(cases.find((c) => c.name.startsWith('gap: internal'))!.body()).rejects.toThrow('skip.internal needs a reason');
  });
});
