import { describe, expect, it } from 'vitest';
import { compileYaql } from '../../../src/expressions/yaql/index.js';
import { ExpressionSyntaxError } from '../../../src/expressions/types.js';
import { yaql } from './helpers.js';

function syntaxError(expression: string): ExpressionSyntaxError {
  try {
    compileYaql(expression);
  } catch (error) {
    if (error instanceof ExpressionSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected a syntax error for ${expression}`);
}

describe('YAQL grammar', () => {
  it('given mixed arithmetic, when evaluated, then * binds tighter than + and unary minus tighter than /', () => {
    expect(yaql('2 + 3 * 4')).toBe(14);
    expect(yaql('(2 + 3) * 4')).toBe(20);
    expect(yaql('-7 / 2')).toBe(-4);
    expect(yaql('10 - 2 - 3')).toBe(5);
  });

  it('given not and in, when combined, then not applies to the whole membership test', () => {
    expect(yaql('not $.x in $.l', { x: 5, l: [1, 2] })).toBe(true);
    expect(yaql('not $.a and $.b', { a: false, b: true })).toBe(true);
  });

  it('given and/or, when mixed, then and binds tighter and operands are returned', () => {
    expect(yaql('$.a or $.b and $.c', { a: 0, b: 1, c: 'x' })).toBe('x');
    expect(yaql('[] and 1')).toEqual([]);
  });

  it('given comparisons and arithmetic, when combined, then arithmetic is evaluated first', () => {
    expect(yaql('1 + 1 = 2')).toBe(true);
    expect(yaql('$.n * 2 > 5 and $.n < 10', { n: 3 })).toBe(true);
  });

  it('given a regex match operator, when used, then it binds tighter than comparison', () => {
    expect(yaql("'abc' =~ 'b.'")).toBe(true);
    expect(yaql("'abc' !~ '^b'")).toBe(true);
  });

  it('given -> chains, when let feeds the right side, then it is right associative', () => {
    expect(yaql('let(a => 1) -> let(b => $a + 1) -> $a + $b')).toBe(3);
  });

  it('given member access and indexers, when chained, then they apply left to right', () => {
    const data = { servers: [{ ips: ['10.0.0.1', '10.0.0.2'] }] };
    expect(yaql('$.servers[0].ips[-1]', data)).toBe('10.0.0.2');
  });

  it('given literals of every kind, when evaluated, then they produce their values', () => {
    expect(yaql("[1, 'a', true, null, 2.5]")).toEqual([1, 'a', true, null, 2.5]);
    expect(yaql('{a => 1, b => [2]}')).toEqual({ a: 1, b: [2] });
    expect(yaql('"double \\"q\\""')).toBe('double "q"');
    expect(yaql('`a\\b`')).toBe('a\\b');
    expect(yaql("'\\d+'")).toBe('\\d+');
    expect(yaql('ubuntu')).toBe('ubuntu');
  });

  it('given $ variables, when unknown, then they are null', () => {
    expect(yaql('$nothing')).toBeNull();
  });

  it('given $$, when compiled, then yaql\'s parse error with its position is raised', () => {
    const error = syntaxError('$.l.where($ > $$.min)');
    expect(error.position).toBe(15);
    expect(error.detail).toBe("Parse error: unexpected '$' at position 15 of expression '$.l.where($ > $$.min)'");
  });

  it('given broken expressions, when compiled, then they fail at compile time with a position', () => {
    expect(syntaxError('$.a +').detail).toContain('unexpected end of statement');
    expect(syntaxError('f(a => 1, 2)').position).toBe(10);
    expect(syntaxError('$.x )').position).toBe(4);
    expect(syntaxError('__private').detail).toContain('Lexical error');
    expect(syntaxError("'unterminated").detail).toContain('Lexical error');
    expect(syntaxError('a => b').position).toBe(2);
  });

  it('given a function name followed by a space, when compiled, then it is not a call', () => {
    expect(() => compileYaql('len ($)')).toThrow(ExpressionSyntaxError);
  });

  it('given comparison chains, when evaluated, then they fail like yaql (no chaining)', () => {
    expect(() => yaql('3 > 2 > 1')).toThrow(/#operator_>/);
  });
});
