/**
 * The condition grammar: one reusable chevrotain parser instance.
 *
 * ```text
 * condition  := or EOF
 * or         := and (("||" | "or") and)*
 * and        := unary (("&&" | "&" | ";" | "and") unary)*
 * unary      := ("!" | "not") unary | primary
 * primary    := "(" or ")" | comparison
 * comparison := Bare CompareOp value ("," value)*
 * value      := Bare | QuotedString
 * ```
 *
 * The parser builds a positioned *syntax* tree ({@link RawCondition}); typing
 * fields and literals happens in `./typing.ts`, so that no chevrotain type
 * leaks out of this folder.
 *
 * @module
 */
import { EmbeddedActionsParser, type IToken, type IParserErrorMessageProvider, type TokenType } from 'chevrotain';
import * as T from './tokens.js';

/** A token reduced to what later stages need. */
export interface RawToken {
  readonly image: string;
  readonly start: number;
  readonly end: number;
  readonly tokenType: string;
}

/** Positioned syntax tree of a condition. */
export type RawCondition =
  | { readonly kind: 'and' | 'or'; readonly items: RawCondition[] }
  | { readonly kind: 'not'; readonly item: RawCondition }
  | { readonly kind: 'cmp'; readonly field: RawToken; readonly op: RawToken; readonly values: RawToken[] };

function raw(tok: IToken): RawToken {
  return {
    image: tok.image,
    start: tok.startOffset,
    end: tok.startOffset + tok.image.length,
    tokenType: tok.tokenType.name,
  };
}

function describe(tok: IToken): string {
  return tok.tokenType.name === 'EOF' ? 'the end of the condition' : JSON.stringify(tok.image);
}

function labelOf(t: TokenType): string {
  return t.LABEL ?? t.name;
}

function listExpected(paths: TokenType[][]): string {
  const labels = [...new Set(paths.map((p) => (p[0] ? labelOf(p[0]) : 'the end')))];
  if (labels.length === 1) return labels[0]!;
  return `${labels.slice(0, -1).join(', ')} or ${labels[labels.length - 1]!}`;
}

/** Friendly messages; kept apart from detection (chevrotain's error-message provider). */
export const messageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    return `Expected ${labelOf(expected)} but found ${describe(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `Unexpected ${describe(firstRedundant)}: expected "&&", "||", "," or the end of the condition`;
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual }) {
    const first = actual[0]!;
    return `Expected ${listExpected(expectedPathsPerAlt.flat())} but found ${describe(first)}`;
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual }) {
    const first = actual[0]!;
    return `Expected ${listExpected(expectedIterationPaths)} but found ${describe(first)}`;
  },
};

/** @internal Exported so a test can build it with chevrotain's grammar validations on. */
export class ConditionParser extends EmbeddedActionsParser {
  constructor(validate = false) {
    super(T.allTokens, { recoveryEnabled: false, errorMessageProvider: messageProvider, maxLookahead: 1, skipValidations: !validate });
    this.performSelfAnalysis();
  }

  public condition = this.RULE('condition', (): RawCondition => this.SUBRULE(this.orExpr));

  private orExpr = this.RULE('orExpr', (): RawCondition => {
    const items: RawCondition[] = [this.SUBRULE(this.andExpr)];
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.OrOp) }, { ALT: () => this.CONSUME(T.OrWord) }]);
      items.push(this.SUBRULE2(this.andExpr));
    });
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  });

  private andExpr = this.RULE('andExpr', (): RawCondition => {
    const items: RawCondition[] = [this.SUBRULE(this.unary)];
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.AndOp) }, { ALT: () => this.CONSUME(T.AndWord) }]);
      items.push(this.SUBRULE2(this.unary));
    });
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  });

  private unary = this.RULE('unary', (): RawCondition =>
    this.OR([
      {
        ALT: () => {
          this.OR2([{ ALT: () => this.CONSUME(T.Bang) }, { ALT: () => this.CONSUME(T.NotWord) }]);
          const item = this.SUBRULE(this.unary);
          return { kind: 'not' as const, item };
        },
      },
      { ALT: () => this.SUBRULE(this.primary) },
    ]),
  );

  private primary = this.RULE('primary', (): RawCondition =>
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          const inner = this.SUBRULE(this.orExpr);
          this.CONSUME(T.RParen);
          return inner;
        },
      },
      { ALT: () => this.SUBRULE(this.comparison) },
    ]),
  );

  private comparison = this.RULE('comparison', (): RawCondition => {
    const field = this.CONSUME(T.Bare);
    const op = this.CONSUME(T.CompareOp);
    const values: RawToken[] = [];
    const first = this.SUBRULE(this.value);
    this.ACTION(() => values.push(raw(first)));
    this.MANY(() => {
      this.CONSUME(T.Comma);
      const next = this.SUBRULE2(this.value);
      this.ACTION(() => values.push(raw(next)));
    });
    return this.ACTION(() => ({ kind: 'cmp' as const, field: raw(field), op: raw(op), values }));
  });

  private value = this.RULE('value', (): IToken =>
    this.OR([{ ALT: () => this.CONSUME(T.Bare) }, { ALT: () => this.CONSUME(T.QuotedString) }]),
  );
}

let parser: ConditionParser | undefined;

/**
 * The one parser instance (chevrotain parsers are reusable: set `input`, call
 * the rule), built on first use: its self-analysis costs ~15% of importing the
 * library (docs/performance.md).
 */
export function conditionParser(): ConditionParser {
  return (parser ??= new ConditionParser());
}
