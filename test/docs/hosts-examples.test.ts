/**
 * The host examples of docs/hosts.md (docs/examples/hosts/*.ts) run against
 * the fakes of test/hosts/fakes.ts, so they cannot rot.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NavigationStaticMock } from 'xrm-mock';
import type { KvRow } from '../../src/index.js';
import { softphonePanel } from '../../docs/examples/hosts/dynamics-panel.js';
import { cifPanel } from '../../docs/examples/hosts/cif-panel.js';
import { softphone } from '../../docs/examples/hosts/opencti-softphone.js';
import { startODataServer, type ODataServer } from '../lookup/odata-server.js';
import { fakeCif, fakeOpenCti, fakeXrmWebApi } from '../hosts/fakes.js';

const CRM = 'https://contoso.crm4.dynamics.com';
const RECORDS = { contact: [{ id: 'c1', fullname: 'Aoife Byrne', telephone1: '+353 86 856 1713', statecode: 0 }] };
const ROWS: KvRow[] = [
  { scope: 'global', name: 'lookupEntities', key: 'inbound', value: 'contact' },
  { scope: 'global', name: 'customURL_Rule', key: '01', value: 'dnis=5555 => /WebResources/new_sales_cp.html' },
  { scope: 'global', name: 'newRecordField', key: 'contact.description', value: 'Called {dnisName}' },
];

let server: ODataServer;
beforeAll(async () => {
  server = await startODataServer();
  server.setRecords(RECORDS);
});
afterAll(async () => {
  await server.close();
});

describe('docs/examples/hosts', () => {
  it('are all run by this file', () => {
    const files = readdirSync(join(import.meta.dirname, '..', '..', 'docs', 'examples', 'hosts')).filter((f) => f.endsWith('.ts'));
    expect(files.sort()).toEqual(['cif-panel.ts', 'dynamics-panel.ts', 'opencti-softphone.ts']);
  });

  it('dynamics-panel.ts: looks up through Xrm.WebApi, pops the record once, a new prefilled contact for a stranger', async () => {
    const web = fakeXrmWebApi(`${server.baseUrl}/api/data/v9.2/`, server.token);
    const Navigation = new NavigationStaticMock();
    const onCall = softphonePanel({ Navigation, WebApi: web, Utility: { lookupObjects: async () => [] } }, ROWS, 'ann', CRM);
    const ring = { telephoneNo: '086 856 1713', phoneCallID: 'p1', dnisName: 'Sales' };
    expect(await onCall(ring)).toEqual({ opened: 'record', via: 'Xrm.Navigation.openForm', entity: 'contact', id: 'c1' });
    expect(await onCall(ring)).toEqual({ opened: 'nothing', reason: 'duplicate' });
    expect(web.calls).toHaveLength(1);
    expect(await onCall({ telephoneNo: '087 000 0000', phoneCallID: 'p2', dnisName: 'Sales' })).toMatchObject({ opened: 'new', prefill: { telephone1: '+353870000000', description: 'Called Sales' } });
    expect(Navigation.formCalls.map((c) => c.entityFormOptions.entityName)).toEqual(['contact', 'contact']);
  });

  it('cif-panel.ts: searches only (searchOnly true), pops at answer, a URL pop through openUrl', async () => {
    const web = fakeXrmWebApi(`${server.baseUrl}/api/data/v9.2/`, server.token);
    const cif = fakeCif({ version: 2, search: async (entity, query) => (await web.retrieveMultipleRecords(entity, query)).entities });
    const opened: string[] = [];
    const onCall = cifPanel(cif, ROWS, 'ann', CRM, (url) => opened.push(url));
    expect(await onCall({ telephoneNo: '086 856 1713', dnis: '5555', phoneCallID: 'p1', state: 'incoming' })).toEqual({ opened: 'nothing', reason: 'not_trigger' });
    expect(await onCall({ telephoneNo: '086 856 1713', dnis: '5555', phoneCallID: 'p1', state: 'start' })).toMatchObject({ opened: 'url', via: 'openUrl' });
    expect(opened[0]).toMatch(/^https:\/\/contoso\.crm4\.dynamics\.com\/WebResources\/new_sales_cp\.html\?Data=/);
    expect(cif.calls.filter((c) => c.method === 'searchAndOpenRecords').every((c) => c.args[2] === true)).toBe(true);
  });

  it('opencti-softphone.ts: searches deferred, pops SOBJECT, and relative URLs', async () => {
    const opencti = fakeOpenCti([{ Id: '003A', Name: 'Aoife Byrne', RecordType: 'Contact', Phone: '+353 86 856 1713' }]);
    const rows: KvRow[] = [...ROWS, { scope: 'global', name: 'incomingLookup_contact', key: '1', value: 'Phone', type: 'phone' }];
    const onCall = softphone(opencti, rows, 'ann', 'https://acme.lightning.force.com');
    expect(await onCall({ telephoneNo: '086 856 1713', phoneCallID: 'p1' })).toEqual({ opened: 'record', via: 'sforce.opencti.screenPop', entity: 'contact', id: '003A' });
    expect(await onCall({ telephoneNo: '086 856 1713', dnis: '5555', phoneCallID: 'p2' })).toMatchObject({ opened: 'url', url: expect.stringMatching(/^\/WebResources\/new_sales_cp\.html\?Data=/) });
    expect(opencti.calls.map((c) => c.method)).toEqual(['searchAndScreenPop', 'screenPop', 'searchAndScreenPop', 'screenPop']);
    expect(opencti.calls[0]?.args).toEqual(['+353868561713', 'inbound', true]);
  });
});
