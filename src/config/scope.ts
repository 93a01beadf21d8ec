/**
 * Scope: which `dialerKVTable` rows apply to a user.
 *
 * - A row whose Scope is `global` (any case) applies to everyone.
 * - A row whose Scope names a user applies to that user only (user names
 *   compare trimmed and case-insensitively), and **replaces** every global row
 *   with the same Name, Parent and Key. The seed says per-user scope is
 *   planned, not shipped; this is our reading of it.
 * - Rows scoped to other users are ignored.
 *
 * The identity of a row is its Name (case-sensitive, as the seed says of
 * `customURL_Rule`), Parent (case-insensitive, blank and absent alike) and Key
 * (case-insensitive).
 *
 * @module
 */
import type { KvRow } from './row.js';
import { expectRows, expectObject, expectText } from '../errors/guard.js';

/**
 * The rule rows' Name, case-sensitive as the seed says.
 *
 * @example
 * ```ts
 * import { CUSTOM_URL_RULE } from 'screenpop';
 * const isRule = (name: string) => name === CUSTOM_URL_RULE;
 * ```
 */
export const CUSTOM_URL_RULE = 'customURL_Rule';

/**
 * True when the row's Scope is `global` (trimmed, any case).
 *
 * @example
 * ```ts
 * import { isGlobalScope } from 'screenpop';
 * isGlobalScope({ scope: 'Global', name: 'x', key: '', value: '' }); // true
 * ```
 */
export function isGlobalScope(row: Pick<KvRow, 'scope'>): boolean {
  return row.scope.trim().toLowerCase() === 'global';
}

function sameUser(scope: string, user: string): boolean {
  const u = user.trim().toLowerCase();
  return u !== '' && scope.trim().toLowerCase() === u;
}

function fold(s: string | undefined): string {
  return (s ?? '').trim().toLowerCase();
}

/** The identity key of a row: Name (as is), Parent and Key (folded). */
function identity(row: KvRow): string {
  return `${row.name.trim()}\u0000${fold(row.parent)}\u0000${fold(row.key)}`;
}

/**
 * The rows that apply to `user`, scope applied: global rows, except those a
 * row scoped to `user` replaces (same Name, Parent and Key), plus that user's
 * rows. Table order is kept.
 *
 * @param rows - the whole table.
 * @param user - the user's name as written in Scope (compared trimmed, case-insensitively).
 * @example
 * ```ts
 * import { effectiveRows } from 'screenpop';
 * const rows = [
 *   { scope: 'global', name: 'customURL_Rule', key: '01', value: 'dnis=1=>default' },
 *   { scope: 'ann', name: 'customURL_Rule', key: '01', value: 'dnis=2=>default' },
 * ];
 * effectiveRows(rows, 'Ann').map((r) => r.value); // ['dnis=2=>default']
 * effectiveRows(rows, 'bob').map((r) => r.value); // ['dnis=1=>default']
 * ```
 */
export function effectiveRows(rows: readonly KvRow[], user: string): KvRow[] {
  expectRows(rows, 'rows', ['scope', 'name', 'key', 'value']);
  const overridden = new Set<string>();
  for (const r of rows) if (!isGlobalScope(r) && sameUser(r.scope, user)) overridden.add(identity(r));
  return rows.filter((r) =>
    isGlobalScope(r) ? overridden.size === 0 || !overridden.has(identity(r)) : sameUser(r.scope, user),
  );
}

/**
 * What {@link resolveSetting} looks for.
 *
 * @example
 * ```ts
 * import { resolveSetting } from 'screenpop';
 * resolveSetting(rows, { user: 'ann', name: 'entityPrimaryNames', key: 'salesorder', parent: 'AppSettings' });
 * ```
 */
export interface SettingQuery {
  /** The user whose rows apply (compared trimmed, case-insensitively). */
  readonly user: string;
  /** Row Name, case-sensitive. */
  readonly name: string;
  /** Row Key, case-insensitive. */
  readonly key: string;
  /** Row Parent, case-insensitive; `''` matches a blank Parent. Default: any Parent. */
  readonly parent?: string;
}

/**
 * A setting's value and where it came from.
 *
 * @example
 * ```ts
 * import { resolveSetting } from 'screenpop';
 * const s = resolveSetting(rows, { user: 'ann', name: 'lookupEntities', key: 'inbound' });
 * if (s?.source === 'user') console.log('ann has her own entity list:', s.value);
 * ```
 */
export interface ResolvedSetting {
  readonly value: string;
  /** `user` when a row scoped to the user supplied it, else `global`. */
  readonly source: 'user' | 'global';
  /** The row that supplied it. */
  readonly row: KvRow;
}

/**
 * The value of one setting for a user: the user's own row if there is one,
 * else the global row, else undefined. With several matching rows of the same
 * scope, the first in table order wins.
 *
 * @example
 * ```ts
 * import { resolveSetting } from 'screenpop';
 * const rows = [{ scope: 'global', parent: 'AppSettings', name: 'entityPrimaryNames', key: 'salesorder', value: 'name', type: 'string' }];
 * resolveSetting(rows, { user: 'ann', name: 'entityPrimaryNames', key: 'salesorder' });
 * // { value: 'name', source: 'global', row: rows[0] }
 * ```
 */
export function resolveSetting(rows: readonly KvRow[], query: SettingQuery): ResolvedSetting | undefined {
  expectRows(rows, 'rows', ['scope', 'name', 'key', 'value']);
  expectObject(query, 'query', ['user', 'name', 'key', 'parent']);
  for (const f of ['name', 'key'] as const) expectText(query[f], `query.${f}`);
  const key = fold(query.key);
  const parent = query.parent === undefined ? undefined : fold(query.parent);
  let global: KvRow | undefined;
  for (const r of rows) {
    if (r.name.trim() !== query.name || fold(r.key) !== key) continue;
    if (parent !== undefined && fold(r.parent) !== parent) continue;
    if (isGlobalScope(r)) global ??= r;
    else if (sameUser(r.scope, query.user)) return { value: r.value, source: 'user', row: r };
  }
  return global ? { value: global.value, source: 'global', row: global } : undefined;
}

/**
 * The `customURL_Rule` rows that apply to a user, scope applied (see
 * {@link effectiveRows}), in table order. Name is matched case-sensitively, as
 * the seed says: `customurl_rule` rows are not rules
 * ({@link lookupConfigFromKv} warns about such near misses).
 * Ordering by Key is the rules module's job.
 *
 * @example
 * ```ts
 * import { rulesFor } from 'screenpop';
 * const rows = [
 *   { scope: 'global', name: 'customURL_Rule', key: '01', value: 'lookupCount=0=>default' },
 *   { scope: 'global', name: 'customurl_rule', key: '02', value: 'dnis=1=>default' },
 * ];
 * rulesFor(rows, 'ann').map((r) => r.key); // ['01']
 * ```
 */
export function rulesFor(rows: readonly KvRow[], user: string): KvRow[] {
  expectRows(rows, 'rows', ['scope', 'name', 'key', 'value']);
  return effectiveRows(
    rows.filter((r) => r.name.trim() === CUSTOM_URL_RULE),
    user,
  );
}
