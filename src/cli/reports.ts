/**
 * `screenpop reports <file>`: each real-time-display report of a
 * `dialerReports` export as an aligned table, then its findings.
 *
 * @module
 */
import { readReports, readReportsCsv, readReportsJson, type Report, type ReportFinding } from '../reports/index.js';
import { alignTable, paint, parseCommand, readOrReport, type CliIo } from './format.js';
import { looksJson, readText } from './io.js';

const HELP = `Usage: screenpop reports <file> [--report <name>] [--json]

Reads a dialerReports export (CSV or JSON) and prints each real-time-display
report as a table of its columns in Order (order, heading, key, type, width,
name), then its findings (duplicate or missing Order, widths over 100%,
unknown Type, one Name on two columns, empty Key).

Options:
  --report <name>   only this report (ReportName, case-sensitive)
  --json            print { reports, findings } as JSON
  -h, --help

Exit codes: 0 no error findings, 1 error findings, 2 usage or input errors.`;


function formatReport(report: Report): string {
  const lines: string[][] = [['order', 'heading', 'key', 'type', 'width', 'name']];
  for (const c of report.columns) {
    lines.push([
      c.order === undefined ? `?${c.row.order.trim() === '' ? '' : ` ${c.row.order.trim()}`}` : String(c.order),
      c.heading,
      c.key,
      c.type ?? `${c.row.type.trim()}?`,
      c.type === 'attribute' ? (c.width === undefined ? `${c.value}?` : `${c.width}%`) : '',
      c.name,
    ]);
  }
  const n = report.columns.length;
  return `Report ${JSON.stringify(report.name)}: ${n} column${n === 1 ? '' : 's'}, attribute widths ${Math.round(report.width * 100) / 100}%\n${alignTable(lines).replace(/^/gm, '  ')}`;
}

function formatFinding(f: ReportFinding, where: string, io: CliIo): string {
  const sev = f.severity === 'error' ? paint(io, '31', 'error') : f.severity === 'warning' ? paint(io, '33', 'warning') : 'info';
  return `  ${sev} ${f.code} [${where}]: ${f.message}\n      fix: ${f.hint}`;
}

/**
 * Runs `screenpop reports` with `args` (after the command name) and returns
 * the exit code: 0 no error findings, 1 error findings, 2 usage or input errors.
 *
 * @example
 * ```ts
 * import { runReports } from './reports.js';
 * const code = await runReports(['test/fixtures/reports/agent.csv'], { out: console.log, err: console.error, color: false });
 * ```
 */
export async function runReports(args: string[], io: CliIo): Promise<number> {
  const parsed = parseCommand(args, { help: { type: 'boolean', short: 'h' }, json: { type: 'boolean' }, report: { type: 'string' } }, HELP, io);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const file = positionals[0];
  if (!file || positionals.length > 1) {
    io.err(`screenpop: ${file ? 'reports takes one file' : 'reports needs a dialerReports file'}\n${HELP}`);
    return 2;
  }
  const text = readOrReport(io, () => readText(file));
  if (text === undefined) return 2;
  const loaded = looksJson(file, text) ? readReportsJson(text, { source: file }) : readReportsCsv(text, { source: file });
  if (loaded.errors.length > 0) {
    for (const e of loaded.errors) io.err(`${file}: ${e.message}`);
    return 2;
  }
  const all = readReports(loaded.rows);
  const reports = values.report === undefined ? all.reports : all.reports.filter((r) => r.name === values.report);
  if (values.report !== undefined && reports.length === 0) {
    io.err(`screenpop: ${file} has no report named ${JSON.stringify(values.report)}; reports: ${all.reports.map((r) => JSON.stringify(r.name)).join(', ') || '(none)'}`);
    return 2;
  }
  const unit = looksJson(file, text) ? 'row' : 'line';
  const numbers = (f: ReportFinding): number[] => f.rows.map((i) => loaded.rowNumbers[i] ?? i + 1);
  const where = (f: ReportFinding): string => {
    const n = numbers(f);
    return `${file} ${unit}${n.length === 1 ? '' : 's'} ${n.join(', ')}`;
  };
  const names = new Set(reports.map((r) => r.name));
  const findings = all.findings.filter((f) => names.has(f.report));
  if (values.json) {
    io.out(
      JSON.stringify(
        {
          reports: reports.map((r) => ({
            name: r.name,
            width: r.width,
            columns: r.columns.map((c) => ({ order: c.order ?? null, heading: c.heading, key: c.key, type: c.type ?? null, width: c.width ?? null, value: c.value, name: c.name, [unit]: loaded.rowNumbers[c.index] ?? c.index + 1 })),
          })),
          findings: findings.map((f) => ({ ...f, [`${unit}s`]: numbers(f) })),
        },
        null,
        2,
      ),
    );
  } else {
    for (const r of reports) {
      io.out(formatReport(r));
      const mine = findings.filter((f) => f.report === r.name);
      if (mine.length > 0) io.out(mine.map((f) => formatFinding(f, where(f), io)).join('\n'));
      io.out('');
    }
    const errors = findings.filter((f) => f.severity === 'error').length;
    io.out(`${reports.length} report(s), ${findings.length} finding(s), ${errors} error(s) in ${loaded.rows.length} row(s)`);
  }
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}
