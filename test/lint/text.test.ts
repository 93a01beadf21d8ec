/**
 * lintKvText: every finding placed in the file (line, and the column of the
 * offending part of the Value), broken rows reported while every other row is
 * linted, one finding per cause. Positions are checked against the text
 * itself: the characters at the reported line and column must be the
 * offending ones.
 */
import { describe, expect, it } from 'vitest';
import { lintConfig, lintKvText, type Finding } from '../../src/lint/index.js';

/** The text at a finding's position, `length` characters long. */
function at(text: string, f: Finding | undefined, length: number): string {
  const body = text.replace(/^\uFEFF/, '');
  const p = f?.position;
  if (!p?.line || !p.column) return `(no position: ${JSON.stringify(p)})`;
  const line = body.split('\n')[p.line - 1] ?? '';
  return line.slice(p.column - 1, p.column - 1 + length);
}
const find = (findings: Finding[], code: string): Finding | undefined => findings.find((f) => f.code === code);

describe('lintKvText on CSV', () => {
  const csv = [
    'Owner,Scope,Parent,Name,Key,Value,Type',
    'Admin,global,,customURL_Rule,01,"dnis=""1234"", 5678 && fromParty.Key=contcat=>default",',
    'Admin,global,,customURL_Rule,02,"dnis=1 => /a.html', // never closed: swallows nothing, reported
    'Admin,global,,customURL_Rule,03,"direction=inbund',
    ' && dnis=9 => default",',
    'Admin,global,,customURL_rule,04,*=>default,',
    'Admin,global,,customURL_Rule,05,  lookupCount=-1 => default,',
    'Admin,global,,customURL_Rule,06,*=>https:///nohost,',
    '',
  ].join('\n');
  const { rows, findings, readable } = lintKvText(csv, { source: 'kv.csv' });

  it('reads and lints every row but the broken one, which is an unreadable_row error with its line', () => {
    expect(readable).toBe(true);
    expect(rows.map((r) => r.key)).toEqual(['01', '03', '04', '05', '06']);
    const broken = findings.filter((f) => f.code === 'unreadable_row');
    expect(broken.map((f) => [f.severity, f.position?.line])).toEqual([['error', 3]]);
    expect(broken[0]!.message).toContain('[csv_syntax]');
  });

  it('puts the column of a condition finding on the offending text, through doubled quotes', () => {
    expect(at(csv, find(findings, 'unknown_entity'), 7)).toBe('contcat');
    expect(find(findings, 'unknown_entity')!.position).toEqual({ source: 'kv.csv', line: 2, column: csv.split('\n')[1]!.indexOf('contcat') + 1 });
  });

  it('places a finding inside a quoted multi-line Value on its own line', () => {
    const f = find(findings, 'unknown_value')!;
    expect(f.position?.line).toBe(4);
    expect(at(csv, f, 6)).toBe('inbund');
  });

  it('skips the leading blanks the loader trims, and places URL findings on the URL', () => {
    expect(at(csv, find(findings, 'impossible_lookup_count'), 2)).toBe('-1');
    expect(at(csv, find(findings, 'bad_url'), 16)).toBe('https:///nohost,'.slice(0, 16));
  });

  it('gives row findings the row\'s line, and one finding per cause', () => {
    const nameCase = findings.filter((f) => f.code === 'name_case');
    expect(nameCase.map((f) => f.position)).toEqual([{ source: 'kv.csv', line: 6, column: 1 }]);
    expect(findings.filter((f) => f.code === 'lookup_config')).toEqual([]);
  });

  it('places configuration findings of a row without rows of its own at the row that causes them', () => {
    const text = 'Scope,Name,Key,Value,Type\nglobal,lookupEntities,inbound,"contact, acount",\nglobal,lookupLastDigits,1,8,\n';
    const { findings } = lintKvText(text, { source: 'kv.csv' });
    const at = (code: string) => findings.filter((f) => f.code === code).map((f) => [f.position?.line, f.position?.column]);
    expect(at('lookup_config')).toEqual([[2, 1]]); // "acount" is listed on line 2
    expect(at('last_digits_without_formats')).toEqual([[3, 1]]);
    expect(findings.every((f) => f.position?.line !== undefined)).toBe(true);
  });

  it('lists findings by line', () => {
    const lines = findings.map((f) => f.position?.line ?? 0);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
  });

  it('reads a semicolon export with a byte-order mark and CRLF line ends', () => {
    const text = '\uFEFFScope;Name;Key;Value\r\nglobal;customURL_Rule;01;fromParty.Key=contcat=>default\r\n';
    const f = find(lintKvText(text).findings, 'unknown_entity')!;
    expect(f.position).toEqual({ source: 'CSV', line: 2, column: 40 });
    expect(at(text, f, 7)).toBe('contcat');
  });

  it('is not readable when no row can be read (a missing column)', () => {
    const r = lintKvText('Scope,Name,Key\nglobal,customURL_Rule,01\n', { source: 'x.csv' });
    expect(r.readable).toBe(false);
    expect(r.findings.map((f) => f.code)).toEqual(['unreadable_row']);
  });
});

describe('lintKvText on JSON', () => {
  const json = `{
  "@odata.context": "https://contoso.crm4.dynamics.com/api/data/v9.2/$metadata#cts_dialerkvtables",
  "value": [
    { "cts_scope": "global", "cts_name": "customURL_Rule", "cts_key": "01",
      "cts_value": "dnis=\\"1\\" \\u0026\\u0026 fromParty.Key=contcat=>default" },
    { "cts_scope": "global", "cts_name": "customURL_Rule", "cts_key": "02", "cts_value": ["not text"] },
    { "cts_scope": "global", "cts_name": "customURL_Rule", "cts_key": "03", "cts_value": "direction=inbund=>default" }
  ]
}`;
  const { rows, findings } = lintKvText(json, { source: 'kv.json' });

  it('reads the good rows, reports the bad one with its line, and places Value findings through escapes', () => {
    expect(rows.map((r) => r.key)).toEqual(['01', '03']);
    expect(rows[0]!.value).toBe('dnis="1" && fromParty.Key=contcat=>default');
    expect(find(findings, 'unreadable_row')!.position?.line).toBe(6);
    expect(at(json, find(findings, 'unknown_entity'), 7)).toBe('contcat');
    expect(find(findings, 'unknown_entity')!.position?.line).toBe(5);
    expect(at(json, find(findings, 'unknown_value'), 6)).toBe('inbund');
  });
});

describe('lintConfig: index and valueRange', () => {
  it('gives the row index and the offending part of the Value', () => {
    const rows = [
      { scope: 'global', name: 'customURL_Rule', key: '01', value: 'dnis=1=>default' },
      { scope: 'global', name: 'customURL_Rule', key: '02', value: 'fromParty.Kee=contact=>default' },
    ];
    const [f] = lintConfig(rows);
    expect(f).toMatchObject({ code: 'unknown_field', index: 1, valueRange: { start: 0, end: 13 } });
  });
  it('one cause, one finding: a customURL_rule row is one name_case warning', () => {
    const findings = lintConfig([{ scope: 'global', name: 'customURL_rule', key: '01', value: '*=>default' }]);
    expect(findings.map((f) => f.code)).toEqual(['name_case']);
  });
  it('a lookup row Name in the wrong case is a name_case finding, not lookup_config', () => {
    const findings = lintConfig([{ scope: 'global', name: 'LookupEntities', key: 'inbound', value: 'contact' }]);
    expect(findings.map((f) => f.code)).toEqual(['name_case']);
    expect(findings[0]!.hint).toBe('Write the Name exactly as lookupEntities.');
  });
});
