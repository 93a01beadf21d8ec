/**
 * `readPortTable` and `screenpop port` on broken exports (issue #13 items 4, 5
 * and 9): every problem is a typed error, the CLI exits 2, no row is lost
 * without a word.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPortTable } from '../../src/port/read.js';
import { planPort } from '../../src/port/plan.js';
import { runCli } from '../../src/cli/main.js';
import { ConfigError } from '../../src/config/errors.js';

describe('readPortTable: CSV', () => {
  it('refuses a header with a column twice, in any letter case, as the KV loader does', () => {
    const r = readPortTable('Name,Name\nx,y\n', { table: 'dialerDnis', format: 'csv' });
    expect(r.rows).toEqual([]);
    expect(r.errors.map((e) => [e.code, e.columnName])).toEqual([['duplicate_column', 'Name']]);
    expect(readPortTable('Name,NAME\nx,y\n', { table: 'dialerDnis', format: 'csv' }).errors.map((e) => e.code)).toEqual(['duplicate_column']);
  });
  it('dialerKvTable: two columns standing for one field (Name, cts_name) are refused', () => {
    const r = readPortTable('Scope,Name,cts_name,Key,Value\nglobal,a,b,1,v\n', { table: 'dialerKvTable', format: 'csv' });
    expect(r.errors.map((e) => e.code)).toEqual(['duplicate_column']);
  });
  it('reads CR-only files and reports a short record on its line', () => {
    const r = readPortTable('Scope,Name,Key,Value\rglobal,"a\rb",1,v\rglobal,x,2\rglobal,y,3,w\r', { table: 'dialerKvTable', format: 'csv' });
    expect(r.rows.map((x) => x['Name'])).toEqual(['a\rb', 'y']);
    expect(r.errors.map((e) => [e.code, e.row])).toEqual([['column_count', 4]]);
  });
  it('columns named like Object.prototype members are plain columns', () => {
    const r = readPortTable('Scope,__proto__,constructor\nglobal,p,c\n', { table: 'dialerCallOutcome', format: 'csv' });
    expect(r.errors).toEqual([]);
    expect(Object.getPrototypeOf(r.rows[0])).toBe(Object.prototype);
    expect(Object.entries(r.rows[0]!)).toEqual([
      ['Scope', 'global'],
      ['__proto__', 'p'],
      ['constructor', 'c'],
    ]);
    const plan = planPort({ dialerCallOutcome: r.rows }, {});
    expect(plan.steps.find((s) => s.table === 'dialerCallOutcome')!.create).toEqual(r.rows);
  });
  it('malformed CSV is csv_syntax', () => {
    expect(readPortTable('Name\n"open\n', { table: 'dialerDnis', format: 'csv' }).errors.map((e) => e.code)).toEqual(['csv_syntax']);
  });
});

describe('readPortTable: JSON', () => {
  it('invalid JSON is invalid_json, never a SyntaxError', () => {
    const r = readPortTable('{"value":[', { table: 'dialerKvTable', format: 'json' });
    expect(r.errors.map((e) => e.code)).toEqual(['invalid_json']);
    expect(r.errors[0]).toBeInstanceOf(ConfigError);
  });
  it('a paged payload is more_pages', () => {
    const r = readPortTable('{"value":[{"Name":"x"}],"@odata.nextLink":"https://x/next"}', { table: 'dialerDnis' });
    expect(r.errors.map((e) => e.code)).toEqual(['more_pages']);
  });
  it('a key twice in a row is duplicate_key; not an object is row_not_object', () => {
    const r = readPortTable('[{"Name":"a","Name":"b"},5,{"Name":"c"}]', { table: 'dialerDnis' });
    expect(r.errors.map((e) => [e.code, e.row])).toEqual([
      ['duplicate_key', 1],
      ['row_not_object', 2],
    ]);
    expect(r.rows).toEqual([{ Name: 'c' }]);
  });
  it('numbers: KV text columns keep their text, exact numbers stay numbers, inexact ones are refused', () => {
    const kv = readPortTable('[{"Scope":"global","Name":"n","Key":1.10,"Value":12345678901234567890,"cts_order":2.50}]', { table: 'dialerKvTable' });
    expect(kv.errors).toEqual([]);
    expect(kv.rows).toEqual([{ Scope: 'global', Name: 'n', Key: '1.10', Value: '12345678901234567890', cts_order: 2.5 }]);
    const reports = readPortTable('[{"Order":12345678901234567890}]', { table: 'dialerReports' });
    expect(reports.errors.map((e) => [e.code, e.columnName])).toEqual([['bad_value', 'Order']]);
  });
});

describe('readPortTable accounts for every row (fast-check, 10,000 runs)', () => {
  it('each JSON element is a row, or an error naming its row', () => {
    const value = fc.constantFrom('1', '1.10', '12345678901234567890', '"x"', 'null', 'true', '[1]', '{"a":1}');
    const key = fc.constantFrom('"Name"', '"N\\u0061me"', '"Key"', '"__proto__"', '"constructor"', '"Order"');
    const elem = fc.oneof(
      fc.array(fc.tuple(key, value), { maxLength: 5 }).map((pairs) => `{${pairs.map(([k, v]) => `${k}:${v}`).join(',')}}`),
      value,
    );
    fc.assert(
      fc.property(fc.array(elem, { maxLength: 8 }), fc.constantFrom('dialerKvTable', 'dialerReports', 'dialerDnis' as const), (elems, table) => {
        const r = readPortTable(`[${elems.join(',')}]`, { table, format: 'json' });
        const reported = new Set(r.errors.map((e) => e.row));
        expect(r.rows.length + reported.size).toBe(elems.length);
        for (const row of r.rows) expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
      }),
      { numRuns: 10_000 },
    );
  }, 120_000);
});

describe('planPort on hostile rows', () => {
  it('a row that is not an object is a typed error; a value that cannot be text is no value', () => {
    for (const rows of [[null], [5], [[1]]]) {
      expect(() => planPort({ dialerKvTable: rows as never }, {})).toThrow(expect.objectContaining({ code: 'bad_input' }));
    }
    const plan = planPort({ dialerKvTable: [{ scope: { toString: 1 } as never, name: 'x' }], dialerDnis: [{ url: { toString: 1 } as never }] }, {});
    expect(plan.counts).toEqual({ delete: 0, create: 0, keep: 0, manual: 1 });
    expect(plan.warnings).toHaveLength(1);
  });
});

describe('screenpop port on broken folders', () => {
  async function cli(args: string[]): Promise<{ code: number; err: string }> {
    let err = '';
    const code = await runCli(args, { out: () => {}, err: (t) => (err += `${t}\n`), color: false });
    return { code, err };
  }
  const dir = mkdtempSync(join(tmpdir(), 'screenpop-port-'));
  const folder = (name: string, files: Record<string, string>): string => {
    const d = join(dir, name);
    mkdirSync(d, { recursive: true });
    for (const [f, t] of Object.entries(files)) writeFileSync(join(d, f), t);
    return d;
  };
  const ok = folder('ok', { 'dialerKvTable.csv': 'Scope,Name,Key,Value\nglobal,customURL_Rule,01,*=>default\n' });

  it.each([
    ['invalid JSON', { 'dialerKvTable.json': '{"value":[' }, 'invalid_json'],
    ['a repeated CSV column', { 'dialerDnis.csv': 'Name,Name\nx,y\n' }, 'duplicate_column'],
    ['a paged export', { 'dialerCallOutcome.json': '{"value":[],"@odata.nextLink":"https://x"}' }, 'more_pages'],
    ['a key twice', { 'dialerReports.json': '[{"a":1,"a":2}]' }, 'duplicate_key'],
  ])('%s: exit 2 with the typed error, naming the file', async (_name, files, code) => {
    const bad = folder(code, files);
    const r = await cli(['port', '--from', bad, '--to', ok]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`[${code}]`);
    expect(r.err).toContain(bad);
  });
});
