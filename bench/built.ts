/**
 * The built package, as hosts run it. Benchmarks that time screenpop's own
 * speed import `dist/` rather than the sources: through tsx, esbuild's
 * `keepNames` wraps every function created at run time in a `__name` call
 * (an `Object.defineProperty`), so code that makes closures per call (the
 * chevrotain grammar's alternatives, `Data=`'s loop) runs 2–3× slower than
 * what ships (docs/performance.md). `dist/` is rebuilt first when it is older
 * than `src/`, the build config or the lock file.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root. */
export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

let checked = false;

/** Rebuilds `dist/` (tsup) when it is missing or older than `src/`, `tsup.config.ts` or `package-lock.json`. */
export function ensureBuilt(): void {
  if (checked) return;
  checked = true;
  let distTime = 0;
  try {
    distTime = Math.min(...['index.js', 'params.js', 'cli.js'].map((f) => statSync(join(root, 'dist', f)).mtimeMs));
  } catch {
    distTime = 0;
  }
  // A dependency upgrade changes what tsup bundles in, so the lock file counts too.
  if (distTime < Math.max(newest(join(root, 'src')), ...['tsup.config.ts', 'package-lock.json'].map((f) => statSync(join(root, f)).mtimeMs))) {
    console.log('  (dist/ is missing or older than src/, tsup.config.ts or package-lock.json: rebuilding)');
    const r = spawnSync(process.execPath, [join(root, 'node_modules', 'tsup', 'dist', 'cli-default.js'), '--silent'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('tsup failed');
  }
}

/** The built ES module of an entry (`index`, `params`, ...), rebuilt first if stale. */
export async function importBuilt<T>(entry: string): Promise<T> {
  ensureBuilt();
  return (await import(pathToFileURL(join(root, 'dist', `${entry}.js`)).href)) as T;
}
