// `npm run demo`: the screenpop CLI over the embedded sample (examples/):
// a dialerKVTable with the seed's sales-order configuration and a dozen rules,
// a few hundred synthetic CRM records with messy phone formats, and calls.
// The sample table keeps the seed's own mistake (an incomingLookup_order row
// naming an entity that is not searched): `screenpop pop` points at
// configuration warnings with a one-line note on stderr; the demo leaves those
// notes out and shows the row once, where it belongs, in the lint step.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', 'dist', 'cli.js');
const common = ['--kv', join(here, 'kv.csv'), '--records', join(here, 'records.json'), '--crm-url', 'https://contoso.crm4.dynamics.com', '--region', 'IE', '--now', '2026-11-24T10:15:00Z', '--tz', 'Europe/Dublin'];

function run(title, args) {
  console.log(`\n━━ ${title}\n$ screenpop ${args.map((a) => (a.includes(' ') || a.includes('{') ? `'${a}'` : a.replace(here + '/', 'examples/'))).join(' ')}\n`);
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  process.stdout.write(r.stdout);
  const stderr = r.stderr
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('note: '))
    .join('\n');
  if (stderr) process.stdout.write(`${stderr.replace(/^/gm, '  (stderr) ')}\n`);
  console.log(`  [exit ${r.status}]`);
  return r.status;
}

const calls = [
  ['An unknown caller on the main line → custom URL', { direction: 'inbound', telephoneNo: '+353 87 000 0000', dnis: '5555', agent: 'Dyn Crm06' }],
  ['A known contact calling the sales DNIS → custom sales page', { direction: 'inbound', telephoneNo: '+353868561713', dnis: '1234', dnisName: 'Sales' }],
  ['The same contact on another DNIS → their contact form (default)', { direction: 'inbound', telephoneNo: '086 856 1713', dnis: '5555' }],
  ['A caller matching a contact and an open order → the agent chooses', { direction: 'inbound', telephoneNo: '01 555 0101', dnis: '5555' }],
  ['A dialler call to a Greek contact → campaign page with Greek Data=', { direction: 'queue', telephoneNo: '+30 694 618 6715', agent: 'Dyn Crm06', subject: 'ΕΚΣ-06441 - MRKT-0010324' }],
  ['An internal call from extension 4042 → the colleague (Screen Transfer)', { direction: 'inbound', telephoneNo: '4042' }],
];
for (const [title, call] of calls) run(title, ['pop', ...common, '--call', JSON.stringify(call)]);
run('Why did the Greek contact get the campaign page?', ['explain', ...common, '--call', JSON.stringify(calls[4][1])]);
run('Per-user rules: dyn.crm06 has their own rule 06', ['pop', ...common, '--user', 'dyn.crm06', '--call', JSON.stringify(calls[1][1])]);
run('Lint the sample table (its configuration warnings, once, each at its line)', ['lint', join(here, 'kv.csv')]);
const status = run('The sample pop-spec (CI runs it too)', ['test', join(here, 'pop-spec.json')]);
process.exitCode = status;
