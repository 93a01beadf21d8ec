/**
 * Every pop kind through every opener, against fakes that record the calls:
 * xrm-mock's NavigationStaticMock for Xrm.Navigation, small fakes of
 * Microsoft.CIFramework (1.0 and 2.0) and sforce.opencti (test/hosts/fakes.ts).
 */
import { describe, expect, it } from 'vitest';
import { NavigationStaticMock } from 'xrm-mock';
import { createMemoryLookup, resolveScreenPop, type ScreenPop } from '../../src/index.js';
import { createPopGate, openInCif, openInXrm, HostError, type XrmLookupDialog, type XrmNavigation, type XrmWebApi } from '../../src/hosts/dynamics/index.js';
import { openInOpenCti } from '../../src/hosts/salesforce/index.js';
import { fakeCif, fakeOpenCti } from './fakes.js';

const CRM = 'https://contoso.crm4.dynamics.com';
const adapter = createMemoryLookup({
  contact: [
    { id: 'c1', fullname: 'Aoife Byrne', telephone1: '+353 86 856 1713' },
    { id: 'c2', fullname: 'Bob Roe', telephone1: '+44 20 7946 0958' },
  ],
  account: [{ id: 'a1', name: 'Contoso', telephone1: '0044 20 7946 0958' }],
});
const rows = [
  { scope: 'global', name: 'customURL_Rule', key: '01', value: 'dnis=9999 => /WebResources/new_cp.html' },
  { scope: 'global', name: 'newRecordField', key: 'contact.description', value: 'Called {dnisName}' },
];
const pop = (telephoneNo: string, dnis = '1234', phoneCallID = 'call-1'): Promise<ScreenPop> =>
  resolveScreenPop({ telephoneNo, dnis, dnisName: 'Sales', phoneCallID, state: 'incoming' }, { rows, user: 'ann', adapter, crmUrl: CRM, defaultRegion: 'IE' });

/** One pop of each kind. */
async function pops() {
  const record = await pop('086 856 1713');
  const fresh = await pop('+353 87 000 0000');
  const url = await pop('086 856 1713', '9999');
  const choose = await pop('+44 20 7946 0958');
  expect([record.kind, fresh.kind, url.kind, choose.kind]).toEqual(['record', 'new', 'url', 'choose']);
  return { record, fresh, url, choose };
}

describe('openInXrm (xrm-mock NavigationStaticMock)', () => {
  it('opens every kind of pop as the host would', async () => {
    const { record, fresh, url, choose } = await pops();
    const nav = new NavigationStaticMock();
    expect(await openInXrm(record, nav)).toEqual({ opened: 'record', via: 'Xrm.Navigation.openForm', entity: 'contact', id: 'c1' });
    expect(await openInXrm(fresh, nav)).toEqual({
      opened: 'new',
      via: 'Xrm.Navigation.openForm',
      entity: 'contact',
      prefill: { telephone1: '+353870000000', description: 'Called Sales' },
    });
    expect(await openInXrm(url, nav)).toEqual({ opened: 'url', via: 'Xrm.Navigation.openUrl', url: url.kind === 'url' ? url.url : '' });
    expect(await openInXrm(choose, nav)).toEqual({ opened: 'search', via: 'Xrm.Navigation.navigateTo', searchText: '+442079460958', entities: ['contact', 'account'] });
    expect(nav.formCalls).toEqual([
      { entityFormOptions: { entityName: 'contact', entityId: 'c1' }, formParameters: undefined },
      { entityFormOptions: { entityName: 'contact' }, formParameters: { telephone1: '+353870000000', description: 'Called Sales' } },
    ]);
    // The popped page receives Data= exactly as built.
    expect(nav.urlCalls).toHaveLength(1);
    expect(nav.urlCalls[0]?.url).toMatch(/^https:\/\/contoso\.crm4\.dynamics\.com\/WebResources\/new_cp\.html\?Data=/);
    expect(nav.urlCalls[0]?.url).toBe(url.kind === 'url' ? url.url : '');
    expect(nav.navigateToCalls).toEqual([{ pageInput: { pageType: 'search', searchText: '+442079460958', searchType: 1, EntityNames: ['contact', 'account'] }, navigationOptions: undefined }]);
  });

  it('lets the agent choose among the candidates in the lookup dialog, then opens that record; never picks for them', async () => {
    const { choose } = await pops();
    const asked: unknown[] = [];
    const dialog = (answer: Array<{ id: string; entityType: string; name?: string }>): XrmLookupDialog => ({
      lookupObjects: async (o) => {
        asked.push(o);
        return answer;
      },
    });
    const nav = new NavigationStaticMock();
    const opened = await openInXrm(choose, nav, { lookupDialog: dialog([{ id: '{A1}', entityType: 'account', name: 'Contoso' }]) });
    expect(opened).toEqual({ opened: 'record', via: 'Xrm.Utility.lookupObjects', entity: 'account', id: 'a1', chosenBy: 'agent' });
    expect(asked[0]).toEqual({
      allowMultiSelect: false,
      defaultEntityType: 'contact',
      entityTypes: ['contact', 'account'],
      disableMru: true,
      filters: [
        { entityLogicalName: 'contact', filterXml: '<filter type="or"><condition attribute="contactid" operator="eq" value="c2" /></filter>' },
        { entityLogicalName: 'account', filterXml: '<filter type="or"><condition attribute="accountid" operator="eq" value="a1" /></filter>' },
      ],
    });
    expect(nav.formCalls).toEqual([{ entityFormOptions: { entityName: 'account', entityId: 'a1' }, formParameters: undefined }]);
    expect(await openInXrm(choose, nav, { lookupDialog: dialog([]) })).toEqual({ opened: 'nothing', reason: 'cancelled' });
    await expect(openInXrm(choose, nav, { lookupDialog: dialog([{ id: 'zz', entityType: 'contact' }]) })).rejects.toMatchObject({ code: 'host_failed' });
    expect(nav.formCalls).toHaveLength(1);
  });

  it('types: the real Xrm.Navigation, Xrm.Utility and Xrm.WebApi (@types/xrm) fit the interfaces', () => {
    const check = (n: Xrm.Navigation, u: Xrm.Utility, w: Xrm.WebApi): [XrmNavigation, XrmLookupDialog, XrmWebApi] => [n, u, w];
    expect(typeof check).toBe('function');
  });

  it('refuses what is not a pop or not a navigation, and turns a rejection into host_failed', async () => {
    const { record } = await pops();
    await expect(openInXrm({ kind: 'other' } as never, new NavigationStaticMock())).rejects.toMatchObject({ code: 'host_bad_option' });
    await expect(openInXrm(record, {} as never)).rejects.toMatchObject({ code: 'host_bad_option' });
    // The pop passed without `await`: say so.
    await expect(openInXrm(Promise.resolve(record) as never, new NavigationStaticMock())).rejects.toMatchObject({
      code: 'host_bad_option',
      detail: 'openInXrm needs a pop (kind record, new, url or choose), got a promise.',
      hint: 'Await it first: openInXrm(await resolveScreenPop(call, options), ...).',
    });
    const broken = Object.assign(new NavigationStaticMock(), { openForm: () => Promise.reject({ errorCode: 123, message: 'Record is unavailable' }) });
    const err = await openInXrm(record, broken).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HostError);
    expect(err).toMatchObject({ code: 'host_failed', detail: 'Xrm.Navigation.openForm failed: Record is unavailable (error code 123)' });
  });
});

describe('openInCif (Microsoft.CIFramework fakes)', () => {
  for (const version of [1, 2] as const) {
    it(`opens every kind of pop through CIF ${version}.0`, async () => {
      const { record, fresh, url, choose } = await pops();
      const cif = fakeCif({ version });
      const opened: string[] = [];
      const options = { version, correlationId: 'corr-1', openUrl: (u: string) => opened.push(u) };
      expect(await openInCif(record, cif, options)).toEqual({ opened: 'record', via: 'Microsoft.CIFramework.openForm', entity: 'contact', id: 'c1' });
      expect((await openInCif(fresh, cif, options)).opened).toBe('new');
      expect(await openInCif(url, cif, options)).toEqual({ opened: 'url', via: 'openUrl', url: url.kind === 'url' ? url.url : '' });
      expect(await openInCif(choose, cif, options)).toEqual({ opened: 'search', via: 'Microsoft.CIFramework.renderSearchPage', searchText: '+442079460958', entities: ['contact'] });
      const corr = version === 2 ? ['corr-1'] : [];
      expect(cif.calls).toEqual([
        { method: 'openForm', args: ['{"entityName":"contact","entityId":"c1"}', undefined, ...corr] },
        { method: 'openForm', args: ['{"entityName":"contact"}', '{"telephone1":"+353870000000","description":"Called Sales"}', ...corr] },
        { method: 'renderSearchPage', args: ['contact', '+442079460958', 1, ...corr] },
      ]);
      expect(opened).toEqual([url.kind === 'url' ? url.url : '']);
    });
  }

  it('a URL pop without openUrl is host_unsupported; a call past the timeout is host_timeout', async () => {
    const { url, record } = await pops();
    await expect(openInCif(url, fakeCif({ version: 1 }))).rejects.toMatchObject({ code: 'host_unsupported' });
    await expect(openInCif(record, fakeCif({ version: 1, holdMs: 200 }), { timeoutMs: 20 })).rejects.toMatchObject({ code: 'host_timeout' });
  });
});

describe('openInOpenCti (sforce.opencti fake)', () => {
  it('pops SOBJECT, URL (relative, Data= unchanged), NEW_RECORD_MODAL with defaultFieldValues, SEARCH', async () => {
    const { record, fresh, url, choose } = await pops();
    const opencti = fakeOpenCti();
    const options = { crmUrl: CRM };
    expect(await openInOpenCti(record, opencti, options)).toEqual({ opened: 'record', via: 'sforce.opencti.screenPop', entity: 'contact', id: 'c1' });
    const full = url.kind === 'url' ? url.url : '';
    const relative = full.slice(CRM.length);
    expect(relative).toMatch(/^\/WebResources\/new_cp\.html\?Data=/);
    expect(await openInOpenCti(url, opencti, options)).toEqual({ opened: 'url', via: 'sforce.opencti.screenPop', url: relative });
    expect(await openInOpenCti(fresh, opencti, options)).toEqual({ opened: 'new', via: 'sforce.opencti.screenPop', entity: 'Contact', prefill: { telephone1: '+353870000000', description: 'Called Sales' } });
    expect(await openInOpenCti(choose, opencti, options)).toEqual({ opened: 'search', via: 'sforce.opencti.screenPop', searchText: '+442079460958', entities: [] });
    expect(opencti.calls).toEqual([
      { method: 'screenPop', args: ['sobject', { recordId: 'c1' }] },
      { method: 'screenPop', args: ['url', { url: relative }] },
      { method: 'screenPop', args: ['newRecord', { entityName: 'Contact', defaultFieldValues: { telephone1: '+353870000000', description: 'Called Sales' } }] },
      { method: 'screenPop', args: ['search', { searchString: '+442079460958' }] },
    ]);
  });

  it('refuses an absolute URL off the org, a search shorter than 3 characters, and turns success: false into host_failed', async () => {
    await expect(openInOpenCti({ kind: 'url', url: 'https://evil.example/x?Data=1' }, fakeOpenCti(), { crmUrl: CRM })).rejects.toMatchObject({ code: 'host_unsupported' });
    await expect(openInOpenCti({ kind: 'url', url: `${CRM}.evil.example/x` }, fakeOpenCti(), { crmUrl: CRM })).rejects.toMatchObject({ code: 'host_unsupported' });
    await expect(openInOpenCti({ kind: 'choose', candidates: [], params: { telephoneNo: '12' } }, fakeOpenCti())).rejects.toMatchObject({ code: 'host_unsupported' });
    const err = await openInOpenCti({ kind: 'record', entity: 'contact', id: '003x' }, fakeOpenCti([], { fail: 'Invalid recordId' })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'host_failed', detail: 'sforce.opencti.screenPop failed: Invalid recordId' });
    expect(await openInOpenCti({ kind: 'url', url: '/lightning/o/Case/home' }, fakeOpenCti())).toMatchObject({ opened: 'url', url: '/lightning/o/Case/home' });
  });
});

describe('one pop per call (createPopGate)', () => {
  it('every opener pops a call once, whatever the ring and transfer events; another call pops', async () => {
    const { record } = await pops();
    const nav = new NavigationStaticMock();
    const cif = fakeCif({ version: 1 });
    const opencti = fakeOpenCti();
    for (const open of [
      (p: ScreenPop, gate: ReturnType<typeof createPopGate>) => openInXrm(p, nav, { gate }),
      (p: ScreenPop, gate: ReturnType<typeof createPopGate>) => openInCif(p, cif, { gate }),
      (p: ScreenPop, gate: ReturnType<typeof createPopGate>) => openInOpenCti(p, opencti, { gate }),
    ]) {
      const gate = createPopGate();
      const results = await Promise.all([open(record, gate), open(record, gate), open(record, gate)]);
      expect(results.map((r) => r.opened)).toEqual(['record', 'nothing', 'nothing']);
      expect(results[1]).toEqual({ opened: 'nothing', reason: 'duplicate' });
      const other = await pop('086 856 1713', '1234', 'call-2');
      expect((await open(other, gate)).opened).toBe('record');
    }
    expect(nav.formCalls).toHaveLength(2);
    expect(cif.calls).toHaveLength(2);
    expect(opencti.calls).toHaveLength(2);
  });

  it('trigger answer: pops at the answer event only; a failed pop is released for the next event', async () => {
    const gate = createPopGate({ trigger: 'answer' });
    const ringing = await pop('086 856 1713');
    const answered = await resolveScreenPop({ telephoneNo: '086 856 1713', phoneCallID: 'call-1', state: 'start' }, { rows, user: 'ann', adapter, crmUrl: CRM, defaultRegion: 'IE' });
    const failing = fakeOpenCti([], { fail: 'busy' });
    expect(await openInXrm(ringing, new NavigationStaticMock(), { gate })).toEqual({ opened: 'nothing', reason: 'not_trigger' });
    await expect(openInOpenCti(answered, failing, { gate })).rejects.toMatchObject({ code: 'host_failed' });
    expect(gate.popped({ phoneCallID: 'call-1' })).toBe(false);
    expect((await openInOpenCti(answered, fakeOpenCti(), { gate })).opened).toBe('record');
    expect(await openInOpenCti(answered, fakeOpenCti(), { gate })).toEqual({ opened: 'nothing', reason: 'duplicate' });
  });

  it('keys calls by phoneCallID (any case), else dtCallId; calls without either always pop; memory is bounded', () => {
    const gate = createPopGate({ capacity: 2 });
    expect(gate.claim({ phoneCallID: '7E2A5311-BE86' })).toEqual({ pop: true, key: '7e2a5311-be86' });
    expect(gate.claim({ phoneCallID: '7e2a5311-be86' })).toEqual({ pop: false, key: '7e2a5311-be86', reason: 'duplicate' });
    expect(gate.claim({ dtCallId: 'd1' })).toEqual({ pop: true, key: 'dt:d1' });
    expect(gate.claim({})).toEqual({ pop: true, key: undefined });
    expect(gate.claim({})).toEqual({ pop: true, key: undefined });
    expect(gate.claim({ phoneCallID: 'x' }).pop).toBe(true);
    expect(gate.size).toBe(2);
    expect(gate.popped({ phoneCallID: '7e2a5311-be86' })).toBe(false); // the oldest was forgotten
    expect(() => createPopGate({ trigger: 'hangup' as never })).toThrow(expect.objectContaining({ code: 'host_bad_option' }));
    expect(() => createPopGate({ capacity: 0 })).toThrow(expect.objectContaining({ code: 'host_bad_option' }));
  });
});
