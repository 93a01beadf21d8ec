/**
 * Every error code the library can raise has a heading in docs/errors.md
 * (messages link to docs/errors.md#<code>), and every heading is a real code.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function codesInSource(): Set<string> {
  const codes = new Set<string>();
  for (const file of sources(join(root, 'src'))) {
    const text = readFileSync(file, 'utf8');
    // `export type XxxErrorCode = | 'a' | 'b';`
    for (const m of text.matchAll(/type \w*ErrorCode\s*=([^;]+);/g)) for (const c of m[1]!.matchAll(/'([a-z_]+)'/g)) codes.add(c[1]!);
    // `extends ScreenpopError<'a' | 'b'>`
    for (const m of text.matchAll(/ScreenpopError<((?:\s*\|?\s*'[a-z_]+')+)\s*>/g)) for (const c of m[1]!.matchAll(/'([a-z_]+)'/g)) codes.add(c[1]!);
    // `new ScreenpopError('code', ...)`
    for (const m of text.matchAll(/new ScreenpopError\(\s*'([a-z_]+)'/g)) codes.add(m[1]!);
  }
  return codes;
}

describe('docs/errors.md', () => {
  const doc = readFileSync(join(root, 'docs', 'errors.md'), 'utf8');
  const headings = new Set([...doc.matchAll(/^### ([a-z_]+)\s*$/gm)].map((m) => m[1]!));
  const codes = codesInSource();

  it('finds the codes (sanity)', () => {
    expect(codes.size).toBeGreaterThan(30);
    expect(codes).toContain('missing_arrow');
  });
  it('has a heading for every code', () => {
    expect([...codes].filter((c) => !headings.has(c)).sort()).toEqual([]);
  });
  it('has no heading for a code that does not exist', () => {
    expect([...headings].filter((h) => !codes.has(h)).sort()).toEqual([]);
  });
  it('has each heading once', () => {
    const all = [...doc.matchAll(/^### ([a-z_]+)\s*$/gm)].map((m) => m[1]!);
    expect(all.length).toBe(new Set(all).size);
  });
});
