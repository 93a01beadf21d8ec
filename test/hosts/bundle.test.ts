/**
 * A page that only opens pops loads the host entry alone: no rule parser
 * (chevrotain), no phone library (libphonenumber-js), no zod, and a few
 * kilobytes. Each entry is bundled from source as a page's bundler would.
 */
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..', '..');

describe('host entries', () => {
  for (const [name, entry] of [
    ['screenpop/dynamics', 'src/hosts/dynamics/index.ts'],
    ['screenpop/salesforce', 'src/hosts/salesforce/index.ts'],
  ] as const) {
    it(`${name}: no parser, phone library or zod; at most 8 KB min+gzip`, async () => {
      const out = await build({ entryPoints: [join(root, entry)], bundle: true, minify: true, format: 'esm', platform: 'browser', write: false, metafile: true, logLevel: 'silent' });
      const inputs = Object.keys(out.metafile.inputs);
      expect(inputs.filter((i) => /node_modules\/(chevrotain|libphonenumber-js|zod|@chevrotain)\//.test(i))).toEqual([]);
      expect(inputs.filter((i) => /src\/(parser|rules|lookup\/phone|lookup\/lookup|config\/(csv|json|lookup))/.test(i))).toEqual([]);
      const gz = gzipSync(out.outputFiles[0]!.contents, { level: 9 }).length;
      expect(gz).toBeLessThanOrEqual(8 * 1024);
    });
  }
});
