/**
 * Hostile and unlucky exports (issue #13 items 4 and 5): CR-only CSV, paged
 * Web API payloads, duplicate JSON keys, numbers that lose their text,
 * repeated columns, and column names that are Object.prototype members. Every
 * input row is accounted for: loaded, or reported with its row number.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KV_TABLE, readKvCsv, readKvJson, readTableCsv, readTableJson } from '../../src/config/index.js';
import { matchColumn } from '../../src/config/row.js';
import { scanJson } from '../../src/config/jsonscan.js';
import { lookupConfigFromKv } from '../../src/config/lookup.js';
import { matchTableColumn } from '../../src/config/table.js';
import { safeParseRule } from '../../src/parser/index.js';

const RUNS = 10_000;
const HEADER = 'Scope,Name,Key,Value';

describe('CSV line ends (CR-only from old Excel, mixed)', () => {
  const rows = ['global,customURL_Rule,01,"*=>default"', 'global,customURL_Rule,"02,x=>default', 'global,,03,x', 'global,lookupLimit,,5'];
  for (const [name, nl] of [['CR', '\r'], ['LF', '\n'], ['CRLF', '\r\n']] as const) {
    it(`${name}: recovers at the next record and numbers lines by any line break`, () => {
      const r = readKvCsv([HEADER, ...rows].join(nl) + nl);
      expect(r.rows.map((x) => x.key)).toEqual(['01', '']);
      expect(r.errors.map((e) => [e.code, e.row, e.line])).toEqual([
        ['csv_syntax', 3, 3],
        ['missing_value', 4, 4],
      ]);
    });
  }
  it('mixed line ends in one file', () => {
    const text = `${HEADER}\rglobal,a,1,x\nglobal,b,2,y\r\nglobal,c,3,"multi\rline"\rglobal,,4,z\n`;
    const r = readKvCsv(text);
    expect(r.rows.map((x) => x.name)).toEqual(['a', 'b', 'c']);
    expect(r.rows[2]!.value).toBe('multi\rline');
    expect(r.errors.map((e) => [e.code, e.row])).toEqual([['missing_value', 6]]);
  });
  it('40,000 CR-only rows all load (the bench measures the time)', () => {
    const text = HEADER + '\r' + Array.from({ length: 40_000 }, (_, i) => `global,customURL_Rule,${i},"*=>default"`).join('\r');
    const r = readKvCsv(text);
    expect(r.rows.length).toBe(40_000);
    expect(r.errors).toEqual([]);
  });
});

describe('JSON exports', () => {
  it('a paged Web API payload (@odata.nextLink) is reported as more_pages; its rows are read', () => {
    const r = readKvJson(
      JSON.stringify({
        '@odata.context': 'https://x/api/data/v9.2/$metadata#cts_dialerkvtables',
        value: [{ Scope: 'global', Name: 'customURL_Rule', Key: '01', Value: '*=>default' }],
        '@odata.nextLink': 'https://x/api/data/v9.2/cts_dialerkvtables?$skiptoken=abc',
      }),
    );
    expect(r.rows).toHaveLength(1);
    expect(r.errors.map((e) => e.code)).toEqual(['more_pages']);
    expect(r.errors[0]!.message).toContain('@odata.nextLink');
  });
  it('@odata.count above the rows held is more_pages too; equal is fine', () => {
    const row = { Scope: 'global', Name: 'n', Key: '1', Value: 'v' };
    expect(readKvJson(JSON.stringify({ '@odata.count': 2, value: [row] })).errors.map((e) => e.code)).toEqual(['more_pages']);
    expect(readKvJson(JSON.stringify({ '@odata.count': 1, value: [row] })).errors).toEqual([]);
  });
  it('a key written twice in a row is an error; the row is left out, the others load', () => {
    const r = readKvJson('[{"Scope":"global","Name":"a","Key":"1","Value":"x","Value":"y"},{"Scope":"global","Name":"b","Key":"2","Value":"z"}]');
    expect(r.rows.map((x) => x.name)).toEqual(['b']);
    expect(r.errors.map((e) => [e.code, e.row, e.columnName])).toEqual([['duplicate_key', 1, 'Value']]);
    const e = r.errors[0]!;
    expect(e.input.slice(e.range.start, e.range.end)).toBe('"Value"');
  });
  it('an escaped spelling of the same key is the same key', () => {
    const r = readKvJson('[{"Scope":"global","Name":"a","Key":"1","Value":"x","Val\\u0075e":"y"}]');
    expect(r.errors.map((e) => [e.code, e.columnName])).toEqual([['duplicate_key', 'Value']]);
  });
  it('a key twice in the payload object is reported (the last "value" is the one read, as JSON.parse does)', () => {
    const r = readKvJson('{"value":[{"Scope":"global","Name":"a","Key":"1","Value":"v"}],"value":[{"Scope":"global","Name":"b","Key":"1","Value":"v"}]}');
    expect(r.errors.map((e) => e.code)).toEqual(['duplicate_key']);
    expect(r.rows.map((x) => x.name)).toEqual(['b']);
  });
  it('finds a repeated key in a wide object (past the small-list threshold)', () => {
    const keys = Array.from({ length: 40 }, (_, i) => `"k${i}":${i}`);
    const row = `{"Scope":"global","Name":"n","Key":"1","Value":"v",${keys.join(',')},"k33":1}`;
    const scan = scanJson(`[${row}]`);
    expect(scan.rows[0]!.duplicates.map((d) => d.key)).toEqual(['k33']);
    expect(scan.rows[0]!.numbers.get('k39')).toBe('39');
  });

  it('numeric Keys keep their text', () => {
    const r = readKvJson('[{"Scope":"global","Name":"n","Key":1.10,"Value":12345678901234567890},{"Scope":"global","Name":"n","Key":-1e3,"Value":0.0}]');
    expect(r.errors).toEqual([]);
    expect(r.rows.map((x) => [x.key, x.value])).toEqual([
      ['1.10', '12345678901234567890'],
      ['-1e3', '0.0'],
    ]);
  });
});

describe('prototype names are plain unknown columns', () => {
  it('column matching never reads Object.prototype', () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__']) {
      expect(matchColumn(name)).toBeUndefined();
      expect(matchTableColumn(KV_TABLE, name)).toBeUndefined();
    }
  });
  it('CSV and JSON loaders ignore such columns and read the row', () => {
    const csv = readKvCsv('Scope,Name,Key,Value,constructor,__proto__,toString\nglobal,n,1,v,a,b,c\n');
    expect(csv.errors).toEqual([]);
    expect(csv.rows).toEqual([{ scope: 'global', name: 'n', key: '1', value: 'v' }]);
    const json = readKvJson('[{"Scope":"global","Name":"n","Key":"1","Value":"v","constructor":"a","__proto__":{"x":1},"toString":"c"}]');
    expect(json.errors).toEqual([]);
    expect(json.rows).toEqual([{ scope: 'global', name: 'n', key: '1', value: 'v' }]);
    expect(Object.getPrototypeOf(json.rows[0])).toBe(Object.prototype);
  });
  it('a lookup entity or a day named like a prototype member is unknown, not a crash', () => {
    const rows = [
      { scope: 'global', name: 'lookupEntities', key: 'inbound', value: 'constructor, __proto__' },
      { scope: 'global', name: 'incomingLookup_constructor', key: '1', value: 'telephone1', type: 'phone' },
    ];
    const cfg = lookupConfigFromKv(rows, { user: 'ann' });
    const entity = cfg.config.entities.find((e) => e.entity === 'constructor');
    expect(entity?.phoneFields).toEqual(['telephone1']);
    expect(entity?.displayField).toBe('name');
    const r = safeParseRule('day=constructor=>default');
    expect(r.ok ? 'ok' : r.errors[0]!.code).toBe('bad_day');
    expect(safeParseRule('day=__proto__=>default').ok).toBe(false);
  });
});

/** JSON text of an object with these keys and values, whitespace varied. */
function objectText(pairs: ReadonlyArray<readonly [string, string]>, ws: string): string {
  return `{${ws}${pairs.map(([k, v]) => `${k}${ws}:${ws}${v}`).join(`,${ws}`)}${ws}}`;
}

describe('properties (fast-check, 10,000 runs each)', () => {
  // Keys in several spellings (escapes decode to the same name); values of every JSON kind.
  const keyPool: ReadonlyArray<readonly [string, string]> = [
    ['"Scope"', 'Scope'],
    ['"Sc\\u006fpe"', 'Scope'],
    ['"Name"', 'Name'],
    ['"Key"', 'Key'],
    ['"K\\u0065y"', 'Key'],
    ['"Value"', 'Value'],
    ['"constructor"', 'constructor'],
    ['"__proto__"', '__proto__'],
    ['"a\\"b"', 'a"b'],
    ['"@odata.etag"', '@odata.etag'],
  ];
  const number = fc.oneof(
    fc.constantFrom('1.10', '12345678901234567890', '-0', '0.0', '1e3', '-2.50E-3', '7'),
    fc.integer().map(String),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
  );
  const value = fc.oneof(
    number.map((t) => ({ text: t, number: t })),
    fc.string({ unit: 'binary', maxLength: 6 }).map((s) => ({ text: JSON.stringify(s), number: undefined })),
    fc.constantFrom('true', 'null', '[1,{"x":1,"x":2}]', '{"a":[]}').map((t) => ({ text: t, number: undefined })),
  );
  const row = fc.array(fc.tuple(fc.constantFrom(...keyPool), value), { maxLength: 8 });
  const ws = fc.constantFrom('', ' ', '\n\t ');

  it('scanJson finds exactly the repeated keys and every number text, like a model', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(row, fc.constant(null)), { maxLength: 6 }), ws, fc.boolean(), (rows, w, wrapped) => {
        const elems = rows.map((r) => (r === null ? '"not a row"' : objectText(r.map(([[k], v]) => [k, v.text] as const), w)));
        const array = `[${w}${elems.join(`,${w}`)}${w}]`;
        const text = wrapped ? `{${w}"@odata.context":"x",${w}"value"${w}:${w}${array}}` : array;
        expect(() => JSON.parse(text)).not.toThrow();
        const scan = scanJson(text);
        expect(scan.rows).toHaveLength(rows.length);
        rows.forEach((r, i) => {
          const scanned = scan.rows[i]!;
          expect(text.slice(scanned.span.start, scanned.span.end)).toBe(elems[i]);
          if (r === null) return;
          const seen = new Set<string>();
          const dups: string[] = [];
          const numbers = new Map<string, string>();
          for (const [[, name], v] of r) {
            if (seen.has(name)) dups.push(name);
            seen.add(name);
            if (v.number !== undefined) numbers.set(name, v.number);
            else numbers.delete(name);
          }
          expect(scanned.duplicates.map((d) => d.key)).toEqual(dups);
          if (dups.length === 0) expect(Object.fromEntries(scanned.numbers)).toEqual(Object.fromEntries(numbers));
        });
      }),
      { numRuns: RUNS },
    );
  }, 180_000);

  it('readTableJson accounts for every row: loaded, or reported with its row number', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(row, fc.constant(null)), { minLength: 1, maxLength: 6 }), ws, (rows, w) => {
        // Every row has the required columns once in some row, so no whole-file missing_column.
        const base = '{"Scope":"global","Name":"n","Key":"1","Value":"v"}';
        const elems = [base, ...rows.map((r) => (r === null ? '42' : objectText(r.map(([[k], v]) => [k, v.text] as const), w)))];
        const text = `[${elems.join(`,${w}`)}]`;
        const r = readTableJson(KV_TABLE, text);
        const reported = new Set(r.errors.map((e) => e.row));
        for (let n = 1; n <= elems.length; n++) expect(r.rowNumbers.includes(n) !== reported.has(n)).toBe(true);
        expect(r.rows).toHaveLength(r.rowNumbers.length);
      }),
      { numRuns: RUNS },
    );
  }, 180_000);

  it('readKvCsv accounts for every record on any line ends: loaded, or reported on its own line', () => {
    const field = fc.oneof(
      fc.string({ unit: fc.constantFrom('a', 'b', '1', ' ', '=', '>', '*', 'é'), maxLength: 5 }),
      fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r'), maxLength: 4 }).map((s) => `"${s.replace(/"/g, '""')}"`),
      fc.constantFrom('a"b', '"x"y', '"open'),
    );
    const record = fc.tuple(fc.constantFrom('global', 'ann', ''), fc.constantFrom('customURL_Rule', 'lookupLimit', ''), field, field);
    fc.assert(
      fc.property(fc.array(fc.tuple(record, fc.constantFrom('\r', '\n', '\r\n')), { minLength: 1, maxLength: 12 }), (recs) => {
        let text = `${HEADER}\n`;
        const lines: number[] = [];
        let line = 2;
        for (const [fields, nl] of recs) {
          const rec = fields.join(',');
          lines.push(line);
          text += rec + nl;
          line += (rec.match(/\r\n|\r|\n/g)?.length ?? 0) + 1;
        }
        const r = readTableCsv(KV_TABLE, text);
        const reported = new Set(r.errors.map((e) => e.row));
        const accounted = new Set([...r.rowNumbers, ...reported]);
        // Each record well-formed on its own line is loaded or reported at its first line;
        // a malformed quote may swallow later lines, but then the problem is reported.
        // (A record whose every field is blank holds no row and is skipped, as documented.)
        const blank = recs.map(([fields]) => fields.every((f) => f.replace(/"/g, '').trim() === ''));
        const simple = recs.every(([fields]) => fields.every((f) => !f.includes('"')));
        if (simple) lines.forEach((l, i) => expect(accounted.has(l) || blank[i]).toBe(true));
        else if (!blank.every(Boolean)) expect(r.rows.length + r.errors.length).toBeGreaterThan(0);
        // Well-formed files load only at record starts (after a malformed quote, reading resumes at the next line).
        for (const n of r.rowNumbers) expect(simple ? lines.includes(n) : n >= 2 && n < line).toBe(true);
      }),
      { numRuns: RUNS },
    );
  }, 180_000);
});
