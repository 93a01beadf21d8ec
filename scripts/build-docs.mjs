#!/usr/bin/env node
// Builds the static docs site into docs/site/ (`npm run docs`):
//
//   1. typedoc (typedoc.json): the API reference of `screenpop`,
//      `screenpop/params` and `screenpop/testing`, the guides docs/*.md as
//      project documents (linked both ways), and the landing page
//      docs/playground/home.md. Warnings are errors.
//   2. the playground (docs/playground/) into docs/site/playground/, with two
//      browser bundles built by esbuild as IIFEs, so every page works from
//      file:// (no modules, no fetch):
//        screenpop.iife.js         the main entry + params  → global `screenpop`
//        screenpop-params.iife.js  `screenpop/params` only  → global `screenpopParams`
//
// Usage: node scripts/build-docs.mjs [--playground-only] [--out <dir>]
// The browser tests import `buildPlayground` to build only step 2 (no typedoc).
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SITE = join(ROOT, 'docs', 'site');
const PLAYGROUND_SRC = join(ROOT, 'docs', 'playground');

/** The main browser bundle's entry: the public API of `screenpop` and `screenpop/params`. */
const MAIN_ENTRY = `
export * from './src/index.ts';
export * from './src/params/index.ts';
`;

const common = {
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  minify: true,
  legalComments: 'none',
  charset: 'utf8',
  logLevel: 'warning',
  // csv-parse's Node build needs Buffer; its browser build carries its own.
  alias: { 'csv-parse/sync': 'csv-parse/browser/esm/sync' },
};

/**
 * Builds the playground into `<siteDir>/playground/`: the static files of
 * docs/playground/ (except the landing page source) and the two bundles.
 * @param {string} [siteDir]
 * @returns {Promise<{ dir: string, bytes: Record<string, number> }>}
 */
export async function buildPlayground(siteDir = SITE) {
  const dir = join(siteDir, 'playground');
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(PLAYGROUND_SRC)) {
    if (/\.(html|css|js)$/.test(name)) copyFileSync(join(PLAYGROUND_SRC, name), join(dir, name));
  }
  const bytes = {};
  const main = await build({
    ...common,
    stdin: { contents: MAIN_ENTRY, resolveDir: ROOT, loader: 'ts', sourcefile: 'screenpop-browser-entry.ts' },
    globalName: 'screenpop',
    outfile: join(dir, 'screenpop.iife.js'),
    metafile: true,
  });
  const params = await build({
    ...common,
    entryPoints: [join(ROOT, 'src', 'params', 'index.ts')],
    globalName: 'screenpopParams',
    outfile: join(dir, 'screenpop-params.iife.js'),
    metafile: true,
  });
  for (const m of [main, params]) for (const [file, out] of Object.entries(m.metafile.outputs)) bytes[file.replace(/^.*\//, '')] = out.bytes;
  return { dir, bytes };
}

/** Runs typedoc with typedoc.json (it cleans and writes docs/site/). Throws when typedoc fails. */
export function buildApi() {
  const bin = join(ROOT, 'node_modules', 'typedoc', 'bin', 'typedoc');
  const r = spawnSync(process.execPath, [bin, '--options', join(ROOT, 'typedoc.json')], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`typedoc failed (exit ${r.status}); fix the warnings above`);
  inlineIconRefs(SITE);
}

/**
 * TypeDoc's pages point their icons at `assets/icons.svg#icon-…`, which a
 * browser refuses to load from file:// (one console error per icon) before
 * TypeDoc's icons.js swaps in the sprite it adds to every page. Point them at
 * that sprite (`#icon-…`) from the start, so the site is quiet over file://
 * and works the same over http.
 * @param {string} dir
 */
export function inlineIconRefs(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) inlineIconRefs(p);
    else if (entry.name.endsWith('.html')) {
      const html = readFileSync(p, 'utf8');
      const fixed = html.replace(/href="[^"]*assets\/icons\.svg#icon-/g, 'href="#icon-');
      if (fixed !== html) writeFileSync(p, fixed);
    }
  }
}

async function main(argv) {
  const only = argv.includes('--playground-only');
  const outAt = argv.indexOf('--out');
  const site = outAt >= 0 && argv[outAt + 1] ? resolve(argv[outAt + 1]) : SITE;
  if (!only) {
    if (site !== SITE) throw new Error('--out works with --playground-only (typedoc writes to typedoc.json "out")');
    buildApi();
  }
  const { dir, bytes } = await buildPlayground(site);
  for (const [file, n] of Object.entries(bytes)) console.log(`  ${file.padEnd(26)} ${(n / 1024).toFixed(1)} KiB`);
  console.log(`docs site: ${pathToFileURL(join(site, 'index.html'))}\nplayground: ${pathToFileURL(join(dir, 'index.html'))}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  });
}
