/**
 * `screenpop/testing`: keep a pop configuration under test the way code is.
 *
 * @module
 */
import * as z from 'zod';
import type { KvRow } from '../config/row.js';
import { KvRowSchema } from '../config/row.js';
import { createMemoryLookup } from '../lookup/memory.js';
import type { LookupAdapter } from '../lookup/types.js';
import { resolveScreenPop, type CallEvent, type ScreenPop } from '../pop/resolve.js';
import { ScreenpopError } from '../errors/index.js';
import { suggest } from '../util/suggest.js';

/**
 * A call with sensible defaults: an incoming inbound phone call from an Irish
 * mobile, to DNIS 1234, for agent "Test Agent". Overrides win.
 *
 * @example
 * ```ts
 * import { makeCall } from 'screenpop/testing';
 * makeCall({ telephoneNo: '+44 20 7946 0018' }).direction; // 'inbound'
 * ```
 */
export function makeCall(overrides: Partial<CallEvent> = {}): CallEvent {
  return {
    state: 'incoming',
    type: 'phonecall',
    phoneCallID: '7e2a5311-be86-e911-a84d-000d3ab0d976',
    direction: 'inbound',
    telephoneNo: '+353868561713',
    dnis: '1234',
    dnisName: 'DEV',
    agentType: 'systemuser',
    agentId: 'dbe7f238-1d8d-e911-a819-000d3aba212d',
    dtCallId: 'e8393a0f-be86-e911-a847-000d3ab0d281',
    agent: 'Test Agent',
    description: '',
    customText: '',
    subject: '',
    ...overrides,
  };
}

/**
 * An in-memory CRM for test suites: entity → records with an `id` and fields.
 *
 * @example
 * ```ts
 * import { memoryCrm } from 'screenpop/testing';
 * const crm = memoryCrm({ contact: [{ id: 'c1', fullname: 'Ann Byrne', telephone1: '+353 86 856 1713' }] });
 * ```
 */
export function memoryCrm(records: Record<string, Array<Record<string, unknown>>>): LookupAdapter {
  return createMemoryLookup(records);
}

/**
 * zod schema of a case's `expect` in a pop-spec.
 *
 * @example
 * ```ts
 * import { ExpectSchema } from 'screenpop/testing';
 * ExpectSchema.parse({ kind: 'url', rule: '01' }); // { kind: 'url', rule: '01' }
 * ExpectSchema.safeParse({ kind: 'url', rul: '01' }).success; // false: unknown keys are errors
 * ```
 */
export const ExpectSchema = z
  .object({
    kind: z.enum(['url', 'record', 'choose', 'new']),
    rule: z.string().optional(),
    url: z.string().optional(),
    urlStartsWith: z.string().optional(),
    entity: z.string().optional(),
    id: z.string().optional(),
    candidates: z.number().int().nonnegative().optional(),
  })
  .strict();

const CallSchema = z
  .object({
    state: z.string(),
    type: z.string(),
    phoneCallID: z.string(),
    direction: z.string(),
    telephoneNo: z.string(),
    dnis: z.string(),
    dnisName: z.string(),
    agentType: z.string(),
    agentId: z.string(),
    dtCallId: z.string(),
    agent: z.string(),
    description: z.string(),
    customText: z.string(),
    subject: z.string(),
    customerType: z.string(),
    customerID: z.string(),
    fullName: z.string(),
    ReType: z.string(),
    ReId: z.string(),
    extra: z.record(z.string(), z.string()),
  })
  .partial()
  .strict();

/**
 * zod schema of a pop-spec file.
 *
 * @example
 * ```ts
 * import { PopSpecSchema } from 'screenpop/testing';
 * const r = PopSpecSchema.safeParse({ cases: [] });
 * r.success; // false: give `rows` or `kv`, and at least one case
 * ```
 */
export const PopSpecSchema = z
  .object({
    /** The KV rows inline... */
    rows: z.array(KvRowSchema).optional(),
    /** ...or a CSV/JSON export, relative to the spec file. */
    kv: z.string().optional(),
    crmUrl: z.string().default('https://crm.example.com'),
    user: z.string().default('test.user'),
    defaultRegion: z.string().optional(),
    policy: z.enum(['prompt', 'preferEntity', 'mostRecent']).optional(),
    mode: z.enum(['legacy', 'strict']).optional(),
    timeZone: z.string().optional(),
    now: z.string().datetime({ offset: true }).optional(),
    records: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))).default({}),
    cases: z
      .array(
        z
          .object({
            name: z.string().min(1),
            call: CallSchema,
            user: z.string().optional(),
            now: z.string().datetime({ offset: true }).optional(),
            expect: ExpectSchema,
          })
          .strict(),
      )
      .min(1),
  })
  .strict()
  .refine((s) => s.rows !== undefined || s.kv !== undefined, { message: 'Give the KV rows inline ("rows") or as a file ("kv")', path: ['rows'] });

/**
 * A pop-spec as written (before `kv` is loaded).
 *
 * @example
 * ```ts
 * import type { PopSpecInput } from 'screenpop/testing';
 * const spec: PopSpecInput = {
 *   rows: [{ scope: 'global', name: 'customURL_Rule', key: '01', value: 'lookupCount=0=>/WebResources/new_cp.html' }],
 *   cases: [{ name: 'unknown caller', call: { telephoneNo: '+353868561713' }, expect: { kind: 'url', rule: '01' } }],
 * };
 * ```
 */
export type PopSpecInput = z.input<typeof PopSpecSchema>;
/**
 * A validated pop-spec.
 *
 * @example
 * ```ts
 * import { parsePopSpec, type PopSpec } from 'screenpop/testing';
 * const spec: PopSpec = parsePopSpec({ rows: [], cases: [{ name: 'no rules', call: {}, expect: { kind: 'new' } }] });
 * spec.crmUrl; // 'https://crm.example.com' (the default)
 * ```
 */
export type PopSpec = z.output<typeof PopSpecSchema>;
/**
 * What a case expects.
 *
 * @example
 * ```ts
 * import type { PopExpectation } from 'screenpop/testing';
 * const expectation: PopExpectation = { kind: 'url', rule: '01', urlStartsWith: 'https://crm.example.com/WebResources/' };
 * ```
 */
export type PopExpectation = z.output<typeof ExpectSchema>;

/**
 * An invalid pop-spec: every problem with its JSON path.
 *
 * @example
 * ```ts
 * import { parsePopSpec, PopSpecError } from 'screenpop/testing';
 * try { parsePopSpec({ cases: [] }, 'calls.json'); } catch (e) {
 *   if (e instanceof PopSpecError) console.log(e.code); // bad_spec
 * }
 * ```
 */
export class PopSpecError extends ScreenpopError<'bad_spec'> {
  override name = 'PopSpecError';
  /** Each problem: a JSON path such as `cases[2].expect.kind` and a message. */
  readonly issues: ReadonlyArray<{ readonly path: string; readonly message: string }>;
  constructor(issues: ReadonlyArray<{ path: string; message: string }>, source?: string) {
    super('bad_spec', `Invalid pop-spec: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`, {
      ...(source === undefined ? {} : { source }),
      hint: 'See docs/testing.md for the pop-spec format.',
    });
    this.issues = issues;
  }
}

function jsonPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out;
}

/**
 * Validates a pop-spec (parsed JSON).
 *
 * @throws {@link PopSpecError} listing every problem with its JSON path.
 * @example
 * ```ts
 * import { parsePopSpec } from 'screenpop/testing';
 * const spec = parsePopSpec({ rows: [], cases: [{ name: 'x', call: {}, expect: { kind: 'new' } }] });
 * ```
 */
export function parsePopSpec(value: unknown, source?: string): PopSpec {
  const r = PopSpecSchema.safeParse(value);
  if (!r.success) throw new PopSpecError(r.error.issues.map((i) => ({ path: jsonPath(i.path), message: issueMessage(i) })), source);
  return r.data;
}

/** The keys an object at `path` may have (the object a zod `unrecognized_keys` issue is about). */
function keysAt(path: readonly PropertyKey[]): readonly string[] {
  const last = path.at(-1);
  if (path.length === 0) return Object.keys(PopSpecSchema.shape);
  if (typeof last === 'number' && path.at(-2) === 'cases') return ['name', 'call', 'user', 'now', 'expect'];
  if (last === 'expect') return Object.keys(ExpectSchema.shape);
  if (last === 'call') return Object.keys(CallSchema.shape);
  return [];
}

/** zod's message, with the key a misspelt one may stand for (`urlStartWith` → `urlStartsWith`). */
function issueMessage(issue: { code: string; message: string; path: PropertyKey[]; keys?: string[] }): string {
  if (issue.code !== 'unrecognized_keys' || issue.keys === undefined) return issue.message;
  const known = keysAt(issue.path);
  const hints = issue.keys.map((k) => [k, suggest(k, known)] as const).filter(([, s]) => s !== undefined);
  return hints.length === 0 ? issue.message : `${issue.message} (${hints.map(([k, s]) => `${JSON.stringify(k)}: did you mean ${JSON.stringify(s)}?`).join(', ')})`;
}

/**
 * The outcome of one case.
 *
 * @example
 * ```ts
 * import { runPopSpec } from 'screenpop/testing';
 * const result = await runPopSpec({ rows: [], cases: [{ name: 'no rules', call: {}, expect: { kind: 'url' } }] });
 * result.cases[0]?.mismatches; // ['kind: expected "url", got "new"']
 * ```
 */
export interface CaseResult {
  readonly name: string;
  readonly pass: boolean;
  /** What differed, one line per field (empty when it passed). */
  readonly mismatches: readonly string[];
  readonly expected: PopExpectation;
  /** The pop (undefined when resolving threw). */
  readonly actual?: ScreenPop;
  /** When resolving threw. */
  readonly error?: string;
}

/**
 * The outcome of a spec.
 *
 * @example
 * ```ts
 * import { runPopSpec } from 'screenpop/testing';
 * const { pass, passed, failed } = await runPopSpec({ rows: [], cases: [{ name: 'no rules', call: {}, expect: { kind: 'new' } }] });
 * console.log(pass, passed, failed); // true 1 0
 * ```
 */
export interface SpecResult {
  readonly pass: boolean;
  readonly passed: number;
  readonly failed: number;
  readonly cases: readonly CaseResult[];
}

/**
 * Options of {@link runPopSpec}.
 *
 * @example
 * ```ts
 * import { runPopSpec } from 'screenpop/testing';
 * import { parseKvCsv } from 'screenpop';
 * const rows = parseKvCsv('Scope,Name,Key,Value\nglobal,customURL_Rule,01,lookupCount=0=>/a.html\n');
 * await runPopSpec({ kv: 'kv.csv', cases: [{ name: 'unknown', call: {}, expect: { kind: 'url', rule: '01' } }] }, { rows });
 * ```
 */
export interface RunSpecOptions {
  /** The rows when the spec names a `kv` file (the node loader fills this in). */
  readonly rows?: readonly KvRow[];
}

function compare(expected: PopExpectation, pop: ScreenPop): string[] {
  const out: string[] = [];
  const check = (what: string, want: unknown, got: unknown) => {
    if (want !== undefined && want !== got) out.push(`${what}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
  };
  check('kind', expected.kind, pop.kind);
  check('rule', expected.rule, 'rule' in pop ? pop.rule?.key : undefined);
  check('url', expected.url, 'url' in pop ? pop.url : undefined);
  if (expected.urlStartsWith !== undefined) {
    const url = 'url' in pop ? pop.url : '';
    if (!url.startsWith(expected.urlStartsWith)) out.push(`url: expected to start with ${JSON.stringify(expected.urlStartsWith)}, got ${JSON.stringify(url)}`);
  }
  check('entity', expected.entity, 'entity' in pop ? pop.entity : undefined);
  check('id', expected.id, 'id' in pop ? pop.id : undefined);
  check('candidates', expected.candidates, pop.kind === 'choose' ? pop.candidates.length : undefined);
  return out;
}

/**
 * Runs every case of a pop-spec and returns per-case results (usable from
 * vitest or jest: `expect(result.pass).toBe(true)`).
 *
 * Guide: [testing pop configurations](../../docs/testing.md).
 *
 * @example
 * ```ts
 * import { runPopSpec, parsePopSpec } from 'screenpop/testing';
 * const result = await runPopSpec(parsePopSpec({
 *   rows: [{ scope: 'global', name: 'customURL_Rule', key: '01', value: 'lookupCount=0=>/WebResources/new_cp.html' }],
 *   cases: [{ name: 'unknown caller', call: { telephoneNo: '+353868561713' }, expect: { kind: 'url', rule: '01' } }],
 * }));
 * result.pass; // true
 * ```
 */
export async function runPopSpec(spec: PopSpec | PopSpecInput, options: RunSpecOptions = {}): Promise<SpecResult> {
  const s = parsePopSpec(spec);
  const rows = options.rows ?? s.rows;
  if (!rows) throw new PopSpecError([{ path: 'kv', message: 'The spec names a kv file; load it with loadPopSpec or pass options.rows' }]);
  const adapter = createMemoryLookup(s.records);
  const results: CaseResult[] = [];
  for (const c of s.cases) {
    const now = c.now ?? s.now;
    try {
      const pop = await resolveScreenPop(makeCall(c.call as Partial<CallEvent>), {
        rows,
        user: c.user ?? s.user,
        adapter,
        crmUrl: s.crmUrl,
        ...(s.defaultRegion === undefined ? {} : { defaultRegion: s.defaultRegion }),
        ...(s.policy === undefined ? {} : { policy: s.policy }),
        ...(s.mode === undefined ? {} : { mode: s.mode }),
        ...(s.timeZone === undefined ? {} : { timeZone: s.timeZone }),
        ...(now === undefined ? {} : { now: new Date(now) }),
      });
      const mismatches = compare(c.expect, pop);
      results.push({ name: c.name, pass: mismatches.length === 0, mismatches, expected: c.expect, actual: pop });
    } catch (e) {
      results.push({ name: c.name, pass: false, mismatches: [`threw: ${e instanceof Error ? e.message : String(e)}`], expected: c.expect, error: String(e) });
    }
  }
  const passed = results.filter((r) => r.pass).length;
  return { pass: passed === results.length, passed, failed: results.length - passed, cases: results };
}
