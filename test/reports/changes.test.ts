import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ReportError,
  applyReportChange,
  insertColumn,
  moveColumn,
  readReports,
  removeColumn,
  type Report,
  type ReportChange,
  type ReportRow,
} from '../../src/reports/index.js';
import { isScreenpopError } from '../../src/errors/index.js';
import { EDIT_CASES, FOUR, col } from '../fixtures/reports.cases.js';

const NEW = { description: 'New', key: 'newkey', type: 'attribute', value: '5', name: 'new' } as const;

function reportOf(rows: readonly ReportRow[], name = 'Agent'): Report {
  return readReports(rows).reports.find((r) => r.name === name) ?? { name, columns: [], width: 0 };
}

function edit(rows: readonly ReportRow[], e: (typeof EDIT_CASES)[number]['edit']): ReportChange {
  const report = reportOf(rows);
  if (e.kind === 'insert') return insertColumn(report, NEW, e.position);
  if (e.kind === 'move') return moveColumn(report, e.column, e.position);
  return removeColumn(report, e.column);
}

describe('insert, move and remove: apply the changes and re-read', () => {
  it.each(EDIT_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const before = structuredClone(c.rows);
    const change = edit(c.rows, c.edit);
    expect(c.rows).toEqual(before); // nothing mutated
    expect(change.kind).toBe(c.edit.kind);
    expect(change.orders.map((o) => [o.name, o.from, o.to])).toEqual(c.changes.map((x) => [...x]));
    if (c.added !== undefined) expect(change.add).toEqual({ reportName: 'Agent', order: c.added, ...NEW });
    const after = applyReportChange(c.rows, change);
    const report = reportOf(after);
    expect(report.columns.map((col) => col.name)).toEqual(c.after);
    const bad = readReports(after).findings.filter((f) => f.severity !== 'info');
    expect(bad).toEqual([]);
  });

  it('removeColumn names the row to delete and its position', () => {
    const change = removeColumn(reportOf(FOUR), 'c');
    expect(change.remove).toEqual({ row: FOUR[2], index: 2 });
    expect(applyReportChange(FOUR, change)).toEqual([FOUR[0], FOUR[1], FOUR[3]]);
  });

  it('the seed example: insert Total Calls in the middle of a report, shuffling the rest forward', () => {
    const rows = [col('1', 'agent', { key: 'fullname', value: '30' }), col('2', 'state', { type: 'livestate', value: '' }), col('3', 'talkTime', { value: '20' })];
    const report = reportOf(rows);
    const change = insertColumn(report, { description: 'Total Calls', key: 'totalcalls', type: 'attribute', value: '10', name: 'totalCalls' }, 2);
    expect(change.add).toEqual({ reportName: 'Agent', order: '3', description: 'Total Calls', key: 'totalcalls', type: 'attribute', value: '10', name: 'totalCalls' });
    expect(change.orders.map((o) => [o.name, o.index, o.from, o.to])).toEqual([['talkTime', 2, '3', 4]]);
  });
});

describe('report edit errors', () => {
  const report = reportOf(FOUR);
  const cases: Array<[string, () => unknown, string, string | RegExp]> = [
    ['unknown column, with a suggestion', () => moveColumn(report, 'dd', 0), 'unknown_column', 'Did you mean "d"?'],
    ['unknown column lists the names', () => removeColumn(report, 'zzzzzz'), 'unknown_column', 'Its columns are named: a, b, c, d.'],
    ['ambiguous column', () => removeColumn(reportOf([col('1', 'a'), col('2', 'a')]), 'a'), 'ambiguous_column', /Give each column its own Name/],
    ['insert past the end', () => insertColumn(report, NEW, 5), 'bad_position', /0 is the first column/],
    ['move to the length (one past the last)', () => moveColumn(report, 'a', 4), 'bad_position', /0 is the first column/],
    ['negative position', () => insertColumn(report, NEW, -1), 'bad_position', /0 is the first column/],
    ['fractional position', () => insertColumn(report, NEW, 1.5), 'bad_position', /0 is the first column/],
    ['Name already used', () => insertColumn(report, { ...NEW, name: 'b' }, 0), 'column_name_taken', /Choose another Name/],
    ['blank Key', () => insertColumn(report, { ...NEW, key: ' ' }, 0), 'invalid_column', /Give the column a Key/],
    ['unknown Type', () => insertColumn(report, { ...NEW, type: 'atribute' }, 0), 'invalid_column', /Give the column a Key/],
    ['attribute without a width', () => insertColumn(report, { ...NEW, value: 'wide' }, 0), 'invalid_column', /Give the column a Key/],
  ];
  it.each(cases)('%s', (_name, run, code, hint) => {
    let caught: unknown;
    try {
      run();
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ReportError);
    expect(isScreenpopError(caught)).toBe(true);
    const e = caught as ReportError;
    expect(e.code).toBe(code);
    expect(e.report).toBe(e.code === 'ambiguous_column' ? 'Agent' : 'Agent');
    if (typeof hint === 'string') expect(e.hint).toBe(hint);
    else expect(e.hint).toMatch(hint);
    expect(e.message).toContain(`docs/errors.md#${code}`);
  });

  it('names what is wrong with a new column', () => {
    expect(() => insertColumn(report, { ...NEW, type: 'atribute' }, 0)).toThrow(/Type "atribute" is not one of attribute, rule, filter, calculated, livestate \(did you mean "attribute"\?\)/);
  });

  it('refuses to apply a change to rows that changed since', () => {
    const change = insertColumn(report, NEW, 0);
    const edited = FOUR.map((r, i) => (i === 2 ? { ...r, value: '15' } : r));
    expect(() => applyReportChange(edited, change)).toThrow(ReportError);
    try {
      applyReportChange(edited, change);
    } catch (e) {
      expect((e as ReportError).code).toBe('stale_change');
    }
  });
});

/** The fewest existing rows to renumber, by trying every subset of rows to keep. */
function bruteMinimum(orders: ReadonlyArray<number | undefined>, floor: number): number {
  const n = orders.length;
  let best = n;
  for (let mask = 0; mask < 1 << n; mask++) {
    let ok = true;
    let prev = floor - 1;
    let kept = 0;
    for (let i = 0; i < n && ok; i++) {
      const o = orders[i];
      if (mask & (1 << i)) {
        if (o === undefined || o <= prev) ok = false;
        else {
          prev = o;
          kept++;
        }
      } else prev = prev + 1;
    }
    if (ok) best = Math.min(best, n - kept);
  }
  return best;
}

describe('changes are minimal and always give the intended order (property)', () => {
  const orderText = fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 0, max: 9 }).map(String) }, { weight: 1, arbitrary: fc.constant('') });
  const table = fc.array(orderText, { minLength: 0, maxLength: 7 }).map((orders) => orders.map((o, i) => col(o, `c${i}`)));

  it('insert at any position', () => {
    fc.assert(
      fc.property(table, fc.nat(), (rows, p) => {
        const report = reportOf(rows);
        const position = p % (report.columns.length + 1);
        const change = insertColumn(report, NEW, position);
        const after = reportOf(applyReportChange(rows, change));
        const intended = report.columns.map((c) => c.name);
        intended.splice(position, 0, 'new');
        expect(after.columns.map((c) => c.name)).toEqual(intended);
        expect(readReports(applyReportChange(rows, change)).findings.filter((f) => f.code === 'duplicate_order' || f.code === 'missing_order')).toEqual([]);
        const seq: Array<number | undefined> = report.columns.map((c) => c.order);
        seq.splice(position, 0, undefined);
        const floor = Math.min(1, ...report.columns.map((c) => c.order ?? 1));
        expect(change.orders.length).toBe(bruteMinimum(seq, floor) - 1);
      }),
      { numRuns: 300 },
    );
  });

  it('move any column anywhere', () => {
    fc.assert(
      fc.property(table.filter((rows) => rows.length > 0), fc.nat(), fc.nat(), (rows, a, b) => {
        const report = reportOf(rows);
        const column = report.columns[a % report.columns.length]!;
        const position = b % report.columns.length;
        const change = moveColumn(report, column.name, position);
        const intended = report.columns.map((c) => c.name).filter((n) => n !== column.name);
        intended.splice(position, 0, column.name);
        expect(reportOf(applyReportChange(rows, change)).columns.map((c) => c.name)).toEqual(intended);
        const seq: Array<number | undefined> = intended.map((n) => report.columns.find((c) => c.name === n)!.order);
        const floor = Math.min(1, ...report.columns.map((c) => c.order ?? 1));
        expect(change.orders.length).toBe(bruteMinimum(seq, floor));
      }),
      { numRuns: 300 },
    );
  });
});
