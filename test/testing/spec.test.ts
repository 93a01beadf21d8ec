/**
 * parsePopSpec's errors: every problem with its JSON path, and a misspelt key
 * with the key it may stand for.
 */
import { describe, expect, it } from 'vitest';
import { parsePopSpec, PopSpecError } from '../../src/testing/index.js';

function issuesOf(value: unknown): ReadonlyArray<{ path: string; message: string }> {
  try {
    parsePopSpec(value, 'spec.json');
  } catch (e) {
    if (e instanceof PopSpecError) return e.issues;
    throw e;
  }
  throw new Error('parsePopSpec accepted it');
}

describe('parsePopSpec', () => {
  it('suggests the key a misspelt one stands for, at every level', () => {
    const issues = issuesOf({
      rows: [],
      crmURL: 'https://x.example.com',
      cases: [{ name: 'a', call: { dnisNam: 'Sales', telephoneNumber: '1' }, expect: { kind: 'url', urlStartWith: '/x' }, exepct: 1 }],
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: '', message: 'Unrecognized key: "crmURL" ("crmURL": did you mean "crmUrl"?)' },
        { path: 'cases[0]', message: 'Unrecognized key: "exepct" ("exepct": did you mean "expect"?)' },
        { path: 'cases[0].expect', message: 'Unrecognized key: "urlStartWith" ("urlStartWith": did you mean "urlStartsWith"?)' },
      ]),
    );
    // A key close to nothing keeps zod's message alone; one close to a call field is named.
    const call = issues.find((i) => i.path === 'cases[0].call');
    expect(call?.message).toBe('Unrecognized keys: "dnisNam", "telephoneNumber" ("dnisNam": did you mean "dnisName"?)');
  });

  it('accepts a valid spec', () => {
    const spec = parsePopSpec({ rows: [], cases: [{ name: 'x', call: { dnis: '1' }, expect: { kind: 'new' } }] });
    expect(spec.cases[0]!.expect.kind).toBe('new');
    expect(spec.crmUrl).toBe('https://crm.example.com');
  });
});
