/**
 * `planPort`: the vendor's "Moving to a new CRM" procedure made exact, as data.
 * Nothing here talks to a CRM: the plan says what to delete, what to create,
 * and what must be re-created by hand.
 *
 * @module
 */
import { expectObject, expectRows } from '../errors/guard.js';

/**
 * One exported row: column name → value, as a CSV or Web API export gives it.
 *
 * @example
 * ```ts
 * import type { ExportedRow } from 'screenpop';
 * const row: ExportedRow = { Scope: 'global', Name: 'customURL_Rule', Key: '01', Value: 'dnis=1234=>default' };
 * ```
 */
export type ExportedRow = Readonly<Record<string, unknown>>;

/**
 * The Dynamics Telephony tables the procedure moves, each an array of exported rows.
 *
 * @example
 * ```ts
 * import { planPort, type PortTables } from 'screenpop';
 * const source: PortTables = { dialerKvTable: [{ scope: 'global', name: 'customURL_Rule', key: '01', value: 'dnis=1234=>default' }] };
 * planPort(source, {});
 * ```
 */
export interface PortTables {
  readonly dialerKvTable?: readonly ExportedRow[];
  readonly dialerCallOutcome?: readonly ExportedRow[];
  readonly dialerReports?: readonly ExportedRow[];
  readonly dialerDnis?: readonly ExportedRow[];
  readonly dialerQueueSettings?: readonly ExportedRow[];
}

/**
 * The table names of {@link PortTables}, in the guide's order.
 *
 * @example
 * ```ts
 * import { PORT_TABLES } from 'screenpop';
 * PORT_TABLES[0]; // 'dialerKvTable'
 * ```
 */
export const PORT_TABLES = ['dialerKvTable', 'dialerCallOutcome', 'dialerDnis', 'dialerQueueSettings', 'dialerReports'] as const;

/**
 * A table name of {@link PortTables}.
 *
 * @example
 * ```ts
 * import type { PortTableName } from 'screenpop';
 * const manual: PortTableName[] = ['dialerDnis', 'dialerQueueSettings'];
 * ```
 */
export type PortTableName = (typeof PORT_TABLES)[number];

/**
 * What happens to one table.
 *
 * @example
 * ```ts
 * import { planPort } from 'screenpop';
 * const step = planPort({ dialerCallOutcome: [{ name: 'Busy' }] }, {}).steps.find((s) => s.table === 'dialerCallOutcome');
 * step?.action; // 'replace-all'
 * ```
 */
export interface TableStep {
  readonly table: PortTableName;
  /**
   * - `replace-global`: delete the target's global rows, copy the source's global rows (dialerKvTable);
   * - `replace-all`: delete every target row, copy every source row (dialerCallOutcome, dialerReports);
   * - `manual`: never copied automatically (dialerDnis, dialerQueueSettings);
   * - `none`: the source has no rows for this table and it is not manual.
   */
  readonly action: 'replace-global' | 'replace-all' | 'manual' | 'none';
  /** Target rows to delete, as exported from the target. */
  readonly delete: readonly ExportedRow[];
  /** Rows to create in the target: source rows without ids, system columns and OData annotations. */
  readonly create: readonly ExportedRow[];
  /** Target rows left untouched (per-user dialerKvTable rows). */
  readonly keep: readonly ExportedRow[];
}

/**
 * A value in a row that ties it to the source CRM.
 *
 * @example
 * ```ts
 * import { planPort } from 'screenpop';
 * const plan = planPort({ dialerDnis: [{ name: 'Sales', url: 'https://crm1.crm4.dynamics.com/x' }] }, {}, {
 *   sourceCrmUrl: 'https://crm1.crm4.dynamics.com', targetCrmUrl: 'https://crm2.crm4.dynamics.com',
 * });
 * plan.manual[0]?.embedded[0]?.suggested; // 'https://crm2.crm4.dynamics.com/x'
 * ```
 */
export interface EmbeddedValue {
  readonly column: string;
  readonly value: string;
  /** `url`: contains a URL (the source CRM's, when known); `id`: a GUID such as a queue id. */
  readonly kind: 'url' | 'id';
  /** The value with the source CRM URL replaced by the target's, when both URLs are known. */
  readonly suggested?: string;
}

/**
 * A row someone must re-create by hand in the target CRM.
 *
 * @example
 * ```ts
 * import { planPort } from 'screenpop';
 * planPort({ dialerQueueSettings: [{ name: 'Support queue' }] }, {}).manual[0]?.table; // 'dialerQueueSettings'
 * ```
 */
export interface ManualStep {
  readonly table: 'dialerDnis' | 'dialerQueueSettings';
  /** A readable name of the row (its name/description column, else its position). */
  readonly row: string;
  readonly why: string;
  readonly embedded: readonly EmbeddedValue[];
}

/**
 * The whole plan.
 *
 * @example
 * ```ts
 * import { planPort } from 'screenpop';
 * console.log(planPort({ dialerKvTable: [] }, {}).summary);
 * ```
 */
export interface PortPlan {
  readonly steps: readonly TableStep[];
  readonly manual: readonly ManualStep[];
  readonly counts: { readonly delete: number; readonly create: number; readonly keep: number; readonly manual: number };
  /** Things to check that are not errors (e.g. rows without a Scope). */
  readonly warnings: readonly string[];
  /** A readable summary, one line per step. */
  readonly summary: string;
}

/**
 * Options of {@link planPort}.
 *
 * @example
 * ```ts
 * import { planPort } from 'screenpop';
 * planPort({}, {}, { sourceCrmUrl: 'https://crm1.crm4.dynamics.com', targetCrmUrl: 'https://crm2.crm4.dynamics.com' });
 * ```
 */
export interface PortOptions {
  /** The source CRM's URL (e.g. `https://crm1.crm4.dynamics.com`); lets the plan name the values that embed it. */
  readonly sourceCrmUrl?: string;
  /** The target CRM's URL; with `sourceCrmUrl`, the plan suggests the rewritten values. */
  readonly targetCrmUrl?: string;
}

const GUID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i;
const URL_IN_TEXT = /\bhttps?:\/\/[^\s"'<>]+/i;
const SYSTEM_COLUMNS = new Set([
  'createdon', 'createdby', 'modifiedon', 'modifiedby', 'createdonbehalfby', 'modifiedonbehalfby', 'versionnumber',
  'overriddencreatedon', 'importsequencenumber', 'timezoneruleversionnumber', 'utcconversiontimezonecode',
  'owningbusinessunit', 'owninguser', 'owningteam', 'statecode', 'statuscode',
]);

/** Lower-case column name without a publisher prefix (`cts_scope` → `scope`). */
function bareColumn(column: string): string {
  const c = column.trim().toLowerCase();
  const m = /^_?([a-z0-9]+_)?(.+?)(_value)?$/.exec(c);
  return m ? m[2]! : c;
}

function isSystemColumn(table: string, column: string): boolean {
  if (column.includes('@')) return true; // OData annotations
  const c = column.trim().toLowerCase();
  const bare = bareColumn(c);
  if (SYSTEM_COLUMNS.has(bare) || SYSTEM_COLUMNS.has(c.replace(/^_|_value$/g, ''))) return true;
  // The primary id (`cts_dialerkvtableid`, `dialerkvtableid`) belongs to the source CRM.
  const t = table.toLowerCase();
  return c === `${t}id` || (c.endsWith(`_${t}id`) && !c.slice(0, -(t.length + 3)).includes('_'));
}

/** The row as it should be created in the target: ids, system columns and annotations removed. */
function portable(table: string, row: ExportedRow): ExportedRow {
  // fromEntries defines own properties: a column named __proto__ is copied, not a prototype change.
  return Object.fromEntries(Object.entries(row).filter(([k]) => !isSystemColumn(table, k)));
}

function columnValue(row: ExportedRow, name: string): string | undefined {
  for (const [k, v] of Object.entries(row)) {
    // Text, numbers and booleans only: an object is no Scope or name (and may not even convert to text).
    if (!k.includes('@') && bareColumn(k) === name && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')) return String(v);
  }
  return undefined;
}

function isGlobal(row: ExportedRow): boolean {
  return (columnValue(row, 'scope') ?? '').trim().toLowerCase() === 'global';
}

function rowLabel(row: ExportedRow, index: number): string {
  for (const c of ['name', 'description', 'dnis', 'queuename', 'key']) {
    const v = columnValue(row, c);
    if (v && v.trim() !== '') return v.trim();
  }
  return `row ${index + 1}`;
}

function embeddedValues(table: string, row: ExportedRow, options: PortOptions): EmbeddedValue[] {
  const out: EmbeddedValue[] = [];
  const source = options.sourceCrmUrl?.replace(/\/+$/, '');
  const targetUrl = options.targetCrmUrl?.replace(/\/+$/, '');
  for (const [column, raw] of Object.entries(row)) {
    if ((typeof raw !== 'string' && typeof raw !== 'number') || isSystemColumn(table, column)) continue;
    const value = String(raw);
    const hasSource = source !== undefined && value.toLowerCase().includes(source.toLowerCase());
    if (hasSource || URL_IN_TEXT.test(value)) {
      const suggested = hasSource && targetUrl ? value.split(new RegExp(source.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'ig')).join(targetUrl) : undefined;
      out.push({ column, value, kind: 'url', ...(suggested === undefined ? {} : { suggested }) });
    } else if (GUID.test(value)) {
      out.push({ column, value, kind: 'id' });
    }
  }
  return out;
}

/**
 * Plans moving Dynamics Telephony's configuration from one CRM to another, as
 * the vendor's guide prescribes:
 *
 * - `dialerKvTable`: delete the target's **global** rows, copy the source's global rows; user rows untouched;
 * - `dialerCallOutcome`, `dialerReports`: delete all target rows, copy all source rows;
 * - `dialerDnis`, `dialerQueueSettings`: never copied; listed as manual steps naming the values that embed
 *   the source CRM's URL or queue ids.
 *
 * Guide: [moving to a new CRM](../../docs/porting.md). Load exports with `readPortTable`.
 *
 * @throws `InputError` (`bad_input`) when `from`/`to` is not an object or a table holds a row that is not an object.
 * @example
 * ```ts
 * import { planPort } from 'screenpop';
 * const plan = planPort(
 *   { dialerKvTable: [{ scope: 'global', name: 'customURL_Rule', key: '01', value: '*=>default' }] },
 *   { dialerKvTable: [{ scope: 'global', name: 'old', key: '1', value: 'x' }, { scope: 'jane', name: 'x', key: '1', value: 'y' }] },
 * );
 * plan.counts; // { delete: 1, create: 1, keep: 1, manual: 0 }
 * ```
 */
export function planPort(from: PortTables, to: PortTables, options: PortOptions = {}): PortPlan {
  expectObject(from, 'from', PORT_TABLES);
  expectObject(to, 'to', PORT_TABLES);
  const steps: TableStep[] = [];
  const manual: ManualStep[] = [];
  const warnings: string[] = [];

  for (const table of PORT_TABLES) {
    const src = from[table] ?? [];
    const dst = to[table] ?? [];
    if (!Array.isArray(src) || !Array.isArray(dst)) {
      warnings.push(`${table}: expected an array of rows; the table was left out of the plan`);
      continue;
    }
    // Every row an object: a null or a number in a table is a typed error, not a crash.
    expectRows(src, `from.${table}`);
    expectRows(dst, `to.${table}`);
    if (table === 'dialerKvTable') {
      for (const [i, r] of [...src, ...dst].entries()) {
        if (columnValue(r, 'scope') === undefined) {
          warnings.push(`dialerKvTable: a row without a Scope column value (${rowLabel(r, i)}) is treated as a user row and not moved`);
        }
      }
      steps.push({
        table,
        action: 'replace-global',
        delete: dst.filter(isGlobal),
        create: src.filter(isGlobal).map((r) => portable(table, r)),
        keep: dst.filter((r) => !isGlobal(r)),
      });
    } else if (table === 'dialerCallOutcome' || table === 'dialerReports') {
      steps.push({
        table,
        action: src.length === 0 && dst.length === 0 ? 'none' : 'replace-all',
        delete: [...dst],
        create: src.map((r) => portable(table, r)),
        keep: [],
      });
    } else {
      steps.push({ table, action: 'manual', delete: [], create: [], keep: [...dst] });
      const why =
        table === 'dialerDnis'
          ? 'The CRM URL is part of the DNIS definition, and its image is a web resource named like the DNIS: re-create it in the target (or fix the URL and move the image web resources in a solution).'
          : 'The CRM URL and the queue GUID are part of the queue settings: re-create them in the target with the target queue.';
      src.forEach((r, i) => manual.push({ table, row: rowLabel(r, i), why, embedded: embeddedValues(table, r, options) }));
    }
  }

  const counts = {
    delete: steps.reduce((n, s) => n + s.delete.length, 0),
    create: steps.reduce((n, s) => n + s.create.length, 0),
    keep: steps.reduce((n, s) => n + s.keep.length, 0),
    manual: manual.length,
  };
  const lines = [
    'First install the solution on the target CRM, run Dynamics Telephony there once and set Menu > Settings > Crm Configuration by hand (it cannot be ported).',
  ];
  for (const s of steps) {
    if (s.action === 'replace-global') lines.push(`${s.table}: delete ${s.delete.length} global row(s), create ${s.create.length} global row(s) from the source, keep ${s.keep.length} user row(s).`);
    else if (s.action === 'replace-all') lines.push(`${s.table}: delete all ${s.delete.length} row(s), create ${s.create.length} row(s) from the source.`);
    else if (s.action === 'manual') {
      const n = manual.filter((m) => m.table === s.table).length;
      lines.push(`${s.table}: not copied; re-create ${n} row(s) by hand (see the manual steps).`);
    } else lines.push(`${s.table}: nothing to do.`);
  }
  for (const m of manual) {
    const vals = m.embedded.map((e) => `${e.column}=${e.value}${e.suggested ? ` → ${e.suggested}` : ''}`).join('; ');
    lines.push(`  manual ${m.table} "${m.row}"${vals ? `: ${vals}` : ''}`);
  }
  return { steps, manual, counts, warnings, summary: lines.join('\n') };
}
