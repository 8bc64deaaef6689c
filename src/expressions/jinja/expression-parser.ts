/**
 * Recursive-descent parser for Jinja expressions, following jinja2/parser.py so precedence and
 * quirks match: `-x|abs` is `abs(-x)`, `not a in b` is `not (a in b)`, tests take one bare
 * argument (`is divisibleby 3`), and `a if b` without `else` yields an undefined value.
 */
import { parseCallArguments, parseFilter, parseTest } from './call-parser.js';
import type { BinaryOperator, CompareOperator, Expr } from './nodes.js';
import { describeToken, TokenStream } from './token-stream.js';
import { pyNumber } from './values.js';

const COMPARE_OPERATORS = new Set(['==', '!=', '<', '<=', '>', '>=']);
const TUPLE_END_TYPES = new Set(['variable_end', 'block_end', 'eof']);
const CONSTANT_NAMES: Record<string, unknown> = {
  true: true, True: true, false: false, False: false, none: null, None: null,
};

export class ExpressionParser {
  constructor(readonly stream: TokenStream) {}

  parseExpression(withCondition = true): Expr {
    return withCondition ? this.parseCondition() : this.parseOr();
  }

  /** A comma-separated list becomes a tuple: `{{ a, b }}`, `for k, v in …`, `(1,)`. */
  parseTuple(options: { simplified?: boolean; withCondition?: boolean; endNames?: string[]; explicitParentheses?: boolean } = {}): Expr {
    const items: Expr[] = [];
    let isTuple = false;
    for (;;) {
      if (items.length > 0) this.stream.expect('operator:,');
      if (this.isTupleEnd(options.endNames)) break;
      items.push(options.simplified ? this.parsePrimary() : this.parseExpression(options.withCondition ?? true));
      if (this.stream.isOperator(',')) isTuple = true;
      else break;
    }
    if (!isTuple) {
      if (items.length > 0) return items[0]!;
      if (!options.explicitParentheses) this.stream.fail(`Expected an expression, got '${describeToken(this.stream.current)}'`);
    }
    return { kind: 'tuple', items };
  }

  private isTupleEnd(endNames: string[] = []): boolean {
    const token = this.stream.current;
    if (TUPLE_END_TYPES.has(token.type) || this.stream.isOperator(')')) return true;
    return endNames.some((name) => this.stream.test(`name:${name}`));
  }

  private parseCondition(): Expr {
    let expr = this.parseOr();
    for (;;) {
      const line = this.stream.lineOf(this.stream.current);
      if (!this.stream.skipIf('name:if')) break;
      const test = this.parseOr();
      const otherwise = this.stream.skipIf('name:else') ? this.parseCondition() : undefined;
      expr = { kind: 'condition', test, then: expr, line, ...(otherwise && { otherwise }) };
    }
    return expr;
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.stream.skipIf('name:or')) left = { kind: 'or', left, right: this.parseAnd() };
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.stream.skipIf('name:and')) left = { kind: 'and', left, right: this.parseNot() };
    return left;
  }

  private parseNot(): Expr {
    if (this.stream.skipIf('name:not')) return { kind: 'unary', operator: 'not', operand: this.parseNot() };
    return this.parseCompare();
  }

  private parseCompare(): Expr {
    const first = this.parseMath1();
    const rest: Array<{ operator: CompareOperator; operand: Expr }> = [];
    for (;;) {
      const token = this.stream.current;
      let operator: CompareOperator;
      if (token.type === 'operator' && COMPARE_OPERATORS.has(token.value as string)) {
        operator = token.value as CompareOperator;
        this.stream.next();
      } else if (this.stream.skipIf('name:in')) {
        operator = 'in';
      } else if (this.stream.test('name:not') && this.stream.test('name:in', this.stream.look())) {
        this.stream.next();
        this.stream.next();
        operator = 'notin';
      } else {
        break;
      }
      rest.push({ operator, operand: this.parseMath1() });
    }
    return rest.length === 0 ? first : { kind: 'compare', first, rest };
  }

  private parseBinary(operators: readonly string[], operand: () => Expr): Expr {
    let left = operand();
    while (this.stream.current.type === 'operator' && operators.includes(this.stream.current.value as string)) {
      const operator = this.stream.next().value as BinaryOperator;
      left = { kind: 'binary', operator, left, right: operand() };
    }
    return left;
  }

  private parseMath1(): Expr {
    return this.parseBinary(['+', '-'], () => this.parseConcat());
  }

  private parseConcat(): Expr {
    return this.parseBinary(['~'], () => this.parseMath2());
  }

  private parseMath2(): Expr {
    return this.parseBinary(['*', '/', '//', '%'], () => this.parsePow());
  }

  private parsePow(): Expr {
    return this.parseBinary(['**'], () => this.parseUnary());
  }

  private parseUnary(withFilter = true): Expr {
    let node: Expr;
    if (this.stream.isOperator('-') || this.stream.isOperator('+')) {
      const operator = this.stream.next().value as '-' | '+';
      node = { kind: 'unary', operator, operand: this.parseUnary(false) };
    } else {
      node = this.parsePrimary();
    }
    node = this.parsePostfix(node);
    return withFilter ? this.parseFilterExpr(node) : node;
  }

  parsePrimary(): Expr {
    const token = this.stream.current;
    if (token.type === 'name') {
      this.stream.next();
      const name = token.value as string;
      return name in CONSTANT_NAMES ? { kind: 'const', value: CONSTANT_NAMES[name] } : { kind: 'name', name };
    }
    if (token.type === 'string') return this.parseStrings();
    if (token.type === 'integer' || token.type === 'float') {
      this.stream.next();
      return { kind: 'const', value: token.type === 'float' ? pyNumber(token.value as number, true) : token.value };
    }
    if (this.stream.skipIf('operator:(')) {
      const node = this.parseTuple({ explicitParentheses: true });
      this.stream.expect('operator:)');
      return node;
    }
    if (this.stream.isOperator('[')) return this.parseList();
    if (this.stream.isOperator('{')) return this.parseDict();
    if (token.type === 'eof') this.stream.fail('unexpected end of template, expected an expression.');
    return this.stream.fail(`unexpected '${describeToken(token)}'`);
  }

  /** Adjacent string literals concatenate, as in Python. */
  private parseStrings(): Expr {
    let value = '';
    while (this.stream.current.type === 'string') value += this.stream.next().value as string;
    return { kind: 'const', value };
  }

  private parseList(): Expr {
    this.stream.expect('operator:[');
    const items: Expr[] = [];
    while (!this.stream.isOperator(']')) {
      if (items.length > 0) this.stream.expect('operator:,');
      if (this.stream.isOperator(']')) break;
      items.push(this.parseExpression());
    }
    this.stream.expect('operator:]');
    return { kind: 'list', items };
  }

  private parseDict(): Expr {
    this.stream.expect('operator:{');
    const entries: Array<[Expr, Expr]> = [];
    while (!this.stream.isOperator('}')) {
      if (entries.length > 0) this.stream.expect('operator:,');
      if (this.stream.isOperator('}')) break;
      const key = this.parseExpression();
      this.stream.expect('operator::');
      entries.push([key, this.parseExpression()]);
    }
    this.stream.expect('operator:}');
    return { kind: 'dict', entries };
  }

  parsePostfix(node: Expr): Expr {
    for (;;) {
      if (this.stream.isOperator('.') || this.stream.isOperator('[')) node = this.parseSubscript(node);
      else if (this.stream.isOperator('(')) node = { kind: 'call', callee: node, args: parseCallArguments(this) };
      else return node;
    }
  }

  private parseFilterExpr(node: Expr): Expr {
    for (;;) {
      if (this.stream.isOperator('|')) node = parseFilter(this, node);
      else if (this.stream.test('name:is')) node = parseTest(this, node);
      else if (this.stream.isOperator('(')) node = { kind: 'call', callee: node, args: parseCallArguments(this) };
      else return node;
    }
  }

  private parseSubscript(target: Expr): Expr {
    if (this.stream.skipIf('operator:.')) {
      const token = this.stream.next();
      if (token.type === 'name') return { kind: 'getattr', target, name: token.value as string };
      if (token.type === 'integer') return { kind: 'getitem', target, key: { kind: 'const', value: token.value } };
      this.stream.fail('expected name or number', token);
    }
    this.stream.expect('operator:[');
    const keys: Expr[] = [];
    while (!this.stream.isOperator(']')) {
      if (keys.length > 0) this.stream.expect('operator:,');
      const key = this.parseSubscribed(target);
      if (key.kind === 'slice' && keys.length === 0 && this.stream.isOperator(']')) {
        this.stream.next();
        return key;
      }
      keys.push(key);
    }
    this.stream.expect('operator:]');
    const key: Expr = keys.length === 1 ? keys[0]! : { kind: 'tuple', items: keys };
    return { kind: 'getitem', target, key };
  }

  /** One subscript: an expression or a slice `start:stop:step` with optional parts. */
  private parseSubscribed(target: Expr): Expr {
    const parts: Array<Expr | undefined> = [];
    if (!this.stream.isOperator(':')) {
      const expr = this.parseExpression();
      if (!this.stream.isOperator(':')) return expr;
      parts.push(expr);
    } else {
      parts.push(undefined);
    }
    this.stream.next();
    parts.push(this.atSliceEnd() ? undefined : this.parseExpression());
    if (this.stream.skipIf('operator::')) parts.push(this.atSliceEnd() ? undefined : this.parseExpression());
    const [start, stop, step] = parts;
    return { kind: 'slice', target, ...(start && { start }), ...(stop && { stop }), ...(step && { step }) };
  }

  private atSliceEnd(): boolean {
    return this.stream.isOperator(']') || this.stream.isOperator(',') || this.stream.isOperator(':');
  }
}

