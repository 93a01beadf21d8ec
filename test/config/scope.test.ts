import { describe, expect, it } from 'vitest';
import { effectiveRows, isGlobalScope, resolveSetting, rulesFor, type KvRow } from '../../src/config/index.js';
import { SCOPED_ROWS } from '../fixtures/config.cases.js';

const keys = (rows: readonly KvRow[]) => rows.map((r) => `${r.scope}:${r.name}:${r.key}`);

describe('scope', () => {
  it('global is case-insensitive and trimmed', () => {
    expect(isGlobalScope({ scope: ' GLOBAL ' })).toBe(true);
    expect(isGlobalScope({ scope: 'globals' })).toBe(false);
  });

  it('a user row replaces the global row with the same Name, Parent and Key, for that user only', () => {
    expect(keys(rulesFor(SCOPED_ROWS, 'test agent06'))).toEqual([
      'global:customURL_Rule:01',
      'Global:customURL_Rule:03',
      'Test Agent06:customURL_Rule:02',
      'Test Agent06:customURL_Rule:04',
    ]);
    expect(keys(rulesFor(SCOPED_ROWS, 'bob'))).toEqual([
      'global:customURL_Rule:01',
      'global:customURL_Rule:02',
      'Global:customURL_Rule:03',
    ]);
  });

  it('rulesFor matches Name case-sensitively', () => {
    expect(rulesFor(SCOPED_ROWS, 'bob').some((r) => r.key === '05')).toBe(false);
  });

  it('rows scoped to other users never apply', () => {
    expect(effectiveRows(SCOPED_ROWS, 'Test Agent06').some((r) => r.scope === 'someone else')).toBe(false);
    expect(effectiveRows(SCOPED_ROWS, '').every((r) => isGlobalScope(r))).toBe(true);
  });

  it('Parent and Key compare case-insensitively in the identity', () => {
    const eff = effectiveRows(SCOPED_ROWS, 'TEST AGENT06').filter((r) => r.name === 'entityPrimaryNames');
    expect(eff.map((r) => r.value)).toEqual(['new_title']);
  });

  it('a user row replaces every global duplicate of its identity', () => {
    const rows: KvRow[] = [
      { scope: 'global', name: 'customURL_Rule', key: '01', value: 'a=>default' },
      { scope: 'global', name: 'customURL_Rule', key: '01', value: 'b=>default' },
      { scope: 'ann', name: 'customURL_Rule', key: '01', value: 'c=>default' },
    ];
    expect(rulesFor(rows, 'ann').map((r) => r.value)).toEqual(['c=>default']);
    expect(rulesFor(rows, 'bob').map((r) => r.value)).toEqual(['a=>default', 'b=>default']);
  });
});

describe('resolveSetting', () => {
  it('returns the user row, else the global row, with its source', () => {
    expect(resolveSetting(SCOPED_ROWS, { user: 'Test Agent06', name: 'entityPrimaryNames', key: 'salesorder' })).toEqual({
      value: 'new_title',
      source: 'user',
      row: SCOPED_ROWS[8],
    });
    expect(resolveSetting(SCOPED_ROWS, { user: 'bob', name: 'entityPrimaryNames', key: 'SALESORDER', parent: 'appsettings' })).toEqual({
      value: 'name',
      source: 'global',
      row: SCOPED_ROWS[7],
    });
  });

  it('filters on Parent when given ("" = blank Parent)', () => {
    expect(resolveSetting(SCOPED_ROWS, { user: 'bob', name: 'entityPrimaryNames', key: 'salesorder', parent: '' })).toBeUndefined();
    expect(resolveSetting(SCOPED_ROWS, { user: 'bob', name: 'internalExtensionLength', key: '', parent: '' })?.value).toBe('4');
  });

  it('is undefined when nothing matches; Name is case-sensitive', () => {
    expect(resolveSetting(SCOPED_ROWS, { user: 'bob', name: 'entityprimarynames', key: 'salesorder' })).toBeUndefined();
    expect(resolveSetting([], { user: 'bob', name: 'x', key: 'y' })).toBeUndefined();
  });

  it('the first global row wins among duplicates', () => {
    const rows: KvRow[] = [
      { scope: 'global', name: 's', key: 'k', value: '1' },
      { scope: 'global', name: 's', key: 'k', value: '2' },
    ];
    expect(resolveSetting(rows, { user: 'x', name: 's', key: 'k' })?.value).toBe('1');
  });
});
