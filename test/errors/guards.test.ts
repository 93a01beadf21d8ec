/**
 * Public entry points answer wrong types with a ScreenpopError subclass that
 * says what was expected, never a TypeError from deep inside.
 */
import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';
import { ScreenpopError } from '../../src/errors/index.js';

const bad: unknown[] = [null, undefined, 42, 'text', [null], [{ scope: 1 }]];

function expectTyped(f: () => unknown): void {
  try {
    const r = f();
    // Some entries answer bad data with findings or errors rather than throwing; that is fine too.
    expect(r).toBeDefined();
  } catch (e) {
    expect(e).toBeInstanceOf(ScreenpopError);
  }
}

describe('wrong types at public entry points', () => {
  it('throw ScreenpopErrors', () => {
    for (const v of bad) {
      expectTyped(() => api.readKvCsv(v as never));
      expectTyped(() => api.readKvJson(v as never));
      expectTyped(() => api.rulesFor(v as never, 'ann'));
      expectTyped(() => api.effectiveRows(v as never, 'ann'));
      expectTyped(() => api.resolveSetting(v as never, { user: 'a', name: 'x', key: 'y' }));
      expectTyped(() => api.lookupConfigFromKv(v as never, { user: 'a' }));
      expectTyped(() => api.lintConfig(v as never));
      expectTyped(() => api.settingsFor(v as never, 'a'));
      expectTyped(() => api.makeGlobal(v as never, { user: 'a', name: 'x', key: 'y' }));
      expectTyped(() => api.readReports(v as never));
      expectTyped(() => api.insertColumn(v as never, { heading: 'x', key: 'k', type: 'attribute', value: '10', name: 'n' } as never, 0));
      expectTyped(() => api.printRule(v as never));
      expectTyped(() => api.compileRules(v as never));
      expectTyped(() => api.planPort(v as never, v as never));
      expectTyped(() => api.createMemoryLookup(v as never));
    }
  });
  it('say what was expected', () => {
    expect(() => api.readKvCsv(null as never)).toThrow(/The CSV export must be text, got null/);
    expect(() => api.lintConfig([{ scope: 'global', name: 'x', key: 1, value: 'v' }] as never)).toThrow(/rows\[0\]\.key must be text, got number/);
  });
  it('the memory adapter rejects a malformed query with a LookupError', async () => {
    const adapter = api.createMemoryLookup({ contact: [] });
    await expect(adapter.find(null as never)).rejects.toMatchObject({ name: 'LookupError', code: 'lookup_bad_option' });
  });
});
