/**
 * Package quality gates, on the package as npm would publish it:
 *
 * - one build (the repo's `dist/` when it is up to date, as in `.ci/run`
 *   which builds first; otherwise `tsup` into a staging folder, so the
 *   repo's `dist/` is never cleaned under another test's feet) and one `npm pack`;
 * - publint and @arethetypeswrong/cli on the tarball: no errors;
 * - the size budget: `screenpop/params` ≤ 3 KB min+gzip, the main entry reported;
 * - the tarball installed into a temporary project outside the repo, the way
 *   npm lays it out but without npm: the tarball extracted as
 *   `node_modules/screenpop`, and each dependency it declares linked from the
 *   repo's own `node_modules` (checked to be the declared version). No
 *   registry, no npm cache: the test passes on a new machine with an empty
 *   cache, and a dependency missing from `dependencies` fails it, since the
 *   project is not inside the repo. Then imported as ESM and as CJS, and
 *   type-checked there with `tsc` (`module: nodenext`, `.ts` and `.cts` files).
 *
 * Setup runs once, as promises every test awaits (not in `beforeAll`): when
 * the build, the pack or the install fails, every test that needs it fails
 * with that error, rather than being reported as skipped.
 *
 * Build and tarball under `.tmp/package-test/` (git-ignored); the consumer
 * project in the OS temporary folder.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const WORK = join(ROOT, '.tmp', 'package-test');
const PKG = join(WORK, 'pkg');
const bin = (...p: string[]): string => join(ROOT, 'node_modules', ...p);

/** `screenpop/params` budget, min+gzip, in bytes. */
const PARAMS_BUDGET = 3 * 1024;

/** The files every build must have (entry points × formats × types). */
const REQUIRED = ['index', 'params', 'testing'].flatMap((n) => [`${n}.js`, `${n}.cjs`, `${n}.d.ts`, `${n}.d.cts`]).concat('cli.js', 'module/index.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** True when the repo's dist/ has every file and is newer than src/, package.json and tsup.config.ts. */
function distIsFresh(): boolean {
  const dist = join(ROOT, 'dist');
  if (!REQUIRED.every((f) => existsSync(join(dist, f)))) return false;
  const built = Math.min(...REQUIRED.map((f) => statSync(join(dist, f)).mtimeMs));
  const sources = Math.max(newestMtime(join(ROOT, 'src')), statSync(join(ROOT, 'package.json')).mtimeMs, statSync(join(ROOT, 'tsup.config.ts')).mtimeMs);
  return built >= sources;
}

async function sh(cmd: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<string> {
  try {
    const { stdout } = await run(cmd, args, { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env } });
    return stdout;
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed in ${relative(ROOT, cwd) || '.'}:\n${err.stdout ?? ''}\n${err.stderr ?? err.message}`);
  }
}

/** min+gzip size of `entry` bundled by esbuild (dependencies external unless `bundleDeps`). */
async function minGzip(entry: string, bundleDeps: boolean): Promise<{ min: number; gzip: number; inputs: string[] }> {
  const r = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    ...(bundleDeps ? { alias: { 'csv-parse/sync': 'csv-parse/browser/esm/sync' } } : { packages: 'external' as const }),
  });
  const code = r.outputFiles[0]!.contents;
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length, inputs: Object.keys(r.metafile.inputs) };
}


/** Runs attw on the tarball; resolves to the problems that count. */
async function attw(tarball: string): Promise<{ profile: string; problems: string[] }> {
  const pkg = JSON.parse(readFileSync(join(PKG, 'package.json'), 'utf8')) as { typesVersions?: unknown };
  // Subpaths need `typesVersions` to resolve under TypeScript's legacy `node10`
  // resolution; without it, check the resolutions Node >= 20 users have (node16, bundler).
  const profile = pkg.typesVersions ? 'strict' : 'node16';
  const out = await sh(process.execPath, [bin('@arethetypeswrong', 'cli', 'dist', 'index.js'), tarball, '--format', 'json', '--profile', profile], WORK).catch((e: Error) => {
    // attw exits 1 on problems; its JSON is still on stdout, inside the message.
    const m = /\{[\s\S]*\}/.exec(e.message);
    if (!m) throw e;
    return m[0];
  });
  const result = JSON.parse(out) as { problems?: Record<string, { kind: string; entrypoint?: string; resolutionKind?: string }[]> };
  const problems = Object.values(result.problems ?? {})
    .flat()
    .filter((p) => profile === 'strict' || p.resolutionKind !== 'node10')
    .map((p) => `${p.kind} ${p.entrypoint ?? ''} ${p.resolutionKind ?? ''}`.trim());
  return { profile, problems };
}

/**
 * Installs the tarball into a new project in the OS temporary folder, as npm
 * would lay it out, without npm (no registry, no cache): the tarball
 * extracted as node_modules/screenpop, each declared dependency a link to the
 * repo's own copy, which must be the declared version.
 */
async function install(tarball: string): Promise<string> {
  const consumer = mkdtempSync(join(tmpdir(), 'screenpop-consumer-'));
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', version: '0.0.0', private: true, type: 'module' }, null, 2));
  const target = join(consumer, 'node_modules', 'screenpop');
  mkdirSync(target, { recursive: true });
  await sh('tar', ['-xzf', tarball, '-C', target, '--strip-components=1'], consumer);
  const pkg = JSON.parse(readFileSync(join(target, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  for (const [name, version] of Object.entries(pkg.dependencies ?? {})) {
    const source = join(ROOT, 'node_modules', name);
    const installed = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')) as { version: string };
    if (installed.version !== version) throw new Error(`${name}: package.json declares ${version}, the repo's node_modules has ${installed.version}; run npm ci`);
    mkdirSync(dirname(join(consumer, 'node_modules', name)), { recursive: true });
    symlinkSync(source, join(consumer, 'node_modules', name), 'dir');
  }
  return consumer;
}

/**
 * A page of `contents` (importing from `consumer`'s node_modules), bundled as a
 * web resource's bundler would (csv-parse aliased to its browser build): its
 * output and the files that put bytes into it (metafile.inputs also lists
 * those tree-shaken away).
 */
async function bundlePage(contents: string, consumer: string, platform: 'browser' | 'node' = 'browser', minify = false): Promise<{ code: Uint8Array; text: string; inputs: string[] }> {
  const r = await build({
    stdin: { contents, resolveDir: consumer, loader: 'js' },
    bundle: true,
    minify,
    format: 'esm',
    platform,
    write: false,
    metafile: true,
    logLevel: 'silent',
    alias: { 'csv-parse/sync': 'csv-parse/browser/esm/sync' },
  });
  const inputs = Object.entries(Object.values(r.metafile.outputs)[0]!.inputs).filter(([, v]) => v.bytesInOutput > 0).map(([k]) => k);
  return { code: r.outputFiles[0]!.contents, text: r.outputFiles[0]!.text, inputs };
}

interface Packed {
  readonly tarball: string;
  readonly files: string[];
}

/** Builds (or reuses a fresh dist/) and packs, once. */
async function pack(): Promise<Packed> {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(PKG, { recursive: true });
  for (const f of ['package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'docs/errors.md']) {
    if (existsSync(join(ROOT, f))) {
      mkdirSync(dirname(join(PKG, f)), { recursive: true });
      cpSync(join(ROOT, f), join(PKG, f));
    }
  }
  let builtFrom: string;
  if (distIsFresh()) {
    cpSync(join(ROOT, 'dist'), join(PKG, 'dist'), { recursive: true });
    builtFrom = 'dist/ (up to date)';
  } else {
    // SCREENPOP_DIST, not --out-dir: --out-dir would put dist/module/ flat into dist/ (tsup.config.ts).
    await sh(process.execPath, [bin('tsup', 'dist', 'cli-default.js'), '--silent'], ROOT, { SCREENPOP_DIST: join(PKG, 'dist') });
    builtFrom = 'tsup into .tmp/package-test/pkg/dist';
  }
  // --ignore-scripts: dist/ is already built here (the package's prepack would build it again).
  const packed = JSON.parse(await sh('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', WORK], PKG)) as [{ filename: string; files: { path: string }[] }];
  const tarball = join(WORK, packed[0].filename);
  const files = packed[0].files.map((f) => f.path).sort();
  console.log(`[package] built from ${builtFrom}; packed ${files.length} files into ${relative(ROOT, tarball)}`);
  return { tarball, files };
}

/** Memoized setup steps; a test awaiting a failed step fails with its error. */
const once = <T>(f: () => Promise<T>): (() => Promise<T>) => {
  let p: Promise<T> | undefined;
  return () => (p ??= f());
};
const packed = once(pack);
const attwRun = once(async () => attw((await packed()).tarball));
const installed = once(async () => install((await packed()).tarball));

// Every test may be the first to wait for the build and the pack (a minute or two on a busy machine).
describe('the published package', { timeout: 240_000 }, () => {
  afterAll(async () => {
    const consumer = await installed().catch(() => undefined);
    if (consumer) rmSync(consumer, { recursive: true, force: true });
  });

  it('packs dist/, package.json, LICENSE and docs/errors.md, and nothing from src/ or test/', async () => {
    const packedFiles = (await packed()).files;
    expect(packedFiles).toContain('LICENSE');
    for (const f of REQUIRED) expect(packedFiles).toContain(`dist/${f}`);
    expect(packedFiles).toContain('package.json');
    // Every error message ends "See docs/errors.md#<code>": the installed package has that file.
    expect(packedFiles).toContain('docs/errors.md');
    expect(packedFiles.filter((f) => /^(src|test|bench|docs|examples|scripts)\//.test(f) && f !== 'docs/errors.md')).toEqual([]);
  });

  it('passes publint with no errors', async () => {
    const { tarball } = await packed();
    const tar = readFileSync(tarball);
    // With a tarball, pkgDir names the folder inside it (npm packs into `package/`).
    const { messages, pkg } = await publint({ pkgDir: 'package', pack: { tarball: tar.buffer.slice(tar.byteOffset, tar.byteOffset + tar.byteLength) }, level: 'suggestion' });
    const lines = messages.map((m) => `${m.type}: ${formatMessage(m, pkg, { color: false }) ?? m.code}`);
    if (lines.length) console.log(`[package] publint:\n  ${lines.join('\n  ')}`);
    expect(lines.filter((l) => l.startsWith('error'))).toEqual([]);
  });

  it('passes @arethetypeswrong/cli with no problems', async () => {
    const { profile, problems } = await attwRun();
    if (profile !== 'strict') console.log(`[package] attw profile ${profile}: add "typesVersions" for subpaths to check TypeScript's legacy node10 resolution too`);
    expect(problems).toEqual([]);
  });

  it('keeps screenpop/params within 3 KB min+gzip, free of chevrotain, zod and libphonenumber; reports the main entry', async () => {
    await packed();
    const params = await minGzip(join(PKG, 'dist', 'params.js'), true);
    const main = await minGzip(join(PKG, 'dist', 'index.js'), false);
    const mainAll = await minGzip(join(PKG, 'dist', 'index.js'), true);
    const kb = (n: number): string => `${(n / 1024).toFixed(2)} KB`;
    const report = {
      'screenpop/params': { min: params.min, gzip: params.gzip, budget: PARAMS_BUDGET },
      screenpop: { min: main.min, gzip: main.gzip, note: 'dependencies external' },
      'screenpop + dependencies': { min: mainAll.min, gzip: mainAll.gzip, note: 'everything bundled for a browser' },
    };
    mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
    writeFileSync(join(ROOT, 'test-artifacts', 'sizes.json'), `${JSON.stringify(report, null, 2)}\n`);
    console.log(
      `[package] sizes (min+gzip): screenpop/params ${kb(params.gzip)} (budget ${kb(PARAMS_BUDGET)}), ` +
        `screenpop ${kb(main.gzip)} (dependencies external), ${kb(mainAll.gzip)} with dependencies`,
    );
    expect(params.inputs.filter((i) => i.includes('node_modules'))).toEqual([]);
    expect(params.gzip, `screenpop/params is ${params.gzip} bytes min+gzip; the budget is ${PARAMS_BUDGET}`).toBeLessThanOrEqual(PARAMS_BUDGET);
    expect(main.gzip).toBeGreaterThan(params.gzip);
  });

  describe('installed from the tarball into a temporary project', () => {
    it('is installed with its declared dependencies', async () => {
      const CONSUMER = await installed();
      const installedPkg = JSON.parse(readFileSync(join(CONSUMER, 'node_modules', 'screenpop', 'package.json'), 'utf8')) as { name: string };
      expect(installedPkg.name).toBe('screenpop');
      expect(existsSync(join(CONSUMER, 'node_modules', 'screenpop', 'LICENSE'))).toBe(true);
      expect(existsSync(join(CONSUMER, 'node_modules', 'screenpop', 'src'))).toBe(false);
    });

    it('imports as ESM', async () => {
      const CONSUMER = await installed();
      const code = `
        import { compileRules, parseRule, ScreenpopError } from 'screenpop';
        import { buildPopUrl, parseDataParam } from 'screenpop/params';
        import * as testing from 'screenpop/testing';
        const rules = compileRules([{ key: '01', value: 'lookupCount=0 => /WebResources/new_unknown.html' }]);
        const url = buildPopUrl(rules.evaluate({ lookupCount: 0 }).target.url, { fullName: 'Νεκταρία & Co+' });
        let code = '';
        try { parseRule('dnis=1234 default'); } catch (e) { code = e instanceof ScreenpopError ? e.code : 'not a ScreenpopError'; }
        console.log(JSON.stringify({ url, fullName: parseDataParam(url).fullName, code, testing: typeof testing.runPopSpec, contract: typeof testing.runAdapterContract }));
      `;
      const out = JSON.parse(await sh(process.execPath, ['--input-type=module', '-e', code], CONSUMER)) as Record<string, string>;
      expect(out.url).toMatch(/^\/WebResources\/new_unknown\.html\?Data=/);
      expect(out.fullName).toBe('Νεκταρία & Co+');
      expect(out.code).toBe('missing_arrow');
      expect(out.testing).toBe('function');
      // screenpop/testing loads without any test framework installed (the consumer has none).
      expect(out.contract).toBe('function');
    });

    it("gives a web page's bundler the file-per-module build, from which it keeps only what the page uses", async () => {
      const CONSUMER = await installed();
      /** A page importing `names` from screenpop, bundled for `platform`: its min+gzip size and the packages it pulled in. */
      const page = async (names: string, platform: 'browser' | 'node') => {
        const { code, inputs } = await bundlePage(`export ${names} from 'screenpop';`, CONSUMER, platform, true);
        const packages = [...new Set(inputs.map((i) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(i)?.[1]).filter((x): x is string => x !== undefined && x !== 'screenpop'))].sort();
        return { gzip: gzipSync(code, { level: 9 }).length, inputs, packages };
      };
      const data = await page('{ buildDataParam }', 'browser');
      expect(data.inputs.filter((i) => !i.includes('node_modules/screenpop/dist/module/') && i !== '<stdin>')).toEqual([]);
      expect(data.packages).toEqual([]);
      expect(data.gzip).toBeLessThan(4096);
      // Rules need the parser, not the phone library, the CSV reader or the schemas' zod.
      const rules = await page('{ compileRules }', 'browser');
      expect(rules.packages.filter((p) => /libphonenumber|csv-parse|^zod$/.test(p))).toEqual([]);
      expect(rules.packages).toContain('chevrotain');
      // Node (and a bundle for Node) gets the single file, which loads fast (docs/performance.md, "Cold start").
      const node = await page('{ buildDataParam }', 'node');
      expect(node.inputs.filter((i) => i.includes('node_modules/screenpop/'))).toEqual([expect.stringMatching(/node_modules\/screenpop\/dist\/index\.js$/)]);
    });

    it("bundles libphonenumber-js's code once in a page that also imports it, and reads numbers as the Node build does", async () => {
      const CONSUMER = await installed();
      const callers = JSON.stringify(['+353 86 856 1713', '0868561713', '00353868561713', 'tel:+44-20-7946-0958;ext=12', 'sip:+15551234567@pbx', 'anonymous']);
      const read = `${callers}.map((t) => normalizePhone(t, { defaultRegion: 'IE' }))`;
      const bundled = await bundlePage(
        `import { normalizePhone } from 'screenpop';
        import { parsePhoneNumberFromString } from 'libphonenumber-js';
        console.log(JSON.stringify({ ours: ${read}, peer: parsePhoneNumberFromString('086 856 1713', 'IE')?.number }));`,
        CONSUMER,
      );
      const library = bundled.inputs.filter((i) => i.includes('node_modules/libphonenumber-js/'));
      // The library's babel build (es6/), which its default entry is made of, and not its modern build besides.
      expect(library.some((i) => i.includes('/es6/'))).toBe(true);
      expect(library.filter((i) => i.includes('/es6-modern/'))).toEqual([]);
      const dir = mkdtempSync(join(tmpdir(), 'screenpop-page-'));
      writeFileSync(join(dir, 'page.mjs'), bundled.code);
      const page = JSON.parse(await sh(process.execPath, [join(dir, 'page.mjs')], CONSUMER)) as { ours: unknown[]; peer: string };
      const code = `import { normalizePhone } from 'screenpop'; console.log(JSON.stringify(${read}));`;
      const node = JSON.parse(await sh(process.execPath, ['--input-type=module', '-e', code], CONSUMER)) as unknown[];
      expect(page.ours).toEqual(node);
      expect(page.peer).toBe('+353868561713');
      expect((node[0] as { e164?: string }).e164).toBe('+353868561713');
      rmSync(dir, { recursive: true, force: true });
    });

    it("shares one error family between screenpop and its host entries in a bundler's page (instanceof works across them)", async () => {
      const CONSUMER = await installed();
      const { text } = await bundlePage(
        `import { ScreenpopError } from 'screenpop';
        import { openInXrm } from 'screenpop/dynamics';
        import { openInOpenCti } from 'screenpop/salesforce';
        const seen = [];
        for (const open of [openInXrm, openInOpenCti]) {
          try { await open({ kind: 'bogus' }, {}); seen.push('no error'); } catch (e) { seen.push(String(e instanceof ScreenpopError) + ' ' + e.name); }
        }
        console.log(JSON.stringify(seen));`,
        CONSUMER,
      );
      writeFileSync(join(CONSUMER, 'page.mjs'), text);
      const seen = JSON.parse(await sh(process.execPath, ['page.mjs'], CONSUMER)) as string[];
      expect(seen).toEqual(['true HostError', 'true HostError']);
    });

    it('requires as CJS', async () => {
      const CONSUMER = await installed();
      const code = `
        const { compileRules, ScreenpopError } = require('screenpop');
        const { buildDataParam, parseDataParam } = require('screenpop/params');
        const testing = require('screenpop/testing');
        const d = compileRules([{ key: '01', value: 'dnis=1234 => /a.html' }]).evaluate({ dnis: '1234' });
        const data = buildDataParam({ subject: 'a+b & c=d' });
        console.log(JSON.stringify({ url: d.target.url, subject: parseDataParam('?Data=' + data).subject, err: typeof ScreenpopError, testing: typeof testing.runPopSpec, contract: typeof testing.runAdapterContract, file: require.resolve('screenpop') }));
      `;
      const out = JSON.parse(await sh(process.execPath, ['--input-type=commonjs', '-e', code], CONSUMER)) as Record<string, string>;
      expect(out.url).toBe('/a.html');
      expect(out.subject).toBe('a+b & c=d');
      expect(out.err).toBe('function');
      expect(out.testing).toBe('function');
      expect(out.contract).toBe('function');
      expect(out.file).toMatch(/node_modules[\\/]screenpop[\\/]dist[\\/]index\.cjs$/);
    });

    it('type-checks with tsc in that project (ESM .ts and CJS .cts, module nodenext)', async () => {
      const CONSUMER = await installed();
      writeFileSync(
        join(CONSUMER, 'tsconfig.json'),
        JSON.stringify(
          {
            compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', strict: true, noEmit: true, skipLibCheck: true, types: [], lib: ['es2022', 'dom'] },
            files: ['esm.ts', 'cjs.cts'],
          },
          null,
          2,
        ),
      );
      const body = (imports: string): string => `${imports}
const rules: CompiledRules = compileRules([{ key: '01', value: 'lookupCount=0 => /x.html' }]);
const target = rules.evaluate({ lookupCount: 0 }).target;
const url: string = target.kind === 'url' ? buildPopUrl(target.url, { dnis: '1234' }) : '';
const params: CallParams = parseDataParam(url);
const dnis: string = params.dnis;
const e: ScreenpopError = new ScreenpopError('x', 'y');
const code: string = e.code;
const run: typeof runPopSpec = runPopSpec;
// @ts-expect-error a rule row needs a value
compileRules([{ key: '01' }]);
export { dnis, code, run };
`;
      writeFileSync(
        join(CONSUMER, 'esm.ts'),
        body(`import { compileRules, ScreenpopError, type CompiledRules } from 'screenpop';
import { buildPopUrl, parseDataParam, type CallParams } from 'screenpop/params';
import { runPopSpec } from 'screenpop/testing';`),
      );
      writeFileSync(
        join(CONSUMER, 'cjs.cts'),
        body(`import { compileRules, ScreenpopError, type CompiledRules } from 'screenpop';
import { buildPopUrl, parseDataParam, type CallParams } from 'screenpop/params';
import { runPopSpec } from 'screenpop/testing';`),
      );
      await sh(process.execPath, [bin('typescript', 'bin', 'tsc'), '-p', join(CONSUMER, 'tsconfig.json')], CONSUMER);
    });
  });
});
