import { describe, expect, it } from 'vitest';
import { ScreenpopError, caretExcerpt, isScreenpopError, lineColumn } from '../../src/errors/index.js';

describe('ScreenpopError', () => {
  it('carries code, input, range, line and column, and a caret excerpt', () => {
    const input = 'dnis=1234\n&& =>x';
    const e = new ScreenpopError('unexpected_token', 'Unexpected "&&"', {
      input,
      range: { start: 10, end: 12 },
      hint: 'Remove it.',
    });
    expect(e.code).toBe('unexpected_token');
    expect(e.line).toBe(2);
    expect(e.column).toBe(1);
    expect(e.message).toContain('  && =>x\n  ^^');
    expect(e.message).toContain('Hint: Remove it.');
    expect(e.message).toContain('docs/errors.md#unexpected_token');
    expect(e.name).toBe('ScreenpopError');
    expect(e).toBeInstanceOf(Error);
    expect(isScreenpopError(e)).toBe(true);
    expect(isScreenpopError(new Error('x'))).toBe(false);
    expect(e.toJSON()).toMatchObject({ code: 'unexpected_token', line: 2, column: 1, hint: 'Remove it.' });
  });

  it('gives no made-up position to an error without an input (an option, a whole file)', () => {
    const bare = new ScreenpopError('bad_option', 'limit must be a whole number', { hint: 'Use e.g. 5.' });
    expect(bare.message).toBe('limit must be a whole number [bad_option]\nHint: Use e.g. 5.\nSee docs/errors.md#bad_option');
    const sourced = new ScreenpopError('paged_export', 'The export is one page of several', { source: 'contacts.json' });
    expect(sourced.message.split('\n')[0]).toBe('The export is one page of several [paged_export] (contacts.json)');
    const placed = new ScreenpopError('bad_value', 'Not a number', { input: 'limit=ten', range: { start: 6, end: 9 }, source: 'kv.csv row 4' });
    expect(placed.message.split('\n')[0]).toBe('Not a number [bad_value] (kv.csv row 4, line 1, column 7)');
  });

  it('windows long lines so the caret stays visible', () => {
    const input = 'a'.repeat(500) + 'X' + 'b'.repeat(500);
    const ex = caretExcerpt(input, { start: 500, end: 501 });
    const [text, carets] = ex.split('\n') as [string, string];
    expect(text.length).toBeLessThan(90);
    expect(text[carets.indexOf('^')]).toBe('X');
  });

  it('computes 1-based line/column', () => {
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
    expect(lineColumn('', 0)).toEqual({ line: 1, column: 1 });
  });
});
