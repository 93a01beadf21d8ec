/**
 * `screenpop settings <kv file> --user <name>`: the effective settings of a
 * user, each with its value and where it came from.
 *
 * @module
 */
import { settingsFor, type EffectiveSetting } from '../config/settings.js';
import { alignTable, parseCommand, readOrReport, type CliIo } from './format.js';
import { loadKvFile } from './io.js';

const HELP = `Usage: screenpop settings <kv file> --user <name> [--json]

Prints the settings in force for a user: every dialerKVTable row that applies
to them (global rows, unless the user has a row with the same Name, Parent and
Key), with its value and source (user or global). Known settings are typed
(telephony provider and version, lookupEntities, entityPrimaryNames,
internalExtensionLength, lookupLastDigits, lookupLimit, spellcheck.dictionaries);
others are shown as text. Rows another row overrides are marked "not in force".

Options:
  --user <name>   the user, as written in Scope ("" for global rows only)
  --json          print { user, settings, known } as JSON
  -h, --help

Exit codes: 0 ok, 2 usage or input errors.`;

function paint(io: CliIo, code: string, text: string): string {
  return io.color ? `\u001b[${code}m${text}\u001b[0m` : text;
}

function show(s: EffectiveSetting): string {
  if (s.problem !== undefined) return s.text;
  return Array.isArray(s.value) ? JSON.stringify(s.value) : String(s.value);
}

/**
 * Runs `screenpop settings` with `args` (after the command name) and returns
 * the exit code: 0 ok, 2 usage or input errors.
 *
 * @example
 * ```ts
 * import { runSettings } from './settings.js';
 * const code = await runSettings(['examples/kv.csv', '--user', 'Test Agent06'], { out: console.log, err: console.error, color: false });
 * ```
 */
export async function runSettings(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommand(args, { help: { type: 'boolean', short: 'h' }, json: { type: 'boolean' }, user: { type: 'string' } }, HELP, io);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const file = positionals[0];
  if (!file || positionals.length > 1 || values.user === undefined) {
    const why = !file ? 'settings needs a KV file' : positionals.length > 1 ? 'settings takes one file' : '--user is required';
    io.err(`screenpop: ${why}\n${HELP}`);
    return 2;
  }
  const loaded = readOrReport(io, () => loadKvFile(file));
  if (loaded === undefined) return 2;
  if (loaded.errors.length > 0) {
    for (const e of loaded.errors) io.err(e.message);
    return 2;
  }
  const result = settingsFor(loaded.rows, values.user);
  if (values.json) {
    io.out(JSON.stringify(result, null, 2));
    return 0;
  }
  const lines: string[][] = [['name', 'parent', 'key', 'value', 'source']];
  const remarks: string[] = [];
  for (const s of result.settings) {
    const source = s.inForce ? s.source : `${s.source} (not in force)`;
    lines.push([s.name, s.parent, s.key, show(s), s.inForce ? source : paint(io, '2', source)]);
    const label = `${s.name}${s.key ? ` ${s.key}` : ''}`;
    if (s.problem !== undefined) remarks.push(`${paint(io, '31', 'invalid')} ${label}: ${s.problem}; shown as text`);
    for (const n of s.notes) remarks.push(`note ${label}: ${n}`);
  }
  const who = values.user.trim() === '' ? 'global rows only' : `user ${JSON.stringify(values.user)}`;
  io.out(`Settings for ${who} (${result.settings.length} row(s) apply)`);
  io.out(alignTable(lines));
  if (remarks.length > 0) io.out(remarks.join('\n'));
  return 0;
}
