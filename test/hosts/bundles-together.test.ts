/**
 * A page bundles `screenpop` and `screenpop/dynamics` (or `/salesforce`) as
 * separate entries, each with its own copy of the error classes (the package
 * entries share no chunks). The errors a host lookup raises must still reach
 * `pop.lookup.error` with their own codes, not as a generic `lookup_failed`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..', '..');
const out = join(root, '.tmp', 'hosts-bundles');
type Core = typeof import('../../src/index.js');
type Dynamics = typeof import('../../src/hosts/dynamics/index.js');
type Salesforce = typeof import('../../src/hosts/salesforce/index.js');
let core: Core;
let dynamics: Dynamics;
let salesforce: Salesforce;

beforeAll(async () => {
  mkdirSync(out, { recursive: true });
  const entries = { core: 'src/index.ts', dynamics: 'src/hosts/dynamics/index.ts', salesforce: 'src/hosts/salesforce/index.ts' };
  for (const [name, entry] of Object.entries(entries)) {
    await build({ entryPoints: [join(root, entry)], bundle: true, format: 'esm', platform: 'node', packages: 'external', outfile: join(out, `${name}.mjs`), logLevel: 'silent' });
  }
  core = (await import(pathToFileURL(join(out, 'core.mjs')).href)) as Core;
  dynamics = (await import(pathToFileURL(join(out, 'dynamics.mjs')).href)) as Dynamics;
  salesforce = (await import(pathToFileURL(join(out, 'salesforce.mjs')).href)) as Salesforce;
}, 60_000);

const rows = [{ scope: 'global', name: 'lookupEntities', key: 'inbound', value: 'contact' }];
const options = (adapter: unknown) => ({ rows, user: 'ann', adapter: adapter as Parameters<Core['resolveScreenPop']>[1]['adapter'], crmUrl: 'https://contoso.crm4.dynamics.com', defaultRegion: 'IE' });

describe('separately bundled entries', () => {
  it('a host lookup’s timeout reaches pop.lookup.error as lookup_timeout', async () => {
    const cif = { openForm: async () => '', renderSearchPage: async () => undefined, searchAndOpenRecords: () => new Promise<string>(() => undefined) };
    const pop = await core.resolveScreenPop({ telephoneNo: '086 856 1713' }, options(dynamics.createCifLookup(cif, { timeoutMs: 20 })));
    expect(pop.kind).toBe('choose');
    expect(pop.lookup.error?.code).toBe('lookup_timeout');
    expect(core.isScreenpopError(pop.lookup.error)).toBe(true);
  });

  it('an Open CTI filter it cannot apply reaches pop.lookup.error as lookup_unsupported_filter', async () => {
    const opencti = {
      SCREENPOP_TYPE: { SOBJECT: 's', URL: 'u', SEARCH: 'q', NEW_RECORD_MODAL: 'n' },
      screenPop: () => undefined,
      searchAndScreenPop: (a: { callback?: ((r: { success: boolean; returnValue?: unknown }) => void) | undefined }) => a.callback?.({ success: true, returnValue: { '003A': { Id: '003A', Name: 'Ann', RecordType: 'Contact', telephone1: '+353868561713' } } }),
    };
    const filtered = [...rows, { scope: 'global', name: 'incomingLookup_contact', key: '1', value: 'statecode=0', type: 'filter' }];
    const pop = await core.resolveScreenPop({ telephoneNo: '086 856 1713' }, { ...options(salesforce.createOpenCtiLookup(opencti)), rows: filtered });
    expect(pop.lookup.error?.code).toBe('lookup_unsupported_filter');
  });

  it('the host entries’ HostError is a ScreenpopError to isScreenpopError', async () => {
    const err = await dynamics.openInXrm({ kind: 'other' } as never, {} as never).catch((e: unknown) => e);
    expect(core.isScreenpopError(err)).toBe(true);
    expect(err).toMatchObject({ name: 'HostError', code: 'host_bad_option' });
  });
});
