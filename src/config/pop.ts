/**
 * What the pop itself does beyond the rules, read from `dialerKVTable` rows:
 * the fields a new-record form is prefilled with (`newRecordField`), whether a
 * customer the host already knows is popped before any phone lookup
 * (`hostCustomerFirst`), and when a call pops (`popTrigger`). Each row that
 * cannot be used gives a warning, never an exception.
 *
 * @module
 */
import type { ConfigWarning, ConfigWarningCode } from './errors.js';
import type { KvRow } from './row.js';
import { effectiveRows, isGlobalScope } from './scope.js';
import { CALL_PARAM_NAMES, CANONICAL, type CallParamName, type CallParams } from '../params/names.js';
import { expectObject, expectRows, expectText, readHost } from '../errors/guard.js';

/**
 * Row Names the pop configuration reads (case-sensitive, like every Name).
 *
 * - `newRecordField`: Key `<entity>.<attribute>` (logical names, e.g.
 *   `contact.description`), Value a template over the call parameters, e.g.
 *   `Called {dnisName}`. The new-record form of `<entity>` is prefilled with it.
 * - `hostCustomerFirst`: Value `true` or `false` (default `false`). When
 *   `true` and the host passes `customerType` + `customerID`, that record is
 *   the caller (popped, or used by the rules) and no phone lookup runs.
 * - `popTrigger`: Value `ring` (default) or `answer`: when a call pops (read
 *   by `createPopGate` through {@link PopConfig.trigger}).
 *
 * @example
 * ```ts
 * import { POP_KV_NAMES } from 'screenpop';
 * const rows = [
 *   { scope: 'global', name: POP_KV_NAMES.newRecordField, key: 'contact.description', value: 'Called {dnisName}' },
 *   { scope: 'global', name: POP_KV_NAMES.hostCustomerFirst, key: '', value: 'true' },
 *   { scope: 'global', name: POP_KV_NAMES.popTrigger, key: '', value: 'answer' },
 * ];
 * ```
 */
export const POP_KV_NAMES = {
  newRecordField: 'newRecordField',
  hostCustomerFirst: 'hostCustomerFirst',
  popTrigger: 'popTrigger',
} as const;

/**
 * When a call pops: at its first event (`ring`), or at its first event whose
 * `state` says it was answered (`answer`; see `createPopGate`).
 *
 * @example
 * ```ts
 * import type { PopTrigger } from 'screenpop';
 * const trigger: PopTrigger = 'answer';
 * ```
 */
export type PopTrigger = 'ring' | 'answer';

/**
 * One part of a prefill template: literal text, or a call parameter.
 *
 * @example
 * ```ts
 * import { parsePrefillTemplate, type TemplatePart } from 'screenpop';
 * const parts: readonly TemplatePart[] = parsePrefillTemplate('Called {dnisName}');
 * // [{ text: 'Called ' }, { param: 'dnisName' }]
 * ```
 */
export type TemplatePart = { readonly text: string } | { readonly param: CallParamName };

/**
 * One `newRecordField` row, read.
 *
 * @example
 * ```ts
 * import type { NewRecordField } from 'screenpop';
 * const f: NewRecordField = { entity: 'contact', attribute: 'description', template: 'Called {dnisName}', parts: [{ text: 'Called ' }, { param: 'dnisName' }] };
 * ```
 */
export interface NewRecordField {
  /** Logical name of the entity, lower case, e.g. `contact`. */
  readonly entity: string;
  /** The attribute (form field) set, as written, e.g. `description`. */
  readonly attribute: string;
  /** The Value as written. */
  readonly template: string;
  readonly parts: readonly TemplatePart[];
}

/**
 * The pop configuration of one user: {@link popConfigFromKv}'s result.
 *
 * @example
 * ```ts
 * import { popConfigFromKv } from 'screenpop';
 * const { config } = popConfigFromKv([], { user: 'ann' });
 * config; // { newRecordFields: [], hostCustomerFirst: false, trigger: 'ring' }
 * ```
 */
export interface PopConfig {
  /** `newRecordField` rows in table order (a user's row replaces the global row of the same Key). Default `[]`. */
  readonly newRecordFields: readonly NewRecordField[];
  /** `hostCustomerFirst`. Default `false` (the phone lookup always runs; a host-given customer is used only when it matches nobody). */
  readonly hostCustomerFirst: boolean;
  /** `popTrigger`. Default `ring`. */
  readonly trigger: PopTrigger;
}

/**
 * Result of {@link popConfigFromKv}.
 *
 * @example
 * ```ts
 * import { popConfigFromKv, type PopConfigResult } from 'screenpop';
 * const r: PopConfigResult = popConfigFromKv([{ scope: 'global', name: 'popTrigger', key: '', value: 'pickup' }], { user: '' });
 * r.warnings[0]?.code; // 'bad_setting'
 * ```
 */
export interface PopConfigResult {
  readonly config: PopConfig;
  readonly warnings: readonly ConfigWarning[];
}

/**
 * Why a template cannot be used, or undefined when it can.
 *
 * @example
 * ```ts
 * import { parsePrefillTemplate } from 'screenpop';
 * parsePrefillTemplate('{dnisName} / {{literal}}'); // [{ param: 'dnisName' }, { text: ' / {literal}' }]
 * ```
 */
export class TemplateProblem {
  constructor(readonly detail: string) {}
}

/**
 * Reads a prefill template: `{name}` is one of the 19 call parameters (any
 * case, e.g. `{dnisName}`, `{fullname}`), `{{` and `}}` are literal braces,
 * everything else is literal text. Returns a {@link TemplateProblem} for an
 * unknown name or an unbalanced brace.
 *
 * @example
 * ```ts
 * import { parsePrefillTemplate } from 'screenpop';
 * parsePrefillTemplate('Called {dnisName}'); // [{ text: 'Called ' }, { param: 'dnisName' }]
 * parsePrefillTemplate('Called {queue}'); // TemplateProblem: {queue} is not a call parameter
 * ```
 */
export function parsePrefillTemplate(template: string): TemplatePart[] | TemplateProblem {
  expectText(template, 'template');
  const parts: TemplatePart[] = [];
  let text = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c === '{' && template[i + 1] === '{') {
      text += '{';
      i++;
    } else if (c === '}' && template[i + 1] === '}') {
      text += '}';
      i++;
    } else if (c === '}') {
      return new TemplateProblem(`a "}" at character ${i + 1} closes nothing (write "}}" for a literal brace)`);
    } else if (c === '{') {
      const end = template.indexOf('}', i + 1);
      if (end < 0) return new TemplateProblem(`the "{" at character ${i + 1} is never closed (write "{{" for a literal brace)`);
      const name = template.slice(i + 1, end).trim();
      const param = CANONICAL.get(name.toLowerCase());
      if (param === undefined) {
        return new TemplateProblem(`{${name}} is not a call parameter (use one of ${CALL_PARAM_NAMES.join(', ')})`);
      }
      if (text !== '') parts.push({ text });
      text = '';
      parts.push({ param });
      i = end;
    } else {
      text += c;
    }
  }
  if (text !== '') parts.push({ text });
  return parts;
}

/**
 * A template filled with a call's parameters (values as they are: encoding is
 * the URL builder's job).
 *
 * @example
 * ```ts
 * import { fillPrefillTemplate } from 'screenpop';
 * fillPrefillTemplate([{ text: 'Called ' }, { param: 'dnisName' }], { dnisName: 'Sales' }); // 'Called Sales'
 * ```
 */
export function fillPrefillTemplate(parts: readonly TemplatePart[], params: Partial<Readonly<CallParams>>): string {
  return readHost('parts and params', () => {
    if (!Array.isArray(parts)) expectObject(parts, 'parts (from parsePrefillTemplate)');
    expectObject(params, 'params');
    let out = '';
    for (const p of parts as readonly unknown[]) {
      expectObject(p, 'a template part');
      const v = 'text' in p ? p.text : Object.hasOwn(params, p.param as string) ? (params as Record<string, unknown>)[p.param as string] : '';
      if (v !== undefined) expectText(v, 'text' in p ? 'a template part\'s text' : `params.${String(p.param)}`);
      out += v ?? '';
    }
    return out;
  });
}

const LOGICAL = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Reads the pop configuration of `user` (their own rows over the global
 * ones): `newRecordField`, `hostCustomerFirst` and `popTrigger` rows. Rows
 * that cannot be used are skipped with a warning (codes `bad_setting`,
 * `empty_value`, `duplicate_setting`).
 *
 * @throws `bad_option` (a {@link ScreenpopError}) when `rows` is not an array of rows.
 * @example
 * ```ts
 * import { popConfigFromKv } from 'screenpop';
 * const { config, warnings } = popConfigFromKv(
 *   [
 *     { scope: 'global', name: 'newRecordField', key: 'contact.description', value: 'Called {dnisName}' },
 *     { scope: 'global', name: 'newRecordField', key: 'contact.jobtitle', value: '{queue}' },
 *   ],
 *   { user: 'ann' },
 * );
 * config.newRecordFields.map((f) => `${f.entity}.${f.attribute}`); // ['contact.description']
 * warnings[0]?.message; // 'newRecordField contact.jobtitle: {queue} is not a call parameter (...); the row is ignored.'
 * ```
 */
export function popConfigFromKv(rows: readonly KvRow[], options: { readonly user: string }): PopConfigResult {
  expectObject(options, 'options', ['user']);
  expectText(options.user, 'options.user');
  expectRows(rows, 'rows', ['scope', 'name', 'key', 'value']);
  const warnings: ConfigWarning[] = [];
  const position = new Map<KvRow, number>();
  rows.forEach((r, i) => {
    if (!position.has(r)) position.set(r, i);
  });
  const warn = (code: ConfigWarningCode, message: string, row: KvRow): void => {
    const index = position.get(row);
    warnings.push({ code, message, row, ...(index === undefined ? {} : { index }) });
  };
  const eff = effectiveRows(rows, options.user);

  const fields: NewRecordField[] = [];
  const seen = new Set<string>();
  for (const row of eff) {
    if (row.name.trim() !== POP_KV_NAMES.newRecordField) continue;
    const key = row.key.trim();
    const dot = key.indexOf('.');
    const entity = dot < 0 ? '' : key.slice(0, dot).trim().toLowerCase();
    const attribute = dot < 0 ? '' : key.slice(dot + 1).trim();
    if (!LOGICAL.test(entity) || !LOGICAL.test(attribute)) {
      warn('bad_setting', `${POP_KV_NAMES.newRecordField} Key ${JSON.stringify(row.key)} is not <entity>.<attribute> (logical names, e.g. contact.description); the row is ignored.`, row);
      continue;
    }
    const id = `${entity}.${attribute.toLowerCase()}`;
    if (seen.has(id)) {
      warn('duplicate_setting', `Several ${POP_KV_NAMES.newRecordField} rows for ${entity}.${attribute}; the first is used.`, row);
      continue;
    }
    seen.add(id);
    if (row.value.trim() === '') {
      warn('empty_value', `${POP_KV_NAMES.newRecordField} ${key} has no Value; write a template such as "Called {dnisName}". The row is ignored.`, row);
      continue;
    }
    const parts = parsePrefillTemplate(row.value);
    if (parts instanceof TemplateProblem) {
      warn('bad_setting', `${POP_KV_NAMES.newRecordField} ${key}: ${parts.detail}; the row is ignored.`, row);
      continue;
    }
    fields.push({ entity, attribute, template: row.value, parts });
  }

  const single = (name: string): KvRow | undefined => {
    const all = eff.filter((r) => r.name.trim() === name);
    const user = all.filter((r) => !isGlobalScope(r));
    const pool = user.length > 0 ? user : all;
    for (const extra of pool.slice(1)) warn('duplicate_setting', `Several ${name} rows; the first is used.`, extra);
    return pool[0];
  };

  let hostCustomerFirst = false;
  const first = single(POP_KV_NAMES.hostCustomerFirst);
  if (first) {
    const v = first.value.trim().toLowerCase();
    if (v === 'true') hostCustomerFirst = true;
    else if (v !== 'false') {
      warn('bad_setting', `${POP_KV_NAMES.hostCustomerFirst} must be true or false, not ${JSON.stringify(first.value)}; the default (false) is used.`, first);
    }
  }

  let trigger: PopTrigger = 'ring';
  const t = single(POP_KV_NAMES.popTrigger);
  if (t) {
    const v = t.value.trim().toLowerCase();
    if (v === 'ring' || v === 'answer') trigger = v;
    else warn('bad_setting', `${POP_KV_NAMES.popTrigger} must be ring or answer, not ${JSON.stringify(t.value)}; the default (ring) is used.`, t);
  }

  return { config: { newRecordFields: fields, hostCustomerFirst, trigger }, warnings };
}
