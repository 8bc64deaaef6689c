/** A cursor over lexer tokens with Jinja2's helpers (`skip_if`, `expect`, `name:xyz` tests). */
import { JinjaSyntaxError } from './errors.js';
import type { Token } from './lexer.js';

const DESCRIPTIONS: Record<string, string> = {
  variable_end: 'end of print statement',
  block_end: 'end of statement block',
  eof: 'end of template',
  variable_begin: 'begin of print statement',
  block_begin: 'begin of statement block',
};

export class TokenStream {
  private index = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly source = '',
  ) {}

  /** The 1-based line of a token, for messages that name it. */
  lineOf(token: Token): number {
    let line = 1;
    for (let i = 0; i < token.position && i < this.source.length; i++) if (this.source[i] === '\n') line++;
    return line;
  }

  get current(): Token {
    return this.tokens[this.index]!;
  }

  look(): Token {
    return this.tokens[Math.min(this.index + 1, this.tokens.length - 1)]!;
  }

  next(): Token {
    const token = this.current;
    if (this.index < this.tokens.length - 1) this.index++;
    return token;
  }

  /** `test('name:if')`, `test('operator:|')` or a bare type such as `test('block_end')`. */
  test(expression: string, token: Token = this.current): boolean {
    const colon = expression.indexOf(':');
    if (colon < 0) return token.type === expression;
    return token.type === expression.slice(0, colon) && token.value === expression.slice(colon + 1);
  }

  testAny(expressions: readonly string[]): boolean {
    return expressions.some((expression) => this.test(expression));
  }

  isOperator(symbol: string): boolean {
    return this.current.type === 'operator' && this.current.value === symbol;
  }

  skipIf(expression: string): boolean {
    if (!this.test(expression)) return false;
    this.next();
    return true;
  }

  expect(expression: string): Token {
    if (this.test(expression)) return this.next();
    const expected = describeExpression(expression);
    if (this.current.type === 'eof') {
      this.fail(`unexpected end of template, expected '${expected}'.`);
    }
    this.fail(`expected token '${expected}', got '${describeToken(this.current)}'`);
  }

  fail(message: string, token: Token = this.current): never {
    throw new JinjaSyntaxError(message, token.position);
  }
}

function describeExpression(expression: string): string {
  const colon = expression.indexOf(':');
  if (colon < 0) return DESCRIPTIONS[expression] ?? expression;
  return expression.slice(colon + 1);
}

export function describeToken(token: Token): string {
  if (token.type === 'name' || token.type === 'operator') return String(token.value);
  if (token.type === 'string') return 'string';
  if (token.type === 'integer' || token.type === 'float') return String(token.value);
  return DESCRIPTIONS[token.type] ?? token.type;
}
