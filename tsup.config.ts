import { defineConfig } from 'tsup';

// Library entries: ESM + CJS + .d.ts, dependencies left external.
// `screenpop/params` is its own entry so a CRM web resource can load it
// without chevrotain, zod or a phone library.
export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      params: 'src/params/index.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    splitting: false,
    treeshake: true,
  },
]);
