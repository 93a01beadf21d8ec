/**
 * What a host pays before the first call: cold start and browser bundle size
 * of every subpath in package.json `exports`, measured on the built package
 * (`dist/`, rebuilt when older than `src/`, its build config or the lock file).
 *
 * - Cold start: `import('screenpop')` (and each subpath, and a CJS
 *   `require('screenpop')`) as a whole Node process, against a bare
 *   `node -e 0`; the runs take turns and each reports its median of 11
 *   (target `screenpop` ≤ 2.5×; `screenpop/params` ≈ 1×, ≤ 1.3×).
 * - Bundle size: `export * from '<subpath>'` bundled by esbuild for the
 *   browser, minified, gzipped (csv-parse aliased to its browser build, as a
 *   browser host must; target `screenpop` ≤ 150 KB, `screenpop/params` ≤ 3 KB).
 *   A subpath that imports Node built-ins is bundled for Node and marked so.
 *   Then pages that import a few names, from the package as a bundler
 *   resolves it (dist/module/) and from the single-file Node build (reported).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { ensureBuilt } from './built.js';
import { median, targetMax } from './util.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; exports: Record<string, unknown> };

ensureBuilt();

/** Every import specifier the package offers (`screenpop`, `screenpop/params`, ...). */
const subpaths = Object.keys(pkg.exports)
  .filter((k) => k !== './package.json')
  .map((k) => (k === '.' ? pkg.name : `${pkg.name}/${k.slice(2)}`));

// --- cold start -----------------------------------------------------------

const RUNS = 11;
const cases: Array<{ name: string; args: string[] }> = [
  { name: 'node -e 0', args: ['-e', '0'] },
  ...subpaths.map((s) => ({ name: `import('${s}')`, args: ['--input-type=module', '-e', `await import(${JSON.stringify(s)})`] })),
  { name: `require('${pkg.name}')`, args: ['-e', `require(${JSON.stringify(pkg.name)})`] },
];
const times = cases.map(() => [] as number[]);
for (let run = 0; run < RUNS; run++) {
  cases.forEach((c, i) => {
    const t = process.hrtime.bigint();
    const r = spawnSync(process.execPath, c.args, { cwd: root, encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (r.status !== 0) throw new Error(`${c.name} failed: ${r.stderr}`);
    times[i]!.push(ms);
  });
}
const bare = median(times[0]!);
console.log(`\nCold start, whole processes (median of ${RUNS}, taking turns)`);
const w = Math.max(...cases.map((c) => c.name.length));
cases.forEach((c, i) => {
  const m = median(times[i]!);
  console.log(`  ${c.name.padEnd(w)}  ${m.toFixed(1).padStart(7)} ms  ${(m / bare).toFixed(2).padStart(6)}× node -e 0`);
});
const ratioOf = (name: string): number => median(times[cases.findIndex((c) => c.name === name)]!) / bare;
targetMax(`import('${pkg.name}') / node -e 0`, ratioOf(`import('${pkg.name}')`), 2.5);
targetMax(`import('${pkg.name}/params') / node -e 0`, ratioOf(`import('${pkg.name}/params')`), 1.3);

// --- browser bundle size ----------------------------------------------------

async function bundle(spec: string, platform: 'browser' | 'node', names = '*'): Promise<{ min: number; gzip: number }> {
  const r = await build({
    stdin: { contents: `export ${names} from ${JSON.stringify(spec)};`, resolveDir: root, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform,
    write: false,
    logLevel: 'silent',
    alias: { 'csv-parse/sync': 'csv-parse/browser/esm/sync' },
  });
  const code = r.outputFiles[0]!.contents;
  return { min: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

console.log('\nBundle size (esbuild, minified, gzip -9)');
const sizes = new Map<string, number>();
for (const s of subpaths) {
  let note = 'browser';
  let size: { min: number; gzip: number };
  try {
    size = await bundle(s, 'browser');
  } catch {
    size = await bundle(s, 'node');
    note = 'Node only (imports Node built-ins)';
  }
  sizes.set(s, size.gzip);
  console.log(`  ${s.padEnd(24)} ${(size.min / 1024).toFixed(1).padStart(8)} KB min  ${(size.gzip / 1024).toFixed(2).padStart(8)} KB min+gzip  (${note})`);
}

// What a page that imports a few names pays: its bundler resolves `screenpop`
// to the file-per-module build (dist/module/, every condition but "node") and
// drops what those names do not reach. Beside it, the same names from the
// single-file Node build, where a bundler must keep every top-level statement
// it cannot prove pure.
console.log(`\nA page that imports a few names from ${pkg.name} (min+gzip; from the single-file Node build in brackets)`);
for (const names of ['{ buildDataParam }', '{ compileRules }', '{ resolveScreenPop, createMemoryLookup }', '{ resolveScreenPop, createDataverseLookup }']) {
  const page = await bundle(pkg.name, 'browser', names);
  const single = await bundle(join(root, 'dist', 'index.js'), 'browser', names);
  console.log(`  ${names.padEnd(46)} ${(page.gzip / 1024).toFixed(1).padStart(6)} KB  (${(single.gzip / 1024).toFixed(1)} KB)`);
}
targetMax(`${pkg.name} min+gzip, KB`, sizes.get(pkg.name)! / 1024, 150);
targetMax(`${pkg.name}/params min+gzip, KB`, sizes.get(`${pkg.name}/params`)! / 1024, 3);
