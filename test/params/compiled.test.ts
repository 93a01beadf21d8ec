/**
 * compilePopUrl (a rule's URL split once into text and names) must give
 * exactly what assemblePopUrl gives, URL or error, for any URL the rule
 * checks accept and any values: placeholders in the path, the query and the
 * fragment, host fields, unknown names, values that spell `Data` or make dot
 * segments, values that are not text, both modes and a bad one.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePopUrl } from '../../src/params/compiled.js';
import { assemblePopUrl, checkPopUrl } from '../../src/params/url.js';
import { CALL_PARAM_NAMES } from '../../src/params/names.js';

type Outcome = { url: string } | { error: string };

function outcome(run: () => string): Outcome {
  try {
    return { url: run() };
  } catch (e) {
    const x = e as { name?: string; code?: string; message?: string; range?: unknown; param?: unknown };
    return { error: JSON.stringify([x.name, x.code, x.message, x.range, x.param]) };
  }
}

const pieces = fc.constantFrom(
  'https://crm.example.com/',
  '/WebResources/new_a.html',
  'p/',
  '..',
  '/',
  '?',
  '&',
  '#',
  '=',
  'x=',
  'Data',
  'da',
  'ta',
  '%44',
  '{',
  '}',
  '{telephoneNo}',
  '{ DNIS }',
  '{subject}',
  '{Subject}',
  '{queue}',
  '{unknown}',
  '{}',
);
const values = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom('', 'Data', 'ta', 'DA', '..', '.', '/', 'a b', '+353861234567', '%', '&x=1', '#', '?', "O'Neil ~", 'é') },
  { weight: 10, arbitrary: fc.string({ maxLength: 6 }) },
  // Rare, or few URLs would be built: a lone surrogate, a value that is not text.
  { weight: 1, arbitrary: fc.constantFrom('\uD800', 5 as unknown as string, null as unknown as string) },
);
const params = fc.record(
  {
    ...Object.fromEntries(CALL_PARAM_NAMES.map((n) => [n, values])),
    extra: fc.oneof(fc.constant({}), fc.record({ queue: values }, { requiredKeys: [] })),
  },
  { requiredKeys: [] },
);
const options = fc.constantFrom(undefined, { mode: 'legacy' as const }, { mode: 'strict' as const }, { mode: 'nope' as 'legacy' });

describe('compilePopUrl', () => {
  it('gives what assemblePopUrl gives, URL or error (10,000 runs)', () => {
    let built = 0;
    let compiledFast = 0;
    fc.assert(
      fc.property(fc.array(pieces, { minLength: 1, maxLength: 8 }), params, options, (parts, p, o) => {
        const url = parts.join('');
        try {
          checkPopUrl(url);
        } catch {
          return; // the rule checks refuse it: it is never assembled
        }
        const want = outcome(() => assemblePopUrl(url, p, o));
        expect(outcome(() => compilePopUrl(url)(p, o))).toEqual(want);
        if ('url' in want) built++;
        if (!/^[^?#]*\{/.test(url) && !/\{(?!\s*(telephoneNo|DNIS|subject|Subject)\s*\})[^{}]*\}/.test(url)) compiledFast++;
      }),
      { numRuns: 10_000 },
    );
    expect(built).toBeGreaterThan(1_000);
    expect(compiledFast).toBeGreaterThan(1_000);
  });

  it('puts values in the query and the fragment, with Data= before the fragment', () => {
    const assemble = compilePopUrl('https://crm.example.com/a.html?tel={telephoneNo}#s={ subject }');
    const url = assemble({ telephoneNo: '+353 86', subject: 'a&b' });
    expect(url.startsWith('https://crm.example.com/a.html?tel=%2B353%2086&Data=state%3D%26')).toBe(true);
    expect(url.endsWith('#s=a%26b')).toBe(true);
  });

  it('refuses a value that spells a second Data parameter, as assemblePopUrl does', () => {
    expect(() => compilePopUrl('/a.html?{subject}=1')({ subject: 'Data' })).toThrow(/already has a Data parameter/);
    expect(() => compilePopUrl('/a.html?x=1&Da{subject}')({ subject: 'ta' })).toThrow(/already has a Data parameter/);
  });

  it('checks values in the path for dot segments (left to assemblePopUrl)', () => {
    expect(() => compilePopUrl('https://crm.example.com/x/{subject}/a.html')({ subject: '..' })).toThrow(/dot segment/);
  });
});
