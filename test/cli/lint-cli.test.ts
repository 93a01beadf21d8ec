/**
 * `screenpop lint` as a child process: broken rows reported with their line
 * while every other row is linted, exit status 1 for any error, positions in
 * text and --json, one finding per cause.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, runCliProcess as run } from './child.js';

const dir = mkdtempSync(join(tmpdir(), 'screenpop-lint-'));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

// Line 5: the carets of `1.5` are at column 39 (`global,customURL_Rule,04,"lookupCount=` is 38 characters).
const CSV = [
  'Scope,Name,Key,Value',
  'global,customURL_Rule,01,"lookupCount=0 => /WebResources/a.html',
  'global,customURL_Rule,02,fromParty.Key=contcat=>default',
  'global,customURL_rule,03,*=>default',
  'global,customURL_Rule,04,"lookupCount=1.5 => /b.html"',
  '',
].join('\n');

interface JsonFinding {
  code: string;
  severity: string;
  position: { source: string; line?: number; column?: number };
}

describe('screenpop lint (child process)', () => {
  it('a CSV with a broken row: that row as an error with its line, every other row linted, exit 1', async () => {
    const kv = file('broken.csv', CSV);
    const r = await run(['lint', kv]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines.filter((l) => l.includes('unreadable_row'))).toHaveLength(1);
    expect(r.stdout).toMatch(new RegExp(`^${kv.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:1: error unreadable_row: .*\\[csv_syntax\\]$`, 'm'));
    // Rows 02-04 are still linted, each finding at its line, condition findings at the offending text.
    expect(r.stdout).toContain(`${kv}:3:40: warning unknown_entity [customURL_Rule 02]`);
    expect(r.stdout).toContain(`${kv}:4:1: warning name_case [customURL_rule 03]`);
    expect(r.stdout).toContain(`${kv}:5:39: error impossible_lookup_count [customURL_Rule 04]`);
    expect(r.stdout).toContain('row(s) could not be read');
  });

  it('--json: the same findings with their positions', async () => {
    const kv = file('broken2.csv', CSV);
    const r = await run(['lint', kv, '--json']);
    expect(r.status).toBe(1);
    const findings = JSON.parse(r.stdout) as JsonFinding[];
    expect(findings.map((f) => [f.code, f.position.line, f.position.column])).toEqual([
      ['unreadable_row', 2, 1],
      ['unknown_entity', 3, 40],
      ['name_case', 4, 1],
      ['impossible_lookup_count', 5, 39],
    ]);
    expect(new Set(findings.map((f) => f.position.source))).toEqual(new Set([kv]));
  });

  it('a JSON export with a broken row: reported at its line, the rest linted', async () => {
    const kv = file('kv.json', JSON.stringify({ value: [
      { Scope: 'global', Name: 'customURL_Rule', Key: '01', Value: 'direction=inbund=>default' },
      { Scope: 'global', Name: 'customURL_Rule', Key: '02', Value: { not: 'text' } },
      { Scope: '', Name: 'customURL_Rule', Key: '03', Value: '*=>default' },
    ] }, null, 2));
    const r = await run(['lint', kv, '--json']);
    expect(r.status).toBe(1);
    const findings = JSON.parse(r.stdout) as JsonFinding[];
    const text = (await import('node:fs')).readFileSync(kv, 'utf8').split('\n');
    const inbund = text.findIndex((l) => l.includes('inbund'));
    expect(findings.map((f) => [f.code, f.position.line])).toEqual([
      ['unknown_value', inbund + 1],
      ['unreadable_row', text.findIndex((l) => l.includes('"Value": {')) + 1], // at the offending property
      ['unreadable_row', text.findIndex((l) => l.includes('"Scope": ""')) + 1],
    ]);
    const f = findings[0]!;
    expect(text[f.position.line! - 1]!.slice(f.position.column! - 1).startsWith('inbund')).toBe(true);
  });

  it('one cause, one finding: a customURL_rule row is one name_case warning, not also lookup_config', async () => {
    const kv = file('case.csv', 'Scope,Name,Key,Value\nglobal,customURL_rule,01,*=>default\n');
    const r = await run(['lint', kv, '--json']);
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as JsonFinding[]).map((f) => f.code)).toEqual(['name_case']);
  });

  it('the sample table: its seed-style incomingLookup_order row once, at its line', async () => {
    const r = await run(['lint', join(root, 'examples', 'kv.csv')]);
    expect(r.status).toBe(0);
    expect(r.stdout.match(/incomingLookup_order/g)?.length).toBe(2); // the [Name Key] and the message, on one finding
    expect(r.stdout).toMatch(/kv\.csv:\d+:1: warning lookup_config \[incomingLookup_order name\]/);
  });

  it('nothing readable (no Value column): exit 2, on stderr', async () => {
    const kv = file('nocol.csv', 'Scope,Name,Key\nglobal,customURL_Rule,01\n');
    const r = await run(['lint', kv]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('[missing_column]');
  });
});
