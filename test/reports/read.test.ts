import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/index.js';
import {
  ReportColumnTypeSchema,
  ReportOrderSchema,
  ReportRowSchema,
  ReportWidthSchema,
  readReports,
  readReportsCsv,
  readReportsJson,
} from '../../src/reports/index.js';
import { FINDING_CASES } from '../fixtures/reports.cases.js';

const fixture = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../fixtures/reports/${name}`, import.meta.url)), 'utf8');

describe('readReports findings', () => {
  it.each(FINDING_CASES.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const { reports, findings } = readReports(c.rows);
    expect(findings.map((f) => [f.code, f.severity, f.report, f.rows])).toEqual(c.findings.map((f) => [...f]));
    if (c.order) {
      expect(Object.fromEntries(reports.map((r) => [r.name, r.columns.map((col) => col.name)]))).toEqual(c.order);
    }
    for (const f of findings) {
      expect(f.message.length).toBeGreaterThan(10);
      expect(f.hint.length).toBeGreaterThan(5);
    }
  });

  it('suggests the Type a typo stands for', () => {
    const { findings } = readReports([{ reportName: 'Agent', order: '1', description: 'Calls', key: 'calls', type: 'atribute', value: '10', name: 'calls' }]);
    expect(findings[0]).toMatchObject({ code: 'unknown_type', suggestion: 'attribute' });
    expect(findings[0]?.hint).toBe('Did you mean "attribute"?');
  });

  it('reads columns: heading, key, type, width, order', () => {
    const { reports } = readReports(readReportsCsv(fixture('agent.csv')).rows);
    const agent = reports[0]!;
    expect(agent.name).toBe('Agent');
    expect(agent.width).toBe(60);
    expect(agent.columns.map((c) => [c.order, c.heading, c.key, c.type, c.width])).toEqual([
      [1, 'Agent', 'fullname', 'attribute', 30],
      [2, 'State', 'agentstate', 'livestate', undefined],
      [3, 'Talk Time', 'talktime', 'attribute', 20],
      [4, 'Total Calls', 'totalcalls', 'attribute', 10],
    ]);
    expect(reports[1]?.columns.map((c) => [c.type, c.value, c.width])).toEqual([
      ['attribute', '40', 40],
      ['calculated', 'count', undefined],
    ]);
  });

  it('finds every problem in broken.csv, each with its rows', () => {
    const { reports, findings } = readReports(readReportsCsv(fixture('broken.csv')).rows);
    expect(reports.map((r) => r.name)).toEqual(['Agent', 'Queue']);
    expect(findings.map((f) => [f.report, f.code, f.severity, f.rows])).toEqual([
      ['Agent', 'width_over_100', 'warning', [0, 2, 5]],
      ['Agent', 'duplicate_name', 'error', [0, 5]],
      ['Agent', 'duplicate_order', 'error', [1, 2]],
      ['Agent', 'order_gap', 'info', [1, 2, 4]],
      ['Agent', 'missing_order', 'error', [3]],
      ['Agent', 'unknown_type', 'error', [3]],
      ['Agent', 'empty_key', 'error', [4]],
      ['Agent', 'bad_width', 'error', [4]],
      ['Agent', 'order_gap', 'info', [4, 5]],
      ['Queue', 'duplicate_name', 'warning', [2, 7]],
    ]);
    expect(findings[0]?.message).toBe("The attribute columns' widths add up to 110% (Agent 40 + Talk Time 30 + Answered 40), more than 100%.");
    expect(findings[2]?.message).toBe('Columns "State" (Name state), "Talk Time" (Name talkTime) all have Order 2; which shows first is not defined.');
    expect(findings[3]?.message).toBe('Order skips 3–4 (between 2 and 5); the columns still show in order.');
  });
});

describe('loading dialerReports exports through the shared loaders', () => {
  it('reads a CSV export and numbers rows by line', () => {
    const loaded = readReportsCsv(fixture('agent.csv'), { source: 'agent.csv' });
    expect(loaded.errors).toEqual([]);
    expect(loaded.rows).toHaveLength(6);
    expect(loaded.rowNumbers).toEqual([2, 3, 4, 5, 6, 7]);
    expect(loaded.rows[3]).toEqual({ reportName: 'Agent', order: '4', description: 'Total Calls', key: 'totalcalls', type: 'attribute', value: '10', name: 'totalCalls' });
    for (const r of loaded.rows) expect(ReportRowSchema.safeParse(r).success).toBe(true);
  });

  it('reads a Web API payload with publisher prefixes and numeric Orders, reporting bad rows precisely', () => {
    const loaded = readReportsJson(fixture('agent.json'), { source: 'agent.json' });
    expect(loaded.rows.map((r) => [r.name, r.order])).toEqual([
      ['agent', '1'],
      ['totalCalls', '2'],
    ]);
    expect(loaded.rowNumbers).toEqual([1, 2]);
    const byCode = Object.fromEntries(loaded.errors.map((e) => [e.code, e]));
    expect(loaded.errors.map((e) => [e.code, e.row, e.columnName]).sort()).toEqual([
      ['missing_value', 3, 'cts_reportname'],
      ['row_not_object', 4, undefined],
    ]);
    expect(byCode['missing_value']).toBeInstanceOf(ConfigError);
    expect(byCode['missing_value']?.message).toContain('agent.json row 3');
    expect(byCode['missing_value']?.hint).toBe('Write the name of the report the column belongs to, e.g. Agent.');
    expect(byCode['row_not_object']?.hint).toContain('"ReportName":"Agent"');
  });

  it('needs an Order column (one error, no rows)', () => {
    const loaded = readReportsCsv(fixture('missing-column.csv'), { source: 'missing-column.csv' });
    expect(loaded.rows).toEqual([]);
    expect(loaded.errors.map((e) => [e.code, e.row, e.columnName])).toEqual([['missing_column', 1, 'Order']]);
    expect(loaded.errors[0]?.hint).toBe('Add a "Order" column (or "<prefix>_order") to the export.');
  });

  it('matches display headers with spaces and any case; Name may be absent', () => {
    const loaded = readReportsCsv('Report Name;ORDER;Description;Key;Type;Value\nAgent;1;Calls;calls;attribute;10\n');
    expect(loaded.errors).toEqual([]);
    expect(loaded.rows).toEqual([{ reportName: 'Agent', order: '1', description: 'Calls', key: 'calls', type: 'attribute', value: '10', name: '' }]);
  });

  it('reports a blank ReportName by line and column', () => {
    const loaded = readReportsCsv('ReportName,Order,Description,Key,Type,Value,Name\nAgent,1,A,a,attribute,10,a\n,2,B,b,attribute,10,b\n');
    expect(loaded.rows).toHaveLength(1);
    expect(loaded.errors.map((e) => [e.code, e.row, e.columnName, e.line, e.column])).toEqual([['missing_value', 3, 'ReportName', 3, 1]]);
  });
});

describe('report zod models', () => {
  it.each([
    ['10', 10],
    [' 12.5% ', 12.5],
    ['0', 0],
    ['100', 100],
  ])('width %j is %d', (text, n) => {
    expect(ReportWidthSchema.parse(text)).toBe(n);
  });
  it.each(['', 'wide', '-5', '101', '10px'])('width %j is refused', (text) => {
    expect(ReportWidthSchema.safeParse(text).success).toBe(false);
  });
  it('orders and types', () => {
    expect(ReportOrderSchema.parse(' 07 ')).toBe(7);
    expect(ReportOrderSchema.safeParse('-1').success).toBe(false);
    expect(ReportColumnTypeSchema.parse('Calculated')).toBe('calculated');
    expect(ReportColumnTypeSchema.safeParse('column').success).toBe(false);
  });
});
