import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readKvCsv } from '../../src/config/index.js';
import { lookupConfigFromKv } from '../../src/config/lookup.js';
import { runFormats } from '../../src/cli/formats.js';
import { runCli, type CliIo } from '../../src/cli/main.js';

const path = (p: string): string => fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url));

function capture(): CliIo & { stdout: () => string; stderr: () => string } {
  const out: string[] = [];
  const err: string[] = [];
  return { out: (t) => out.push(t), err: (t) => err.push(t), color: false, stdout: () => out.join('\n'), stderr: () => err.join('\n') };
}

describe('screenpop formats', () => {
  it('prints coverage, the formats, the rare ones, the values no format writes, and the rows', async () => {
    const io = capture();
    expect(await runCli(['formats', path('formats/contacts.csv'), '--region', 'GB'], io)).toBe(0);
    const out = io.stdout();
    expect(out).toContain(': 16 value(s) in telephone1, mobilephone read in GB; 2 blank, 13 readable, 1 unreadable');
    expect(out).toContain('coverage 92.3%: 12 of 13 readable value(s) are written in the 5 format(s) below (a value with an extension: the number before it)');
    expect(out).toContain(['rank  format            values  share  example', '1     0NN NNNN NNNN     3       23.0%  020 7946 0958', '2     0NNNN NNNNNN      3       23.0%  07700 900123'].join('\n'));
    expect(out).toContain('  +C (NNN) NNN-NNNN  1       7.6%   +1 (212) 555-0100');
    expect(out).toContain('1 value(s) with an extension after the number');
    expect(out).toContain('1 unreadable value(s), e.g.: "n/a" (not_a_number)');
    const rows = out.slice(out.indexOf('Scope,Name,Key,Value'));
    expect(rows).toBe(
      [
        'Scope,Name,Key,Value',
        'global,storedPhoneFormats,1,0NN NNNN NNNN',
        'global,storedPhoneFormats,2,0NNNN NNNNNN',
        'global,storedPhoneFormats,3,+CC NN NNNN NNNN',
        'global,storedPhoneFormats,4,+CC NNNN NNNNNN',
        'global,storedPhoneFormats,5,+CCC NN NNN NNNN',
        'global,storedPhoneExtensions,,true', // the export has a value with an extension
      ].join('\n'),
    );
    // The rows load as they are and become the configuration's storedFormats.
    const loaded = readKvCsv(rows);
    expect(loaded.errors).toEqual([]);
    const { config, warnings } = lookupConfigFromKv(loaded.rows, { user: '' });
    expect(warnings).toEqual([]);
    expect(config.storedFormats).toEqual(['0NN NNNN NNNN', '0NNNN NNNNNN', '+CC NN NNNN NNNN', '+CC NNNN NNNNNN', '+CCC NN NNN NNNN']);
    expect(config.storedExtensions).toBe(true);
  });

  it('--json: the report with the fields and the rows; --field picks a column of a Web API payload', async () => {
    const io = capture();
    expect(await runFormats([path('formats/contacts.json'), '--field', 'new_phone', '--region', 'GB', '--json'], io)).toBe(0);
    const json = JSON.parse(io.stdout()) as Record<string, unknown>;
    expect(json['fields']).toEqual(['new_phone']);
    expect(json['formats']).toEqual(['0NN-NNNN-NNNN']);
    expect(json['rare']).toEqual([{ format: '+C NNN NNN NNNN', count: 1, share: 1 / 3, examples: ['+1 212 555 0100'] }]);
    expect(json['rows']).toEqual([{ scope: 'global', name: 'storedPhoneFormats', key: '1', value: '0NN-NNNN-NNNN' }]);
    expect(json['coverage']).toBeCloseTo(2 / 3, 10);
  });

  it('--min-count 1 keeps every format in use', async () => {
    const io = capture();
    expect(await runFormats([path('formats/contacts.csv'), '--region', 'GB', '--min-count', '1', '--json'], io)).toBe(0);
    expect((JSON.parse(io.stdout()) as { formats: string[] }).formats).toContain('+C (NNN) NNN-NNNN');
  });

  it.each([
    [[], 'formats needs an export file'],
    [['a.csv', 'b.csv'], 'formats takes one file'],
    [['missing.csv'], 'Cannot read missing.csv: no such file'],
    [['CSV', '--min-count', 'x'], '--min-count must be a whole number ≥ 1, not "x"'],
    [['CSV', '--region', 'XX'], 'defaultRegion "XX" is not a region code'],
    [['CSV', '--field', 'phone'], 'has no column "phone"; columns: contactid, fullname, telephone1, mobilephone, address1_city'],
  ])('usage and input errors exit 2: %j', async (args, message) => {
    const io = capture();
    expect(await runFormats(args.map((a) => (a === 'CSV' ? path('formats/contacts.csv') : a)), io)).toBe(2);
    expect(io.stderr()).toContain(message);
    expect(io.stderr()).not.toContain('line 1, column 1'); // an option or a whole file: no made-up position
  });
});
