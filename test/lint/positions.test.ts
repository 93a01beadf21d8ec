/**
 * The row locators behind lintKvText, property-tested: for any Values
 * (quotes, delimiters, line breaks, CR, non-ASCII, surrounding blanks),
 * written as CSV by an RFC 4180 writer or as JSON by JSON.stringify and read
 * back by the library's loaders, every offset of every loaded Value is
 * placed on the text character that encodes it.
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { KV_TABLE } from '../../src/config/row.js';
import { readTableCsv } from '../../src/config/csv.js';
import { readTableJson } from '../../src/config/json.js';
import { csvRowLocator, jsonRowLocator, type RowLocator } from '../../src/lint/positions.js';

const valueArb = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', ',', ';', '"', '\n', '\r\n', '=', '>', 'é', 'Ω', '📞', '\t', '\\', '/'), maxLength: 24 });

function csvField(v: string): string {
  return /[",\n\r]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}

/** Offset of a 1-based line/column in text (LF, CRLF and a lone CR each end a line, as the loaders count). */
function offsetOf(raw: string, line: number, column: number): number {
  const text = raw.replace(/\r(?!\n)/g, '\n');
  let at = 0;
  for (let l = 1; l < line; l++) at = text.indexOf('\n', at) + 1;
  return at + column - 1;
}

/**
 * Checks every offset of every row's Value: the text there encodes that
 * character, found by line and column (in the text after a byte-order mark)
 * and by `valueOffset` (in the whole text) alike (plain checks: this runs
 * 10,000 times).
 */
function checkAll(text: string, values: readonly string[], locate: RowLocator, decodeAt: (at: number, expected: string) => boolean): void {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  values.forEach((v, i) => {
    for (let k = 0; k < v.length; k++) {
      const p = locate.value(i, k);
      if (!p) throw new Error(`row ${i} offset ${k}: no position`);
      const at = offsetOf(text.slice(bom), p.line, p.column) + bom;
      if (!decodeAt(at, v[k]!)) throw new Error(`row ${i} offset ${k}: ${JSON.stringify(text.slice(at, at + 6))} does not encode ${JSON.stringify(v[k])}`);
      if (locate.valueOffset(i, k) !== at) throw new Error(`row ${i} offset ${k}: valueOffset ${locate.valueOffset(i, k)}, line and column give ${at}`);
    }
    // Past the end: the Value's end, never another row's text.
    const end = locate.valueOffset(i, v.length + 5);
    if (v.length > 0 && end !== locate.valueOffset(i, v.length)) throw new Error(`row ${i}: past the end gives ${end}`);
  });
}

describe('row locators', { timeout: 300_000 }, () => {
  it('CSV: every Value offset lands on its character (a doubled quote on its first quote)', () => {
    fc.assert(
      fc.property(fc.array(valueArb, { minLength: 1, maxLength: 4 }), fc.constantFrom('\n', '\r\n', '\r'), fc.boolean(), (values, nl, bom) => {
        const text = (bom ? '\uFEFF' : '') + ['Owner,Scope,Name,Key,Value,Type', ...values.map((v, i) => ['Admin', 'global', 'customURL_Rule', String(i), csvField(v), ''].join(','))].join(nl) + nl;
        const loaded = readTableCsv(KV_TABLE, text);
        if (loaded.errors.length > 0) throw loaded.errors[0]!;
        const trimmed = loaded.rows.map((r) => r.value);
        if (trimmed.join('\u0000') !== values.map((v) => v.trim()).join('\u0000')) throw new Error(`read back ${JSON.stringify(trimmed)}`);
        checkAll(text, trimmed, csvRowLocator(text, loaded.rowNumbers), (at, ch) => text[at] === ch);
      }),
      { numRuns: 10_000 },
    );
  });

  it('JSON: every Value offset lands on its character or on the escape that writes it', () => {
    fc.assert(
      fc.property(fc.array(valueArb, { minLength: 1, maxLength: 4 }), fc.boolean(), fc.boolean(), fc.boolean(), (values, pretty, wrapped, bom) => {
        const rows = values.map((v, i) => ({ cts_scope: 'global', cts_name: 'customURL_Rule', cts_key: String(i), cts_value: v }));
        const text = (bom ? '\uFEFF' : '') + JSON.stringify(wrapped ? { '@odata.context': 'x', value: rows } : rows, null, pretty ? 2 : undefined);
        const loaded = readTableJson(KV_TABLE, text);
        if (loaded.errors.length > 0) throw loaded.errors[0]!;
        const trimmed = loaded.rows.map((r) => r.value);
        const decodes = (at: number, ch: string): boolean => {
          if (text[at] !== '\\') return text[at] === ch;
          const escape = /^\\(?:u[0-9a-fA-F]{4}|.)/.exec(text.slice(at))![0];
          return JSON.parse(`"${escape}"`) === ch;
        };
        checkAll(text, trimmed, jsonRowLocator(text, loaded.rowNumbers), decodes);
      }),
      { numRuns: 10_000 },
    );
  });
});
