#!/usr/bin/env node
/**
 * The `screenpop` executable.
 *
 * Output cut short (`screenpop lint kv.csv | head -1`) ends quietly: once a
 * stream's reader has gone (EPIPE), writes to it are dropped, and the command
 * finishes with its own exit code; no stack trace, no internal error.
 * @module
 */
import { runCli } from './main.js';

function writer(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE' || e.code === 'ERR_STREAM_DESTROYED' || closed) {
      closed = true;
      return;
    }
    throw e;
  });
  return (text) => {
    if (!closed && !stream.destroyed) stream.write(`${text}\n`);
  };
}

const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const out = writer(process.stdout);
const err = writer(process.stderr);
runCli(process.argv.slice(2), { out, err, color }).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    err(`screenpop: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exitCode = 70;
  },
);
