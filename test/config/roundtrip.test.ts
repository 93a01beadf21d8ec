import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseKvCsv, parseKvJson, type KvRow } from '../../src/config/index.js';

const FIELDS = ['owner', 'scope', 'parent', 'name', 'key', 'value', 'type'] as const;
const text = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', ',', ';', '"', '\n', '\r\n', '=', '>', 'Ω', '–', '\t', '1') }).map((s) => s.trim());
const nonBlank = text.filter((s) => s !== '');
const rowArb: fc.Arbitrary<KvRow> = fc
  .record({ owner: text, scope: nonBlank, parent: text, name: nonBlank, key: text, value: text, type: text })
  .map((r) => {
    const out: Record<string, string> = {};
    for (const f of FIELDS) if (r[f] !== '' || f === 'key' || f === 'value') out[f] = r[f];
    return out as KvRow;
  });

const quote = (s: string): string => `"${s.replace(/"/g, '""')}"`;

describe('loaders round-trip', () => {
  it('CSV written with quotes reads back as the same rows', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 8 }), fc.boolean(), (rows, crlf) => {
        const eol = crlf ? '\r\n' : '\n';
        const csv =
          ['Owner,Scope,Parent,Name,Key,Value,Type', ...rows.map((r) => FIELDS.map((f) => quote(r[f] ?? '')).join(','))].join(eol) + eol;
        expect(parseKvCsv(csv)).toEqual(rows);
      }),
      { numRuns: 200 },
    );
  });

  it('JSON with prefixed keys reads back as the same rows', () => {
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 8 }), (rows) => {
        const payload = { value: rows.map((r) => Object.fromEntries(FIELDS.map((f) => [`cts_${f}`, r[f] ?? null]))) };
        expect(parseKvJson(JSON.stringify(payload))).toEqual(rows);
      }),
      { numRuns: 200 },
    );
  });
});
