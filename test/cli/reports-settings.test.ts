import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/main.js';
import { runReports } from '../../src/cli/reports.js';
import { runSettings } from '../../src/cli/settings.js';

const path = (p: string): string => fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url));

function capture(): CliIo & { stdout: () => string; stderr: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return { out: (t) => out.push(t), err: (t) => err.push(t), color: false, stdout: () => out.join('\n'), stderr: () => err.join('\n') };
}

describe('screenpop reports', () => {
  it('prints each report as an aligned table, exit 0 when clean', async () => {
    const io = capture();
    expect(await runReports([path('reports/agent.csv')], io)).toBe(0);
    expect(io.stdout()).toBe(
      [
        'Report "Agent": 4 columns, attribute widths 60%',
        '  order  heading      key         type       width  name',
        '  1      Agent        fullname    attribute  30%    agent',
        '  2      State        agentstate  livestate         state',
        '  3      Talk Time    talktime    attribute  20%    talkTime',
        '  4      Total Calls  totalcalls  attribute  10%    totalCalls',
        '',
        'Report "Queue": 2 columns, attribute widths 40%',
        '  order  heading  key        type        width  name',
        '  1      Queue    queuename  attribute   40%    queue',
        '  2      Waiting  waiting    calculated         waiting',
        '',
        '2 report(s), 0 finding(s), 0 error(s) in 6 row(s)',
      ].join('\n'),
    );
    expect(io.stderr()).toBe('');
  });

  it('prints findings with file and line, exit 1 when there are errors', async () => {
    const io = capture();
    const file = path('reports/broken.csv');
    expect(await runReports([file], io)).toBe(1);
    const out = io.stdout();
    expect(out).toContain('  ?      Total Calls  totalcalls  atribute?');
    expect(out).toContain('  5      Wrap Time                attribute  wide?  wrap');
    expect(out).toContain(`  error duplicate_order [${file} lines 3, 4]: Columns "State" (Name state), "Talk Time" (Name talkTime) all have Order 2; which shows first is not defined.`);
    expect(out).toContain(`  error unknown_type [${file} line 5]: Column "Total Calls" (Name totalCalls) has Type "atribute"; expected one of attribute, rule, filter, calculated, livestate.\n      fix: Did you mean "attribute"?`);
    expect(out).toContain(`  warning duplicate_name [${file} lines 4, 9]`);
    expect(out).toMatch(/2 report\(s\), 10 finding\(s\), 6 error\(s\) in 8 row\(s\)$/);
  });

  it('--json gives reports and findings with row numbers in the file', async () => {
    const io = capture();
    expect(await runReports([path('reports/broken.csv'), '--json', '--report', 'Queue'], io)).toBe(0);
    const json = JSON.parse(io.stdout()) as { reports: Array<{ name: string; columns: Array<{ name: string; line: number }> }>; findings: Array<{ code: string; lines: number[] }> };
    expect(json.reports.map((r) => r.name)).toEqual(['Queue']);
    expect(json.reports[0]?.columns.map((c) => [c.name, c.line])).toEqual([
      ['queue', 8],
      ['talkTime', 9],
    ]);
    expect(json.findings.map((f) => [f.code, f.lines])).toEqual([['duplicate_name', [4, 9]]]);
  });

  it('loader errors go to stderr with file, row and column; exit 2', async () => {
    const io = capture();
    expect(await runReports([path('reports/agent.json')], io)).toBe(2);
    expect(io.stderr()).toContain('agent.json row 3');
    expect(io.stderr()).toContain('[missing_value]');
    expect(io.stderr()).toContain('[row_not_object]');
  });

  it.each([
    [[], 'reports needs a dialerReports file'],
    [['a.csv', 'b.csv'], 'reports takes one file'],
    [['--nope'], 'screenpop: unknown option --nope\n'],
    [['/no/such/file.csv'], 'no such file'],
  ])('usage and file errors exit 2: %j', async (args, message) => {
    const io = capture();
    expect(await runReports(args, io)).toBe(2);
    expect(io.stderr()).toContain(message);
  });

  it('an unknown --report is an input error naming the reports', async () => {
    const io = capture();
    expect(await runReports([path('reports/agent.csv'), '--report', 'agent'], io)).toBe(2);
    expect(io.stderr()).toContain('has no report named "agent"; reports: "Agent", "Queue"');
  });

  it('--help', async () => {
    const io = capture();
    expect(await runReports(['--help'], io)).toBe(0);
    expect(io.stdout()).toMatch(/^Usage: screenpop reports <file>/);
  });
});

describe('screenpop settings', () => {
  it('prints the effective settings with their source', async () => {
    const io = capture();
    expect(await runSettings([path('settings/kv-settings.csv'), '--user', 'test agent06'], io)).toBe(0);
    expect(io.stdout()).toBe(
      [
        'Settings for user "test agent06" (9 row(s) apply)',
        'name                     parent       key         value                     source',
        'telephony                             provider    TAPI                      user',
        'telephony                             version     2.1                       user',
        'spellcheck.dictionaries                           ["es-ES","en-US"]         global',
        'lookupEntities                        inbound     ["contact","salesorder"]  global',
        'entityPrimaryNames       AppSettings  salesorder  name                      global',
        'internalExtensionLength                           five                      user',
        'colors                                background  #202020                   global',
        'colors                                Background  #ffffff                   global (not in force)',
        'customURL_Rule                        01          lookupCount=0=>default    global',
        'invalid internalExtensionLength: must be a whole number from 1 to 10; shown as text',
      ].join('\n'),
    );
    expect(io.stderr()).toBe('');
  });

  it('another user gets the global rows, and --json gives typed values', async () => {
    const io = capture();
    expect(await runSettings([path('settings/kv-settings.csv'), '--user', 'bob', '--json'], io)).toBe(0);
    const json = JSON.parse(io.stdout()) as { user: string; known: Record<string, unknown>; settings: Array<{ name: string; key: string; source: string; inForce: boolean }> };
    expect(json.user).toBe('bob');
    expect(json.known).toEqual({
      telephonyProvider: 'Skype for Business',
      telephonyVersion: '16',
      spellcheckDictionaries: ['es-ES', 'en-US'],
      lookupEntities: { inbound: ['contact', 'salesorder'] },
      entityPrimaryNames: { salesorder: 'name' },
      internalExtensionLength: 4,
    });
    expect(json.settings.every((s) => s.source === 'global')).toBe(true);
    expect(json.settings.filter((s) => !s.inForce).map((s) => [s.name, s.key])).toEqual([['colors', 'Background']]);
    expect(json.settings).toHaveLength(9);
  });

  it('--user "" gives the global rows only', async () => {
    const io = capture();
    const file = path('settings/kv-settings.csv');
    expect(await runSettings([file, '--user', ''], io)).toBe(0);
    expect(io.stdout()).toMatch(/^Settings for global rows only \(9 row\(s\) apply\)/);
  });

  it.each([
    [['--user', 'ann'], 'settings needs a KV file'],
    [['kv.csv'], '--user is required'],
    [['a.csv', 'b.csv', '--user', 'x'], 'settings takes one file'],
    [['--bogus'], 'screenpop: unknown option --bogus\n'],
    [['/no/such/kv.csv', '--user', 'ann'], 'no such file'],
  ])('usage and file errors exit 2: %j', async (args, message) => {
    const io = capture();
    expect(await runSettings(args, io)).toBe(2);
    expect(io.stderr()).toContain(message);
  });

  it('a KV file with row errors is an input error', async () => {
    const io = capture();
    expect(await runSettings([path('kv/broken.csv'), '--user', 'ann'], io)).toBe(2);
    // The message names the file where it used to say "CSV" (the line already said which file).
    expect(io.stderr()).toMatch(/\[missing_value\] \([^)]*broken\.csv, line 3/);
    expect(io.stderr()).not.toContain('(CSV');
  });

  it('--help', async () => {
    const io = capture();
    expect(await runSettings(['-h'], io)).toBe(0);
    expect(io.stdout()).toMatch(/^Usage: screenpop settings <kv file> --user <name>/);
  });
});
