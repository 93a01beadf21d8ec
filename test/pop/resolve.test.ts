import { describe, expect, it } from 'vitest';
import type { KvRow } from '../../src/config/row.js';
import { LookupError } from '../../src/lookup/errors.js';
import { createMemoryLookup } from '../../src/lookup/memory.js';
import type { LookupAdapter } from '../../src/lookup/types.js';
import { resolveScreenPop, PopError, type CallEvent } from '../../src/pop/index.js';
import { makeCall } from '../../src/testing/index.js';

const CRM = 'https://contoso.crm4.dynamics.com';
const g = (name: string, key: string, value: string, type?: string, parent?: string): KvRow => ({
  scope: 'global',
  name,
  key,
  value,
  ...(type ? { type } : {}),
  ...(parent ? { parent } : {}),
});

const rows: KvRow[] = [
  g('lookupEntities', 'inbound', 'contact, salesorder'),
  g('incomingLookup_salesorder', '1', 'new_phone1', 'phone'),
  g('incomingLookup_salesorder', '1', 'statecode=0', 'filter'),
  g('entityPrimaryNames', 'salesorder', 'name', 'string', 'AppSettings'),
  g('customURL_Rule', '01', 'lookupCount=0 && direction=inbound => /WebResources/new_unknown.html?tel={telephoneNo}'),
  g('customURL_Rule', '02', 'fromParty.Key=salesorder => default'),
  g('customURL_Rule', '03', 'dnis=1234 && fromParty.Key=contact => CP.html'),
  g('customURL_Rule', '04', 'dnis=9999 => https://x.example.com/p?a=1#frag'),
];

const records = {
  contact: [
    { id: 'c1', fullname: 'Aoife Byrne', telephone1: '086 856 1713' },
    { id: 'c2', fullname: 'Seán Murphy', telephone1: '+353 1 555 0101' },
  ],
  salesorder: [
    { id: 'o1', name: 'ORD-1 Seán Murphy', new_phone1: '(01) 555 0101', statecode: 0 },
    { id: 'o2', name: 'ORD-2 closed', new_phone1: '+353868561713', statecode: 1 },
    { id: 'o3', name: 'ORD-3 Niamh', new_phone1: '+353 87 111 2222', statecode: 0 },
  ],
};
const adapter = createMemoryLookup(records);
const opts = { rows, user: 'ann', adapter, crmUrl: CRM, defaultRegion: 'IE' };
const call = (o: Partial<CallEvent>) => makeCall({ dnis: '5555', dnisName: '', ...o });

describe('resolveScreenPop: end to end', () => {
  it('unknown caller → the rule URL, relative to the CRM, with Data= (byte for byte)', async () => {
    const pop = await resolveScreenPop(
      { direction: 'inbound', telephoneNo: '+353 87 000 0000', agent: 'Dyn Crm06', state: 'start', type: 'phonecall' },
      opts,
    );
    expect(pop.kind).toBe('url');
    if (pop.kind !== 'url') return;
    expect(pop.rule.key).toBe('01');
    expect(pop.url).toBe(
      `${CRM}/WebResources/new_unknown.html?tel=%2B353%2087%20000%200000&Data=state%3Dstart%26type%3Dphonecall%26phoneCallID%3D%26direction%3Dinbound%26telephoneNo%3D%252B353+87+000+0000%26dnis%3D%26dnisName%3D%26agentType%3D%26agentId%3D%26customerType%3D%26customerID%3D%26ReType%3D%26ReId%3D%26dtCallId%3D%26agent%3DDyn+Crm06%26fullName%3D%26description%3D%26customText%3D%26subject%3D`,
    );
    expect(pop.lookup.count).toBe(0);
  });

  it('one open order → its record form (rule 02 says default)', async () => {
    const pop = await resolveScreenPop(call({ telephoneNo: '087 111 2222' }), opts);
    expect(pop).toMatchObject({ kind: 'record', entity: 'salesorder', id: 'o3', url: `${CRM}/main.aspx?etn=salesorder&id=o3&pagetype=entityrecord`, rule: { key: '02' } });
    expect(pop.params.customerType).toBe('salesorder');
    expect(pop.params.fullName).toBe('ORD-3 Niamh');
  });

  it('a contact whose only order is closed → the contact (the filter hides the order)', async () => {
    const pop = await resolveScreenPop(call({ telephoneNo: '+353868561713' }), opts);
    expect(pop).toMatchObject({ kind: 'record', entity: 'contact', id: 'c1' });
    expect('rule' in pop ? pop.rule : undefined).toBeUndefined();
  });

  it('contact + open order → choose, contact first', async () => {
    const pop = await resolveScreenPop(call({ telephoneNo: '01 555 0101' }), opts);
    expect(pop.kind).toBe('choose');
    if (pop.kind === 'choose') expect(pop.candidates.map((c) => c.id)).toEqual(['c2', 'o1']);
    expect(pop.explanation.decision.rule).toBeUndefined();
  });

  it('a direction neither DIRECTIONS nor a rule names pops with a warning saying so (a typo used to pop silently)', async () => {
    const typo = await resolveScreenPop({ direction: 'inbund', telephoneNo: '+353 87 000 0000' }, opts);
    expect(typo.kind).toBe('new'); // rule 01 wants direction=inbound
    expect(typo.warnings).toContain(
      'The call\'s direction "inbund" is none of inbound, queue, outbound, clicktocall, transfer (did you mean inbound?) and no rule names it; it was searched as inbound.',
    );
    const other = await resolveScreenPop({ direction: 'callback', telephoneNo: '+353 87 000 0000' }, opts);
    expect(other.warnings.filter((w) => w.includes('direction'))).toEqual([
      'The call\'s direction "callback" is none of inbound, queue, outbound, clicktocall, transfer and no rule names it; it was searched as inbound.',
    ]);
    // Known directions, in any case and spacing, and no direction (inbound) warn of nothing.
    for (const direction of ['inbound', ' Inbound ', 'QUEUE', 'clicktocall', undefined]) {
      const pop = await resolveScreenPop({ telephoneNo: '+353 87 000 0000', ...(direction === undefined ? {} : { direction }) }, opts);
      expect(pop.warnings.filter((w) => w.includes('direction')), String(direction)).toEqual([]);
    }
    // A host's own direction that a rule names is no mistake.
    const own = [...rows, g('customURL_Rule', '00', 'direction=Callback => /WebResources/new_callback.html')];
    const named = await resolveScreenPop({ direction: 'callback', telephoneNo: '+353 87 000 0000' }, { ...opts, rows: own });
    expect(named).toMatchObject({ kind: 'url', rule: { key: '00' } });
    expect(named.warnings.filter((w) => w.includes('direction'))).toEqual([]);
  });

  it('policy preferEntity picks the single contact', async () => {
    const pop = await resolveScreenPop(call({ telephoneNo: '01 555 0101' }), { ...opts, policy: 'preferEntity' });
    expect(pop).toMatchObject({ kind: 'record', entity: 'contact', id: 'c2' });
  });

  it('a bare web resource name resolves under /WebResources/', async () => {
    const pop = await resolveScreenPop(call({ telephoneNo: '0868561713', dnis: '1234' }), opts);
    expect(pop.kind).toBe('url');
    if (pop.kind === 'url') expect(pop.url.startsWith(`${CRM}/WebResources/CP.html?Data=state%3Dincoming%26`)).toBe(true);
  });

  it('absolute URLs keep their query and fragment; Data= goes before #', async () => {
    const pop = await resolveScreenPop(call({ telephoneNo: '+353 87 000 0001', direction: 'queue', dnis: '9999' }), opts);
    expect(pop.kind).toBe('url');
    if (pop.kind === 'url') {
      expect(pop.url.startsWith('https://x.example.com/p?a=1&Data=state%3Dincoming')).toBe(true);
      expect(pop.url.endsWith('#frag')).toBe(true);
    }
  });

  it('no match and no rule → the new-record form of the first entity with the number prefilled', async () => {
    const pop = await resolveScreenPop(call({ telephoneNo: '+353 87 000 0002', direction: 'queue' }), opts);
    expect(pop).toMatchObject({
      kind: 'new',
      entity: 'contact',
      url: `${CRM}/main.aspx?etn=contact&pagetype=entityrecord&extraqs=telephone1%3D%252B353870000002`,
      prefill: { telephone1: '+353870000002' },
    });
  });

  it('anonymous caller IDs give count 0 with a reason, never an exception', async () => {
    const pop = await resolveScreenPop(call({ telephoneNo: 'anonymous', direction: 'queue' }), opts);
    expect(pop.kind).toBe('new');
    expect(pop.lookup.count).toBe(0);
    expect(pop.lookup.reason).toBeDefined();
    // Withheld and unreadable callers prefill nothing; a SIP caller ID prefills its E.164.
    expect(pop.kind === 'new' && pop.url).toBe(`${CRM}/main.aspx?etn=contact&pagetype=entityrecord`);
    for (const telephoneNo of ['"Anonymous" <sip:anonymous@anonymous.invalid>', 'UNKNOWN', '0044', 'sip:bob@pbx.example.com']) {
      const p = await resolveScreenPop(call({ telephoneNo, direction: 'queue' }), opts);
      expect(p.kind === 'new' && p.url, telephoneNo).toBe(`${CRM}/main.aspx?etn=contact&pagetype=entityrecord`);
    }
    const sip = await resolveScreenPop(call({ telephoneNo: 'sip:+353870000002@pbx.example.com;user=phone', direction: 'queue' }), opts);
    expect(sip.kind === 'new' && sip.url).toBe(`${CRM}/main.aspx?etn=contact&pagetype=entityrecord&extraqs=telephone1%3D%252B353870000002`);
    expect(sip.kind === 'new' && sip.prefill).toEqual({ telephone1: '+353870000002' });
  });
});

describe('resolveScreenPop: lookup failures', () => {
  const failing: LookupAdapter = {
    name: 'down',
    find: async () => {
      throw new LookupError('lookup_http_status', 'HTTP 503 from the CRM', { entity: 'contact', status: 503 });
    },
  };
  it('never throws; lookupCount is unknown so rules that test it do not hold; default falls back to choose', async () => {
    const pop = await resolveScreenPop(call({ telephoneNo: '+353 87 000 0000', direction: 'inbound' }), { ...opts, adapter: failing });
    expect(pop.kind).toBe('choose');
    expect(pop.lookup.error?.code).toBe('lookup_http_status');
    expect(pop.explanation.rules[0]!.status).toBe('unknown');
    expect(pop.warnings.some((w) => w.includes('lookup failed'))).toBe(true);
  });
  it('rules that do not test the lookup still decide', async () => {
    const pop = await resolveScreenPop(call({ telephoneNo: '+353 87 000 0000', dnis: '9999' }), { ...opts, adapter: failing });
    expect(pop).toMatchObject({ kind: 'url', rule: { key: '04' } });
  });
  it('an adapter that rejects with a plain Error is wrapped, not rethrown', async () => {
    const broken: LookupAdapter = { name: 'broken', find: () => Promise.reject(new TypeError('boom')) };
    const pop = await resolveScreenPop(call({ telephoneNo: '+353 87 000 0000' }), { ...opts, adapter: broken });
    expect(pop.lookup.error).toBeDefined();
  });
});

describe('resolveScreenPop: configuration', () => {
  it('per-user rules replace the global rule with the same key', async () => {
    const own = [...rows, { scope: 'ann', name: 'customURL_Rule', key: '01', value: 'lookupCount=0 => /WebResources/ann.html' }];
    const ann = await resolveScreenPop(call({ telephoneNo: '+353 87 000 0000', direction: 'queue' }), { ...opts, rows: own });
    const bob = await resolveScreenPop(call({ telephoneNo: '+353 87 000 0000', direction: 'queue' }), { ...opts, rows: own, user: 'bob' });
    expect(ann.kind === 'url' && ann.url.startsWith(`${CRM}/WebResources/ann.html?Data=`)).toBe(true);
    expect(bob.kind).toBe('new');
  });
  it('recompiles when the rows array changes, and reuses it otherwise', async () => {
    const a = [...rows];
    const p1 = await resolveScreenPop(call({ telephoneNo: '+353 87 000 0000', dnis: '9999', direction: 'queue' }), { ...opts, rows: a });
    const b = [...rows.slice(0, 4), g('customURL_Rule', '04', 'dnis=9999 => /WebResources/changed.html')];
    const p2 = await resolveScreenPop(call({ telephoneNo: '+353 87 000 0000', dnis: '9999', direction: 'queue' }), { ...opts, rows: b });
    expect(p1.kind === 'url' && p1.url.startsWith('https://x.example.com/')).toBe(true);
    expect(p2.kind === 'url' && p2.url.startsWith(`${CRM}/WebResources/changed.html`)).toBe(true);
  });
  it('time rules use the injected clock and zone', async () => {
    const timed = [g('customURL_Rule', '01', 'time>=18:00 => /WebResources/late.html')];
    const late = await resolveScreenPop(call({ telephoneNo: '+353 87 000 0000' }), { ...opts, rows: timed, now: new Date('2026-06-01T17:30:00Z'), timeZone: 'Europe/Dublin' });
    expect(late.kind).toBe('url');
    const early = await resolveScreenPop(call({ telephoneNo: '+353 87 000 0000' }), { ...opts, rows: timed, now: new Date('2026-06-01T16:30:00Z'), timeZone: 'Europe/Dublin' });
    expect(early.kind).not.toBe('url');
  });
  it('a bad crmUrl is a typed error', async () => {
    await expect(resolveScreenPop(call({}), { ...opts, crmUrl: 'javascript:alert(1)' })).rejects.toBeInstanceOf(PopError);
  });
  it('invalid rules are skipped with a warning and the rest still work', async () => {
    const bad = [...rows, g('customURL_Rule', '00', 'dnis=1 && => x.html')];
    const pop = await resolveScreenPop(call({ telephoneNo: '087 111 2222' }), { ...opts, rows: bad });
    expect(pop.kind).toBe('record');
    expect(pop.warnings.some((w) => w.includes('"00" is skipped'))).toBe(true);
  });
});

describe('resolveScreenPop: review fixes', () => {
  const failing: LookupAdapter = { name: 'down', find: () => Promise.reject(new LookupError('lookup_timeout', 'timed out', { entity: 'contact' })) };
  const rulesOn = (value: string) => [g('customURL_Rule', '01', value)];
  it('a failed lookup makes fromParty.* unknown: no fromParty rule holds, whatever the operator', async () => {
    for (const cond of ['fromParty.Key!=contact', 'not fromParty.Key=contact', 'fromParty.Id=""', 'fromParty.Name!=x']) {
      const pop = await resolveScreenPop(call({ telephoneNo: '+353 87 000 0000' }), { ...opts, rows: rulesOn(`${cond} => /x.html`), adapter: failing });
      expect([cond, pop.kind]).toEqual([cond, 'choose']);
      expect(pop.explanation.rules[0]!.status).toBe('unknown');
    }
  });
  it('CRM data that cannot be put in the URL falls back to the default pop with a warning', async () => {
    const adapterWithDots = createMemoryLookup({ contact: [{ id: 'c9', fullname: '..', telephone1: '+353 87 999 9999' }] });
    const pop = await resolveScreenPop(call({ telephoneNo: '+353879999999' }), {
      ...opts,
      rows: rulesOn('fromParty.Key=contact => /WebResources/{fullName}/x.html'),
      adapter: adapterWithDots,
    });
    expect(pop).toMatchObject({ kind: 'record', entity: 'contact', id: 'c9' });
    expect(pop.warnings.some((w) => w.includes('could not be built'))).toBe(true);
    const lone = await resolveScreenPop(call({ telephoneNo: '+353879999999', subject: 'x\uD800y' }), { ...opts, rows: rulesOn('* => CP.html'), adapter: adapterWithDots });
    expect(lone.kind).toBe('record');
    expect(lone.warnings.some((w) => w.includes('lone_surrogate'))).toBe(true);
  });
  it('a numeric telephoneNo is searched as its text', async () => {
    const pop = await resolveScreenPop({ telephoneNo: 353871112222 as never, direction: 'inbound' }, opts);
    expect(pop).toMatchObject({ kind: 'record', id: 'o3' });
  });
  it('host mistakes are typed errors, not lookup outages or crashes', async () => {
    const cases: Array<[unknown, unknown, string]> = [
      [null, opts, 'bad_call'],
      [{ extra: 'x' }, opts, 'bad_call'],
      [{}, null, 'bad_option'],
      [{}, { ...opts, rows: null }, 'bad_option'],
      [{}, { ...opts, rows: [null] }, 'bad_option'],
      [{}, { ...opts, user: 7 }, 'bad_option'],
      [{}, { ...opts, adapter: {} }, 'bad_option'],
      [{}, { ...opts, policy: 'bogus' }, 'bad_option'],
      [{}, { ...opts, defaultRegion: 'XX' }, 'bad_option'],
      [{}, { ...opts, mode: 'bogus' }, 'bad_option'],
      [{}, { ...opts, now: new Date('nope') }, 'bad_option'],
    ];
    for (const [c, o, code] of cases) {
      await expect(resolveScreenPop(c as never, o as never)).rejects.toMatchObject({ name: 'PopError', code });
    }
  });
});

describe('resolveScreenPop: what is prepared once, and what is not shared', () => {
  it('a host field named like one of the 19 parameters is refused up front, whatever rule holds', async () => {
    for (const extra of [{ dnis: 'x' }, { FullName: 'x' }]) {
      await expect(resolveScreenPop(call({ telephoneNo: '+353 87 111 2222', extra }), opts)).rejects.toMatchObject({ name: 'ParamsError', code: 'param_collision' });
    }
    const ok = await resolveScreenPop(call({ telephoneNo: '+353 87 111 2222', extra: { queue: 'VIP' } }), opts);
    expect(ok).toMatchObject({ kind: 'record', id: 'o3' });
    expect(ok.params.extra).toEqual({ queue: 'VIP' });
  });

  it('the same rows with another crmUrl builds URLs on the new one (the checked URL is per crmUrl)', async () => {
    const unknown = call({ direction: 'inbound', telephoneNo: '+353 87 000 0000' });
    const a = await resolveScreenPop(unknown, opts);
    const b = await resolveScreenPop(unknown, { ...opts, crmUrl: 'https://fabrikam.crm.dynamics.com/' });
    const c = await resolveScreenPop(unknown, opts);
    expect(a.kind === 'url' && a.url.startsWith(`${CRM}/WebResources/new_unknown.html?tel=`)).toBe(true);
    expect(b.kind === 'url' && b.url.startsWith('https://fabrikam.crm.dynamics.com/WebResources/new_unknown.html?tel=')).toBe(true);
    expect(c).toMatchObject({ kind: 'url', url: (a as { url: string }).url });
    await expect(resolveScreenPop(unknown, { ...opts, crmUrl: 'fabrikam' })).rejects.toMatchObject({ name: 'PopError', code: 'bad_option' });
  });

  it('one pop\'s warnings never leak into the next', async () => {
    const failing: LookupAdapter = { name: 'down', find: () => Promise.reject(new Error('503')) };
    const bad = await resolveScreenPop(call({ telephoneNo: '+353 87 111 2222' }), { ...opts, adapter: failing });
    expect(bad.warnings.some((w) => w.includes('503'))).toBe(true);
    const good = await resolveScreenPop(call({ telephoneNo: '+353 87 111 2222' }), opts);
    expect(good.warnings).toEqual([]);
  });

  it('users, directions and time zones each get their own compiled rules', async () => {
    const perUser: KvRow[] = [
      ...rows,
      { scope: 'bob', name: 'customURL_Rule', key: '00', value: 'lookupCount=0 => /WebResources/bob.html' },
    ];
    const unknown = call({ direction: 'inbound', telephoneNo: '+353 87 000 0000' });
    const ann = await resolveScreenPop(unknown, { ...opts, rows: perUser });
    const bob = await resolveScreenPop(unknown, { ...opts, rows: perUser, user: 'bob' });
    const ann2 = await resolveScreenPop(unknown, { ...opts, rows: perUser });
    expect([ann, bob, ann2].map((p) => (p.kind === 'url' ? p.rule.key : p.kind))).toEqual(['01', '00', '01']);
  });

  it('the explanation is an own, enumerable data property (no accessor defined per pop), its trace computed on first read', async () => {
    const pop = await resolveScreenPop(call({ telephoneNo: '+353 87 111 2222' }), opts);
    const d = Object.getOwnPropertyDescriptor(pop, 'explanation');
    expect(d?.enumerable).toBe(true);
    expect(d?.get).toBeUndefined();
    expect(pop.explanation.decision.rule?.key).toBe('02');
    expect(pop.explanation.rules.find((r) => r.chosen)?.key).toBe('02');
    expect({ ...pop }.explanation.decision.rule?.key).toBe('02');
    const json = JSON.parse(JSON.stringify(pop)) as { explanation: { decision: { rule?: { key: string } }; rules: unknown[] } };
    expect(json.explanation.decision.rule?.key).toBe('02');
    expect(json.explanation.rules.length).toBe(pop.explanation.rules.length);
  });
});

describe('resolveScreenPop: customer fields a host passes', () => {
  const outbound: KvRow[] = [
    g('lookupEntities', 'outbound', 'contact'),
    g('customURL_Rule', '01', 'customerType=lead => /WebResources/new_lead.html'),
  ];
  it('are used when the lookup picks no record', async () => {
    const pop = await resolveScreenPop({ direction: 'outbound', telephoneNo: '+353 87 000 0000', customerType: 'lead', customerID: 'L-9', fullName: 'Niamh' }, { ...opts, rows: outbound });
    expect(pop).toMatchObject({ kind: 'url', rule: { key: '01' } });
    expect(pop.params).toMatchObject({ customerType: 'lead', customerID: 'L-9', fullName: 'Niamh', ReType: '', ReId: '' });
  });
  it('give way to the matched record', async () => {
    const pop = await resolveScreenPop({ direction: 'outbound', telephoneNo: '086 856 1713', customerType: 'lead', customerID: 'L-9' }, { ...opts, rows: outbound });
    expect(pop.params).toMatchObject({ customerType: 'contact', customerID: 'c1', fullName: 'Aoife Byrne', ReType: 'contact', ReId: 'c1' });
    expect(pop.kind).toBe('record');
  });
  it('every pop has its own warnings array', async () => {
    const a = await resolveScreenPop(call({ telephoneNo: '+353 87 111 2222' }), opts);
    const b = await resolveScreenPop(call({ telephoneNo: '+353 87 111 2222' }), opts);
    expect(a.warnings).not.toBe(b.warnings);
    (a.warnings as string[]).push('host note');
    expect(b.warnings).toEqual([]);
  });
});
