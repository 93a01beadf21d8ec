/**
 * The docs site in a real browser: Debian's Chromium at /usr/bin/chromium,
 * driven by playwright-core (one launch for the whole file), the site served
 * from 127.0.0.1 with node:http. Screenshots go to test-artifacts/.
 *
 * Without /usr/bin/chromium the suite is reported as skipped, with the reason
 * in its name; `bash scripts/install-chromium.sh` installs it (.ci/run does).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildApi, buildPlayground, ROOT, SITE } from '../../scripts/build-docs.mjs';
import { buildPopUrl, type CallParams } from '../../src/params/index.js';
import { serveStatic, type StaticServer } from './server.js';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ARTIFACTS = join(ROOT, 'test-artifacts');
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const TITLE = HAVE_CHROMIUM
  ? 'docs site in Chromium'
  : `docs site in Chromium — SKIPPED: ${CHROMIUM} not found (install it with: bash scripts/install-chromium.sh)`;

if (!HAVE_CHROMIUM) console.warn(`[test/browser] ${TITLE}`);

describe.skipIf(!HAVE_CHROMIUM)(TITLE, { timeout: 240_000 }, () => {
  let server: StaticServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  // Setup is awaited by every test (not run in beforeAll): when building the
  // site or launching Chromium fails, each test fails with that error instead
  // of being reported as skipped.
  let setup: Promise<void> | undefined;
  const ready = (): Promise<void> =>
    (setup ??= (async () => {
      mkdirSync(ARTIFACTS, { recursive: true });
      // The API reference (typedoc) is built when missing or built by an older script (`npm run docs` in .ci/run builds it first).
      const home = join(SITE, 'index.html');
      if (!existsSync(home) || readFileSync(home, 'utf8').includes('assets/icons.svg#')) buildApi();
      await buildPlayground(SITE);
      server = await serveStatic(SITE);
      browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
      context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, deviceScaleFactor: 1 });
      page = await context.newPage();
      page.on('pageerror', (e) => pageErrors.push(e.message));
    })());

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Waits until the playground has rendered a run started after `since`. */
  async function rendered(since: number): Promise<void> {
    await page.waitForFunction((n) => Number(document.body.getAttribute('data-generation') ?? 0) > n, since);
  }
  const generation = async (): Promise<number> => Number((await page.getAttribute('body', 'data-generation')) ?? 0);

  async function setRules(text: string): Promise<void> {
    const before = await generation();
    await page.fill('#rules', text);
    await rendered(before);
  }

  it('loads the playground and explains the sample call', async () => {
    await ready();
    await page.goto(`${server.origin}/playground/index.html`);
    await rendered(0);
    expect(await page.textContent('#status')).toContain('decided by 02');
    expect(await page.getAttribute('tr.rule.winner', 'data-key')).toBe('02');
    expect(await page.textContent('#pop-url')).toMatch(/^https:\/\/contoso\.crm4\.dynamics\.com\/WebResources\/new_sales_cp\.html\?Data=/);
    expect(await page.textContent('#data tr[data-name="fullName"] td')).toBe('Aoife Byrne');
    await page.screenshot({ path: join(ARTIFACTS, 'playground-explanation.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('shows a syntax error with a caret under its position, then the explanation and URL once fixed', async () => {
    await ready();
    await page.fill('#telephoneNo', '+353 87 000 0000'); // nobody: lookupCount=0
    await setRules('01 lookupCount=0 dnis=1234 => /WebResources/new_unknown.html\n02 fromParty.Key=contact => default');
    const error = page.locator('#errors .parse-error').first();
    await error.waitFor();
    expect(await error.getAttribute('data-code')).toBe('unexpected_token');
    expect(await error.locator('.msg').textContent()).toContain('Key 01:');
    const caret = (await error.locator('pre.caret').textContent()) ?? '';
    const [shown, marks] = caret.split('\n') as [string, string];
    // The excerpt is the line of the textarea, the position is the textarea's.
    const typed = '01 lookupCount=0 dnis=1234 => /WebResources/new_unknown.html';
    expect(shown.trim()).toBe(typed);
    // The carets sit under `dnis`, where `&&`, `||` or `,` was expected.
    expect(marks.indexOf('^')).toBe(shown.indexOf('dnis'));
    expect(marks.trim()).toBe('^^^^');
    expect(await error.locator('.msg').textContent()).toContain(`(rules, line 1, column ${typed.indexOf('dnis') + 1})`);
    expect(await page.getAttribute('tr.rule[data-key="01"]', 'data-status')).toBe('invalid');
    expect(await page.textContent('#status')).toContain('1 parse error(s)');
    await page.screenshot({ path: join(ARTIFACTS, 'playground-syntax-error.png'), fullPage: true });

    await setRules('01 lookupCount=0 && dnis=1234 => /WebResources/new_unknown.html\n02 fromParty.Key=contact => default');
    expect(await page.locator('#errors .parse-error').count()).toBe(0);
    expect(await page.getAttribute('tr.rule.winner', 'data-key')).toBe('01');
    expect(await page.locator('tr.rule.winner .comparisons li.yes').count()).toBe(2);
    const url = (await page.textContent('#pop-url')) ?? '';
    expect(url).toMatch(/^https:\/\/contoso\.crm4\.dynamics\.com\/WebResources\/new_unknown\.html\?Data=/);
    expect(await page.textContent('#data tr[data-name="telephoneNo"] td')).toBe('+353 87 000 0000');
    expect(await page.textContent('#data tr[data-name="direction"] td')).toBe('inbound');
    await page.screenshot({ path: join(ARTIFACTS, 'playground-fixed.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('places rule errors in a CSV export at their line and column in the textarea, through quotes', async () => {
    await ready();
    const lines = [
      'Owner,Scope,Parent,Name,Key,Value,Type',
      'Admin,global,,customURL_Rule,01,lookupCount=0 => /WebResources/a.html,',
      'Admin,global,,customURL_Rule,02,"dnis=""1234"", 5678 fromParty.Key=contact => default",',
    ];
    await setRules(lines.join('\n'));
    const error = page.locator('#errors .parse-error').first();
    await error.waitFor();
    expect(await error.getAttribute('data-line')).toBe('3');
    expect(Number(await error.getAttribute('data-column'))).toBe(lines[2]!.indexOf('fromParty') + 1);
    const [shown, marks] = ((await error.locator('pre.caret').textContent()) ?? '').split('\n') as [string, string];
    // Long lines are windowed (…) around the carets.
    expect(lines[2]!.includes(shown.trim().replace(/^…/, '').replace(/…$/, ''))).toBe(true);
    expect(shown.slice(marks.indexOf('^')).startsWith('fromParty')).toBe(true);
  });

  it('fits a 390 px wide phone screen: no horizontal scroll', async () => {
    await ready();
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    const p = await phone.newPage();
    // A long rule and a long URL, as a user might type.
    await p.goto(`${server.origin}/playground/index.html#rules=${encodeURIComponent('01 lookupCount=0 && direction=inbound && dnis=1234,5678,9999 => /WebResources/new_a_very_long_web_resource_name_for_unknown_callers.html?tel={telephoneNo}')}`);
    await p.waitForFunction(() => document.body.hasAttribute('data-generation'));
    const width = await p.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth, body: document.body.scrollWidth }));
    expect(width.client).toBe(390);
    expect(width.scroll).toBeLessThanOrEqual(390);
    expect(width.body).toBeLessThanOrEqual(390);
    await p.screenshot({ path: join(ARTIFACTS, 'playground-390px.png'), fullPage: true });
    await phone.close();
  });

  it('logs no console errors over file://: the docs site home, a guide, the API reference and the playground', async () => {
    await ready();
    const messages: string[] = [];
    for (const path of ['index.html', 'documents/Getting_started.html', 'modules/screenpop.html', 'playground/index.html']) {
      const p = await context.newPage();
      p.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') messages.push(`${path}: ${m.type()}: ${m.text()}`);
      });
      p.on('pageerror', (e) => messages.push(`${path}: ${e.message}`));
      p.on('requestfailed', (r) => messages.push(`${path}: failed to load ${r.url()}`));
      await p.goto(pathToFileURL(join(SITE, path)).href);
      await p.waitForLoadState('load');
      await p.waitForTimeout(300);
      expect(await p.locator('body').count()).toBe(1);
      await p.close();
    }
    expect(messages).toEqual([]);
  });

  it('keeps the state in the page address, so a link reproduces it', async () => {
    await ready();
    const shared = page.url();
    expect(shared).toContain('#');
    const other = await context.newPage();
    await other.goto(shared);
    await other.waitForFunction(() => document.body.hasAttribute('data-generation'));
    expect(await other.inputValue('#rules')).toBe(await page.inputValue('#rules'));
    expect(await other.inputValue('#telephoneNo')).toBe('+353 87 000 0000');
    expect(await other.getAttribute('tr.rule.winner', 'data-key')).toBe('01');
    await other.close();
  });

  it('reads a CSV export and shows lint findings', async () => {
    await ready();
    await setRules(
      [
        'Owner,Scope,Parent,Name,Key,Value,Type',
        'Admin,global,,customURL_Rule,1,lookupCount=0 => /WebResources/a.html,',
        'Admin,global,,customURL_Rule,10,lookupCount=0 => /WebResources/b.html,',
        'Admin,global,,customURL_Rule,2,direction=inbound => default,',
      ].join('\n'),
    );
    expect(await page.textContent('#format-note')).toContain('CSV');
    const codes = await page.locator('#lint .finding').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')));
    expect(codes).toContain('key_sort_trap');
    // Keys sort as text: 1, 10, 2.
    expect(await page.locator('tr.rule').evaluateAll((els) => els.map((e) => e.getAttribute('data-key')))).toEqual(['1', '10', '2']);
  });

  it('works from file:// too', async () => {
    await ready();
    const other = await context.newPage();
    const errors: string[] = [];
    other.on('pageerror', (e) => errors.push(e.message));
    await other.goto(pathToFileURL(join(SITE, 'playground', 'index.html')).href);
    await other.waitForFunction(() => document.body.hasAttribute('data-generation'));
    expect(await other.getAttribute('tr.rule.winner', 'data-key')).toBe('02');
    expect(errors).toEqual([]);
    await other.close();
  });

  const tricky: Partial<CallParams> = {
    state: 'start',
    direction: 'queue',
    telephoneNo: '+30 694 618 6715',
    dnis: '1234',
    dnisName: 'Πωλήσεις & Marketing',
    fullName: 'ΝΕΚΤΑΡΙΑ ΚΕΦΑΛΟΝΙΚΑ',
    subject: 'ΕΚΣ-06441 - MRKT-0010324 a+b=c & d=e 100% ?#/',
    description: 'line one\nline two, «quoted» and emoji 📞',
    customerType: 'contact',
    customerID: 'e79beb12-998b-e911-a825-000d3ab70627',
    extra: { queue: 'VIP & co+1' },
  };

  for (const mode of ['legacy', 'strict'] as const) {
    it(`round-trips Data= through screenpop/params in the sample web resource (${mode} mode)`, async () => {
      await ready();
      const url = buildPopUrl('/playground/sample-webresource.html', tricky, { mode });
      await page.goto(`${server.origin}${url}`);
      await page.waitForFunction(() => 'screenpopCall' in window || 'screenpopError' in window);
      const got = await page.evaluate(() => (window as unknown as { screenpopCall?: CallParams }).screenpopCall);
      expect(got).toBeDefined();
      for (const [name, value] of Object.entries(tricky)) {
        if (name === 'extra') continue;
        expect(got?.[name as keyof CallParams], name).toBe(value);
      }
      expect(got?.extra).toEqual(tricky.extra);
      expect(got?.agent).toBe('');
      expect(await page.textContent('tr[data-name="fullName"] td')).toBe('ΝΕΚΤΑΡΙΑ ΚΕΦΑΛΟΝΙΚΑ');
      expect(await page.textContent('tr[data-name="subject"] td')).toBe(tricky.subject);
      await page.screenshot({ path: join(ARTIFACTS, `sample-webresource-${mode}.png`), fullPage: true });
    });
  }
});
