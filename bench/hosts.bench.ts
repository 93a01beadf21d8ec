/**
 * The host subpaths: how much a page that only opens pops loads, and what
 * the gate costs per event.
 *
 * Sizes: each subpath entry bundled from source as a page would (esbuild,
 * minified, then gzip -9), next to the `screenpop/params` entry and the main
 * entry. A host entry must not contain the rule parser (chevrotain) or the
 * phone library (libphonenumber-js): the bundle's inputs are checked.
 *
 * Gate: `createPopGate().claim` for a ring event of a call already popped
 * (the duplicate events a host sends), against a plain `Set.has` on the same
 * key in the same process.
 */
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { createPopGate } from '../src/hosts/gate.js';
import { measure, ratio, report } from './util.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ENTRIES: ReadonlyArray<[string, string]> = [
  ['screenpop/dynamics', 'src/hosts/dynamics/index.ts'],
  ['screenpop/salesforce', 'src/hosts/salesforce/index.ts'],
  ['screenpop/params', 'src/params/index.ts'],
  ['screenpop', 'src/index.ts'],
];

console.log('\nBundle size per entry (min+gzip, as a page loads it)');
let leaked = false;
for (const [name, entry] of ENTRIES) {
  const out = await build({
    entryPoints: [join(root, entry)],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    metafile: true,
    logLevel: 'silent',
    alias: { 'csv-parse/sync': 'csv-parse/browser/esm/sync' },
  });
  const code = out.outputFiles[0]!.contents;
  const inputs = Object.keys(out.metafile.inputs);
  const heavy = ['chevrotain', 'libphonenumber-js', 'zod'].filter((p) => inputs.some((i) => i.includes(`node_modules/${p}/`)));
  if (name.includes('/dynamics') || name.includes('/salesforce')) leaked ||= heavy.length > 0;
  console.log(`  ${name.padEnd(22)} ${(code.length / 1024).toFixed(1).padStart(7)} KiB min  ${(gzipSync(code, { level: 9 }).length / 1024).toFixed(1).padStart(6)} KiB min+gzip  ${heavy.length ? `(includes ${heavy.join(', ')})` : '(no parser, no phone library)'}`);
}
if (leaked) {
  console.log('  FAIL: a host entry pulls the parser or the phone library');
  process.exitCode = 1;
}

const gate = createPopGate();
const KEYS = Array.from({ length: 64 }, (_, i) => `7e2a5311-be86-e911-a84d-${String(i).padStart(12, '0')}`);
for (const k of KEYS) gate.claim({ phoneCallID: k });
const seen = new Set(KEYS);
const CALLS = KEYS.map((k) => ({ phoneCallID: k.toUpperCase(), state: 'incoming' }));
const measured = await measure([
  {
    name: 'Set.has (baseline)',
    opsPerCall: CALLS.length,
    fn: () => {
      let n = 0;
      for (const c of CALLS) if (seen.has(c.phoneCallID.trim().toLowerCase())) n++;
      return n;
    },
  },
  {
    name: 'gate.claim (duplicate)',
    opsPerCall: CALLS.length,
    fn: () => {
      let n = 0;
      for (const c of CALLS) if (!gate.claim(c).pop) n++;
      return n;
    },
  },
]);
report('One pop per call: a duplicate event (events/s)', measured, 'Set.has (baseline)', 'events/s');
console.log(`  gate.claim / Set.has: ${ratio(measured, 'gate.claim (duplicate)', 'Set.has (baseline)').toFixed(2)}`);
