/**
 * The integration snippet is the same in README.md, docs/getting-started.md
 * and the docs site's home page (docs/playground/home.md), and it runs: its
 * imports are checked, then its body is run with those bindings from src/,
 * against the local Dataverse Web API stand-in (test/lookup/odata-server.ts),
 * with `window.open` and `showPicker` recorded.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataverseLookup, readKvJson, resolveScreenPop } from '../../src/index.js';
import { parseDataParam } from '../../src/params/index.js';
import { startODataServer, type ODataServer } from '../lookup/odata-server.js';

const root = join(__dirname, '..', '..');
const FILES = ['README.md', 'docs/getting-started.md', 'docs/playground/home.md'];
const MARK = '<!-- integration snippet:';

function snippet(file: string): string {
  const text = readFileSync(join(root, file), 'utf8');
  const at = text.indexOf(MARK);
  if (at < 0) throw new Error(`${file} has no "${MARK}" marker`);
  return /```ts\n([\s\S]*?)```/.exec(text.slice(at))![1]!;
}

const code = snippet('README.md');
const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<void>;
const run = new AsyncFunction(
  'createDataverseLookup',
  'readKvJson',
  'resolveScreenPop',
  'kvExportText',
  'crmUrl',
  'getToken',
  'call',
  'user',
  'showPicker',
  'window',
  code
    .split('\n')
    .filter((l) => !l.startsWith('import '))
    .join('\n'),
);

const KV = JSON.stringify({
  value: [
    { cts_scope: 'global', cts_name: 'lookupEntities', cts_key: 'inbound', cts_value: 'contact' },
    { cts_scope: 'global', cts_name: 'customURL_Rule', cts_key: '01', cts_value: 'lookupCount=0 => /WebResources/new_unknown_caller.html' },
    { cts_scope: 'global', cts_name: 'customURL_Rule', cts_key: '02', cts_value: 'fromParty.Key=contact && dnis=1234 => /WebResources/new_sales_cp.html' },
  ],
});

describe('the integration snippet', () => {
  let server: ODataServer;
  beforeAll(async () => {
    server = await startODataServer();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('is the same in README.md, docs/getting-started.md and docs/playground/home.md', () => {
    expect(code).toContain('resolveScreenPop(call');
    for (const f of FILES.slice(1)) expect(snippet(f), f).toBe(code);
  });

  it('imports only what it uses, from screenpop', () => {
    expect(code.split('\n').filter((l) => l.startsWith('import '))).toEqual(["import { createDataverseLookup, readKvJson, resolveScreenPop } from 'screenpop';"]);
  });

  async function pop(records: Record<string, Array<Record<string, unknown>>>, call: Record<string, string>): Promise<{ opened: string[]; picked: unknown[][] }> {
    server.setRecords(records);
    const opened: string[] = [];
    const picked: unknown[][] = [];
    await run(createDataverseLookup, readKvJson, resolveScreenPop, KV, server.baseUrl, async () => server.token, call, 'dyn.crm06', (c: unknown[]) => picked.push(c), {
      open: (url: string) => opened.push(url),
    });
    return { opened, picked };
  }

  it('runs: a known contact on the sales line opens the sales page with Data=, found through the Web API', async () => {
    const r = await pop({ contact: [{ id: 'c1', fullname: 'Aoife Byrne', telephone1: '086 856 1713' }] }, { direction: 'inbound', telephoneNo: '+353 86 856 1713', dnis: '1234' });
    expect(r.picked).toEqual([]);
    expect(r.opened).toHaveLength(1);
    expect(r.opened[0]!.startsWith(`${server.baseUrl}/WebResources/new_sales_cp.html?Data=`)).toBe(true);
    expect(parseDataParam(r.opened[0]!)).toMatchObject({ fullName: 'Aoife Byrne', customerID: 'c1', dnis: '1234' });
    expect(server.requests.length).toBeGreaterThan(0);
  });

  it('runs: two matching contacts let the agent pick', async () => {
    const r = await pop(
      { contact: [{ id: 'c1', fullname: 'Aoife Byrne', telephone1: '086 856 1713' }, { id: 'c2', fullname: 'Seán Byrne', telephone1: '+353868561713' }] },
      { direction: 'inbound', telephoneNo: '086 856 1713', dnis: '5555' },
    );
    expect(r.opened).toEqual([]);
    expect(r.picked.map((c) => (c as Array<{ id: string }>).map((x) => x.id))).toEqual([['c1', 'c2']]);
  });
});
