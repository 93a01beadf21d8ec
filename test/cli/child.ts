/**
 * Runs the CLI as a child process, fast: src/cli/bin.ts bundled once per test
 * file by esbuild (as the package's build bundles it) into `.tmp/cli-test/`,
 * inside the repo so `--version` finds package.json. Starting it through tsx
 * instead costs seconds per process on a busy machine.
 */
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

export const root = join(__dirname, '..', '..');

let bundled: Promise<string> | undefined;

/** The bundled CLI's path (built on first use). */
export function cliBundle(): Promise<string> {
  bundled ??= (async () => {
    const dir = join(root, '.tmp', 'cli-test', `${process.pid}-${Math.random().toString(36).slice(2)}`);
    mkdirSync(dir, { recursive: true });
    const outfile = join(dir, 'cli.mjs');
    await build({
      entryPoints: [join(root, 'src', 'cli', 'bin.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile,
      logLevel: 'silent',
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });
    return outfile;
  })();
  return bundled;
}

export interface Result {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI; with `closeStdout`, its stdout pipe is closed before it writes (the reader has gone, as after `| head -1`). */
export async function runCliProcess(args: readonly string[], opts: { closeStdout?: boolean; env?: Record<string, string> } = {}): Promise<Result> {
  const cli = await cliBundle();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    if (opts.closeStdout) child.stdout.destroy();
    else child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
