/**
 * No caller ID and no CRM value changes the structure of the OData `$filter`
 * the Dataverse adapter sends, judged by an OData parser we did not write
 * (@odata/parser): the tree is the same as for harmless values, and each
 * string literal decodes back to exactly the value that went in.
 */
import fc from 'fast-check';
import { defaultParser } from '@odata/parser';
import { describe, expect, it } from 'vitest';
import { createDataverseLookup } from '../../src/lookup/dataverse.js';
import { lookupCaller } from '../../src/lookup/lookup.js';
import type { Condition } from '../../src/parser/ast.js';
import { and, cmp, not, or } from '../fixtures/lookup.cases.js';

interface Node {
  readonly type: string;
  readonly raw: string;
  readonly value: unknown;
}

/** The tree without its text: node types, and `Literal:<Edm type>` for literals. */
function shape(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(shape);
  if (node === null || typeof node !== 'object') return node;
  const n = node as Node & Record<string, unknown>;
  if (n.type === 'Literal') return `Literal:${String(n.value)}`;
  if (typeof n.type === 'string') return { type: n.type, value: shape(n.value) };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(n)) if (k !== 'position' && k !== 'next' && k !== 'raw') out[k] = shape(v);
  return out;
}

/** Every string literal of the tree, decoded (percent-encoding, then `''` → `'`), in source order. */
function strings(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const x of node) strings(x, out);
  } else if (node !== null && typeof node === 'object') {
    const n = node as Node;
    if (n.type === 'Literal' && n.value === 'Edm.String') out.push(decodeURIComponent(n.raw).slice(1, -1).replace(/''/g, "'"));
    else for (const [k, v] of Object.entries(n)) if (k !== 'position' && k !== 'next') strings(v, out);
  }
  return out;
}

/**
 * The $filter of every request an adapter sends (answered with no records),
 * as it is on the wire: percent-encoded, which is the text the OData ABNF
 * describes (there `%27` is a quote, so a decoded `%27` in a value would be
 * read as one).
 */
function capturing(): { adapter: ReturnType<typeof createDataverseLookup>; filters: string[] } {
  const filters: string[] = [];
  const adapter = createDataverseLookup({
    baseUrl: 'https://contoso.crm.dynamics.com',
    getToken: async () => 't',
    fetch: (async (url: string | URL | Request) => {
      filters.push(/[?&]\$filter=([^&]*)/.exec(String(url))?.[1] ?? '');
      return new Response('{"value":[]}', { status: 200 });
    }) as typeof fetch,
  });
  return { adapter, filters };
}

/** Text a CRM admin or a caller could put anywhere: quotes, OData keywords, parentheses, percent signs, any Unicode. */
const hostileText = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom("'", "''", "' or 1 eq 1 or 'a' eq '", "x') or (telephone1 ne null", '%27', '%2527', ' and ', '\\', '&$top=1', '#', '\u0000', '€', '𝄞', "O'Brien"),
  fc.array(fc.constantFrom("'", ' ', 'or', 'eq', '(', ')', '%', '&', '$', 'x', '1'), { maxLength: 12 }).map((a) => a.join('')),
);

/** The same filter with each string value replaced (a → b), keeping the tree. */
function mapStrings(c: Condition, f: (s: string) => string): Condition {
  switch (c.kind) {
    case 'always':
      return c;
    case 'and':
    case 'or':
      return { kind: c.kind, items: c.items.map((i) => mapStrings(i, f)) };
    case 'not':
      return { kind: 'not', item: mapStrings(c.item, f) };
    case 'compare':
      return { ...c, values: c.values.map((v) => (v.kind === 'string' ? { kind: 'string' as const, value: f(v.value) } : v)) };
  }
}

describe('the OData filter keeps its structure whatever the values', () => {
  // The tree for harmless values depends only on the number of variants (the parser takes milliseconds).
  const harmless = new Map<number, unknown>();
  async function harmlessShape(filter: Condition, count: number): Promise<unknown> {
    const known = harmless.get(count);
    if (known !== undefined) return known;
    const safe = capturing();
    let i = 0;
    await safe.adapter.find({
      entity: 'contact',
      phoneFields: ['telephone1', 'mobilephone'],
      variants: Array.from({ length: count }, () => `v${i++}`),
      displayField: 'fullname',
      limit: 5,
      filter: mapStrings(filter, () => `s${i++}`),
    });
    const out = shape(defaultParser.filter(safe.filters[0]!));
    harmless.set(count, out);
    return out;
  }

  it('CRM filter values and variants: same tree as harmless values, every literal decodes to its input', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(hostileText, { minLength: 1, maxLength: 4 }), hostileText, hostileText, async (variants, brand, name) => {
        const filter = and(cmp('statecode', '=', 0), or(cmp('new_brand', '=', brand, 'Acme'), not(cmp('lastname', '!=', name))));
        const { adapter, filters } = capturing();
        await adapter.find({ entity: 'contact', phoneFields: ['telephone1', 'mobilephone'], variants, displayField: 'fullname', limit: 5, filter });
        expect(filters).toHaveLength(1);
        const tree = defaultParser.filter(filters[0]!);
        expect(shape(tree)).toEqual(await harmlessShape(filter, variants.length));
        expect(strings(tree)).toEqual([...variants, ...variants, brand, 'Acme', name]);
      }),
      { numRuns: 10_000 },
    );
  }, 120_000);

  it('caller IDs: the filter is fields × variants `eq` terms, each literal exactly a variant the lookup formed', async () => {
    const config = { entities: [{ entity: 'contact', phoneFields: ['telephone1', 'mobilephone'], displayField: 'fullname', filter: cmp('statecode', '=', 0) }] };
    const callerId = fc.oneof(
      hostileText,
      fc.tuple(fc.constantFrom('+', '00', '0', '', 'tel:', 'sip:'), fc.stringMatching(/^[0-9 ()\-.]{4,18}$/), hostileText).map(([a, b, c]) => `${a}${b}${c}`),
    );
    await fc.assert(
      fc.asyncProperty(callerId, fc.constantFrom('GB', 'IE', 'US', 'GR', 'AU'), async (caller, region) => {
        const { adapter, filters } = capturing();
        const seen: string[][] = [];
        const spy = { name: 'spy', find: (q: Parameters<typeof adapter.find>[0], s?: AbortSignal) => (seen.push([...q.variants]), adapter.find(q, s)) };
        await lookupCaller(caller, { config, adapter: spy, defaultRegion: region });
        expect(filters).toHaveLength(seen.length);
        for (const [k, f] of filters.entries()) {
          const variants = seen[k]!;
          const tree = defaultParser.filter(f);
          const harmless = variants.map((_, j) => `v${j}`);
          const expected = ['telephone1', 'mobilephone'].map((field) => harmless.map((v) => `${field} eq '${v}'`).join(' or ')).join(' or ');
          expect(shape(tree)).toEqual(shape(defaultParser.filter(encodeURIComponent(`(${expected}) and statecode eq 0`).replace(/'/g, '%27'))));
          expect(strings(tree)).toEqual([...variants, ...variants]);
        }
      }),
      { numRuns: 10_000 },
    );
  }, 120_000);
});
