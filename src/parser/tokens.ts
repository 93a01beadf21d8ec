/**
 * Tokens of the condition language, all in one place (chevrotain style).
 * Only the condition (left of `=>`) is lexed; the target is read as a URL.
 *
 * @module
 */
import { Lexer, createToken } from 'chevrotain';

/** Characters that end a bareword. */
const BARE = /[^\s,;&|()!=<>"']+/;

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /\s+/, group: Lexer.SKIPPED });

/**
 * The characters a bareword can start with, for chevrotain's first-character
 * optimisation (it cannot analyse the complement set in {@link BARE}, and
 * without a hint it would disable the optimisation for the whole lexer).
 * Chevrotain buckets char codes above 255 in groups of 255, so one code per
 * group covers the rest of the BMP (U+FFFF is alone in the last group).
 */
const BARE_START: string[] = [];
// Every code below 256 a bareword can start with, control characters included
// (U+0001 is a bareword character: the hint must not leave it out).
for (let c = 0; c <= 0xff; c++) if (BARE.test(String.fromCharCode(c))) BARE_START.push(String.fromCharCode(c));
// Above 255, chevrotain's bucket of code c is 255 + floor(c / 255): one code per bucket, up to U+FFFF.
for (let b = 1; b <= Math.floor(0xffff / 255); b++) BARE_START.push(String.fromCharCode(Math.max(0x100, b * 255)));

export const Bare = createToken({ name: 'Bare', pattern: BARE, label: 'a field or value', start_chars_hint: BARE_START });

export const AndWord = createToken({ name: 'AndWord', pattern: /and/i, longer_alt: Bare, label: '"and"' });
export const OrWord = createToken({ name: 'OrWord', pattern: /or/i, longer_alt: Bare, label: '"or"' });
export const NotWord = createToken({ name: 'NotWord', pattern: /not/i, longer_alt: Bare, label: '"not"' });

export const AndOp = createToken({ name: 'AndOp', pattern: /&&|&|;/, label: '"&&"' });
export const OrOp = createToken({ name: 'OrOp', pattern: /\|\|/, label: '"||"' });

/** Comparison operators; longest first so `<=` wins over `<`. */
export const CompareOp = createToken({ name: 'CompareOp', pattern: Lexer.NA, label: 'a comparison operator (=, !=, <, <=, >, >=)' });
export const EqEq = createToken({ name: 'EqEq', pattern: /==/, categories: CompareOp });
export const NotEq = createToken({ name: 'NotEq', pattern: /!=/, categories: CompareOp });
export const LtGt = createToken({ name: 'LtGt', pattern: /<>/, categories: CompareOp });
export const LtEq = createToken({ name: 'LtEq', pattern: /<=/, categories: CompareOp });
export const GtEq = createToken({ name: 'GtEq', pattern: />=/, categories: CompareOp });
export const Eq = createToken({ name: 'Eq', pattern: /=/, categories: CompareOp });
export const Lt = createToken({ name: 'Lt', pattern: /</, categories: CompareOp });
export const Gt = createToken({ name: 'Gt', pattern: />/, categories: CompareOp });

export const Bang = createToken({ name: 'Bang', pattern: /!/, label: '"!"' });
export const LParen = createToken({ name: 'LParen', pattern: /\(/, label: '"("' });
export const RParen = createToken({ name: 'RParen', pattern: /\)/, label: '")"' });
export const Comma = createToken({ name: 'Comma', pattern: /,/, label: '","' });

export const QuotedString = createToken({ name: 'QuotedString', pattern: Lexer.NA, label: 'a quoted string' });
export const DoubleQuoted = createToken({
  name: 'DoubleQuoted',
  pattern: /"(?:[^"\\]|\\[\s\S])*"/,
  categories: QuotedString,
  line_breaks: true,
});
export const SingleQuoted = createToken({
  name: 'SingleQuoted',
  pattern: /'(?:[^'\\]|\\[\s\S])*'/,
  categories: QuotedString,
  line_breaks: true,
});
/** A string with no closing quote: lexed so the error can say exactly that. */
export const Unterminated = createToken({
  name: 'Unterminated',
  pattern: /["'][\s\S]*/,
  label: 'an unterminated string',
  line_breaks: true,
});

export const allTokens = [
  WhiteSpace,
  DoubleQuoted,
  SingleQuoted,
  Unterminated,
  AndOp,
  OrOp,
  EqEq,
  NotEq,
  LtGt,
  LtEq,
  GtEq,
  Eq,
  Lt,
  Gt,
  Bang,
  LParen,
  RParen,
  Comma,
  AndWord,
  OrWord,
  NotWord,
  Bare,
  CompareOp,
  QuotedString,
];

/** Lexer options; tests build a lexer with validations on from these. */
export const LEXER_OPTIONS = {
  positionTracking: 'onlyOffset',
  ensureOptimizations: true,
} as const;

let lexer: Lexer | undefined;

/**
 * The one lexer, built on first use: building it costs ~10% of importing the
 * library, which a host that never parses should not pay (docs/performance.md).
 * Validations run in test/parser/grammar.test.ts; skipping them here saves time.
 */
export function conditionLexer(): Lexer {
  return (lexer ??= new Lexer(allTokens, { ...LEXER_OPTIONS, skipValidations: true }));
}
