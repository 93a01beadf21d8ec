import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { runCliProcess } from './child.js';

const root = join(__dirname, '..', '..');
const kv = join(root, 'examples', 'kv.csv');
const records = join(root, 'examples', 'records.json');

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), color: false });
  return { code, out, err };
}

describe('screenpop CLI (in process)', () => {
  it('pop --json: a URL pop for an unknown caller', async () => {
    const r = await cli(['pop', '--kv', kv, '--records', records, '--region', 'IE', '--crm-url', 'https://contoso.crm4.dynamics.com', '--call', '{"telephoneNo":"+353 87 000 0000","direction":"inbound"}', '--json']);
    expect(r.code).toBe(0);
    const pop = JSON.parse(r.out);
    expect(pop.kind).toBe('url');
    expect(pop.rule.key).toBe('01');
    expect(pop.url).toMatch(/^https:\/\/contoso\.crm4\.dynamics\.com\/WebResources\/new_unknown_caller\.html\?tel=%2B353%2087%20000%200000&Data=state%3D%26type%3D%26/);
    expect(pop.explanation.rules.length).toBe(12);
  });

  it('pop: readable output with the trace', async () => {
    const r = await cli(['pop', '--kv', kv, '--records', records, '--region', 'IE', '--call', '{"telephoneNo":"086 856 1713","dnis":"5555"}']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Pop\s+record$/m);
    expect(r.out).toMatch(/→\s+10\s+CHOSEN/);
    // The table's own warning (the seed's incomingLookup_order row) is lint's to report, once; pop only points at it.
    expect(r.err).not.toContain('incomingLookup_order');
    expect(r.err).toMatch(/^note: 1 warning about the table itself, the same for every call \(--json lists it; "screenpop lint .*kv\.csv" checks the table\)$/m);
    const json = await cli(['pop', '--kv', kv, '--records', records, '--region', 'IE', '--call', '{"telephoneNo":"086 856 1713","dnis":"5555"}', '--json']);
    expect(JSON.parse(json.out).warnings.join('\n')).toContain('did you mean salesorder?');
  });

  it('explain: every rule with actual and expected values', async () => {
    const r = await cli(['explain', '--kv', kv, '--records', records, '--region', 'IE', '--call', '{"telephoneNo":"086 856 1713","dnis":"1234"}']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/✓ dnis = 1234\s+"1234"/);
    expect(r.out).toContain('Decision: rule 06 → /WebResources/new_sales_cp.html');
  });

  it('lint: findings, exit 0 with warnings only, 1 with errors', async () => {
    const ok = await cli(['lint', kv]);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('lookup_config');
    const dir = mkdtempSync(join(tmpdir(), 'screenpop-'));
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'Scope,Name,Key,Value\nglobal,customURL_Rule,01,lookupCount=-1=>default\n');
    const r = await cli(['lint', bad, '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).map((f: { code: string }) => f.code)).toContain('impossible_lookup_count');
  });

  it('port: the plan from two folders', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'screenpop-'));
    mkdirSync(join(dir, 'a'));
    mkdirSync(join(dir, 'b'));
    writeFileSync(join(dir, 'a', 'dialerKvTable.csv'), 'Scope,Name,Key,Value\nglobal,customURL_Rule,01,*=>default\nann,x,1,y\n');
    writeFileSync(join(dir, 'a', 'DialerDnis.json'), JSON.stringify({ value: [{ name: 'DEV', url: 'https://crm1.example.com/x' }] }));
    writeFileSync(join(dir, 'b', 'dialerKvTable.csv'), 'Scope,Name,Key,Value\nglobal,old,1,x\n');
    const r = await cli(['port', '--from', join(dir, 'a'), '--to', join(dir, 'b'), '--json']);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.out);
    expect(plan.counts).toEqual({ delete: 1, create: 1, keep: 0, manual: 1 });
  });

  it('test: the embedded sample spec passes', async () => {
    const r = await cli(['test', join(root, 'examples', 'pop-spec.json')]);
    expect(r.err).toBe('');
    expect(r.out).toMatch(/\d+ passed, 0 failed/);
    expect(r.code).toBe(0);
  });

  it('test: a failing case shows expected and actual side by side', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'screenpop-'));
    const spec = join(dir, 'spec.json');
    writeFileSync(spec, JSON.stringify({ rows: [{ scope: 'global', name: 'customURL_Rule', key: '01', value: '*=>/a.html' }], cases: [{ name: 'wrong', call: {}, expect: { kind: 'record' } }] }));
    const r = await cli(['test', spec]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAIL\s+wrong/);
    expect(r.out).toMatch(/kind\s+"record"\s+"url"/);
  });

  it('usage errors exit 2 with help; --help exits 0', async () => {
    expect((await cli(['pop', '--kv', kv])).code).toBe(2);
    expect((await cli(['frobnicate'])).code).toBe(2);
    expect((await cli(['pop', '--nope'])).code).toBe(2);
    for (const c of ['pop', 'explain', 'lint', 'port', 'test']) {
      const r = await cli([c, '--help']);
      expect(r.code).toBe(0);
      expect(r.out).toContain('Usage: screenpop');
    }
  });

  it('pop names the KV file in a row error (it said "CSV")', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'screenpop-kvsrc-'));
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'Scope,Name,Key,Value,Type\nglobal,customURL_Rule,01,"unterminated,\n');
    const r = await cli(['pop', '--kv', bad, '--call', '{}']);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`[csv_syntax] (${bad}, line 2, column 1)`);
    expect(r.err).not.toContain('(CSV');
  });

  it('names an unknown option and the option it may mean (not Node\'s advice about "--")', async () => {
    const cases: Array<[string[], string]> = [
      [['pop', '--regoin', 'IE', '--kv', kv, '--call', '{}'], 'screenpop: unknown option --regoin; did you mean --region?\n'],
      [['lint', '--jsn', kv], 'screenpop: unknown option --jsn; did you mean --json?\n'],
      [['lint', '--zzzzzz', kv], 'screenpop: unknown option --zzzzzz\n'],
      [['lint', '-q', kv], 'screenpop: unknown option -q\n'],
      [['settings', '--usr', 'x', kv], 'screenpop: unknown option --usr; did you mean --user?\n'],
      [['reports', '--jsn', kv], 'screenpop: unknown option --jsn; did you mean --json?\n'],
    ];
    for (const [args, first] of cases) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.startsWith(first), r.err).toBe(true);
      expect(r.err).not.toContain("place it at the end of the command after '--'");
    }
  });

  it('refuses file arguments a command would not read (lint a.csv b.csv used to lint a.csv only and exit 0)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'screenpop-extra-'));
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'Scope,Name,Key,Value,Type\nglobal,customURL_Rule,01,dnis=1234 default,\n');
    expect((await cli(['lint', bad])).code).toBe(1);
    const cases: Array<[string[], string]> = [
      [['lint', kv, bad], `lint takes one KV file; unexpected ${JSON.stringify(bad)}: run it once per file`],
      [['test', join(root, 'examples', 'pop-spec.json'), 'other.json'], 'test takes one spec file; unexpected "other.json"'],
      [['pop', 'stray', '--kv', kv, '--call', '{}'], 'pop takes no file arguments (give the files with --kv, --call and --records); unexpected "stray"'],
      [['explain', '--kv', kv, '--call', '{}', 'x', 'y'], 'explain takes no file arguments (give the files with --kv, --call and --records); unexpected "x", "y"'],
      [['port', 'a', '--from', dir, '--to', dir], 'port takes no file arguments (give the folders with --from and --to); unexpected "a"'],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toContain(`screenpop: ${message}`);
      expect(r.out).toBe('');
    }
  });

  it('input errors: missing file, malformed CSV, invalid spec → exit 2 with file and position', async () => {
    const missing = await cli(['lint', 'no/such/file.csv']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('no/such/file.csv');
    // lint reports a broken row as a finding at its line (exit 1); pop cannot use the table (exit 2).
    const brokenFile = join(root, 'test', 'fixtures', 'cli', 'broken.csv');
    const broken = await cli(['lint', brokenFile]);
    expect(broken.code).toBe(1);
    expect(broken.out).toContain(`${brokenFile}:2:1: error unreadable_row`);
    const popBroken = await cli(['pop', '--kv', brokenFile, '--call', '{}']);
    expect(popBroken.code).toBe(2);
    expect(popBroken.err).toMatch(/broken\.csv.*line \d+/);
    const dir = mkdtempSync(join(tmpdir(), 'screenpop-'));
    const spec = join(dir, 'spec.json');
    writeFileSync(spec, JSON.stringify({ rows: [], cases: [{ name: 'x', call: {}, expect: { kind: 'nope' } }] }));
    const bad = await cli(['test', spec]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('cases[0].expect.kind');
  });
});

describe('screenpop CLI (child process)', () => {
  it('exit codes and streams as a real process', async () => {
    const ok = await runCliProcess(['lint', kv]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('finding(s)');
    const missing = await runCliProcess(['lint', 'nope.csv']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('nope.csv');
    expect(missing.stdout).toBe('');
  });
});
