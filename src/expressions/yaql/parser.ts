/**
 * Pratt parser for YAQL with the operator table of yaql's YaqlFactory (keyword operator `=>`, no
 * delegates). Binding powers follow the table's groups, highest first:
 * `.`/`?.` > `[]` > unary `+ -` > `=~ !~` > `* / mod` > `+ -` > comparisons/`in` > `not` > `and` >
 * `or` > `->` (right associative).
 */
import { ExpressionSyntaxError } from '../types.js';
import type { CallNode, MappingRuleNode, YaqlNode } from './ast.js';
import { tokenize, type Token } from './lexer.js';

const BINARY_POWER: Readonly<Record<string, number>> = {
  '->': 10, or: 20, and: 30,
  '>': 50, '<': 50, '>=': 50, '<=': 50, '!=': 50, '=': 50, in: 50,
  '+': 60, '-': 60, '*': 70, '/': 70, mod: 70, '=~': 80, '!~': 80,
};
const NOT_OPERAND_POWER = 40;
const UNARY_OPERAND_POWER = 90;
const INDEX_POWER = 100;
const DOT_POWER = 110;

export function parseYaql(source: string): YaqlNode {
  const parser = new Parser(source, tokenize(source));
  const node = parser.parseExpression(0);
  parser.expectEnd();
  return node;
}

class Parser {
  private index = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: readonly Token[],
  ) {}

  parseExpression(minPower: number): YaqlNode {
    let left = this.parsePrefix();
    for (;;) {
      const token = this.peek();
      if (token.type === 'punct' && token.text === '[' && INDEX_POWER > minPower) {
        this.next();
        left = { kind: 'index', target: left, args: this.parsePositionalList(']') };
      } else if (token.type === 'operator' && (token.text === '.' || token.text === '?.') && DOT_POWER > minPower) {
        this.next();
        left = this.parseDotRight(left, token.text === '?.');
      } else if (token.type === 'operator' && (BINARY_POWER[token.text] ?? 0) > minPower) {
        left = this.parseBinary(left, token);
      } else {
        return left;
      }
    }
  }

  expectEnd(): void {
    const token = this.peek();
    if (token.type !== 'eof') this.fail(token);
  }

  private parseBinary(left: YaqlNode, token: Token): YaqlNode {
    this.next();
    const power = BINARY_POWER[token.text] ?? 0;
    // `->` is right associative: its right side may hold another `->`.
    const right = this.parseExpression(token.text === '->' ? power - 1 : power);
    return { kind: 'binary', operator: token.text, left, right };
  }

  private parseDotRight(receiver: YaqlNode, nullSafe: boolean): YaqlNode {
    const token = this.peek();
    if (token.type === 'func') return { kind: 'method', receiver, call: this.parseCall(), nullSafe };
    if (token.type === 'keyword') {
      this.next();
      return { kind: 'attribute', receiver, name: token.text, nullSafe };
    }
    return { kind: 'dotExpression', receiver, expression: this.parseExpression(DOT_POWER), nullSafe };
  }

  private parsePrefix(): YaqlNode {
    const token = this.next();
    switch (token.type) {
      case 'number':
      case 'string':
      case 'constant':
        return { kind: 'constant', value: token.value };
      case 'keyword':
        return { kind: 'keyword', name: token.text };
      case 'dollar':
        return { kind: 'variable', name: token.text };
      case 'func':
        this.index--;
        return this.parseCall();
      case 'operator':
        return this.parsePrefixOperator(token);
      case 'punct':
        return this.parseBracketed(token);
      default:
        return this.fail(token);
    }
  }

  private parsePrefixOperator(token: Token): YaqlNode {
    if (token.text === 'not') return { kind: 'unary', operator: 'not', operand: this.parseExpression(NOT_OPERAND_POWER) };
    if (token.text === '+' || token.text === '-') {
      return { kind: 'unary', operator: token.text, operand: this.parseExpression(UNARY_OPERAND_POWER) };
    }
    return this.fail(token);
  }

  private parseBracketed(token: Token): YaqlNode {
    if (token.text === '(') {
      const inner = this.parseExpression(0);
      this.expectPunct(')');
      return inner;
    }
    if (token.text === '[') return { kind: 'list', items: this.parsePositionalList(']') };
    if (token.text === '{') {
      const { args, rules } = this.parseArguments('}');
      if (args.length > 0) return this.failAt(token.position, '{', 'dict literal entries must be key => value');
      return { kind: 'dict', rules };
    }
    return this.fail(token);
  }

  private parseCall(): CallNode {
    const head = this.next();
    const { args, rules } = this.parseArguments(')');
    return { kind: 'call', name: head.text, args, rules };
  }

  private parsePositionalList(close: string): YaqlNode[] {
    const start = this.peek();
    const { args, rules } = this.parseArguments(close);
    if (rules.length > 0) return this.failAt(start.position, start.text, 'key => value is only allowed in calls and dicts');
    return args;
  }

  /** `args := positional (, positional)* (, key => value)*`; positional after named is an error. */
  private parseArguments(close: string): { args: YaqlNode[]; rules: MappingRuleNode[] } {
    const args: YaqlNode[] = [];
    const rules: MappingRuleNode[] = [];
    if (this.acceptPunct(close)) return { args, rules };
    for (;;) {
      const start = this.peek();
      const value = this.parseExpression(0);
      if (this.peek().type === 'operator' && this.peek().text === '=>') {
        this.next();
        rules.push({ key: value, value: this.parseExpression(0) });
      } else if (rules.length > 0) {
        this.fail(start);
      } else {
        args.push(value);
      }
      if (this.acceptPunct(close)) return { args, rules };
      this.expectPunct(',');
    }
  }

  private acceptPunct(text: string): boolean {
    const token = this.peek();
    if (token.type !== 'punct' || token.text !== text) return false;
    this.index++;
    return true;
  }

  private expectPunct(text: string): void {
    if (!this.acceptPunct(text)) this.fail(this.peek());
  }

  private peek(): Token {
    return this.tokens[this.index] as Token;
  }

  private next(): Token {
    const token = this.tokens[this.index] as Token;
    if (token.type !== 'eof') this.index++;
    return token;
  }

  private fail(token: Token): never {
    if (token.type === 'eof') {
      throw new ExpressionSyntaxError('yaql', this.source, 'Parse error: unexpected end of statement', token.position);
    }
    const text = this.source.slice(token.position, this.tokenEnd(token));
    return this.failAt(token.position, text);
  }

  private failAt(position: number, text: string, reason?: string): never {
    const suffix = reason ? ` (${reason})` : '';
    const detail = `Parse error: unexpected '${text}' at position ${position} of expression '${this.source}'${suffix}`;
    throw new ExpressionSyntaxError('yaql', this.source, detail, position);
  }

  /** yaql reports a token by its value; a `$` variable or function head shows only its first part. */
  private tokenEnd(token: Token): number {
    if (token.type === 'dollar') return token.position + 1 + token.text.length;
    if (token.type === 'punct') return token.position + 1;
    if (token.type === 'func') return token.position + token.text.length;
    const next = this.tokens[this.tokens.indexOf(token) + 1];
    return next ? Math.min(next.position, this.source.length) : this.source.length;
  }
}
