/**
 * The `storedPhoneFormats` rows of a `dialerKVTable`: Key = rank (a whole
 * number ≥ 1, most used first), Value = a stored-format template
 * (`+CC NN NNNN NNNN`, see `docs/lookup.md#stored-formats`). Read by
 * `lookupConfigFromKv` into `LookupConfig.storedFormats`.
 *
 * @module
 */
import { phoneFormatProblem } from '../lookup/template.js';
import type { ConfigWarningCode } from './errors.js';
import type { KvRow } from './row.js';
import { isGlobalScope } from './scope.js';

/** The Name of the rows (case-sensitive). @internal */
export const STORED_PHONE_FORMATS = 'storedPhoneFormats';

/** A row and its position in the table, as `lookupConfigFromKv` passes them. */
interface At {
  readonly row: KvRow;
  readonly index: number;
}

/**
 * The templates of the effective `storedPhoneFormats` rows, in rank order:
 * the user's own rows when there are any, else the global ones. A row whose
 * Key is not a whole number ≥ 1 or whose Value is not a template is ignored
 * (`bad_setting`); a second row with a rank or a template already taken is
 * ignored (`duplicate_setting`). Undefined when no row is usable.
 * @internal
 */
export function storedFormatsFromRows<T extends At>(
  eff: readonly T[],
  warn: (code: ConfigWarningCode, message: string, at?: T) => void,
): string[] | undefined {
  const rows = eff.filter((it) => it.row.name.trim() === STORED_PHONE_FORMATS);
  if (rows.length === 0) return undefined;
  const user = rows.filter((it) => !isGlobalScope(it.row));
  const pool = user.length > 0 ? user : rows;
  const ranked: { rank: number; template: string; at: T }[] = [];
  for (const it of pool) {
    const key = it.row.key.trim();
    const rank = /^\d+$/.test(key) ? Number(key) : Number.NaN;
    if (!(rank >= 1)) {
      warn('bad_setting', `${STORED_PHONE_FORMATS} Key must be the format's rank, a whole number from 1, not ${JSON.stringify(it.row.key)}; the row is ignored.`, it);
      continue;
    }
    const template = it.row.value.trim();
    const problem = phoneFormatProblem(template);
    if (problem !== undefined) {
      warn('bad_setting', `${STORED_PHONE_FORMATS} ${rank}: ${JSON.stringify(it.row.value)} is not a stored-format template (${problem}); the row is ignored.`, it);
      continue;
    }
    ranked.push({ rank, template, at: it });
  }
  ranked.sort((a, b) => a.rank - b.rank || a.at.index - b.at.index);
  const out: string[] = [];
  const ranks = new Set<number>();
  for (const r of ranked) {
    if (ranks.has(r.rank)) {
      warn('duplicate_setting', `Several ${STORED_PHONE_FORMATS} rows with rank ${r.rank}; the first is used.`, r.at);
      continue;
    }
    ranks.add(r.rank);
    if (out.includes(r.template)) {
      warn('duplicate_setting', `${STORED_PHONE_FORMATS} lists ${JSON.stringify(r.template)} twice; it is used once, at its first rank.`, r.at);
      continue;
    }
    out.push(r.template);
  }
  return out.length === 0 ? undefined : out;
}
