/**
 * CLI conventions, each checked on a real child process (the CLI bundled
 * from src/, see ./child.ts): `--version`, a closed stdout for every command, option
 * errors that name the option and claim no position, inline JSON errors at
 * the real offset, coloured output aligned like the plain output.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonErrorOffset } from '../../src/cli/json-offset.js';
import { root, runCliProcess } from './child.js';

const ex = (f: string): string => join(root, 'examples', f);
const run = runCliProcess;

const dir = mkdtempSync(join(tmpdir(), 'screenpop-cli-'));
const call = '{"telephoneNo":"+353868561713","direction":"inbound","dnis":"1234"}';
const pop = ['--kv', ex('kv.csv'), '--records', ex('records.json'), '--region', 'IE', '--call', call];

describe('screenpop --version', () => {
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  for (const flag of ['--version', '-v']) {
    it(`${flag} prints the package version, exit 0`, async () => {
      const r = await run([flag]);
      expect(r).toEqual({ status: 0, stdout: `${version}\n`, stderr: '' });
    });
  }
});

describe('output cut short ends quietly, for every command', () => {
  mkdirSync(join(dir, 'a'));
  mkdirSync(join(dir, 'b'));
  writeFileSync(join(dir, 'a', 'dialerKvTable.csv'), 'Scope,Name,Key,Value\nglobal,customURL_Rule,01,*=>default\nann,x,1,y\n');
  writeFileSync(join(dir, 'b', 'dialerKvTable.csv'), 'Scope,Name,Key,Value\nglobal,old,1,x\n');
  const commands: Array<[string, string[], number]> = [
    ['--help', ['--help'], 0],
    ['pop', ['pop', ...pop], 0],
    ['explain', ['explain', ...pop], 0],
    ['lint', ['lint', ex('kv.csv')], 0],
    ['lint --json', ['lint', ex('kv.csv'), '--json'], 0],
    ['port', ['port', '--from', join(dir, 'a'), '--to', join(dir, 'b')], 0],
    ['test', ['test', ex('pop-spec.json')], 0],
    ['reports', ['reports', join(root, 'test', 'fixtures', 'reports', 'agent.csv')], 0],
    ['settings', ['settings', join(root, 'test', 'fixtures', 'settings', 'kv-settings.csv'), '--user', 'dyn.crm06'], 0],
    ['formats', ['formats', join(root, 'test', 'fixtures', 'formats', 'contacts.csv'), '--region', 'GB'], 0],
  ];
  it.each(commands)('%s: no EPIPE trace, no internal error, its own exit code', async (_name, args, status) => {
    const open = await run(args);
    expect(open.stdout.length).toBeGreaterThan(0);
    const closed = await run(args, { closeStdout: true });
    expect(closed.stderr).not.toMatch(/EPIPE|internal error|at .*\.ts:\d+/);
    expect(closed.status).toBe(open.status);
    expect(closed.status).toBe(status);
  });
});

describe('option errors name the option and claim no position', () => {
  const cases: Array<[string, string, string]> = [
    ['--region', 'XX', 'is not a region code'],
    ['--tz', 'Nowhere/Zone', 'is not a time zone'],
    ['--crm-url', 'contoso.crm4.dynamics.com', 'is not an absolute http(s) URL'],
    ['--records', '[1, 2]', 'is not a JSON object'],
    ['--policy', 'newest', 'is not a match policy'],
    ['--now', 'yesterday', 'is not a date'],
  ];
  it.each(cases)('%s %s', async (option, value, what) => {
    const args = ['pop', '--kv', ex('kv.csv'), '--call', call, option, value];
    const r = await run(args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const first = r.stderr.split('\n')[0]!;
    expect(first.startsWith(`screenpop: ${option} ${JSON.stringify(value)}: ${what}`)).toBe(true);
    expect(first.endsWith('[bad_option]')).toBe(true);
    expect(r.stderr).not.toMatch(/line \d+|column \d+/);
    expect(r.stderr).toContain('Hint: ');
  });
});

describe('errors without a position claim none', () => {
  it.each([['pop', ['--call', '{}']], ['settings', ['--user', 'ann']]] as const)('%s: a JSON export with no Scope column', async (command, rest) => {
    const file = join(dir, `nocol-${command}.json`);
    writeFileSync(file, JSON.stringify({ value: [{ x: 1 }] }));
    const args = command === 'pop' ? ['pop', '--kv', file, ...rest] : ['settings', file, ...rest];
    const r = await run(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('[missing_column]');
    expect(r.stderr).not.toMatch(/line \d+|column \d+/);
  });
});

describe('inline JSON errors point at the real offset, with their own code', () => {
  it('--call with a bare word: column 17, caret under the x, bad_inline_json', async () => {
    const r = await run(['pop', '--kv', ex('kv.csv'), '--call', '{"telephoneNo": x}']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('[bad_inline_json] (--call, line 1, column 17)');
    expect(r.stderr).not.toContain('bad_file');
    const lines = r.stderr.split('\n');
    const at = lines.findIndex((l) => l.trim() === '{"telephoneNo": x}');
    expect(lines[at + 1]!.indexOf('^')).toBe(lines[at]!.indexOf('x'));
  });
  it('--records with a trailing comma on its second line: line 2', async () => {
    const r = await run(['pop', '--kv', ex('kv.csv'), '--call', call, '--records', '{"contact": [],\n "lead": [],}']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('[bad_inline_json] (--records, line 2, column 13)');
  });
  it('a JSON file given to --call: bad_file with the line and column in the file', async () => {
    const file = join(dir, 'call.json');
    writeFileSync(file, '{\n  "telephoneNo": "+353868561713",\n  "dnis": 12 34\n}\n');
    const r = await run(['pop', '--kv', ex('kv.csv'), '--call', file]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`[bad_file] (${file}, line 3, column 14)`);
  });
  it('jsonErrorOffset agrees with JSON.parse on valid text, and finds an offset in broken text', () => {
    fc.assert(
      fc.property(fc.json(), (text) => jsonErrorOffset(text) === undefined),
      { numRuns: 10_000 },
    );
    fc.assert(
      fc.property(fc.json(), fc.nat(), fc.constantFrom('x', ',', '}', ']', '"', '\\', '{', '\u0001'), (text, n, junk) => {
        const at = n % (text.length + 1);
        const broken = text.slice(0, at) + junk + text.slice(at);
        let valid = true;
        try {
          JSON.parse(broken);
        } catch {
          valid = false;
        }
        const offset = jsonErrorOffset(broken);
        return valid ? offset === undefined : offset !== undefined && offset >= 0 && offset <= broken.length;
      }),
      { numRuns: 10_000 },
    );
  });
});

describe('coloured explain output is aligned exactly like the plain output', () => {
  it('same text once the colour codes are removed', async () => {
    const plain = await run(['explain', ...pop]);
    // FORCE_COLOR is not read by the CLI; colour needs a TTY, so run it in-process with color on.
    const { runCli } = await import('../../src/cli/main.js');
    let coloured = '';
    const code = await runCli(['explain', ...pop], { out: (t) => (coloured += `${t}\n`), err: () => undefined, color: true });
    expect(code).toBe(0);
    expect(coloured).toMatch(/\u001b\[/);
    // eslint-disable-next-line no-control-regex
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain.stdout);
  });
});
