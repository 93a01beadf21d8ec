import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

describe('screenpop/params bundle', () => {
  it('is at most 3 KB minified and gzipped, with no zod, chevrotain or phone library', async () => {
    const result = await build({
      entryPoints: ['src/params/index.ts'],
      bundle: true,
      minify: true,
      write: false,
      format: 'esm',
      metafile: true,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]!.contents;
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.every((f) => f.startsWith('src/params/') || f === 'src/errors/index.ts')).toBe(true);
    expect(gzipSync(code).length).toBeLessThanOrEqual(3072);
  });
});
