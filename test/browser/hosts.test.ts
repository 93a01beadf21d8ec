/**
 * The softphone panel of docs/examples/hosts/ in real Chromium: the page
 * loads the built browser bundles (the main one, as the playground ships it,
 * and the host openers'), receives calls as a CTI bridge posts them, and
 * opens each pop through a fake `Xrm` and a fake `sforce.opencti`, once per
 * call. A screenshot of the page is saved as docs/hosts.png.
 *
 * Without /usr/bin/chromium the suite is reported as skipped, with the reason.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'esbuild';
import { buildPlayground, ROOT } from '../../scripts/build-docs.mjs';
import { parseDataParam } from '../../src/params/index.js';
import { serveStatic, type StaticServer } from './server.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const TITLE = HAVE_CHROMIUM ? 'host openers in Chromium' : `host openers in Chromium — SKIPPED: ${CHROMIUM} not found (install it with: bash scripts/install-chromium.sh)`;
if (!HAVE_CHROMIUM) console.warn(`[test/browser] ${TITLE}`);

/** The host openers' browser bundle: `screenpop/dynamics` and `screenpop/salesforce` as the global `screenpopHosts`. */
const HOSTS_ENTRY = `
export { openInXrm, createXrmLookup, openInCif, createCifLookup, createPopGate, HostError } from './src/hosts/dynamics/index.ts';
export { openInOpenCti, createOpenCtiLookup } from './src/hosts/salesforce/index.ts';
`;

describe.skipIf(!HAVE_CHROMIUM)(TITLE, () => {
  let dir: string;
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'screenpop-hosts-'));
    const { dir: playground } = await buildPlayground(dir);
    const site = join(dir, 'hosts');
    mkdirSync(site, { recursive: true });
    copyFileSync(join(playground, 'screenpop.iife.js'), join(site, 'screenpop.iife.js'));
    copyFileSync(join(ROOT, 'docs', 'examples', 'hosts', 'index.html'), join(site, 'index.html'));
    await build({
      stdin: { contents: HOSTS_ENTRY, resolveDir: ROOT, loader: 'ts', sourcefile: 'screenpop-hosts-entry.ts' },
      bundle: true,
      format: 'iife',
      globalName: 'screenpopHosts',
      platform: 'browser',
      target: ['es2020', 'chrome100'],
      minify: true,
      outfile: join(site, 'screenpop-hosts.iife.js'),
      logLevel: 'warning',
    });
    server = await serveStatic(dir);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
    page = await (await browser.newContext({ viewport: { width: 1280, height: 560 }, deviceScaleFactor: 1 })).newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const post = async (call: Record<string, string>, expectCalls: number): Promise<void> => {
    await page.evaluate((c) => window.postMessage({ type: 'call', call: c }, '*'), call);
    await page.waitForFunction((n) => Number(document.body.getAttribute('data-calls') ?? 0) >= n, expectCalls);
  };
  const calls = (id: string) => page.locator(`#${id} li`).evaluateAll((els) => els.map((e) => e.textContent ?? ''));

  it('pops a known caller as the record, once per call whatever the ring events', async () => {
    await page.goto(`${server.origin}/hosts/index.html`);
    await page.waitForFunction(() => document.body.hasAttribute('data-ready'));
    const ring = { direction: 'inbound', state: 'incoming', telephoneNo: '086 856 1713', dnis: '1234', phoneCallID: 'call-1' };
    await post(ring, 1);
    await post(ring, 2); // the same call rings again (a transfer, a second ring event)
    expect(await calls('xrm-calls')).toEqual(['openForm({"entityName":"contact","entityId":"c1"})', 'no pop: duplicate']);
    expect(await calls('opencti-calls')).toEqual(['screenPop(sobject, {"recordId":"c1"})', 'no pop: duplicate']);
  });

  it('pops a new, prefilled contact for an unknown caller; a withheld caller prefills no number', async () => {
    await post({ telephoneNo: '+353 87 000 0000', dnis: '1234', dnisName: 'Sales', phoneCallID: 'call-2' }, 3);
    await post({ telephoneNo: 'anonymous', dnis: '1234', dnisName: 'Sales', phoneCallID: 'call-3' }, 4);
    const xrm = await calls('xrm-calls');
    expect(xrm.slice(2)).toEqual([
      'openForm({"entityName":"contact"}, {"telephone1":"+353870000000","description":"Called Sales"})',
      'openForm({"entityName":"contact"}, {"description":"Called Sales"})',
    ]);
    expect((await calls('opencti-calls')).slice(2)).toEqual([
      'screenPop(newRecord, {"entityName":"Contact","defaultFieldValues":{"telephone1":"+353870000000","description":"Called Sales"}})',
      'screenPop(newRecord, {"entityName":"Contact","defaultFieldValues":{"description":"Called Sales"}})',
    ]);
  });

  it('pops a rule’s URL: Xrm gets it whole, Open CTI the relative URL, both with Data= unchanged', async () => {
    await page.fill('#telephoneNo', '+353 86 856 1713');
    await page.fill('#dnis', '5555');
    await page.fill('#phoneCallID', 'call-4');
    await page.click('#ring');
    await page.waitForFunction(() => Number(document.body.getAttribute('data-calls')) >= 5);
    const xrmUrl = (await calls('xrm-calls'))[4]!.replace(/^openUrl\((.*)\)$/, '$1');
    expect(xrmUrl).toMatch(/^https:\/\/contoso\.crm4\.dynamics\.com\/WebResources\/new_sales_cp\.html\?Data=/);
    const cti = JSON.parse((await calls('opencti-calls'))[4]!.replace(/^screenPop\(url, (.*)\)$/, '$1')) as { url: string };
    expect(`https://contoso.crm4.dynamics.com${cti.url}`).toBe(xrmUrl);
    expect(parseDataParam(new URL(xrmUrl).search)).toMatchObject({ telephoneNo: '+353 86 856 1713', dnis: '5555', customerID: 'c1', fullName: 'Aoife Byrne', phoneCallID: 'call-4' });
    expect(await page.textContent('#decision')).toContain('Call 5: url');
    await page.screenshot({ path: join(ROOT, 'docs', 'hosts.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
