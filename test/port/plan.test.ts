import { describe, expect, it } from 'vitest';
import { planPort } from '../../src/port/index.js';

const crm1 = 'https://crm1.crm4.dynamics.com';
const from = {
  dialerKvTable: [
    { '@odata.etag': 'W/"1"', cts_dialerkvtableid: 'a1', cts_scope: 'global', cts_name: 'customURL_Rule', cts_key: '01', cts_value: 'lookupCount=0=>/WebResources/new_cp.html', createdon: '2026-01-01' },
    { cts_dialerkvtableid: 'a2', cts_scope: 'Global', cts_name: 'lookupEntities', cts_key: 'inbound', cts_value: 'contact, salesorder' },
    { cts_dialerkvtableid: 'a3', cts_scope: 'jane', cts_name: 'telephony', cts_key: 'provider', cts_value: 'TAPI' },
  ],
  dialerCallOutcome: [{ name: 'Sale' }, { name: 'No answer' }],
  dialerReports: [{ Description: 'Total Calls', Key: 'calls', Type: 'attribute', Value: '10', Order: '4', ReportName: 'Agent', Name: 'totalcalls' }],
  dialerDnis: [{ name: 'DEV', dnis: '1234', url: `${crm1}/main.aspx?etn=contact&pagetype=entityrecord`, image: 'new_DEV.png' }],
  dialerQueueSettings: [{ name: 'Sales queue', queueid: '7e2a5311-be86-e911-a84d-000d3ab0d976', crmurl: crm1 }],
};
const to = {
  dialerKvTable: [
    { cts_scope: 'global', cts_name: 'customURL_Rule', cts_key: '01', cts_value: '*=>default' },
    { cts_scope: 'bob', cts_name: 'telephony', cts_key: 'provider', cts_value: 'Skype' },
  ],
  dialerCallOutcome: [{ name: 'Old outcome' }],
};

describe('planPort', () => {
  const plan = planPort(from, to, { sourceCrmUrl: crm1, targetCrmUrl: 'https://crm2.crm4.dynamics.com' });

  it('dialerKvTable: replaces global rows only, keeps user rows, strips ids, system columns and annotations', () => {
    const kv = plan.steps.find((s) => s.table === 'dialerKvTable')!;
    expect(kv.action).toBe('replace-global');
    expect(kv.delete).toEqual([to.dialerKvTable[0]]);
    expect(kv.keep).toEqual([to.dialerKvTable[1]]);
    expect(kv.create).toEqual([
      { cts_scope: 'global', cts_name: 'customURL_Rule', cts_key: '01', cts_value: 'lookupCount=0=>/WebResources/new_cp.html' },
      { cts_scope: 'Global', cts_name: 'lookupEntities', cts_key: 'inbound', cts_value: 'contact, salesorder' },
    ]);
  });

  it('dialerCallOutcome and dialerReports: replace all', () => {
    const co = plan.steps.find((s) => s.table === 'dialerCallOutcome')!;
    expect([co.action, co.delete.length, co.create.length]).toEqual(['replace-all', 1, 2]);
    const rep = plan.steps.find((s) => s.table === 'dialerReports')!;
    expect([rep.action, rep.delete.length, rep.create.length]).toEqual(['replace-all', 0, 1]);
  });

  it('dialerDnis and dialerQueueSettings: manual steps naming the embedded URL and ids', () => {
    expect(plan.manual).toEqual([
      {
        table: 'dialerDnis',
        row: 'DEV',
        why: expect.stringContaining('CRM URL is part of the DNIS definition'),
        embedded: [{ column: 'url', value: `${crm1}/main.aspx?etn=contact&pagetype=entityrecord`, kind: 'url', suggested: 'https://crm2.crm4.dynamics.com/main.aspx?etn=contact&pagetype=entityrecord' }],
      },
      {
        table: 'dialerQueueSettings',
        row: 'Sales queue',
        why: expect.stringContaining('queue GUID'),
        embedded: [
          { column: 'queueid', value: '7e2a5311-be86-e911-a84d-000d3ab0d976', kind: 'id' },
          { column: 'crmurl', value: crm1, kind: 'url', suggested: 'https://crm2.crm4.dynamics.com' },
        ],
      },
    ]);
    expect(plan.steps.filter((s) => s.action === 'manual').every((s) => s.create.length === 0)).toBe(true);
  });

  it('counts and summary', () => {
    expect(plan.counts).toEqual({ delete: 2, create: 5, keep: 1, manual: 2 });
    expect(plan.summary).toContain('dialerKvTable: delete 1 global row(s), create 2 global row(s) from the source, keep 1 user row(s).');
    expect(plan.summary).toContain('Crm Configuration');
  });

  it('empty tables and bad input', () => {
    const p = planPort({}, {});
    expect(p.counts).toEqual({ delete: 0, create: 0, keep: 0, manual: 0 });
    expect(planPort({ dialerReports: 'x' as never }, {}).warnings[0]).toContain('dialerReports: expected an array');
  });
});
