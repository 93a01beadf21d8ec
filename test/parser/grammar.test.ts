import { Lexer } from 'chevrotain';
import { describe, expect, it } from 'vitest';
import { ConditionParser } from '../../src/parser/grammar.js';
import { LEXER_OPTIONS, allTokens } from '../../src/parser/tokens.js';

// The shipped lexer and parser skip chevrotain's validations to start fast;
// here they run, so a grammar or token mistake fails the build.
describe('grammar validations', () => {
  it('the lexer validates and keeps its first-character optimisation', () => {
    expect(() => new Lexer(allTokens, { ...LEXER_OPTIONS, skipValidations: false })).not.toThrow();
  });
  it('the parser passes self-analysis with validations on', () => {
    expect(() => new ConditionParser(true)).not.toThrow();
  });
});
