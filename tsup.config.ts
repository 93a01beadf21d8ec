import { readFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';

// Where the build goes: dist/ unless SCREENPOP_DIST names another folder (the
// package test builds a staging copy; tsup's --out-dir would put every
// config's output, dist/module/ included, in one flat folder).
const out = process.env.SCREENPOP_DIST ?? 'dist';

export default defineConfig([
  // Library entries: ESM + CJS + .d.ts. `screenpop/params` is its own entry
  // so a CRM web resource can load it without chevrotain, zod or a phone
  // library. The dependencies but csv-parse are bundled in, tree-shaken:
  // through their package entries Node loads hundreds of files (chevrotain
  // alone ~640 lodash-es files, zod/mini its ~50 locales, libphonenumber-js
  // ~150 files), which made `import('screenpop')` cost 6-8x a bare
  // `node -e 0`; one file is ~2x (docs/performance.md, "Cold start").
  // csv-parse stays external: its Node build calls `Buffer` at load, so a
  // browser host must be able to alias it to `csv-parse/browser/esm/sync`.
  // The .d.ts files still import zod's types; every dependency stays declared.
  {
    outDir: out,
    entry: {
      index: 'src/index.ts',
      params: 'src/params/index.ts',
      testing: 'src/testing/index.ts',
      // Host openers: no parser, no phone library (docs/hosts.md).
      dynamics: 'src/hosts/dynamics/index.ts',
      salesforce: 'src/hosts/salesforce/index.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    splitting: false,
    treeshake: true,
    noExternal: [/^(?!csv-parse(\/|$))/],
  },
  // The same library as ES modules file for file, dependencies imported by
  // name, for bundlers (every condition but "node" of `.` in package.json
  // `exports`): one file per source module, so a web resource's bundler drops
  // the modules it does not use (package.json `sideEffects: false`) and each
  // dependency's own, where one bundled file keeps every top-level statement
  // it cannot prove pure (libphonenumber-js's metadata for `compileRules`
  // alone: ≈ 82 KB min+gzip instead of ≈ 45 KB; docs/performance.md).
  {
    // Not the CLI, nor src/testing (its own Node-only entry, never reached from `.`).
    entry: ['src/**/*.ts', '!src/cli/**', '!src/testing/**'],
    outDir: `${out}/module`,
    format: ['esm'],
    bundle: false,
    dts: false,
    sourcemap: true,
    clean: false,
    target: 'es2022',
    // The phone library for bundlers: `libphonenumber-js/core`, the build the
    // package's other entries (`libphonenumber-js`, `/min`, `/core`) are made
    // of, so a page that also uses libphonenumber-js bundles its code once.
    // The Node builds keep `core/es6`, twice as fast a parse (src/lookup/phonelib.ts).
    esbuildPlugins: [
      {
        name: 'phone-library-for-bundlers',
        setup(build) {
          build.onLoad({ filter: /[\\/]src[\\/]lookup[\\/]phonelib\.ts$/ }, async (args) => {
            const text = await readFile(args.path, 'utf8');
            const shared = text.replaceAll("from 'libphonenumber-js/core/es6'", "from 'libphonenumber-js/core'");
            if (shared === text) throw new Error(`${args.path}: no import of libphonenumber-js/core/es6 to redirect`);
            return { contents: shared, loader: 'ts' };
          });
        },
      },
    ],
  },
  // The CLI: ESM with every dependency bundled in, split so each command
  // loads only its own chunks (`lint` never loads the phone library). Loading
  // chevrotain through its package entry costs ~250 ms (hundreds of lodash-es
  // files); bundled and minified the CLI starts in a few tens of milliseconds.
  {
    outDir: out,
    entry: { cli: 'src/cli/bin.ts' },
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    noExternal: [/.*/],
    splitting: true,
    sourcemap: false,
    clean: false,
    minify: true,
    esbuildOptions(options) {
      options.chunkNames = 'cli-chunks/[name]-[hash]';
    },
    // No `require` shim: nothing bundled calls require (a chunk that did would fail
    // with "Dynamic require ... is not supported"; the CLI tests run every command).
  },
]);
