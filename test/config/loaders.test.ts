import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  KvRowSchema,
  parseKvCsv,
  parseKvJson,
  readKvCsv,
  readKvJson,
} from '../../src/config/index.js';
import { isScreenpopError, ScreenpopError } from '../../src/errors/index.js';
import { CSV_CASES, JSON_CASES } from '../fixtures/config.cases.js';

const fixture = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../fixtures/kv/${name}`, import.meta.url)), 'utf8');

describe.each([
  ['readKvCsv', readKvCsv, CSV_CASES],
  ['readKvJson', readKvJson, JSON_CASES],
] as const)('%s fixture files', (_name, read, cases) => {
  it.each(cases.map((c) => [c.file, c] as const))('%s', (file, c) => {
    const { rows, errors } = read(fixture(file), { source: file });
    expect(rows).toEqual(c.rows);
    expect(errors.map((e) => [e.code, e.row, ...(e.columnName === undefined ? [] : [e.columnName])])).toEqual(
      c.errors.map((e) => [...e]),
    );
    for (const e of errors) {
      expect(e).toBeInstanceOf(ConfigError);
      expect(e).toBeInstanceOf(ScreenpopError);
      expect(isScreenpopError(e)).toBe(true);
      expect(e.message).toContain(file);
      expect(e.message).toContain(`docs/errors.md#${e.code}`);
    }
    for (const r of rows) expect(KvRowSchema.safeParse(r).success).toBe(true);
  });
});

describe('readKvCsv', () => {
  it('never drops a row silently: every data record is a row or an error', () => {
    const { rows, errors } = readKvCsv(fixture('broken.csv'));
    // 10 data records (01..10), one spanning two lines.
    expect(rows.length + errors.length).toBe(10);
  });

  it('numbers rows by the line in the file where the record starts, and the caret is on that line', () => {
    const text = fixture('broken.csv');
    const { errors } = readKvCsv(text);
    const name = errors.find((e) => e.code === 'missing_value' && e.columnName === 'Name')!;
    expect(name.row).toBe(4);
    expect(name.line).toBe(4);
    expect(name.column).toBe(8);
    expect(name.message).toContain('global,,03,dnis=1234=>default,\n         ^');
    // The JSON form carries only the offending line.
    expect(name.toJSON()).toMatchObject({ row: 4, columnName: 'Name', input: 'global,,03,dnis=1234=>default,', line: 4 });
  });

  it('counts lines correctly through CRLF, a BOM, blank lines and quoted line breaks', () => {
    const text = '\uFEFFScope,Name,Key,Value\r\n\r\nglobal,customURL_Rule,01,"a\r\nb"\r\n\r\n,customURL_Rule,02,x\r\n';
    const { rows, errors } = readKvCsv(text);
    expect(rows).toEqual([{ scope: 'global', name: 'customURL_Rule', key: '01', value: 'a\r\nb' }]);
    expect(errors.map((e) => [e.code, e.row, e.line])).toEqual([['missing_value', 6, 6]]);
  });

  it('matches headers case-insensitively with a publisher prefix, and ignores other columns', () => {
    const text = 'CTS_SCOPE,new_Name,key,VALUE,xyz_type,(Do Not Modify) Row Checksum,Extra\nglobal,lookupEntities,inbound,contact,,abc,zzz\n';
    expect(parseKvCsv(text)).toEqual([{ scope: 'global', name: 'lookupEntities', key: 'inbound', value: 'contact' }]);
  });

  it('reports a missing column once, naming it and the headers seen', () => {
    const { rows, errors } = readKvCsv('Owner,Name,Key,Value\nann,customURL_Rule,01,x\nann,customURL_Rule,02,y\n');
    expect(rows).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe('missing_column');
    expect(errors[0]!.columnName).toBe('Scope');
    expect(errors[0]!.detail).toContain('"Owner", "Name", "Key", "Value"');
    expect(errors[0]!.detail).toContain('none of the 2 rows');
  });

  it('a first line that names no column is one error saying the header row is missing or misspelt (not one per column)', () => {
    const { rows, errors } = readKvCsv('global,customURL_Rule,01,dnis=1=>default,\nglobal,customURL_Rule,02,dnis=2=>default,\n');
    expect(rows).toEqual([]);
    expect(errors.map((e) => [e.code, e.line, e.column])).toEqual([['missing_column', 1, 1]]);
    expect(errors[0]!.detail).toBe('No field of the first line ("global", "customURL_Rule", "01", "dnis=1=>default", "") names a column: the header row is missing or misspelt, so no row can be read.');
    expect(errors[0]!.hint).toBe('Start the file with a header line naming the columns: Scope,Name,Key,Value (or with a publisher prefix, e.g. cts_name).');
    // Misspelt titles: the same one error (the titles are listed).
    const misspelt = readKvCsv('Scop,Nam,Ky,Valu\nglobal,customURL_Rule,01,x\n').errors;
    expect(misspelt.map((e) => e.code)).toEqual(['missing_column']);
    expect(misspelt[0]!.detail).toContain('("Scop", "Nam", "Ky", "Valu")');
  });

  it('reports duplicate columns and uses the first', () => {
    const { rows, errors } = readKvCsv('Scope,Name,cts_name,Key,Value\nglobal,a,b,1,x\n');
    expect(rows).toEqual([{ scope: 'global', name: 'a', key: '1', value: 'x' }]);
    expect(errors.map((e) => [e.code, e.row, e.columnName])).toEqual([['duplicate_column', 1, 'cts_name']]);
  });

  it('reports empty input', () => {
    expect(readKvCsv('').errors.map((e) => e.code)).toEqual(['empty_input']);
    expect(readKvCsv('\uFEFF\r\n\r\n').errors.map((e) => e.code)).toEqual(['empty_input']);
  });

  it('keeps quotes, commas and unicode inside quoted fields', () => {
    const rows = parseKvCsv('Scope,Name,Key,Value\nglobal,customURL_Rule,01,"dnisName=""ΝΕΚΤΑΡΙΑ, Κ""=>default"\n');
    expect(rows[0]!.value).toBe('dnisName="ΝΕΚΤΑΡΙΑ, Κ"=>default');
  });

  it('places errors after non-ASCII text on the right column', () => {
    const { errors } = readKvCsv('Scope,Name,Key,Value\nglobal,ΝΕΚΤΑΡΙΑ,01,x\nglobal,,02,y\n');
    expect(errors[0]!.line).toBe(3);
    expect(errors[0]!.column).toBe(8);
  });

  it('accepts tab-separated exports', () => {
    expect(parseKvCsv('Scope\tName\tKey\tValue\nglobal\tlookupEntities\tinbound\tcontact, lead\n')).toEqual([
      { scope: 'global', name: 'lookupEntities', key: 'inbound', value: 'contact, lead' },
    ]);
  });

  it('parseKvCsv throws the first problem and says how many there are', () => {
    expect(() => parseKvCsv(fixture('broken.csv'))).toThrowError(ConfigError);
    try {
      parseKvCsv(fixture('broken.csv'));
    } catch (e) {
      const err = e as ConfigError;
      expect(err.code).toBe('missing_value');
      expect(err.row).toBe(3);
      expect(err.detail).toContain('and 5 more problems; readKvCsv lists them all');
    }
  });
});

describe('readKvJson', () => {
  it('places row errors at the property, with file line and column', () => {
    const { errors } = readKvJson(fixture('broken.json'));
    const dup = errors.find((e) => e.code === 'duplicate_column')!;
    expect(dup.line).toBe(26);
    expect(dup.column).toBe(5);
    expect(dup.toJSON().input).toBe('    "cts_name": "customURL_Rule",');
  });

  it('reads numbers and booleans as text, null as blank, and ignores annotations', () => {
    const rows = parseKvJson(
      JSON.stringify([{ '@odata.etag': 'x', scope: 'global', name: 'lookupLimit', key: null, value: 25, type: true, 'value@x': 'y' }]),
    );
    expect(rows).toEqual([{ scope: 'global', name: 'lookupLimit', key: '', value: '25', type: 'true' }]);
  });

  it('prefers the formatted label of an option-set Type and Scope', () => {
    const rows = parseKvJson(
      JSON.stringify({
        value: [
          {
            cts_scope: 1,
            'cts_scope@OData.Community.Display.V1.FormattedValue': 'global',
            cts_name: 'incomingLookup_contact',
            cts_key: '1',
            cts_value: 'mobilephone',
            cts_type: 100000001,
            'cts_type@OData.Community.Display.V1.FormattedValue': 'phone',
          },
        ],
      }),
    );
    expect(rows).toEqual([{ scope: 'global', name: 'incomingLookup_contact', key: '1', value: 'mobilephone', type: 'phone' }]);
  });

  it('reports text that is not JSON, or not a row array', () => {
    const bad = readKvJson('{"value": [ {"Scope": "global",, } ]}');
    expect(bad.errors.map((e) => e.code)).toEqual(['invalid_json']);
    expect(bad.errors[0]!.row).toBeUndefined();
    expect(readKvJson('{"rows": []}').errors.map((e) => e.code)).toEqual(['invalid_payload']);
    expect(readKvJson('  ').errors.map((e) => e.code)).toEqual(['empty_input']);
    expect(readKvJson('[]')).toEqual({ rows: [], errors: [] });
    expect(readKvJson('{"value": []}')).toEqual({ rows: [], errors: [] });
  });

  it('reports a column no row has once, with the keys seen', () => {
    const { rows, errors } = readKvJson(JSON.stringify([{ Scope: 'global', Name: 'a', Key: '1' }, { Scope: 'global', Name: 'b', Key: '2' }]));
    expect(rows).toEqual([]);
    expect(errors.map((e) => [e.code, e.columnName])).toEqual([['missing_column', 'Value']]);
    expect(errors[0]!.detail).toContain('"Scope", "Name", "Key"');
  });

  it('parseKvJson throws a ConfigError', () => {
    expect(() => parseKvJson('[1]')).toThrowError(/Row 1 is the number 1, not an object/);
  });
});
