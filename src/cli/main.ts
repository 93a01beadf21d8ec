/**
 * The `screenpop` command line: pop, explain, lint, port, test.
 * Exit codes: 0 ok, 1 findings or a failed decision/case, 2 usage or input error.
 *
 * @module
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ScreenpopError, isScreenpopError } from '../errors/index.js';
import type { KvRow } from '../config/row.js';
import type { Finding } from '../lint/lint.js';
import type { CallEvent, ScreenPop } from '../pop/resolve.js';
import type { Explanation } from '../rules/compile.js';
import { alignTable as table, argsError, paint, type CliIo } from './format.js';

// Each command loads what it needs when it runs (dynamic imports, split into
// chunks by the CLI build), so `screenpop lint` never loads the phone library
// and `--help` loads nothing but this file.

export type { CliIo };

class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * A bad option value: printed as `screenpop: --region "XX": <what> [code]`
 * with the hint, never with a line or column (an option has none).
 */
class OptionError extends Error {
  override name = 'OptionError';
  constructor(
    readonly option: string,
    readonly value: string,
    readonly detail: string,
    readonly code: string,
    readonly hint: string,
  ) {
    super(`${option} ${JSON.stringify(value)}: ${detail}`);
  }
}

const HELP: Record<string, string> = {
  main: `screenpop — decide, explain and lint CRM screen pops (Dynamics Telephony customURL_Rule rows)

Usage: screenpop <command> [options]

Commands:
  pop      --kv <file> --call <json|file>   decide the pop for a call
  explain  --kv <file> --call <json|file>   the rule-by-rule trace for a call
  lint     <kv file>                        find mistakes in a dialerKVTable export
  port     --from <dir> --to <dir>          plan moving configuration to a new CRM
  test     <spec>                           run a pop-spec (expected pops for calls)
  reports  <file>                           RTD report columns (dialerReports) and their findings
  settings <kv file> --user <name>          a user's effective settings and where they come from
  formats  <export> [--region CC]           the formats a CRM export stores numbers in, as storedPhoneFormats rows

Run "screenpop <command> --help" for a command's options; "screenpop --version" for the version.
Exit codes: 0 ok, 1 findings or failures, 2 usage or input errors.`,
  pop: `Usage: screenpop pop --kv <file> --call <json|file> [options]

Decides the screen pop for a call with the memory adapter over --records.

Options:
  --kv <file>          dialerKVTable export (CSV or JSON)
  --call <json|file>   the call: {"telephoneNo": "...", "direction": "inbound", "dnis": "..."}
  --user <name>        the agent whose rows apply (default: "" = global rows only)
  --records <json|file> CRM records: {"contact": [{"id": "...", "fullname": "...", "telephone1": "..."}]}
  --crm-url <url>      CRM base URL (default https://crm.example.com)
  --region <CC>        default region for national numbers, e.g. IE
  --policy <p>         prompt | preferEntity | mostRecent (default prompt)
  --mode <m>           legacy | strict Data= encoding (default legacy)
  --now <iso>          the call time for time rules, e.g. 2026-11-24T10:15:00Z
  --tz <zone>          IANA time zone for time rules (default UTC)
  --json               print JSON
  -h, --help`,
  explain: `Usage: screenpop explain --kv <file> --call <json|file> [options]

Prints every rule in order with each comparison's actual and expected values.
Takes the same options as "screenpop pop".`,
  lint: `Usage: screenpop lint <kv file> [--json]

Lints a dialerKVTable export (CSV or JSON). Each finding starts with
file:line:column (the column of the offending part of a rule's Value). A row
that cannot be read is an unreadable_row error; every other row is still
linted. Exit 1 when there are errors, 0 otherwise, 2 when nothing can be read.`,
  port: `Usage: screenpop port --from <dir> --to <dir> [--source-url <url>] [--target-url <url>] [--json]

Plans moving Dynamics Telephony configuration from one CRM to another. Each
folder holds exports named after the tables: dialerKvTable, dialerCallOutcome,
dialerReports, dialerDnis, dialerQueueSettings (.csv or .json).`,
  test: `Usage: screenpop test <spec> [--json]

Runs a pop-spec: one line per case; a failing case shows expected and actual
side by side with the rule trace. Exit 1 when a case fails.`,
};

const COMMON = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

const POP_OPTIONS = {
  ...COMMON,
  kv: { type: 'string' },
  call: { type: 'string' },
  user: { type: 'string' },
  records: { type: 'string' },
  'crm-url': { type: 'string' },
  region: { type: 'string' },
  policy: { type: 'string' },
  mode: { type: 'string' },
  now: { type: 'string' },
  tz: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

function parse<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(argsError(e, options));
  }
}

/**
 * Refuses arguments past the `max` files a command reads: `lint a.csv b.csv`
 * would otherwise lint a.csv only and exit 0, as if b.csv were clean.
 */
function atMost(positionals: readonly string[], max: number, command: string, files: string): void {
  if (positionals.length <= max) return;
  const extra = positionals.slice(max).map((p) => JSON.stringify(p)).join(', ');
  throw new UsageError(`${command} ${max === 0 ? `takes no file arguments (${files})` : `takes one ${files}`}; unexpected ${extra}${max === 1 ? ': run it once per file' : ''}`);
}

async function loadKvOrFail(path: string, io: CliIo): Promise<KvRow[]> {
  const { loadKvFile } = await import('./io.js');
  const loaded = loadKvFile(path);
  if (loaded.errors.length > 0) {
    for (const e of loaded.errors) io.err(e.message);
    throw new InputReported();
  }
  return loaded.rows;
}

class InputReported extends Error {}

async function runPop(args: string[], io: CliIo, explainOnly: boolean): Promise<number> {
  const { values, positionals } = parse(args, POP_OPTIONS);
  if (values.help) {
    io.out(HELP[explainOnly ? 'explain' : 'pop']!);
    return 0;
  }
  atMost(positionals, 0, explainOnly ? 'explain' : 'pop', 'give the files with --kv, --call and --records');
  if (!values.kv || !values.call) throw new UsageError('--kv and --call are required');
  const rows = await loadKvOrFail(values.kv, io);
  const [{ loadJsonArg }, { resolveScreenPop }, { createMemoryLookup }, { isKnownRegion }] = await Promise.all([
    import('./io.js'),
    import('../pop/resolve.js'),
    import('../lookup/memory.js'),
    import('../lookup/phone.js'),
  ]);
  checkPopOptions(values, isKnownRegion);
  const call = loadJsonArg(values.call, '--call') as CallEvent;
  if (typeof call !== 'object' || call === null || Array.isArray(call)) throw new UsageError('--call must be a JSON object');
  const records = values.records === undefined ? {} : loadJsonArg(values.records, '--records');
  if (typeof records !== 'object' || records === null || Array.isArray(records)) {
    throw new OptionError('--records', values.records!, 'is not a JSON object of entity → rows', 'bad_option', 'Write e.g. {"contact": [{"id": "c1", "fullname": "Ann Lee", "telephone1": "+353868561713"}]}.');
  }
  let adapter;
  try {
    adapter = createMemoryLookup(records as Record<string, Array<Record<string, unknown>>>);
  } catch (e) {
    if (!isScreenpopError(e)) throw e;
    throw new OptionError('--records', values.records!, e.detail, e.code, e.hint ?? 'Give each entity an array of rows, each with an "id".');
  }
  const policy = values.policy;
  const now = values.now === undefined ? undefined : new Date(values.now);
  const pop = await resolveScreenPop(call, {
    rows,
    user: values.user ?? '',
    adapter,
    crmUrl: values['crm-url'] ?? 'https://crm.example.com',
    ...(values.region ? { defaultRegion: values.region } : {}),
    ...(policy ? { policy: policy as 'prompt' } : {}),
    ...(values.mode ? { mode: values.mode as 'legacy' } : {}),
    ...(now ? { now } : {}),
    ...(values.tz ? { timeZone: values.tz } : {}),
  });
  if (values.json) {
    io.out(JSON.stringify(explainOnly ? pop.explanation : popJson(pop), null, 2));
    return 0;
  }
  if (!explainOnly) io.out(describePop(pop, io));
  io.out(formatExplanation(pop.explanation, io));
  // Warnings about the table itself are the same for every call: `screenpop
  // lint` reports them (once, with their lines) and --json lists them; the
  // text output keeps the call's own warnings and one note.
  const fromTable = await tableWarnings(rows, values.user ?? '', values.tz);
  const own = pop.warnings.filter((w) => !fromTable.has(w));
  for (const w of own) io.err(`warning: ${w}`);
  const n = pop.warnings.length - own.length;
  if (n > 0) io.err(`note: ${n} warning${n === 1 ? '' : 's'} about the table itself, the same for every call (--json lists ${n === 1 ? 'it' : 'them'}; "screenpop lint ${values.kv}" checks the table)`);
  return 0;
}

/** Checks the options of `pop`/`explain` that the library would reject without naming the option. */
function checkPopOptions(
  values: { region?: string | undefined; tz?: string | undefined; 'crm-url'?: string | undefined; policy?: string | undefined; mode?: string | undefined; now?: string | undefined },
  isKnownRegion: (region: string) => boolean,
): void {
  const v = values;
  if (v.region !== undefined && !isKnownRegion(v.region.toUpperCase())) {
    throw new OptionError('--region', v.region, 'is not a region code', 'bad_option', 'Use an ISO 3166-1 alpha-2 code such as IE, GB, US or GR.');
  }
  if (v.tz !== undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: v.tz });
    } catch {
      throw new OptionError('--tz', v.tz, 'is not a time zone', 'bad_option', 'Use an IANA name such as Europe/Dublin or America/New_York.');
    }
  }
  const crmUrl = v['crm-url'];
  if (crmUrl !== undefined && !/^https?:\/\/[^/?#\s\\]+/i.test(crmUrl)) {
    throw new OptionError('--crm-url', crmUrl, 'is not an absolute http(s) URL', 'bad_option', 'Pass the CRM base URL, e.g. https://contoso.crm4.dynamics.com.');
  }
  if (v.policy !== undefined && !['prompt', 'preferEntity', 'mostRecent'].includes(v.policy)) {
    throw new OptionError('--policy', v.policy, 'is not a match policy', 'bad_option', 'Use prompt, preferEntity or mostRecent.');
  }
  if (v.mode !== undefined && !['legacy', 'strict'].includes(v.mode)) {
    throw new OptionError('--mode', v.mode, 'is not a Data= mode', 'bad_option', 'Use legacy or strict.');
  }
  if (v.now !== undefined && Number.isNaN(new Date(v.now).getTime())) {
    throw new OptionError('--now', v.now, 'is not a date and time', 'bad_option', 'Write an ISO 8601 time such as 2026-11-24T10:15:00Z.');
  }
}

/** The warnings `resolveScreenPop` derives from the table alone (for any call direction), as it words them. */
async function tableWarnings(rows: readonly KvRow[], user: string, timeZone: string | undefined): Promise<Set<string>> {
  const [{ compileRules }, { rulesFor }, { lookupConfigFromKv }] = await Promise.all([import('../rules/compile.js'), import('../config/scope.js'), import('../config/lookup.js')]);
  const rules = compileRules(rulesFor(rows, user), timeZone === undefined ? {} : { timeZone });
  const out = new Set<string>([...rules.errors.map((e) => `customURL_Rule ${JSON.stringify(e.key)} is skipped: ${e.detail} [${e.code}]`), ...rules.warnings.map((w) => w.message)]);
  for (const direction of ['inbound', 'outbound'] as const) for (const w of lookupConfigFromKv(rows, { user, direction }).warnings) out.add(w.message);
  return out;
}

/** The JSON form of a pop (`screenpop pop --json`). */
export function popJson(pop: ScreenPop): Record<string, unknown> {
  const { explanation, ...rest } = pop;
  return { ...rest, explanation };
}

function describePop(pop: ScreenPop, io: CliIo): string {
  const rows: string[][] = [['Pop', paint(io, '1', pop.kind)]];
  if ('url' in pop) rows.push(['URL', pop.url]);
  if ('entity' in pop) rows.push(['Entity', pop.entity]);
  if (pop.kind === 'record') rows.push(['Id', pop.id]);
  if ('rule' in pop && pop.rule) rows.push(['Rule', `${pop.rule.key}  ${pop.rule.value}`]);
  else rows.push(['Rule', '(none held: default pop)']);
  const l = pop.lookup;
  rows.push(['Lookup', l.error ? paint(io, '31', `failed: ${l.error.detail}`) : `${l.count} match(es)${l.normalized ? ` for ${l.normalized}` : ''}${l.internal ? ' (internal)' : ''}`]);
  if (pop.kind === 'choose') for (const c of pop.candidates) rows.push(['', `${c.entity} ${c.id} ${c.name} (${c.field}: ${c.phone})`]);
  if (pop.kind === 'url') {
    const p = pop.params as unknown as Record<string, string>;
    const filled = Object.entries(p).filter(([k, v]) => k !== 'extra' && v !== '');
    rows.push(['Data', filled.map(([k, v]) => `${k}=${v}`).join(', ')]);
  }
  return `${table(rows)}\n`;
}

/** The rule-by-rule trace, aligned. */
export function formatExplanation(ex: Explanation, io: Pick<CliIo, 'color'>): string {
  const lines: string[][] = [['', 'key', 'status', 'rule / comparison', 'actual']];
  for (const r of ex.rules) {
    const mark = r.chosen ? '→' : ' ';
    const status = r.status === 'matched' ? (r.chosen ? 'CHOSEN' : 'matched') : r.status;
    const colored = io.color ? `\u001b[${r.chosen ? '32;1' : r.status === 'invalid' ? '31' : '2'}m${status}\u001b[0m` : status;
    lines.push([mark, r.key, colored, r.value, '']);
    for (const c of r.comparisons) {
      lines.push(['', '', '', `  ${c.outcome ? '✓' : '✗'} ${c.field} ${c.op} ${c.expected.join(', ')}`, c.actual === null ? '(unknown)' : c.actual === undefined ? '(missing)' : JSON.stringify(c.actual)]);
    }
    for (const e of r.errors) lines.push(['', '', '', `  ! ${e.detail} [${e.code}]`, '']);
  }
  const d = ex.decision;
  const tail = d.rule ? `Decision: rule ${d.rule.key} → ${d.target.kind === 'url' ? d.target.url : 'default'}` : 'Decision: no rule held → default pop';
  return `${table(lines)}\n${tail}`;
}

function formatFinding(f: Finding, io: CliIo): string {
  const sev = f.severity === 'error' ? paint(io, '31', 'error') : f.severity === 'warning' ? paint(io, '33', 'warning') : 'info';
  const where = f.row ? `${f.row.key ? `${f.row.name} ${f.row.key}` : f.row.name}${f.row.scope ? ` (scope ${f.row.scope})` : ''}` : '';
  const p = f.position;
  const at = p ? `${p.source}${p.line === undefined ? '' : `:${p.line}`}${p.column === undefined ? '' : `:${p.column}`}` : '';
  return `${at}: ${sev} ${f.code}${where ? ` [${where}]` : ''}: ${f.message}\n    fix: ${f.hint}`;
}

async function runLint(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, COMMON);
  if (values.help) {
    io.out(HELP.lint!);
    return 0;
  }
  const file = positionals[0];
  if (!file) throw new UsageError('lint needs a KV file');
  atMost(positionals, 1, 'lint', 'KV file');
  const [{ readText, looksJson }, { lintKvText }] = await Promise.all([import('./io.js'), import('../lint/text.js')]);
  const text = readText(file);
  const { rows, findings, readable } = lintKvText(text, { source: file, format: looksJson(file, text) ? 'json' : 'csv' });
  if (!readable) {
    // Nothing could be read as rows: an input error, as for the other commands.
    for (const f of findings) io.err(formatFinding(f, { ...io, color: false }));
    return 2;
  }
  if (values.json) io.out(JSON.stringify(findings, null, 2));
  else {
    for (const f of findings) io.out(formatFinding(f, io));
    const errors = findings.filter((f) => f.severity === 'error').length;
    const unreadable = findings.filter((f) => f.code === 'unreadable_row').length;
    io.out(`${findings.length} finding(s), ${errors} error(s) in ${rows.length} row(s)${unreadable ? `; ${unreadable} row(s) could not be read` : ''}`);
  }
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}

async function runPort(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { ...COMMON, from: { type: 'string' }, to: { type: 'string' }, 'source-url': { type: 'string' }, 'target-url': { type: 'string' } });
  if (values.help) {
    io.out(HELP.port!);
    return 0;
  }
  atMost(positionals, 0, 'port', 'give the folders with --from and --to');
  if (!values.from || !values.to) throw new UsageError('--from and --to are required');
  const [{ planPort }, { loadPortDir }] = await Promise.all([import('../port/plan.js'), import('./port-io.js')]);
  const plan = planPort(loadPortDir(values.from), loadPortDir(values.to), {
    ...(values['source-url'] ? { sourceCrmUrl: values['source-url'] } : {}),
    ...(values['target-url'] ? { targetCrmUrl: values['target-url'] } : {}),
  });
  if (values.json) io.out(JSON.stringify(plan, null, 2));
  else {
    io.out(plan.summary);
    for (const w of plan.warnings) io.err(`warning: ${w}`);
  }
  return 0;
}

async function runTest(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, COMMON);
  if (values.help) {
    io.out(HELP.test!);
    return 0;
  }
  const file = positionals[0];
  if (!file) throw new UsageError('test needs a spec file');
  atMost(positionals, 1, 'test', 'spec file');
  const [{ loadPopSpec }, { runPopSpec }] = await Promise.all([import('../testing/node.js'), import('../testing/spec.js')]);
  const { spec, rows } = loadPopSpec(file);
  const result = await runPopSpec(spec, { rows });
  if (values.json) {
    io.out(JSON.stringify({ pass: result.pass, passed: result.passed, failed: result.failed, cases: result.cases.map((c) => ({ name: c.name, pass: c.pass, mismatches: c.mismatches })) }, null, 2));
    return result.pass ? 0 : 1;
  }
  for (const c of result.cases) {
    io.out(`${c.pass ? paint(io, '32', 'PASS') : paint(io, '31', 'FAIL')}  ${c.name}`);
    if (!c.pass) {
      const actual = c.actual;
      const got: Record<string, unknown> = actual
        ? { kind: actual.kind, rule: 'rule' in actual ? actual.rule?.key : undefined, url: 'url' in actual ? actual.url : undefined, entity: 'entity' in actual ? actual.entity : undefined, id: 'id' in actual ? actual.id : undefined, candidates: actual.kind === 'choose' ? actual.candidates.length : undefined }
        : { error: c.error };
      const keys = [...new Set([...Object.keys(c.expected), ...Object.keys(got)])].filter((k) => (c.expected as Record<string, unknown>)[k] !== undefined || got[k] !== undefined);
      const rows = [['', 'expected', 'actual'], ...keys.map((k) => [k, JSON.stringify((c.expected as Record<string, unknown>)[k]) ?? '', JSON.stringify(got[k]) ?? ''])];
      io.out(table(rows).replace(/^/gm, '      '));
      if (actual) io.out(formatExplanation(actual.explanation, io).replace(/^/gm, '      '));
    }
  }
  io.out(`${result.passed} passed, ${result.failed} failed`);
  return result.pass ? 0 : 1;
}

/**
 * Runs the CLI with `argv` (without `node` and the script) and returns the exit code.
 *
 * @example
 * ```ts
 * import { runCli } from 'screenpop/cli';
 * const code = await runCli(['lint', 'examples/kv.csv'], { out: console.log, err: console.error, color: false });
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.out(HELP.main!);
        return command === undefined ? 2 : 0;
      case '-v':
      case '--version':
        io.out((await import('./version.js')).cliVersion());
        return 0;
      case 'pop':
        return await runPop(rest, io, false);
      case 'explain':
        return await runPop(rest, io, true);
      case 'lint':
        return await runLint(rest, io);
      case 'port':
        return await runPort(rest, io);
      case 'test':
        return await runTest(rest, io);
      case 'reports':
        return await (await import('./reports.js')).runReports(rest, io);
      case 'settings':
        return await (await import('./settings.js')).runSettings(rest, io);
      case 'formats':
        return await (await import('./formats.js')).runFormats(rest, io);
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof InputReported) return 2;
    if (e instanceof UsageError) {
      io.err(`screenpop: ${e.message}\n${command && HELP[command] ? HELP[command] : 'Run "screenpop --help".'}`);
      return 2;
    }
    if (e instanceof OptionError) {
      io.err(`screenpop: ${e.message} [${e.code}]\nHint: ${e.hint}\nSee docs/errors.md#${e.code}`);
      return 2;
    }
    if (isScreenpopError(e)) {
      io.err(`screenpop: ${(e as ScreenpopError).message}`);
      return 2;
    }
    throw e;
  }
}
