/**
 * The Node-only part of `screenpop/testing`: reading pop-spec files.
 *
 * @module
 */
import { dirname, resolve } from 'node:path';
import type { KvRow } from '../config/row.js';
import { loadJsonArg, loadKvFile } from '../cli/io.js';
import { parsePopSpec, type PopSpec } from './spec.js';

/**
 * Loads and validates a pop-spec file, and the `kv` export it names (relative to the spec).
 *
 * @example
 * ```ts
 * import { loadPopSpec, runPopSpec } from 'screenpop/testing';
 * const { spec, rows } = loadPopSpec('examples/pop-spec.json');
 * const result = await runPopSpec(spec, { rows });
 * ```
 */
export function loadPopSpec(path: string): { spec: PopSpec; rows: readonly KvRow[] } {
  const spec = parsePopSpec(loadJsonArg(path, 'the spec'), path);
  if (spec.rows) return { spec, rows: spec.rows };
  const kvPath = resolve(dirname(path), spec.kv!);
  const loaded = loadKvFile(kvPath);
  if (loaded.errors.length > 0) throw loaded.errors[0]!;
  return { spec, rows: loaded.rows };
}
