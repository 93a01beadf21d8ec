import { describe, expect, it } from 'vitest';
import { lookupConfigFromKv } from '../../src/config/lookup.js';
import type { KvRow } from '../../src/config/row.js';
import { lintConfig } from '../../src/lint/index.js';
import { isLookupError } from '../../src/lookup/errors.js';
import { lookupCaller } from '../../src/lookup/lookup.js';
import { createMemoryLookup } from '../../src/lookup/memory.js';
import type { LookupAdapter, LookupConfig, LookupQuery } from '../../src/lookup/types.js';

const entities: LookupConfig['entities'] = [{ entity: 'contact', phoneFields: ['telephone1'], displayField: 'fullname' }];

/** An adapter that records the queries and whether it read their variants. */
function spy(readVariants: boolean): LookupAdapter & { queries: LookupQuery[]; seen: string[][] } {
  const queries: LookupQuery[] = [];
  const seen: string[][] = [];
  return {
    name: 'spy',
    queries,
    seen,
    async find(q) {
      queries.push(q);
      if (readVariants) seen.push([...q.variants]);
      return [];
    },
  };
}

describe('LookupConfig.storedFormats in lookupCaller', () => {
  it('adds the caller written in each fitting template, after the built-in variants', async () => {
    const adapter = spy(true);
    const config: LookupConfig = { entities, storedFormats: ['+CC (0)NN NNNN NNNN', '0NN-NNNN-NNNN', '(0NN) NNNN NNNN', '+C (NNN) NNN-NNNN', '0NNNN NNNNNN', '+CC NN NNNN NNNN'] };
    await lookupCaller('+442079460958', { config, adapter, defaultRegion: 'GB' });
    const variants = adapter.seen[0]!;
    expect(variants.slice(-3)).toEqual(['+44 (0)20 7946 0958', '(020) 7946 0958', '02079 460958']);
    expect(variants).toContain('020-7946-0958'); // built in already
    expect(variants).not.toContain('+4 (420) 794-6095');
    expect(variants.filter((v) => v === '+44 20 7946 0958')).toHaveLength(1); // a template the built-ins already write adds nothing
  });

  it('national templates only for callers of the default region; international ones for all', async () => {
    const adapter = spy(true);
    const config: LookupConfig = { entities, storedFormats: ['(0NN) NNNN NNNN', '00 C NNN NNN NNNN', '(NNN) NNN-NNNN'] };
    await lookupCaller('+12125550100', { config, adapter, defaultRegion: 'GB' });
    const variants = adapter.seen[0]!;
    expect(variants).toContain('00 1 212 555 0100');
    expect(variants).not.toContain('(212) 555-0100');
  });

  it('cross-country safety: a template only ever writes the caller\'s own number', async () => {
    // +1 207 946 0958 (Maine) shares its last 10 digits with +44 20 7946 0958 (London).
    const adapter = spy(true);
    const config: LookupConfig = { entities, storedFormats: ['0NN NNNN NNNN', 'NN NNNN NNNN', '+CC NN NNNN NNNN', 'CC NN NNNN NNNN', '+C NNN NNN NNNN'] };
    await lookupCaller('+12079460958', { config, adapter, defaultRegion: 'GB' });
    const variants = adapter.seen[0]!;
    expect(variants).toContain('+1 207 946 0958');
    // Nothing London would be stored as: no national GB writing, no +44.
    expect(variants.filter((v) => /^(?:0?20[ -]?7946|\+?44)/.test(v))).toEqual([]);
    expect(variants.every((v) => v.replace(/\D/g, '').endsWith('2079460958'))).toBe(true);
  });

  it('variants stay lazy: an adapter that reads only numbers never formats them', async () => {
    const records = { contact: [{ id: 'c1', fullname: 'Ann', telephone1: '+44 (0)20 7946 0958' }] };
    const memory = createMemoryLookup(records);
    const config: LookupConfig = { entities, storedFormats: ['+CC (0)NN NNNN NNNN'] };
    const r = await lookupCaller('020 7946 0958', { config, adapter: memory, defaultRegion: 'GB' });
    expect(r.matches.map((m) => m.id)).toEqual(['c1']);
    const adapter = spy(false);
    await lookupCaller('020 7946 0958', { config, adapter, defaultRegion: 'GB' });
    const q = adapter.queries[0]!;
    const desc = Object.getOwnPropertyDescriptor(q, 'variants')!;
    expect(typeof desc.get).toBe('function'); // still the lazy getter: never formatted
  });

  it.each([
    [['+44 NN NNNN NNNN'], 'config.storedFormats[0] "+44 NN NNNN NNNN" is not a stored-format template: a digit after "+" must be a C slot'],
    ['0NN NNNN NNNN', 'config.storedFormats must be an array of templates.'],
  ])('an invalid storedFormats %j rejects with lookup_bad_option', async (storedFormats, message) => {
    const config = { entities, storedFormats } as unknown as LookupConfig;
    const e = await lookupCaller('+442079460958', { config, adapter: spy(true) }).catch((x: unknown) => x);
    expect(isLookupError(e) && e.code).toBe('lookup_bad_option');
    expect((e as Error).message).toContain(message);
  });
});

const row = (key: string, value: string, scope = 'global', name = 'storedPhoneFormats'): KvRow => ({ scope, name, key, value });

describe('storedPhoneFormats rows', () => {
  it('become storedFormats in rank order, trimmed', () => {
    const { config, warnings } = lookupConfigFromKv([row('2', '+CC NN NNNN NNNN'), row('10', '(0NN) NNNN NNNN'), row('1', ' 0NN NNNN NNNN ')], { user: 'ann' });
    expect(config.storedFormats).toEqual(['0NN NNNN NNNN', '+CC NN NNNN NNNN', '(0NN) NNNN NNNN']);
    expect(warnings).toEqual([]);
  });

  it("a user's rows replace the global ones", () => {
    const rows = [row('1', '+CC NN NNNN NNNN'), row('1', '0NN-NNNN-NNNN', 'ann')];
    expect(lookupConfigFromKv(rows, { user: 'ann' }).config.storedFormats).toEqual(['0NN-NNNN-NNNN']);
    expect(lookupConfigFromKv(rows, { user: 'bob' }).config.storedFormats).toEqual(['+CC NN NNNN NNNN']);
  });

  it('warns for a bad rank, a bad template, a rank or template given twice; no rows, no storedFormats', () => {
    const { config, warnings } = lookupConfigFromKv(
      [row('first', '+CC NN NNNN NNNN'), row('1', '+44 NN NNNN NNNN'), row('2', '0NN NNNN NNNN'), row('2', '+CC NN NNNN NNNN'), row('3', '0NN NNNN NNNN'), row('0', 'NNNN')],
      { user: '' },
    );
    expect(config.storedFormats).toEqual(['0NN NNNN NNNN']);
    expect(warnings.map((w) => [w.code, w.index])).toEqual([
      ['bad_setting', 0],
      ['bad_setting', 1],
      ['duplicate_setting', 3],
      ['duplicate_setting', 4],
      ['bad_setting', 5],
    ]);
    expect(warnings[1]!.message).toBe('storedPhoneFormats 1: "+44 NN NNNN NNNN" is not a stored-format template (a digit after "+" must be a C slot: write the country code as C (e.g. +CC NN NNNN NNNN)); the row is ignored.');
    expect(lookupConfigFromKv([], { user: '' }).config.storedFormats).toBeUndefined();
  });

  it('a Name in the wrong case is ignored with name_case', () => {
    const { config, warnings } = lookupConfigFromKv([row('1', '0NN NNNN NNNN', 'global', 'StoredPhoneFormats')], { user: '' });
    expect(config.storedFormats).toBeUndefined();
    expect(warnings.map((w) => w.code)).toEqual(['name_case']);
  });
});

describe('lint: stored formats', () => {
  const codes = (rows: KvRow[]) => lintConfig(rows).map((f) => f.code);
  it('warns when lookupLastDigits is set without storedPhoneFormats', () => {
    expect(codes([row('', '8', 'global', 'lookupLastDigits')])).toEqual(['last_digits_without_formats']);
    expect(codes([row('', '8', 'global', 'lookupLastDigits'), row('1', '0NN NNNN NNNN')])).toEqual([]);
    expect(codes([row('1', '0NN NNNN NNNN')])).toEqual([]);
  });
  it('reports a bad template as lookup_config', () => {
    const f = lintConfig([row('1', '0NN NNNN NNNN x NN')]);
    expect(f.map((x) => x.code)).toEqual(['lookup_config']);
    expect(f[0]!.row).toEqual({ name: 'storedPhoneFormats', key: '1' });
  });
});
