#!/usr/bin/env node
/**
 * The `screenpop` executable.
 * @module
 */
import { runCli } from './main.js';

const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
runCli(process.argv.slice(2), {
  out: (t) => process.stdout.write(`${t}\n`),
  err: (t) => process.stderr.write(`${t}\n`),
  color,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`screenpop: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 70;
  },
);
