/**
 * Prefilled new records (issue #14), their encoding inside `extraqs`
 * (issue #13 item 2), withheld and unreadable callers prefilling nothing
 * (issue #12 item 6), host-first identification and the pop configuration rows.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createMemoryLookup, lintConfig, newRecordUrl, popConfigFromKv, readablePrefillNumber, resolveScreenPop, type LookupAdapter } from '../../src/index.js';
import type { KvRow } from '../../src/config/row.js';

const CRM = 'https://contoso.crm4.dynamics.com';
const adapter = createMemoryLookup({ contact: [{ id: 'c1', fullname: 'Aoife Byrne', telephone1: '+353 86 856 1713' }] });
const FIELD_ROWS: KvRow[] = [
  { scope: 'global', name: 'newRecordField', key: 'contact.description', value: 'Called {dnisName} ({dnis})' },
  { scope: 'global', name: 'newRecordField', key: 'contact.jobtitle', value: '{subject}' },
];
const resolve = (call: Record<string, string>, rows: readonly KvRow[] = FIELD_ROWS, a: LookupAdapter = adapter) =>
  resolveScreenPop(call, { rows, user: 'ann', adapter: a, crmUrl: CRM, defaultRegion: 'IE' });

/** The fields a Dynamics form receives from `extraqs`, read as Dynamics reads it: decoded once, then a query string. */
function formFields(url: string): Record<string, string> {
  const extraqs = new URL(url).searchParams.get('extraqs');
  return extraqs === null ? {} : Object.fromEntries(new URLSearchParams(extraqs));
}

describe('extraqs: each prefilled value encoded on its own (#13 item 2)', () => {
  it('a value holding & and = stays the value of its own field', () => {
    const url = newRecordUrl(CRM, 'contact', 'telephone1', '1&fullname=Evil');
    expect(url).toBe(`${CRM}/main.aspx?etn=contact&pagetype=entityrecord&extraqs=telephone1%3D1%2526fullname%253DEvil`);
    expect(formFields(url)).toEqual({ telephone1: '1&fullname=Evil' });
  });

  it('+ survives (it is not read as a space), several fields in order', () => {
    const url = newRecordUrl(CRM, 'contact', { telephone1: '+353868561713', description: 'Called Sales & Support' });
    expect(formFields(url)).toEqual({ telephone1: '+353868561713', description: 'Called Sales & Support' });
    expect(newRecordUrl(CRM, 'contact', {})).toBe(`${CRM}/main.aspx?etn=contact&pagetype=entityrecord`);
  });

  it('no caller ID or CRM value changes the set of fields prefilled (10,000 runs)', async () => {
    const hostile = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom('1&fullname=Evil', '%26fullname%3DEvil', '+353868561713&x=1', 'a=b=c', '&&&', '%', '#frag', '\u0000', 'ε&ζ=η'),
    );
    await fc.assert(
      fc.asyncProperty(hostile, hostile, hostile, async (telephoneNo, dnisName, subject) => {
        const pop = await resolve({ telephoneNo, dnisName, dnis: '1', subject });
        if (pop.kind !== 'new') return;
        const fields = formFields(pop.url);
        // The form gets exactly the prefill: same names, same values.
        expect(fields).toEqual({ ...pop.prefill });
        expect(Object.keys(fields).every((k) => ['telephone1', 'description', 'jobtitle'].includes(k))).toBe(true);
        expect(fields['description']).toBe(`Called ${dnisName} (1)`);
      }),
      { numRuns: 10_000 },
    );
  }, 120_000);
});

describe('withheld or unreadable callers prefill nothing (#12 item 6)', () => {
  const NOTHING = ['anonymous', 'Anonymous', 'UNKNOWN', 'private', 'sip:anonymous@anonymous.invalid', '"Anonymous" <sip:anonymous@anonymous.invalid>', 'sip:alice@pbx.example.com', '0044', '011', '', '   ', '+49 0', '1&fullname=Evil', '12345678901234567890123'];
  for (const telephoneNo of NOTHING) {
    it(`${JSON.stringify(telephoneNo)} → no phone field`, async () => {
      const pop = await resolve({ telephoneNo, dnisName: 'Sales', dnis: '1' }, FIELD_ROWS.slice(0, 1));
      expect(pop.kind).toBe('new');
      if (pop.kind !== 'new') return;
      expect(pop.prefill).toEqual({ description: 'Called Sales (1)' });
      expect(formFields(pop.url)).toEqual({ description: 'Called Sales (1)' });
    });
  }

  it('a readable number is prefilled in E.164, whatever form the switch sent', async () => {
    for (const telephoneNo of ['+353 87 000 0000', '087 000 0000', '00353870000000']) {
      const pop = await resolve({ telephoneNo }, []);
      expect(pop.kind === 'new' && pop.prefill).toEqual({ telephone1: '+353870000000' });
    }
  });

  it('readablePrefillNumber: the lookup’s E.164 number, never for an internal call, an unreadable caller or a failed lookup', () => {
    expect(readablePrefillNumber({ normalized: '+353868561713', internal: false })).toBe('+353868561713');
    expect(readablePrefillNumber({ normalized: '+353868561713', internal: true })).toBeUndefined();
    expect(readablePrefillNumber({ normalized: '+353868561713', internal: false, error: new Error('x') })).toBeUndefined();
    expect(readablePrefillNumber({ reason: 'withheld', internal: false })).toBeUndefined();
  });
});

describe('newRecordField rows', () => {
  it('fill templates from the call; a user row replaces the global row of its Key; other entities are not prefilled', async () => {
    const rows: KvRow[] = [
      ...FIELD_ROWS,
      { scope: 'ann', name: 'newRecordField', key: 'contact.description', value: 'Line {{{dnisName}}}' },
      { scope: 'global', name: 'newRecordField', key: 'account.description', value: 'x' },
    ];
    const pop = await resolve({ telephoneNo: '+353 87 000 0000', dnisName: 'Sales', subject: '' }, rows);
    expect(pop.kind === 'new' && pop.prefill).toEqual({ telephone1: '+353870000000', description: 'Line {Sales}' });
  });

  it('a row that cannot be used is skipped with a warning in the pop and a lint finding', async () => {
    const rows: KvRow[] = [
      { scope: 'global', name: 'newRecordField', key: 'contact.description', value: 'Queue {queue}' },
      { scope: 'global', name: 'newRecordField', key: 'description', value: 'x' },
      { scope: 'global', name: 'newRecordField', key: 'lead.subject', value: 'Called {dnisName}' },
      { scope: 'global', name: 'newRecordField', key: 'contact.telephone2', value: '{telephoneNo}' },
    ];
    const pop = await resolve({ telephoneNo: '+353 87 000 0000' }, rows);
    expect(pop.kind === 'new' && pop.prefill).toEqual({ telephone1: '+353870000000', telephone2: '+353 87 000 0000' });
    expect(pop.warnings).toEqual([
      expect.stringContaining('newRecordField contact.description: {queue} is not a call parameter'),
      expect.stringContaining('newRecordField Key "description" is not <entity>.<attribute>'),
    ]);
    const findings = lintConfig(rows).filter((f) => f.code === 'pop_config');
    expect(findings.map((f) => [f.severity, f.row?.key, f.message])).toEqual([
      ['warning', 'contact.description', expect.stringContaining('{queue} is not a call parameter')],
      ['warning', 'description', expect.stringContaining('is not <entity>.<attribute>')],
      ['warning', 'lead.subject', 'newRecordField lead.subject is never used: new-record pops open contact (the first lookupEntities entity)'],
      ['info', 'contact.telephone2', expect.stringContaining('copies {telephoneNo}, the caller ID as the switch sent it')],
    ]);
  });
});

describe('host-first identification (hostCustomerFirst)', () => {
  const counting = () => {
    const calls: string[] = [];
    const a: LookupAdapter = {
      name: 'spy',
      async find(q) {
        calls.push(q.entity);
        return adapter.find(q);
      },
    };
    return { a, calls };
  };
  const FIRST: KvRow[] = [{ scope: 'global', name: 'hostCustomerFirst', key: '', value: 'true' }];

  it('off (default): the phone lookup decides, as before', async () => {
    const { a, calls } = counting();
    const pop = await resolve({ telephoneNo: '086 856 1713', customerType: 'account', customerID: 'a9' }, [], a);
    expect(calls.length).toBeGreaterThan(0);
    expect(pop.kind === 'record' && [pop.entity, pop.id]).toEqual(['contact', 'c1']);
    expect(pop.lookup.identifiedBy).toBeUndefined();
  });

  it('on: the record the host names pops, and no lookup runs', async () => {
    const { a, calls } = counting();
    const pop = await resolve({ telephoneNo: '086 856 1713', customerType: 'Account', customerID: 'a9', fullName: 'Contoso' }, FIRST, a);
    expect(calls).toEqual([]);
    expect(pop).toMatchObject({ kind: 'record', entity: 'account', id: 'a9', url: `${CRM}/main.aspx?etn=account&id=a9&pagetype=entityrecord` });
    expect(pop.lookup).toMatchObject({ count: 1, identifiedBy: 'host' });
    expect(pop.params).toMatchObject({ customerType: 'account', customerID: 'a9', fullName: 'Contoso' });
  });

  it('on: rules see the host’s customer (fromParty.Key, lookupCount=1)', async () => {
    const rows: KvRow[] = [...FIRST, { scope: 'global', name: 'customURL_Rule', key: '01', value: 'fromParty.Key=account && lookupCount=1 => /WebResources/acct.html' }];
    const pop = await resolve({ telephoneNo: 'anonymous', customerType: 'account', customerID: 'a9' }, rows);
    expect(pop.kind === 'url' && pop.url).toMatch(/\/WebResources\/acct\.html\?Data=.*customerID%3Da9/);
  });

  it('on, but no customer or a malformed one: the phone lookup runs (with a warning for the malformed one)', async () => {
    const { a, calls } = counting();
    expect((await resolve({ telephoneNo: '086 856 1713' }, FIRST, a)).kind).toBe('record');
    const bad = await resolve({ telephoneNo: '086 856 1713', customerType: "account' or 1=1", customerID: 'a9' }, FIRST, a);
    expect(calls.length).toBeGreaterThan(1);
    expect(bad.kind === 'record' && bad.id).toBe('c1');
    expect(bad.warnings).toContainEqual(expect.stringContaining('hostCustomerFirst: the call names customer'));
  });
});

describe('popConfigFromKv', () => {
  it('defaults, values, and warnings for bad values', () => {
    expect(popConfigFromKv([], { user: 'ann' }).config).toEqual({ newRecordFields: [], hostCustomerFirst: false, trigger: 'ring' });
    const rows: KvRow[] = [
      { scope: 'global', name: 'popTrigger', key: '', value: 'answer' },
      { scope: 'global', name: 'hostCustomerFirst', key: '', value: 'TRUE' },
      { scope: 'bob', name: 'popTrigger', key: '', value: 'pickup' },
      { scope: 'bob', name: 'hostCustomerFirst', key: '', value: 'yes' },
    ];
    expect(popConfigFromKv(rows, { user: 'ann' })).toEqual({ config: { newRecordFields: [], hostCustomerFirst: true, trigger: 'answer' }, warnings: [] });
    const bob = popConfigFromKv(rows, { user: 'bob' });
    expect(bob.config).toEqual({ newRecordFields: [], hostCustomerFirst: false, trigger: 'ring' });
    expect(bob.warnings.map((w) => [w.code, w.index])).toEqual([
      ['bad_setting', 3],
      ['bad_setting', 2],
    ]);
    expect(lintConfig(rows).filter((f) => f.code === 'pop_config').map((f) => f.row?.scope)).toEqual(['bob', 'bob']);
  });
});
