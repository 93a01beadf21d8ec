/**
 * Lint of the pop configuration (`newRecordField`, `hostCustomerFirst`,
 * `popTrigger`): every row {@link popConfigFromKv} cannot use, a prefill for
 * an entity no new-record pop opens, and templates that would prefill the raw
 * caller ID.
 *
 * @module
 */
import type { KvRow } from '../config/row.js';
import { isGlobalScope } from '../config/scope.js';
import { lookupConfigFromKv } from '../config/lookup.js';
import { POP_KV_NAMES, popConfigFromKv } from '../config/pop.js';
import type { Finding } from './lint.js';

function rowRef(row: KvRow): { name: string; key: string; scope?: string } {
  return isGlobalScope(row) ? { name: row.name, key: row.key } : { name: row.name, key: row.key, scope: row.scope };
}

/**
 * Appends the pop configuration's findings (code `pop_config`) for the global
 * set and each user's set.
 * @internal
 */
export function lintPopConfig(rows: readonly KvRow[], users: ReadonlySet<string>, out: Finding[]): void {
  for (const user of users) {
    if (user !== '' && !rows.some((r) => !isGlobalScope(r) && r.scope === user && Object.values(POP_KV_NAMES).includes(r.name.trim() as never))) continue;
    const { config, warnings } = popConfigFromKv(rows, { user });
    for (const w of warnings) {
      out.push({
        code: 'pop_config',
        severity: 'warning',
        ...(w.row ? { row: rowRef(w.row) } : {}),
        message: w.message,
        hint: 'See docs/hosts.md#prefilled-new-records.',
      });
    }
    // New-record pops open the first lookup entity of either direction.
    const firsts = new Set<string>();
    for (const direction of ['inbound', 'outbound'] as const) {
      const first = lookupConfigFromKv(rows, { user, direction }).config.entities[0]?.entity;
      if (first !== undefined) firsts.add(first);
    }
    for (const f of config.newRecordFields) {
      const row = rows.find((r) => r.name.trim() === POP_KV_NAMES.newRecordField && r.key.trim().toLowerCase() === `${f.entity}.${f.attribute}`.toLowerCase());
      if (!firsts.has(f.entity)) {
        out.push({
          code: 'pop_config',
          severity: 'warning',
          ...(row ? { row: rowRef(row) } : {}),
          message: `${POP_KV_NAMES.newRecordField} ${f.entity}.${f.attribute} is never used: new-record pops open ${[...firsts].join(' or ') || 'no entity'} (the first lookupEntities entity)`,
          hint: `Write the Key for ${[...firsts][0] ?? 'the first lookup entity'}, or put ${f.entity} first in lookupEntities.`,
        });
      }
      if (f.parts.some((p) => 'param' in p && p.param === 'telephoneNo')) {
        out.push({
          code: 'pop_config',
          severity: 'info',
          ...(row ? { row: rowRef(row) } : {}),
          message: `${POP_KV_NAMES.newRecordField} ${f.entity}.${f.attribute} copies {telephoneNo}, the caller ID as the switch sent it (it may be "anonymous" or a SIP URI)`,
          hint: 'The first phone field is already prefilled with the caller’s readable E.164 number; prefer that.',
        });
      }
    }
  }
}
