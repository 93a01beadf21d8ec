/**
 * For each rule of an ordered set, the first earlier rule that always holds or
 * that holds whenever it does, without comparing every pair of rules.
 *
 * `lintConfig`'s `implies(b, a)` (a sufficient test) can only be true when `b`
 * mentions a comparison that `a` needs: for `a` a comparison `f=v1,v2`, `b`
 * must compare `f=` with one of those values; for other operators, `b` must
 * compare `f` at all; for `a` an AND, what any one of its items needs; for an
 * OR, what one of its items needs; for a NOT, only an identical NOT implies it.
 * Each earlier rule is indexed under such a need (the rarest of its AND items),
 * and a later rule is checked only against the rules indexed under what it
 * mentions, in order, so a table of rules with distinct literals lints in
 * near-linear time (docs/performance.md, "Lint").
 *
 * @module
 */
import type { Comparison, Condition, Literal } from '../parser/ast.js';

function valueKey(v: Literal): string {
  return v.kind === 'string' ? `s${v.value.trim().toLowerCase()}` : `${v.kind}${String(v.value)}`;
}

const fieldAtom = (field: string): string => `${field}\u0000*`;
const valueAtom = (field: string, v: Literal): string => `${field}\u0000=\u0000${valueKey(v)}`;

/** Everything `c` mentions: each compared field, and each `field=value`. */
function mentions(c: Condition, out: Set<string>): Set<string> {
  if (c.kind === 'compare') {
    out.add(fieldAtom(c.field));
    if (c.op === '=') for (const v of c.values) out.add(valueAtom(c.field, v));
  } else if (c.kind === 'not') mentions(c.item, out);
  else if (c.kind === 'and' || c.kind === 'or') for (const x of c.items) mentions(x, out);
  return out;
}

function firstComparison(c: Condition): Comparison | undefined {
  if (c.kind === 'compare') return c;
  if (c.kind === 'not') return firstComparison(c.item);
  if (c.kind === 'and' || c.kind === 'or') {
    for (const x of c.items) {
      const f = firstComparison(x);
      if (f) return f;
    }
  }
  return undefined;
}

/**
 * Atoms one of which any condition implying `c` mentions; undefined when there
 * are none to require (`c` holds always, or contains an OR with a catch-all).
 * `cost` ranks alternatives (for an AND, the rarest item wins).
 */
function needs(c: Condition, cost: (atoms: readonly string[]) => number): string[] | undefined {
  switch (c.kind) {
    case 'always':
      return undefined;
    case 'compare':
      return c.op === '=' ? c.values.map((v) => valueAtom(c.field, v)) : [fieldAtom(c.field)];
    case 'not': {
      const f = firstComparison(c.item);
      return f ? [fieldAtom(f.field)] : undefined;
    }
    case 'and': {
      let best: string[] | undefined;
      let bestCost = Number.POSITIVE_INFINITY;
      for (const x of c.items) {
        const k = needs(x, cost);
        if (k === undefined) continue;
        const kc = cost(k);
        if (kc < bestCost) {
          best = k;
          bestCost = kc;
        }
      }
      return best;
    }
    case 'or': {
      const out: string[] = [];
      for (const x of c.items) {
        const k = needs(x, cost);
        if (k === undefined) return undefined;
        out.push(...k);
      }
      return out;
    }
  }
}

/**
 * For each condition `b` (in evaluation order), the index of the first earlier
 * condition `a` that is a catch-all or for which `implies(b, a)`; -1 when none.
 * The same answer as trying every earlier condition in order.
 */
export function firstCovering(conditions: readonly Condition[], implies: (b: Condition, a: Condition) => boolean): Int32Array {
  const out = new Int32Array(conditions.length).fill(-1);
  const index = new Map<string, number[]>();
  const unindexed: number[] = [];
  let firstAlways = -1;
  const cost = (atoms: readonly string[]): number => {
    let n = 0;
    for (const a of atoms) n += (index.get(a)?.length ?? 0) + (a.endsWith('\u0000*') ? 1 : 0);
    return n;
  };
  for (let j = 0; j < conditions.length; j++) {
    const b = conditions[j]!;
    const candidates = new Set<number>(unindexed);
    for (const atom of mentions(b, new Set())) for (const i of index.get(atom) ?? []) candidates.add(i);
    let found = firstAlways;
    for (const i of [...candidates].sort((x, y) => x - y)) {
      if (found !== -1 && i > found) break;
      if (implies(b, conditions[i]!)) {
        found = i;
        break;
      }
    }
    out[j] = found;
    if (b.kind === 'always') {
      if (firstAlways === -1) firstAlways = j;
      continue;
    }
    const k = needs(b, cost);
    if (k === undefined) unindexed.push(j);
    else {
      for (const atom of new Set(k)) {
        const list = index.get(atom);
        if (list) list.push(j);
        else index.set(atom, [j]);
      }
    }
  }
  return out;
}
